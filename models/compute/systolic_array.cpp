#include "models/compute/systolic_array.hpp"

#include <algorithm>

#include "models/compute/tile_math.hpp"
#include "sim/config/config_error.hpp"

namespace ternsim {

TERNSIM_REGISTER_ARRAY("systolic", SystolicArray);

SystolicArray::SystolicArray(ConfigNode& n, const ArrayContext& ctx) : ctx_(ctx) {
  rows_ = n.integer("rows", 1, 1 << 16);
  cols_ = n.integer("cols", 1, 1 << 16);
  if (rows_ * cols_ > (uint64_t(1) << 26)) n.fail("cols", "rows x cols above 2^26 PEs is not a buildable array");
  dataflow_ = dataflow_from_string(n.choice("dataflow", "ws", {"ws", "os", "is"}));
  timing_ = n.choice("timing", "pipelined", {"scalesim", "pipelined"}) == "scalesim" ? SystolicTiming::ScaleSim
                                                                                     : SystolicTiming::Pipelined;
  mac_ = n.choice("mac", "int8", {"int8", "fp16", "bf16"});
  mac_bits_ = mac_ == "int8" ? 8 : 16;
  acc_bits_ = static_cast<uint32_t>(n.integer("acc_bits", 32, 8, 64));
  storage_ = WeightStorage::from_config(n, mac_bits_, mac_ != "int8", cols_);
}

void SystolicArray::check(const Op& op) const {
  // Ternary and int8 weights are exact int8 operands; floating-point weights are not.
  if (mac_ == "int8" && (op.weight == WeightPrecision::Fp16 || op.weight == WeightPrecision::Bf16))
    throw MappingError("op '" + op.name + "': " + to_string(op.weight) +
                       " weights on an int8 systolic array (array.mac=int8); set array.mac=fp16 or bf16");
  if (op.act_bits > mac_bits_)
    throw MappingError("op '" + op.name + "': " + std::to_string(op.act_bits) + "-bit activations exceed the " +
                       mac_ + " MAC operands of array.mac=" + mac_);
  storage_.check(op, "systolic");
}

SystolicMapping SystolicArray::mapping(const Op& op, uint64_t m_rows) const {
  return systolic_mapping(m_rows, op.n, op.k, rows_, cols_, dataflow_);
}

uint64_t SystolicArray::m_granularity() const {
  // OS lays M along the rows, IS along the columns: passes of whole row folds keep the
  // number of folds over all passes equal to the whole op's.
  switch (dataflow_) {
    case Dataflow::OS: return rows_;
    case Dataflow::IS: return cols_;
    case Dataflow::WS: break;
  }
  return 1;
}

uint64_t SystolicArray::tile_count(const Op& op) const { return mapping(op, op.m).folds; }

uint64_t SystolicArray::same_tile_run(const Op& op, uint64_t first) const {
  // Folds run down a column of folds first; all but the last fold of a column are full.
  const SystolicMapping m = mapping(op, op.m);
  const uint64_t fr = first % m.folds_row;
  return fr + 1 < m.folds_row ? m.folds_row - 1 - fr : 1;
}

WeightTile SystolicArray::tile(const Op& op, uint64_t index) const {
  const SystolicMapping m = mapping(op, op.m);
  return fold_tile(op, systolic_fold(m, index));
}

WeightTile SystolicArray::fold_tile(const Op& op, const SystolicFold& f) const {
  WeightTile t;
  switch (dataflow_) {
    case Dataflow::WS: t.k_extent = f.rows_used; t.n_extent = f.cols_used; break;  // stationary block
    case Dataflow::OS: t.k_extent = op.k; t.n_extent = f.cols_used; break;         // streamed columns
    case Dataflow::IS: t.k_extent = f.rows_used; t.n_extent = op.n; break;         // streamed rows
  }
  const uint64_t elems = t.k_extent * t.n_extent;
  t.bytes = ceil_div(elems * storage_.bits, 8);
  t.nonzeros = double(elems) * (1.0 - op.zero_fraction);
  return t;
}

uint64_t SystolicArray::folds_in_pass(const SystolicMapping& whole, const SystolicMapping& pass, uint64_t first,
                                      uint64_t count, bool& has_last) const {
  // A pass's folds are the whole op's folds whose M block lies in the pass. Every pass but
  // the last has the same number of M blocks and all chunks are replayed in every pass, so
  // counting the blocks of the first pass's extent gives each pass its exact fold count;
  // the pass's last fold (whose "- 1" SCALE-Sim applies once per run) is the one with the
  // largest column and row index inside that extent.
  uint64_t n = 0;
  has_last = false;
  for (uint64_t i = first; i < first + count; ++i) {
    SystolicFold f = systolic_fold(whole, i);
    if (dataflow_ == Dataflow::OS && f.fold_row < pass.folds_row) {
      ++n;
      has_last |= f.fold_col + 1 == whole.folds_col && f.fold_row + 1 == pass.folds_row;
    } else if (dataflow_ == Dataflow::IS && f.fold_col < pass.folds_col) {
      ++n;
      has_last |= f.fold_col + 1 == pass.folds_col && f.fold_row + 1 == whole.folds_row;
    }
  }
  return n;
}

uint64_t SystolicArray::compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const {
  if (count == 0 || m_rows == 0) return 0;
  return fold_cycles(op, first, count, m_rows) + unpack_stall_cycles(op, first, count, m_rows);
}

uint64_t SystolicArray::unpack_stall_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const {
  if (!storage_.unpacks() || count == 0 || m_rows == 0) return 0;
  const SystolicMapping m = mapping(op, op.m);
  const uint64_t period = dataflow_ == Dataflow::WS ? rows_ : mapping(op, m_rows).T;
  uint64_t stall = 0;
  for (uint64_t i = first; i < first + count; ++i) {
    const SystolicFold f = systolic_fold(m, i);
    const uint64_t u = storage_.unpack_cycles(f.rows_used * f.cols_used);
    if (u > period) stall += u - period;
  }
  return stall;
}

uint64_t SystolicArray::fold_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const {
  // WS folds do not depend on M (it is the streamed dimension): the pass just streams fewer rows.
  if (dataflow_ == Dataflow::WS || m_rows == op.m)
    return systolic_chunk_cycles(mapping(op, m_rows), timing_, first, count);
  const SystolicMapping pass = mapping(op, m_rows);
  bool has_last = false;
  uint64_t n = folds_in_pass(mapping(op, op.m), pass, first, count, has_last);
  if (n == 0) return 0;
  // Chunk cycles depend only on the fold count and on holding the run's last fold.
  return systolic_chunk_cycles(pass, timing_, has_last ? pass.folds - n : 0, n);
}

void SystolicArray::count_events(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows,
                                 EventCounts& ev) const {
  const SystolicMapping m = mapping(op, op.m);
  // Share of each fold's work done in this pass (1 with a single pass; the shares of all
  // passes sum to 1, so whole-op totals are exact).
  const double share = double(m_rows) / double(op.m);
  MacArrayEvents e;
  for (uint64_t i = first; i < first + count; ++i) {
    const SystolicFold f = systolic_fold(m, i);
    const double used = double(f.rows_used) * f.cols_used;
    const WeightTile t = fold_tile(op, f);  // not tile(): that would re-derive the mapping per fold
    e.macs += used * double(m.T) * share;
    e.weight_buffer_bits += 8.0 * t.bytes * share;
    if (storage_.unpacks()) e.unpacked += double(t.k_extent * t.n_extent) * share;
    switch (dataflow_) {
      case Dataflow::WS:  // weights loaded into the PEs; M rows of K streamed; partial sums out per row
        e.weight_reg_bits += used * mac_bits_ * share;
        e.act_buffer_bits += double(m.T) * f.rows_used * op.act_bits * share;
        e.acc_bits += double(m.T) * f.cols_used * acc_bits_ * share;
        break;
      case Dataflow::OS:  // inputs and weights stream; outputs stay and leave once
        e.weight_reg_bits += double(m.T) * f.cols_used * mac_bits_ * share;
        e.act_buffer_bits += double(m.T) * f.rows_used * op.act_bits * share;
        e.acc_bits += used * acc_bits_ * share;
        break;
      case Dataflow::IS:  // inputs loaded into the PEs; N weight columns streamed
        e.weight_reg_bits += double(m.T) * f.rows_used * mac_bits_ * share;
        e.act_buffer_bits += used * op.act_bits * share;
        e.acc_bits += double(m.T) * f.cols_used * acc_bits_ * share;
        break;
    }
  }
  e.add_to(ev, mac_, storage_.unpacks());
  if (count > 0 && m_rows > 0) {
    // Where the cycles beyond streaming T rows per fold went (zero energy; summary.json
    // "bounds"): the unpacker, the last fold's fill/drain (R + C - 2), and the rest, which is
    // stationary loads the streaming did not hide.
    const uint64_t c = compute_cycles(op, first, count, m_rows);
    const uint64_t unpack = unpack_stall_cycles(op, first, count, m_rows);
    const uint64_t body = c - unpack;
    const uint64_t stream = std::min<uint64_t>(body, count * mapping(op, m_rows).T);
    const uint64_t fill = std::min<uint64_t>(body - stream, rows_ + cols_ - 2);
    ev.add("cycles.fill_drain", double(fill));
    ev.add("cycles.weight_load", double(body - stream - fill));
    if (storage_.unpacks()) ev.add("cycles.unpack", double(unpack));
  }
}

void SystolicArray::hardware_units(EventCounts& u) const {
  const double pes = double(rows_ * cols_);
  // The stationary operand register is double buffered when pipelined (shadow copy).
  const double shadow = timing_ == SystolicTiming::Pipelined ? 2.0 : 1.0;
  u.add("array.mac." + mac_, pes);
  // Per PE: a weight register (stationary in WS) and an activation forwarding register.
  u.add("array.weight_reg_bit", pes * mac_bits_ * (dataflow_ == Dataflow::WS ? shadow : 1.0));
  u.add("array.act_reg_bit", pes * mac_bits_ * (dataflow_ == Dataflow::IS ? shadow : 1.0));
  // Per PE: the partial-sum register (the stationary accumulator in OS).
  u.add("array.acc_reg_bit", pes * acc_bits_ * (dataflow_ == Dataflow::OS ? shadow : 1.0));
  if (storage_.unpacks()) u.add("array.unpacker_weight_per_cycle", double(storage_.unpack_per_cycle));
}

bool SystolicArray::fold_stats(const Op& op, uint64_t compute_cycles, FoldStats& out) const {
  // SCALE-Sim's definitions for the whole GEMM (COMPUTE_REPORT.csv "Mapping Efficiency %",
  // "Compute Util %"), as fractions. Pipelined: MACs over peak x the cycles actually spent.
  const SystolicCycles c = systolic_gemm_cycles(op.m, op.n, op.k, rows_, cols_, dataflow_, timing_);
  out.folds = c.folds;
  out.mapping_efficiency = c.mapping_efficiency;
  if (timing_ == SystolicTiming::ScaleSim)
    out.compute_utilization = c.compute_utilization;
  else
    out.compute_utilization = compute_cycles ? double(c.macs) / (peak_macs_per_cycle() * double(compute_cycles)) : 0;
  return true;
}

}  // namespace ternsim
