#include "models/compute/dot_array.hpp"

#include <algorithm>

#include "models/compute/tile_math.hpp"
#include "sim/config/config_error.hpp"

namespace ternsim {

TERNSIM_REGISTER_ARRAY("dot", DotArray);

DotArray::DotArray(ConfigNode& n, const ArrayContext& ctx) : ctx_(ctx) {
  lanes_ = n.integer("cols", 1, 1 << 16);   // L lanes (N per tile)
  width_ = n.integer("rows", 1, 1 << 16);   // K: adder-tree width (K per tile)
  if (lanes_ * width_ > (uint64_t(1) << 26)) n.fail("cols", "rows x cols above 2^26 MACs is not a buildable array");
  mac_ = n.choice("mac", "int8", {"int8", "int4", "int2", "fp16", "bf16"});
  mac_float_ = mac_ == "fp16" || mac_ == "bf16";
  mac_bits_ = mac_float_ ? 16 : mac_ == "int8" ? 8 : mac_ == "int4" ? 4 : 2;
  acc_bits_ = static_cast<uint32_t>(n.integer("acc_bits", 32, 8, 64));
  // Default unpacker: one lane's K weights per cycle per lane, i.e. a whole tile per cycle.
  storage_ = WeightStorage::from_config(n, mac_bits_, mac_float_, lanes_ * width_);
}

void DotArray::check(const Op& op) const {
  if (!mac_float_ && (op.weight == WeightPrecision::Fp16 || op.weight == WeightPrecision::Bf16))
    throw MappingError("op '" + op.name + "': " + to_string(op.weight) + " weights on an " + mac_ +
                       " dot array (array.mac=" + mac_ + "); set array.mac=fp16 or bf16");
  if (op.weight != WeightPrecision::Ternary && !mac_float_ && weight_bits(op.weight) > mac_bits_)
    throw MappingError("op '" + op.name + "': " + to_string(op.weight) + " weights exceed the " + mac_ +
                       " weight operand of the dot array (array.mac=" + mac_ + ")");
  const uint32_t act_limit = mac_float_ ? 16 : 8;
  if (op.act_bits > act_limit)
    throw MappingError("op '" + op.name + "': " + std::to_string(op.act_bits) + "-bit activations exceed the " +
                       std::to_string(act_limit) + "-bit activation operand of the dot array");
  storage_.check(op, "dot");
}

WeightTile DotArray::tile(const Op& op, uint64_t index) const {
  const uint64_t tk = tiles_k(op), ik = index % tk, in = index / tk;
  WeightTile t;
  t.k_extent = std::min(width_, op.k - ik * width_);
  t.n_extent = std::min(lanes_, op.n - in * lanes_);
  const uint64_t elems = t.k_extent * t.n_extent;
  t.bytes = ceil_div(elems * storage_.bits, 8);
  t.nonzeros = double(elems) * (1.0 - op.zero_fraction);
  return t;
}

WeightTile DotArray::kind_tile(const Op& op, int kind) const {
  const uint64_t tk = tiles_k(op), tn = tiles_n(op);
  const uint64_t ik = (kind & 1) ? tk - 1 : 0, in = (kind & 2) ? tn - 1 : 0;
  return tile(op, in * tk + ik);
}

uint64_t DotArray::same_tile_run(const Op& op, uint64_t first) const {
  const uint64_t tk = tiles_k(op), ik = first % tk;
  return ik + 1 < tk ? tk - 1 - ik : 1;
}

void DotArray::kind_counts(const Op& op, uint64_t first, uint64_t count, uint64_t out[4]) const {
  column_block_tile_kinds(tiles_k(op), tiles_n(op), first, count, out);
}

uint64_t DotArray::fill_drain_cycles() const { return 1 + (storage_.unpacks() ? 1 : 0) + ceil_log2(width_) + 1; }

uint64_t DotArray::stream_cycles(uint64_t m_rows) const {
  return m_rows * ceil_div(width_ * (mac_float_ ? 16 : 8), ctx_.act_buffer.bits_per_cycle());
}

uint64_t DotArray::tile_cycles(const WeightTile& t, uint64_t m_rows) const {
  const uint64_t w = sram_transfer_cycles(ctx_.weight_buffer, t.bytes * 8);
  const uint64_t u = storage_.unpack_cycles(t.k_extent * t.n_extent);
  return std::max({stream_cycles(m_rows), w, u});
}

uint64_t DotArray::compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const {
  if (count == 0) return 0;
  uint64_t kinds[4];
  kind_counts(op, first, count, kinds);
  uint64_t total = fill_drain_cycles();
  for (int k = 0; k < 4; ++k)
    if (kinds[k]) total += kinds[k] * tile_cycles(kind_tile(op, k), m_rows);
  return total;
}

void DotArray::count_events(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows, EventCounts& ev) const {
  uint64_t kinds[4];
  kind_counts(op, first, count, kinds);
  MacArrayEvents e;
  double load_over = 0, unpack_over = 0;
  const uint64_t s = stream_cycles(m_rows);
  for (int k = 0; k < 4; ++k) {
    if (!kinds[k]) continue;
    const WeightTile t = kind_tile(op, k);
    const double n = double(kinds[k]), elems = double(t.k_extent * t.n_extent);
    const uint64_t sw = std::max(s, sram_transfer_cycles(ctx_.weight_buffer, t.bytes * 8));
    load_over += n * double(sw - s);
    unpack_over += n * double(tile_cycles(t, m_rows) - sw);
    e.macs += n * m_rows * elems;
    e.weight_reg_bits += n * elems * mac_bits_;
    if (storage_.unpacks()) e.unpacked += n * elems;
    e.weight_buffer_bits += n * 8.0 * t.bytes;
    e.act_buffer_bits += n * double(m_rows) * t.k_extent * op.act_bits;
    e.acc_bits += n * double(m_rows) * t.n_extent * acc_bits_;
  }
  e.add_to(ev, mac_, storage_.unpacks());
  if (count > 0) {  // cycles beyond streaming (zero energy; summary.json "bounds")
    ev.add("cycles.fill_drain", double(fill_drain_cycles()));
    ev.add("cycles.weight_load", load_over);
    if (storage_.unpacks()) ev.add("cycles.unpack", unpack_over);
  }
}

void DotArray::hardware_units(EventCounts& u) const {
  const double macs = double(lanes_ * width_);
  u.add("array.mac." + mac_, macs);
  u.add("array.weight_reg_bit", macs * mac_bits_ * 2);  // latched weights, double buffered
  u.add("array.acc_reg_bit", double(lanes_) * acc_bits_);
  if (storage_.unpacks()) u.add("array.unpacker_weight_per_cycle", double(storage_.unpack_per_cycle));
}

}  // namespace ternsim
