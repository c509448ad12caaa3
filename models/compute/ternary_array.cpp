#include "models/compute/ternary_array.hpp"

#include <algorithm>
#include <cmath>

#include "models/compute/tile_math.hpp"
#include "models/rtl/rtl_tile_timing.hpp"  // header only: the RTL tile's closed form
#include "sim/config/config_error.hpp"
#include "sim/workload/tile_sparsity.hpp"

namespace ternsim {

TERNSIM_REGISTER_ARRAY("ternary", TernaryArray);

TernaryArray::TernaryArray(ConfigNode& n, const ArrayContext& ctx) : ctx_(ctx) {
  rows_ = n.integer("rows", 1, 1 << 16);
  cols_ = n.integer("cols", 1, 1 << 16);
  if (rows_ * cols_ > (uint64_t(1) << 26)) n.fail("cols", "rows x cols above 2^26 cells is not a buildable array");
  act_bits_ = static_cast<uint32_t>(n.integer("act_bits", 8, 2, 16));
  acc_bits_ = static_cast<uint32_t>(n.integer("acc_bits", 24, 8, 64));
  // What the accumulator does when a tile's adder-tree sum takes it out of range (only the
  // functional mode computes values; timing is the same either way). sim/functional/ternary_gemm.hpp.
  acc_saturate_ = n.choice("acc_overflow", "wrap", {"wrap", "saturate"}) == "saturate";
  base3_ = n.choice("weight_packing", "2bit", {"2bit", "base3"}) == "base3";
  unpack_bytes_per_cycle_ = n.integer("base3_unpack_bytes_per_cycle", 16, 1, 1 << 20);
  zero_skip_ = n.boolean("zero_skip", false);
  zero_skip_overhead_ = n.integer("zero_skip_overhead_cycles", 1, 0, 1 << 20);
  bitserial_ = n.choice("non_ternary", "bitserial", {"bitserial", "reject"}) == "bitserial";
  // Which tile implementation the timing comes from (docs/rtl_tile.md, "Co-simulation").
  rtl_impl_ = n.choice("impl", "tl", {"tl", "rtl"}) == "rtl";
  if (rtl_impl_ && zero_skip_) n.fail("impl", "array.impl=rtl: the RTL tile is dense, it has no zero skipping (set zero_skip: false)");
  if (rtl_impl_ && act_bits_ != 8) n.fail("impl", "array.impl=rtl: the RTL tile takes int8 activations, so act_bits must be 8");
}

void TernaryArray::check(const Op& op) const {
  if (op.weight != WeightPrecision::Ternary && !bitserial_)
    throw MappingError("op '" + op.name + "': " + to_string(op.weight) +
                       " weights on a ternary array with array.non_ternary=reject");
}

uint64_t TernaryArray::planes(const Op& op) const {
  // Activations wider than the datapath are split into act_bits-wide slices (shift-add).
  uint64_t act_slices = ceil_div(op.act_bits, act_bits_);
  return act_slices * (op.weight == WeightPrecision::Ternary ? 1 : weight_bits(op.weight));
}

double TernaryArray::density(const Op& op) const { return matrix_density(op); }

uint64_t TernaryArray::tiles_k(const Op& op) const {
  if (!skips_zeros(op)) return ceil_div(op.k, rows_);
  uint64_t k_eff = static_cast<uint64_t>(std::ceil(op.k * density(op) - 1e-9));
  return std::max<uint64_t>(1, ceil_div(k_eff, rows_));
}

uint64_t TernaryArray::tiles_n(const Op& op) const { return ceil_div(op.n, cols_); }

uint64_t TernaryArray::tile_count(const Op& op) const { return tiles_k(op) * tiles_n(op); }

WeightTile TernaryArray::tile(const Op& op, uint64_t index) const {
  // Dense tiles without per-tile statistics are one of four kinds (full or ragged along K and N), and
  // the simulator asks for every tile of every op several times: cache the four per op.
  if (!op.tile_zeros.values.empty() || skips_zeros(op)) return make_tile(op, index);
  const TileCacheKey key{op.k, op.n, op.weight, op.zero_fraction};
  if (!(cache_key_ == key)) {
    cache_key_ = key;
    cache_tk_ = tiles_k(op);
    cache_tn_ = tiles_n(op);
    for (int kind = 0; kind < 4; ++kind) {
      uint64_t ik = (kind & 1) ? cache_tk_ - 1 : 0, in = (kind & 2) ? cache_tn_ - 1 : 0;
      cache_[kind] = make_tile(op, in * cache_tk_ + ik);
    }
  }
  uint64_t ik = index % cache_tk_, in = index / cache_tk_;
  // A ragged tile is the last along its dimension; the first and last coincide when there is one.
  int kind = (ik + 1 == cache_tk_ ? 1 : 0) | (in + 1 == cache_tn_ ? 2 : 0);
  return cache_[kind];
}

uint64_t TernaryArray::same_tile_run(const Op& op, uint64_t first) const {
  if (!op.tile_zeros.values.empty() || skips_zeros(op)) return 1;
  // Within a column block every tile but the last along K is full (see tile()).
  const uint64_t tk = tiles_k(op), ik = first % tk;
  return ik + 1 < tk ? tk - 1 - ik : 1;
}

bool TernaryArray::tile_kind_counts(const Op& op, uint64_t first, uint64_t count, uint64_t out[4]) const {
  if (!op.tile_zeros.values.empty() || skips_zeros(op)) return false;
  tile(op, first);  // fills the per-op cache
  column_block_tile_kinds(cache_tk_, cache_tn_, first, count, out);
  return true;
}

WeightTile TernaryArray::make_tile(const Op& op, uint64_t index) const {
  uint64_t tk = tiles_k(op);
  uint64_t ik = index % tk, in = index / tk;
  WeightTile t;
  uint64_t n0 = in * cols_;
  t.n_extent = std::min(cols_, op.n - n0);
  if (skips_zeros(op)) {
    // Original K rows spanned by R packed nonzero rows at this matrix's density.
    double d = std::max(density(op), 1e-9);
    uint64_t span = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(rows_ / d - 1e-9)));
    uint64_t k0 = std::min(op.k, ik * span);
    t.k_extent = ik + 1 == tk ? op.k - k0 : std::min(span, op.k - k0);
    t.nonzeros = rect_nonzeros(op, k0, n0, t.k_extent, t.n_extent);
    // 1-bit nonzero bitmap over the span + 1 sign bit per nonzero.
    t.bytes = ceil_div(t.k_extent * t.n_extent + static_cast<uint64_t>(std::ceil(t.nonzeros - 1e-9)), 8);
    return t;
  }
  uint64_t k0 = ik * rows_;
  t.k_extent = std::min(rows_, op.k - k0);
  uint64_t elems = t.k_extent * t.n_extent;
  t.nonzeros = rect_nonzeros(op, k0, n0, t.k_extent, t.n_extent);
  if (op.weight != WeightPrecision::Ternary)
    t.bytes = ceil_div(elems * weight_bits(op.weight), 8);
  else
    t.bytes = base3_ ? ceil_div(elems, 5) : ceil_div(elems * 2, 8);
  return t;
}

