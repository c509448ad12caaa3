#include "models/compute/lut_array.hpp"

#include <algorithm>

#include "models/compute/tile_math.hpp"
#include "sim/config/config_error.hpp"

namespace ternsim {

TERNSIM_REGISTER_ARRAY("lut", LutArray);

LutArray::LutArray(ConfigNode& n, const ArrayContext& ctx) : ctx_(ctx) {
  fmt_.g = static_cast<uint32_t>(n.integer("group_size", 4, 1, 8));
  groups_ = n.integer("rows", 1, 1 << 12);  // G: groups summed per lane (K per tile = G*g)
  lanes_ = n.integer("cols", 1, 1 << 16);   // L lanes (N per tile)
  if (lanes_ * groups_ > (uint64_t(1) << 24)) n.fail("cols", "rows x cols above 2^24 lookup cells is not a buildable array");
  fmt_.encoding = n.choice("index_encoding", "base3", {"base3", "2bit"}) == "base3" ? LutEncoding::Base3 : LutEncoding::TwoBit;
  fmt_.mirror = n.boolean("mirror", true);
  act_bits_ = static_cast<uint32_t>(n.integer("act_bits", 8, 2, 16));
  // An entry must hold a group's sum exactly: |sum| <= g * 2^(act_bits-1).
  const uint32_t exact = act_bits_ + ceil_log2(fmt_.g);
  table_bits_ = static_cast<uint32_t>(n.integer("table_bits", exact, 2, 64));
  if (table_bits_ < exact)
    n.fail("table_bits", "a group of " + std::to_string(fmt_.g) + " " + std::to_string(act_bits_) +
                             "-bit activations needs " + std::to_string(exact) + " bits to be exact");
  acc_bits_ = static_cast<uint32_t>(n.integer("acc_bits", 24, 8, 64));
  acc_saturate_ = n.choice("acc_overflow", "wrap", {"wrap", "saturate"}) == "saturate";
  tables_per_cycle_ = n.integer("tables_per_cycle", int64_t(groups_), 1, 1 << 16);
  ports_ = n.integer("table_read_ports", int64_t(lanes_), 1, 1 << 16);
  // Default table SRAM: one tile's tables for one row, double buffered.
  const double one_tile_kib = double(groups_ * fmt_.entries() * table_bits_) / 8192.0;
  table_kib_ = n.real("table_kib", 2 * one_tile_kib, 1e-6, 1 << 20);
}

void LutArray::check(const Op& op) const {
  if (op.weight != WeightPrecision::Ternary)
    throw MappingError("op '" + op.name + "': " + to_string(op.weight) +
                       " weights on a lut array: its tables encode ternary weight patterns only");
  if (op.act_bits > act_bits_)
    throw MappingError("op '" + op.name + "': " + std::to_string(op.act_bits) + "-bit activations exceed the lut array's "
                       "table builder (array.act_bits=" + std::to_string(act_bits_) + ")");
}

WeightTile LutArray::tile(const Op& op, uint64_t index) const {
  const uint64_t tk = tiles_k(op), ik = index % tk, in = index / tk;
  WeightTile t;
  t.k_extent = std::min(rows(), op.k - ik * rows());
  t.n_extent = std::min(lanes_, op.n - in * lanes_);
  t.bytes = ceil_div(ceil_div(t.k_extent, fmt_.g) * t.n_extent * fmt_.index_bits(), 8);
  t.nonzeros = double(t.k_extent * t.n_extent) * (1.0 - op.zero_fraction);
  return t;
}

uint64_t LutArray::same_tile_run(const Op& op, uint64_t first) const {
  // Tiles of the first column block build tables when they are resident: keep them apart.
  const uint64_t tk = tiles_k(op), ik = first % tk;
  return ik + 1 < tk ? tk - 1 - ik : 1;
}

bool LutArray::tables_resident(const Op& op, uint64_t m_rows) const {
  const double bits = double(m_rows) * double(ceil_div(op.k, fmt_.g)) * double(fmt_.entries()) * table_bits_;
  return bits <= table_kib_ * 8192.0;
}

bool LutArray::builds(const Op& op, uint64_t index, uint64_t m_rows) const {
  return !tables_resident(op, m_rows) || index < tiles_k(op);
}

uint64_t LutArray::fill_drain_cycles() const { return 3 + ceil_log2(groups_); }

uint64_t LutArray::lookup_cycles(uint64_t m_rows) const { return m_rows * ceil_div(lanes_, ports_); }

uint64_t LutArray::build_cycles(uint64_t k_extent, uint64_t m_rows) const {
  return m_rows * std::max(ceil_div(ceil_div(k_extent, fmt_.g), tables_per_cycle_),
                           ceil_div(k_extent * act_bits_, ctx_.act_buffer.bits_per_cycle()));
}

uint64_t LutArray::index_cycles(const WeightTile& t) const { return sram_transfer_cycles(ctx_.weight_buffer, t.bytes * 8); }

uint64_t LutArray::compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const {
  if (count == 0) return 0;
  const uint64_t lk = lookup_cycles(m_rows), tk = tiles_k(op);
  uint64_t total = fill_drain_cycles();
  // Tiles within a column block differ only in the last (ragged) one, and blocks only in the
  // last (ragged) block's width: walk column blocks, not tiles.
  uint64_t i = first;
  const uint64_t end = first + count;
  while (i < end) {
    const uint64_t block_end = std::min(end, (i / tk + 1) * tk);
    const uint64_t run = std::min(block_end, (i / tk) * tk + tk - 1) - i;  // full tiles before the ragged one
    if (run > 0) {
      const WeightTile t = tile(op, i);
      const uint64_t b = builds(op, i, m_rows) ? build_cycles(t.k_extent, m_rows) : 0;
      total += run * std::max({lk, index_cycles(t), b});
      i += run;
    }
    if (i < block_end) {
      const WeightTile t = tile(op, i);
      const uint64_t b = builds(op, i, m_rows) ? build_cycles(t.k_extent, m_rows) : 0;
      total += std::max({lk, index_cycles(t), b});
      ++i;
    }
  }
  return total;
}

void LutArray::count_events(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows, EventCounts& ev) const {
  const uint64_t tk = tiles_k(op);
  double lookups = 0, built = 0, wbuf = 0, act = 0, acc = 0, load_over = 0, build_over = 0;
  const uint64_t lk = lookup_cycles(m_rows);
  auto add = [&](uint64_t index, double n) {
    const WeightTile t = tile(op, index);
    const double groups = double(ceil_div(t.k_extent, fmt_.g));
    const uint64_t lw = std::max(lk, index_cycles(t));
    const uint64_t b = builds(op, index, m_rows) ? build_cycles(t.k_extent, m_rows) : 0;
    load_over += n * double(lw - lk);
    build_over += n * double(std::max(lw, b) - lw);
    lookups += n * m_rows * groups * t.n_extent;
    if (builds(op, index, m_rows)) {
      built += n * m_rows * groups;
      act += n * double(m_rows) * t.k_extent * op.act_bits;
    }
    wbuf += n * 8.0 * t.bytes;
    acc += n * double(m_rows) * t.n_extent * acc_bits_;
  };
  uint64_t i = first;
  const uint64_t end = first + count;
  while (i < end) {
    const uint64_t block_end = std::min(end, (i / tk + 1) * tk);
    const uint64_t run = std::min(block_end, (i / tk) * tk + tk - 1) - i;
    if (run > 0) {
      add(i, double(run));
      i += run;
    }
    if (i < block_end) add(i++, 1.0);
  }
  const double entries = double(fmt_.entries());
  ev.add("array.lut.lookup.int" + std::to_string(table_bits_), lookups);
  ev.add("array.add.int" + std::to_string(acc_bits_), lookups);
  if (fmt_.mirror) ev.add("array.lut.negate.int" + std::to_string(table_bits_), lookups);
  ev.add("array.lut.build_add.int" + std::to_string(table_bits_), built * entries);
  ev.add("array.lut.table_write_bit", built * entries * table_bits_);
  ev.add("array.acc_bit", acc);
  ev.add("sram.weight_buffer.read_bit", wbuf);
  ev.add("sram.act_buffer.read_bit", act);
  if (count > 0) {  // cycles beyond the lookups (zero energy; summary.json "bounds")
    ev.add("cycles.fill_drain", double(fill_drain_cycles()));
    ev.add("cycles.weight_load", load_over);
    ev.add("cycles.table_build", build_over);
  }
}

void LutArray::hardware_units(EventCounts& u) const {
  // A lookup cell: an E-to-1 select of table_bits plus its share of the adder tree (one adder
  // at the accumulator width, as a ternary cell has).
  u.add("array.lut_cell.int" + std::to_string(acc_bits_), double(lanes_ * groups_));
  u.add("array.lut.table_bit", table_kib_ * 8192.0);
  u.add("array.lut.builder_add.int" + std::to_string(table_bits_), double(tables_per_cycle_ * fmt_.entries()));
  u.add("array.weight_reg_bit", double(lanes_ * groups_) * fmt_.index_bits() * 2);  // index latch, double buffered
  u.add("array.acc_reg_bit", double(lanes_) * acc_bits_);
}

}  // namespace ternsim
