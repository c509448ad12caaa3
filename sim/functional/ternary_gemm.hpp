#pragma once
// Bit-accurate ternary GEMM as the ternary array computes it: Y[m x n] = X[m x k] . W[k x n]
// with integer activations X (int8 for act_bits 8) and ternary weights W in {-1, 0, +1}.
//
// Accumulation order and width (what array.acc_bits / array.acc_overflow mean):
//   K is cut into tiles of `rows` weight rows (the array's R; the last tile may be short).
//   For each output (i, j) the accumulator starts at 0; for every K-tile t in order
//     s   = sum_{k in t} X[i][k] * W[k][j]      exact: the adder tree grows by log2(R) bits
//     acc = acc + s                            then, if acc is outside
//           [-2^(acc_bits-1), 2^(acc_bits-1) - 1]: one overflow event, and
//           wrap:     acc := acc reduced modulo 2^acc_bits into that range (two's complement)
//           saturate: acc := the nearest end of that range
//   Y[i][j] is the final acc. Overflow is checked once per output per K-tile, never inside
//   the adder tree, so the result depends on `rows` (a dense mapping; zero skipping packs
//   weights differently in time but is not modelled here).
#include <algorithm>
#include <cstdint>
#include <vector>

namespace ternsim::functional {

enum class AccOverflow { Wrap, Saturate };

struct GemmShape {
  uint64_t m = 0, n = 0, k = 0;
};

struct GemmOutput {
  std::vector<int64_t> y;   // m x n, row-major
  uint64_t overflows = 0;   // accumulator updates that left the acc_bits range
};

// x: m x k row-major; w: k x n row-major, values in {-1, 0, 1}. acc_bits in 2..64.
GemmOutput ternary_gemm(const GemmShape& s, const std::vector<int16_t>& x, const std::vector<int8_t>& w,
                        uint64_t rows, uint32_t acc_bits, AccOverflow mode);

// One accumulator update (acc + s) with the rule above; counts into `overflows`.
int64_t accumulate(int64_t acc, int64_t s, uint32_t acc_bits, AccOverflow mode, uint64_t& overflows);

// The accumulation order above, shared by every array kind's functional model: for each
// output row i and K-tile [k0, k1) of `rows`, tile_sums(i, k0, k1, sum) adds the tile's exact
// per-column sums into `sum` (n entries, zeroed first); each is then accumulated.
template <class TileSums>
GemmOutput accumulate_k_tiles(const GemmShape& s, uint64_t rows, uint32_t acc_bits, AccOverflow mode,
                              TileSums&& tile_sums) {
  GemmOutput out;
  out.y.assign(s.m * s.n, 0);
  std::vector<int64_t> sum(s.n);
  for (uint64_t i = 0; i < s.m; ++i) {
    int64_t* acc = &out.y[i * s.n];
    for (uint64_t k0 = 0; k0 < s.k; k0 += rows) {
      std::fill(sum.begin(), sum.end(), 0);
      const uint64_t k1 = k0 + rows < s.k ? k0 + rows : s.k;
      tile_sums(i, k0, k1, sum);
      for (uint64_t j = 0; j < s.n; ++j) acc[j] = accumulate(acc[j], sum[j], acc_bits, mode, out.overflows);
    }
  }
  return out;
}

}  // namespace ternsim::functional
