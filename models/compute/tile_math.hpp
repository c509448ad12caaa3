#pragma once
// Integer helpers shared by the array models' closed forms, so every array rounds the same way.
#include <algorithm>
#include <cstdint>
#include <string>

#include "sim/stats/event_counts.hpp"

namespace ternsim {

inline constexpr uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

// Smallest d with 2^d >= v (0 for v <= 1): the depth of a v-input adder tree.
inline constexpr uint32_t ceil_log2(uint64_t v) {
  uint32_t d = 0;
  while ((uint64_t(1) << d) < v) ++d;
  return d;
}

// Tiles of a K x N weight run column block by column block: index i = n_block * tk + k_block.
// Counts, among the indices [first, first + count), the tiles of each shape:
//   out[0] full, out[1] ragged along K (k_block = tk - 1), out[2] ragged along N (last column
//   block), out[3] the corner (both). Ragged-K tiles are floor(b/tk) - floor(a/tk); ragged-N are
//   those in the last block; the corner is the last index if it is in range.
inline void column_block_tile_kinds(uint64_t tk, uint64_t tn, uint64_t first, uint64_t count, uint64_t out[4]) {
  const uint64_t a = first, b = first + count;
  const uint64_t ragged_k = b / tk - a / tk;
  const uint64_t last_lo = (tn - 1) * tk;
  const uint64_t ragged_n = b > last_lo ? b - std::max(a, last_lo) : 0;
  const uint64_t corner = (a <= tn * tk - 1 && tn * tk - 1 < b) ? 1 : 0;
  out[3] = corner;
  out[1] = ragged_k - corner;
  out[2] = ragged_n - corner;
  out[0] = count - ragged_k - ragged_n + corner;
}

// The datapath events every weight-streaming MAC array books per run of tiles, in bits (MACs
// and unpacked weights in counts), added under the same names by each array kind.
struct MacArrayEvents {
  double macs = 0, weight_reg_bits = 0, unpacked = 0, weight_buffer_bits = 0, act_buffer_bits = 0, acc_bits = 0;

  void add_to(EventCounts& ev, const std::string& mac, bool unpacks) const {
    ev.add("array.mac." + mac, macs);
    ev.add("array.weight_reg_bit", weight_reg_bits);
    if (unpacks) ev.add("array.unpack.weight", unpacked);
    ev.add("array.acc_bit", acc_bits);
    ev.add("sram.weight_buffer.read_bit", weight_buffer_bits);
    ev.add("sram.act_buffer.read_bit", act_buffer_bits);
  }
};

}  // namespace ternsim
