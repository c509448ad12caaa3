#include "sim/functional/lut_gemm.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace ternsim::functional {

GemmOutput lut_gemm(const GemmShape& s, const std::vector<int16_t>& x, const std::vector<int8_t>& w,
                    const LutFormat& fmt, uint64_t rows, uint32_t table_bits, uint32_t acc_bits, AccOverflow mode) {
  if (x.size() != s.m * s.k || w.size() != s.k * s.n) throw std::invalid_argument("lut_gemm: operand sizes do not match the shape");
  if (rows == 0 || rows % fmt.g != 0 || acc_bits < 2 || acc_bits > 64 || table_bits < 2 || table_bits > 64)
    throw std::invalid_argument("lut_gemm: bad rows, table_bits or acc_bits");
  const int64_t hi = table_bits == 64 ? INT64_MAX : (int64_t(1) << (table_bits - 1)) - 1, lo = -hi - 1;
  return accumulate_k_tiles(s, rows, acc_bits, mode, [&](uint64_t i, uint64_t k0, uint64_t k1, std::vector<int64_t>& sum) {
    for (uint64_t g0 = k0; g0 < k1; g0 += fmt.g) {
      const uint32_t cnt = static_cast<uint32_t>(std::min<uint64_t>(fmt.g, k1 - g0));
      const std::vector<int64_t> table = build_lut(fmt, &x[i * s.k + g0], cnt);
      for (uint64_t j = 0; j < s.n; ++j) {
        uint64_t e;
        bool neg;
        fmt.resolve(fmt.index(&w[g0 * s.n + j], cnt, s.n), e, neg);
        const int64_t v = table.at(e);
        if (v < lo || v > hi) throw std::invalid_argument("lut_gemm: a table entry does not fit table_bits");
        sum[j] += neg ? -v : v;
      }
    }
  });
}

}  // namespace ternsim::functional
