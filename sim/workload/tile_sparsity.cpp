#include "sim/workload/tile_sparsity.hpp"

#include <algorithm>

namespace ternsim {

double rect_nonzeros(const Op& op, uint64_t k0, uint64_t n0, uint64_t kk, uint64_t nn) {
  const auto& tz = op.tile_zeros;
  if (tz.values.empty()) return double(kk * nn) * (1.0 - op.zero_fraction);
  const uint64_t k1 = std::min(op.k, k0 + kk), n1 = std::min(op.n, n0 + nn);
  if (k0 >= k1 || n0 >= n1) return 0.0;
  const uint64_t per_row = (op.n + tz.tile_n - 1) / tz.tile_n;
  double sum = 0;
  for (uint64_t ik = k0 / tz.tile_k; ik * tz.tile_k < k1; ++ik) {
    const uint64_t rows = std::min(k1, (ik + 1) * tz.tile_k) - std::max(k0, ik * tz.tile_k);
    for (uint64_t in = n0 / tz.tile_n; in * tz.tile_n < n1; ++in) {
      const uint64_t cols = std::min(n1, (in + 1) * tz.tile_n) - std::max(n0, in * tz.tile_n);
      sum += double(rows * cols) * (1.0 - tz.values[ik * per_row + in]);
    }
  }
  return sum;
}

double matrix_density(const Op& op) {
  if (op.tile_zeros.values.empty()) return 1.0 - op.zero_fraction;
  if (op.k == 0 || op.n == 0) return 1.0;
  return total_nonzeros(op) / (double(op.k) * double(op.n));
}

}  // namespace ternsim