uint64_t TernaryArray::drain_cycles() const {
  uint64_t depth = 0;
  while ((uint64_t(1) << depth) < rows_) ++depth;
  return depth + 1;
}

uint64_t TernaryArray::stream_cycles(uint64_t m_rows) const {
  return m_rows * ceil_div(rows_ * act_bits_, ctx_.act_buffer.bits_per_cycle());
}

uint64_t TernaryArray::load_cycles(const Op& op, const WeightTile& t) const {
  if (op.weight != WeightPrecision::Ternary)  // one 1-bit plane per pass
    return sram_transfer_cycles(ctx_.weight_buffer, t.k_extent * t.n_extent);
  uint64_t c = sram_transfer_cycles(ctx_.weight_buffer, t.bytes * 8);
  if (base3_ && !skips_zeros(op)) c = std::max(c, ceil_div(t.bytes, unpack_bytes_per_cycle_));
  return c;
}

uint64_t TernaryArray::compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const {
  return rtl_impl_ ? rtl_compute_cycles(op, first, count, m_rows) : tl_compute_cycles(op, first, count, m_rows);
}

uint64_t TernaryArray::rtl_compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const {
  // One RTL job per tile pass: start, R weight rows, M vectors, drain; the next job starts in
  // the done cycle, so jobs add up. A bubble (ready but no data) costs exactly one cycle: the
  // weight buffer needs load_cycles(t) for what the RTL takes in R, the act buffer
  // stream_cycles(M) for what it takes in M.
  const uint64_t job = rtl::rtl_tile_cycles(static_cast<unsigned>(rows_), static_cast<unsigned>(cols_), m_rows);
  const uint64_t act_bubbles = stream_cycles(m_rows) - m_rows;
  uint64_t total = 0;
  for (uint64_t i = first; i < first + count; ++i) {
    const uint64_t load = load_cycles(op, tile(op, i));
    total += planes(op) * (job + (load > rows_ ? load - rows_ : 0) + act_bubbles);
  }
  return total;
}

