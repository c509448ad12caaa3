#include "sim/functional/ternary_gemm.hpp"

#include <algorithm>
#include <stdexcept>

namespace ternsim::functional {

int64_t accumulate(int64_t acc, int64_t s, uint32_t acc_bits, AccOverflow mode, uint64_t& overflows) {
  // 128-bit sum: with acc_bits = 64 the exact value may not fit in int64.
  const __int128 v = static_cast<__int128>(acc) + s;
  const __int128 hi = (static_cast<__int128>(1) << (acc_bits - 1)) - 1;
  const __int128 lo = -hi - 1;
  if (v >= lo && v <= hi) return static_cast<int64_t>(v);
  ++overflows;
  if (mode == AccOverflow::Saturate) return static_cast<int64_t>(v > hi ? hi : lo);
  const __int128 span = static_cast<__int128>(1) << acc_bits;
  __int128 r = (v - lo) % span;  // C++ remainder takes the dividend's sign
  if (r < 0) r += span;
  return static_cast<int64_t>(r + lo);
}

GemmOutput ternary_gemm(const GemmShape& s, const std::vector<int16_t>& x, const std::vector<int8_t>& w,
                        uint64_t rows, uint32_t acc_bits, AccOverflow mode) {
  if (x.size() != s.m * s.k || w.size() != s.k * s.n) throw std::invalid_argument("ternary_gemm: operand sizes do not match the shape");
  if (rows == 0 || acc_bits < 2 || acc_bits > 64) throw std::invalid_argument("ternary_gemm: bad rows or acc_bits");
  // The adder tree's exact sum over each tile's rows, for all columns at once.
  return accumulate_k_tiles(s, rows, acc_bits, mode, [&](uint64_t i, uint64_t k0, uint64_t k1, std::vector<int64_t>& sum) {
    for (uint64_t k = k0; k < k1; ++k) {
      const int64_t xv = x[i * s.k + k];
      if (xv == 0) continue;
      const int8_t* wr = &w[k * s.n];
      for (uint64_t j = 0; j < s.n; ++j) sum[j] += xv * wr[j];
    }
  });
}

}  // namespace ternsim::functional
