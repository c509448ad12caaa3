#pragma once
// Table-lookup ternary engine (`array.kind: lut`), after T-MAC (Wei et al., arXiv 2407.00088)
// and LUT Tensor Core (Mo et al., arXiv 2408.06003): activations are grouped g at a time, a
// table builder precomputes every partial sum a group's ternary weight pattern can select
// (lut_table.hpp), and L = array.cols lanes each read G = array.rows tables per cycle with the packed weight indices,
// summing the G entries in an adder tree into one accumulator per lane.
//
// A weight tile is R = G*g weight rows (K) x L columns (N). Tile order is column block by
// column block (index = n_block * tiles_k + k_block), as on the ternary array.
// Tables: one per (activation row, group), E entries of table_bits each
//   E = lut_table.hpp entries (base3 (3^g+1)/2 with mirror, 3^g without; 2bit 4^g/2 or 4^g).
// Table residency: if the tables of a pass's M rows over the whole K fit the table SRAM,
//   M * ceil(K/g) * E * table_bits <= table_kib * 8192,
// they are built once, by the tiles of the first column block, and reused by every other
// column block (the builder's cost is amortised over N); otherwise each tile builds its own.
//
// Cycle model of a run of tiles t0..t(n-1) over M rows (build, index fetch and lookups of a
// tile overlap; the table SRAM is double buffered):
//   T = sum_i max(Lk, W(t_i), B(t_i)) + D
//   Lk   = M * ceil(L / table_read_ports)          lookups: each table serves `ports` lanes/cycle
//   W(t) = ceil(ceil(k_extent/g) * n_extent * index_bits / weight_buffer_bits_per_cycle)
//   B(t) = M * max(ceil(ceil(k_extent/g) / tables_per_cycle),
//                  ceil(k_extent * act_bits / act_buffer_bits_per_cycle))   if t builds, else 0
//   D    = 1 + 1 + ceil(log2 G) + 1    table write, table read, adder tree, accumulate
// Costs per tile (events): lookups = M * ceil(k_extent/g) * n_extent, each one table read of
// table_bits, one add into the tree/accumulator, and a conditional negate with mirror; a build
// = ceil(k_extent/g) tables x E entries, one add and one table write each, per row.
// Values: sim/functional/lut_gemm.hpp computes them bit-exactly (the same integers as the
// ternary adder array with R rows: table_bits must hold a group sum exactly).
#include "models/compute/array_model.hpp"
#include "models/compute/lut_table.hpp"

namespace ternsim {

class LutArray : public ArrayModel {
 public:
  LutArray(ConfigNode& node, const ArrayContext& ctx);

  std::string kind() const override { return "lut"; }
  uint64_t cells() const override { return lanes_ * groups_; }
  // One lookup replaces g ternary multiply-adds.
  double peak_macs_per_cycle() const override { return double(lanes_ * groups_ * fmt_.g); }
  void check(const Op& op) const override;
  uint64_t tile_count(const Op& op) const override { return tiles_k(op) * tiles_n(op); }
  WeightTile tile(const Op& op, uint64_t index) const override;
  uint64_t same_tile_run(const Op& op, uint64_t first) const override;
  uint64_t compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const override;
  void count_events(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows, EventCounts& ev) const override;
  void hardware_units(EventCounts& units) const override;

  const LutFormat& format() const { return fmt_; }
  uint64_t rows() const { return groups_ * fmt_.g; }  // R: weight rows per tile
  uint64_t lanes() const { return lanes_; }
  uint32_t table_bits() const { return table_bits_; }
  uint32_t acc_bits() const { return acc_bits_; }
  bool acc_saturates() const { return acc_saturate_; }
  bool tables_resident(const Op& op, uint64_t m_rows) const;
  uint64_t fill_drain_cycles() const;  // D
  uint64_t lookup_cycles(uint64_t m_rows) const;
  uint64_t build_cycles(uint64_t k_extent, uint64_t m_rows) const;
  uint64_t index_cycles(const WeightTile& t) const;

 private:
  uint64_t tiles_k(const Op& op) const { return (op.k + rows() - 1) / rows(); }
  uint64_t tiles_n(const Op& op) const { return (op.n + lanes_ - 1) / lanes_; }
  bool builds(const Op& op, uint64_t index, uint64_t m_rows) const;

  LutFormat fmt_;
  uint64_t lanes_, groups_;
  uint32_t act_bits_, table_bits_, acc_bits_;
  bool acc_saturate_ = false;
  uint64_t tables_per_cycle_, ports_;
  double table_kib_;
  ArrayContext ctx_;
};

}  // namespace ternsim
