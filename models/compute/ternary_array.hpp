#pragma once
// Ternary accumulator array: R x C adder cells, each holding one 2-bit weight that selects
// +x, -x or nothing. Each cycle one vector of R activations (act_bits each) is broadcast
// along the columns; column c reduces its R selected values through an adder tree into an
// accumulator of acc_bits. A weight tile is R (K) x C (N); M activation rows stream through it.
//
// Cycle model of a run of tiles t0..t(n-1) over M rows (weight registers are double
// buffered, so loading tile i+1 overlaps streaming tile i):
//   T = load(t0) + sum_i max(S + o, load(t(i+1))) + D,   load(t(n)) = 0
//   S = M * ceil(R * act_bits / act_buffer_bits_per_cycle)      activation streaming
//   load(t) = max(ceil(stored_bits(t) / weight_buffer_bits_per_cycle),
//                 ceil(stored_bytes(t) / base3_unpack_bytes_per_cycle))   (base3 only)
//   o = zero_skip_overhead_cycles when zero skipping, else 0
//   D = ceil(log2 R) + 1    adder-tree depth plus the accumulate stage (pipeline drain)
// Weight packing: 2bit = 2 bits/weight; base3 = 5 weights/byte (3^5 = 243 <= 256), paid for
// by an unpacker of limited throughput. Zero skipping stores a 1-bit nonzero bitmap plus a
// sign bit per nonzero and packs the nonzeros of each column densely, so a tile covers
// R / (1 - z) original K rows: fewer tiles when z > 0, at o extra cycles per tile and a
// per-cell activation select. Non-ternary weights (int8, fp16 costed as 16-bit fixed point)
// run bit-serially, one 1-bit weight plane per pass, as in bit-serial accelerators;
// activations wider than act_bits run as act_bits-wide slices, one pass each.
//
// array.impl: tl (default) | rtl. `rtl` times every tile pass as one job of the verilated RTL
// tile (models/rtl/ternary_tile.sv), whose measured behaviour is the closed form
// rtl_tile_cycles(R, C, M) = R + M + ceil(log2 R) + 1 (models/rtl/rtl_tile_timing.hpp): the
// weight load is NOT overlapped with streaming (the RTL has one weight register set), plus one
// cycle per bubble when the buffers cannot feed one weight row / one activation vector per
// cycle. Values, events and energy are unchanged; `ternsim cosim` checks RTL vs this model.
#include "models/compute/array_model.hpp"

namespace ternsim {

class TernaryArray : public ArrayModel {
 public:
  TernaryArray(ConfigNode& node, const ArrayContext& ctx);

  std::string kind() const override { return "ternary"; }
  uint64_t cells() const override { return rows_ * cols_; }
  double peak_macs_per_cycle() const override { return double(rows_ * cols_); }
  void check(const Op& op) const override;
  uint64_t tile_count(const Op& op) const override;
  WeightTile tile(const Op& op, uint64_t index) const override;
  uint64_t same_tile_run(const Op& op, uint64_t first) const override;
  uint64_t compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const override;
  void count_events(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows, EventCounts& ev) const override;
  void hardware_units(EventCounts& units) const override;

  uint64_t rows() const { return rows_; }
  uint64_t cols() const { return cols_; }
  uint32_t acc_bits() const { return acc_bits_; }
  bool acc_saturates() const { return acc_saturate_; }  // array.acc_overflow: saturate (else wrap)
  uint64_t drain_cycles() const;
  uint64_t stream_cycles(uint64_t m_rows) const;
  uint64_t load_cycles(const Op& op, const WeightTile& t) const;
  uint32_t act_bits() const { return act_bits_; }
  bool zero_skip() const { return zero_skip_; }
  bool rtl_impl() const { return rtl_impl_; }  // array.impl: rtl
  // The transaction-level closed form above (double-buffered weights), whatever array.impl is.
  uint64_t tl_compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const;
  // array.impl: rtl — tiles run back to back as un-overlapped RTL jobs (see the header comment).
  uint64_t rtl_compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const;

 private:
  WeightTile make_tile(const Op& op, uint64_t index) const;
  // Tiles of each cached kind in [first, first+count); false when tiles are not uniform
  // (per-tile statistics or zero skipping) and callers must walk them one by one.
  bool tile_kind_counts(const Op& op, uint64_t first, uint64_t count, uint64_t out[4]) const;
  // tile() cache: the four tile kinds of the op asked about last (see tile()).
  // What the four cached dense tiles depend on: by value, not by the op's address, which a
  // caller may reuse for another op (a test's loop variable did).
  struct TileCacheKey {
    uint64_t k = 0, n = 0;
    WeightPrecision weight = WeightPrecision::Ternary;
    double zero_fraction = -1;
    bool operator==(const TileCacheKey& o) const {
      return k == o.k && n == o.n && weight == o.weight && zero_fraction == o.zero_fraction;
    }
  };
  mutable TileCacheKey cache_key_;
  mutable uint64_t cache_tk_ = 0, cache_tn_ = 0;
  mutable WeightTile cache_[4];
  bool skips_zeros(const Op& op) const { return zero_skip_ && op.weight == WeightPrecision::Ternary; }
  // Passes over each tile: weight planes (1 for ternary) x activation slices.
  uint64_t planes(const Op& op) const;
  double density(const Op& op) const;                 // 1 - zero fraction of the whole matrix
  uint64_t tiles_k(const Op& op) const;
  uint64_t tiles_n(const Op& op) const;

  uint64_t rows_, cols_;
  uint32_t act_bits_, acc_bits_;
  bool acc_saturate_ = false;
  bool base3_;
  uint64_t unpack_bytes_per_cycle_;
  bool zero_skip_;
  uint64_t zero_skip_overhead_;
  bool bitserial_;
  bool rtl_impl_ = false;
  ArrayContext ctx_;
};

}  // namespace ternsim
