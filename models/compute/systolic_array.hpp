#pragma once
// Systolic MAC array (NPU baseline): R x C multiply-accumulate PEs, weight-, output- or
// input-stationary, timed fold by fold with the closed forms of systolic_timing.hpp
// (`timing: scalesim` reproduces SCALE-Sim v2 exactly, `pipelined` overlaps the next
// fold's stationary load and fill/drain with the current fold).
//
// A weight tile is one SCALE-Sim fold, in SCALE-Sim's fold order (column fold major):
//   WS: the R x C block of weights the fold holds stationary;
//   OS: the K x cols_used weight columns the fold streams (re-read by every row fold);
//   IS: the rows_used x N weight rows the fold streams (re-read by every column fold).
// So weights that SCALE-Sim re-reads per fold are re-fetched per fold here too; when they
// do not stay on chip that is DRAM traffic, as on a real array without a weight cache.
//
// Weights are stored and moved in the MAC format (int8: 1 byte, fp16/bf16: 2 bytes), so a
// ternary model on an int8 array moves 8 bits per weight, unless `array.weight_storage: int4 |
// int2` packs them (weight_storage.hpp): tiles then move 4 or 2 bits per weight and an unpacker
// of U = unpack_weights_per_cycle weights/cycle (default C, one PE row per cycle) widens them
// before the PEs. A fold whose unpacking outlasts its weight-load period P (R cycles for WS, T
// for OS/IS) exposes the difference:
//   compute += sum over folds of max(0, ceil(rows_used * cols_used / U) - P)
// (0 with the default U on WS; OS/IS passes over part of M use the whole op's folds: ASSUMPTION).
//
// Activation passes (the act buffer cannot hold all M rows): each pass is timed as its own
// SCALE-Sim run over its rows. Passes hold whole row folds (m_granularity = R for OS,
// C for IS), so OS/IS run every fold exactly once over all passes. Exactness against one
// SCALE-Sim run of the whole GEMM therefore needs a single pass (docs/systolic_timing.md).
#include "models/compute/array_model.hpp"
#include "models/compute/systolic_timing.hpp"
#include "models/compute/weight_storage.hpp"

namespace ternsim {

class SystolicArray : public ArrayModel {
 public:
  SystolicArray(ConfigNode& node, const ArrayContext& ctx);

  std::string kind() const override { return "systolic"; }
  uint64_t cells() const override { return rows_ * cols_; }
  double peak_macs_per_cycle() const override { return double(rows_ * cols_); }
  void check(const Op& op) const override;
  uint64_t tile_count(const Op& op) const override;
  WeightTile tile(const Op& op, uint64_t index) const override;
  uint64_t same_tile_run(const Op& op, uint64_t first) const override;
  uint64_t compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const override;
  void count_events(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows, EventCounts& ev) const override;
  void hardware_units(EventCounts& units) const override;
  uint64_t m_granularity() const override;
  bool fold_stats(const Op& op, uint64_t compute_cycles, FoldStats& out) const override;

  uint64_t rows() const { return rows_; }
  uint64_t cols() const { return cols_; }
  Dataflow dataflow() const { return dataflow_; }
  SystolicTiming timing() const { return timing_; }
  uint32_t mac_bits() const { return mac_bits_; }
  const WeightStorage& storage() const { return storage_; }
  // Cycles the unpacker adds to folds [first, first+count) over m_rows rows (see above).
  uint64_t unpack_stall_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const;

 private:
  SystolicMapping mapping(const Op& op, uint64_t m_rows) const;
  uint64_t fold_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const;  // without unpacking
  WeightTile fold_tile(const Op& op, const SystolicFold& f) const;
  // Folds of [first, first+count) (whole-op numbering) that a pass over m_rows < M rows
  // runs, and whether the pass's last fold is among them.
  uint64_t folds_in_pass(const SystolicMapping& whole, const SystolicMapping& pass, uint64_t first,
                         uint64_t count, bool& has_last) const;

  uint64_t rows_, cols_;
  Dataflow dataflow_;
  SystolicTiming timing_;
  std::string mac_;
  uint32_t mac_bits_, acc_bits_;
  WeightStorage storage_;
  ArrayContext ctx_;
};

}  // namespace ternsim
