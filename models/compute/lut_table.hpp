#pragma once
// The lookup table of a table-lookup ternary engine (T-MAC, Wei et al., arXiv 2407.00088;
// LUT Tensor Core, Mo et al., arXiv 2408.06003): for a group of g activations x_0..x_(g-1),
// entry p holds sum_j w_j(p) * x_j for the ternary weight pattern w(p) that index p encodes,
// so a group's g multiply-adds become one table read.
//
// Index encodings (array.index_encoding):
//   base3: p = sum_j (w_j + 1) * 3^j, 3^g patterns, stored in ceil(log2 3^g) bits per group
//          (g = 5: 8 bits, 1.6 bits per weight);
//   2bit:  p = sum_j c_j * 4^j with 2-bit codes 0 -> 00, +1 -> 01, -1 -> 11 (two's
//          complement; 10 never occurs), 4^g slots, 2g bits per group.
// Mirror symmetry (array.mirror): the entry of -w is minus the entry of w, so only half the
// table is stored and a lookup of the other half reads its mirror and negates it:
//   base3: p and 3^g - 1 - p are mirrors; entries 0..(3^g - 1)/2 are kept ((3^g + 1)/2);
//   2bit:  a pattern whose last weight is -1 (top code 11) is read as its negation, whose top
//          code is 01; entries with the top index bit 0 are kept (4^g / 2).
#include <cstdint>
#include <vector>

namespace ternsim {

enum class LutEncoding { Base3, TwoBit };

struct LutFormat {
  uint32_t g = 4;
  LutEncoding encoding = LutEncoding::Base3;
  bool mirror = true;
  uint64_t patterns() const;        // 3^g or 4^g index values
  uint64_t entries() const;         // stored entries per table
  uint32_t index_bits() const;      // stored bits per group index
  // Index of a group of g ternary weights (w[j], j < g; missing weights of a ragged group are 0).
  uint64_t index(const int8_t* w, uint32_t count, uint64_t stride) const;
  // Stored entry read for `index` and whether it is negated (mirror).
  void resolve(uint64_t index, uint64_t& entry, bool& negate) const;
  // Weight j of the pattern behind stored entry e (-1, 0, +1; -2 for 2bit's unused code 10).
  int weight_of(uint64_t entry, uint32_t j) const;
};

// Builds one group's stored entries from its activations (count <= g; the rest are 0).
std::vector<int64_t> build_lut(const LutFormat& f, const int16_t* x, uint32_t count);

}  // namespace ternsim
