#pragma once
// Dot-product MAC array (`array.kind: dot`): L = array.cols lanes, each a K = array.rows wide multiplier row feeding an
// adder tree into one accumulator, the GEMV engine of NPUs such as NVDLA's CMAC (one
// "atomic" of K input channels x L output kernels per cycle). Each cycle one K-wide activation
// vector is broadcast to all lanes and lane j forms the dot product with its K weights.
// Weights stream from the weight buffer into a per-lane latch (double buffered, like CMAC's
// weight shadow): no R-cycle stationary shift-in as in a systolic array, so a tile costs the
// larger of its activation stream and its weight delivery.
//
// A weight tile is K (weight rows) x L (weight columns); M activation rows stream through it.
// Cycle model of a run of tiles t0..t(n-1) over M rows:
//   T = sum_i max(S, W(t_i), U(t_i)) + D
//   S = M * ceil(K * a / act_buffer_bits_per_cycle)   activation streaming, a = 8 (16 for fp16/bf16)
//   W(t) = ceil(stored_bits(t) / weight_buffer_bits_per_cycle)       weight delivery
//   U(t) = ceil(k_extent * n_extent / unpack_weights_per_cycle)      only with low-bit storage
//   D = 1 + u + ceil(log2 K) + 1    weight read, unpack stage (u = 1 if unpacking), adder tree,
//                                    accumulate: the pipeline fill/drain of one run of tiles
// stored_bits(t) = k_extent * n_extent * weight_storage bits (array.weight_storage, default the
// MAC width; see weight_storage.hpp). Every weight slot takes one MAC per row, zeros included.
// array.mac: int8 (int8 x int8), int4 / int2 (int4 / int2 weight x int8 activation
// multipliers), fp16 / bf16.
#include "models/compute/array_model.hpp"
#include "models/compute/weight_storage.hpp"

namespace ternsim {

class DotArray : public ArrayModel {
 public:
  DotArray(ConfigNode& node, const ArrayContext& ctx);

  std::string kind() const override { return "dot"; }
  uint64_t cells() const override { return lanes_ * width_; }
  double peak_macs_per_cycle() const override { return double(lanes_ * width_); }
  void check(const Op& op) const override;
  uint64_t tile_count(const Op& op) const override { return tiles_k(op) * tiles_n(op); }
  WeightTile tile(const Op& op, uint64_t index) const override;
  uint64_t same_tile_run(const Op& op, uint64_t first) const override;
  uint64_t compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const override;
  void count_events(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows, EventCounts& ev) const override;
  void hardware_units(EventCounts& units) const override;

  uint64_t lanes() const { return lanes_; }
  uint64_t width() const { return width_; }
  const WeightStorage& storage() const { return storage_; }
  uint64_t fill_drain_cycles() const;                    // D
  uint64_t stream_cycles(uint64_t m_rows) const;         // S
  uint64_t tile_cycles(const WeightTile& t, uint64_t m_rows) const;  // max(S, W, U)

 private:
  uint64_t tiles_k(const Op& op) const { return (op.k + width_ - 1) / width_; }
  uint64_t tiles_n(const Op& op) const { return (op.n + lanes_ - 1) / lanes_; }
  // Tiles of the four kinds (full, ragged in K, ragged in N, both) in [first, first+count).
  void kind_counts(const Op& op, uint64_t first, uint64_t count, uint64_t out[4]) const;
  WeightTile kind_tile(const Op& op, int kind) const;

  uint64_t lanes_, width_;
  std::string mac_;
  uint32_t mac_bits_, acc_bits_;
  bool mac_float_;
  WeightStorage storage_;
  ArrayContext ctx_;
};

}  // namespace ternsim