uint64_t TernaryArray::tl_compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const {
  if (count == 0) return 0;
  const uint64_t s = stream_cycles(m_rows) + (skips_zeros(op) ? zero_skip_overhead_ : 0);
  const uint64_t p = planes(op);
  uint64_t total = 0;
  uint64_t next_load = load_cycles(op, tile(op, first));
  total += next_load;  // the first load is exposed
  uint64_t all[4], rest[4];
  if (tile_kind_counts(op, first, count, all) && tile_kind_counts(op, first + 1, count - 1, rest)) {
    // Same sum as the loop below, grouped by tile kind: O(1) per run instead of O(tiles).
    for (int k = 0; k < 4; ++k) {
      const uint64_t load = load_cycles(op, cache_[k]);
      total += all[k] * (p - 1) * std::max(s, load) + rest[k] * std::max(s, load);
    }
    return total + s + drain_cycles();  // the last tile streams with nothing left to load
  }
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t load = next_load;
    uint64_t after = i + 1 < count ? load_cycles(op, tile(op, first + i + 1)) : 0;
    // Bit-serial: the tile's p planes follow each other, each loading while the last streams.
    total += (p - 1) * std::max(s, load) + std::max(s, after);
    next_load = after;
  }
  return total + drain_cycles();
}

void TernaryArray::count_events(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows,
                                EventCounts& ev) const {
  const double p = double(planes(op));
  double adds = 0, slots = 0, reg_bits = 0, wbuf_bits = 0, act_bits = 0, acc_bits = 0;
  auto add_tile = [&](const WeightTile& t, double n) {
    double elems = double(t.k_extent * t.n_extent);
    adds += n * m_rows * t.nonzeros * p;
    slots += skips_zeros(op) ? 0.0 : n * m_rows * (elems - t.nonzeros) * p;
    reg_bits += n * (op.weight == WeightPrecision::Ternary ? 2.0 : p) * elems;
    wbuf_bits += n * 8.0 * t.bytes;
    act_bits += n * double(m_rows) * t.k_extent * op.act_bits * p;
    acc_bits += n * double(m_rows) * t.n_extent * acc_bits_ * p;  // read-modify-write per row
  };
  uint64_t kinds[4];
  if (tile_kind_counts(op, first, count, kinds)) {
    for (int k = 0; k < 4; ++k)
      if (kinds[k]) add_tile(cache_[k], double(kinds[k]));
  } else {
    for (uint64_t i = first; i < first + count; ++i) add_tile(tile(op, i), 1.0);
  }
  ev.add("array.add.int" + std::to_string(acc_bits_), adds);
  ev.add("array.zero_slot", slots);
  if (skips_zeros(op)) ev.add("array.zero_skip_select", adds);
  ev.add("array.weight_reg_bit", reg_bits);
  ev.add("array.acc_bit", acc_bits);
  ev.add("sram.weight_buffer.read_bit", wbuf_bits);
  ev.add("sram.act_buffer.read_bit", act_bits);
  if (!rtl_impl_ && count > 0) {
    // Where the cycles beyond streaming went (zero energy; summary.json "bounds"): the drain,
    // and weight loads the streaming did not hide (the first load, and loads longer than S).
    const uint64_t c = tl_compute_cycles(op, first, count, m_rows);
    const uint64_t s = stream_cycles(m_rows) + (skips_zeros(op) ? zero_skip_overhead_ : 0);
    ev.add("cycles.fill_drain", double(drain_cycles()));
    ev.add("cycles.weight_load", double(c - count * planes(op) * s - drain_cycles()));
  }
}

void TernaryArray::hardware_units(EventCounts& u) const {
  const double cells = double(rows_ * cols_);
  u.add("array.ternary_cell.int" + std::to_string(acc_bits_), cells);
  u.add("array.weight_reg_bit", cells * 2 * 2);  // 2-bit weight, double buffered
  u.add("array.acc_reg_bit", double(cols_) * acc_bits_);
  if (zero_skip_) u.add("array.zero_skip_mux", cells);
  if (base3_) u.add("array.base3_unpacker_byte_per_cycle", double(unpack_bytes_per_cycle_));
}

}  // namespace ternsim
