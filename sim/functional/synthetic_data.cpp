#include "sim/functional/synthetic_data.hpp"

#include <algorithm>

namespace ternsim::functional {

uint64_t op_seed(uint64_t seed, const std::string& op_name) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : op_name) h = (h ^ c) * 0x100000001b3ULL;
  return SplitMix64(seed ^ h).next();
}

std::vector<int16_t> gemm_activations(SplitMix64& g, const Op& op) {
  const int64_t hi = (int64_t(1) << (op.act_bits - 1)) - 1;
  std::vector<int16_t> x(op.m * op.k);
  for (auto& v : x) v = static_cast<int16_t>(g.range(-hi, hi));
  return x;
}

std::vector<int8_t> ternary_weights(SplitMix64& g, const Op& op) {
  std::vector<int8_t> w(op.k * op.n);
  const auto& tz = op.tile_zeros;
  const uint64_t per_row = tz.values.empty() ? 0 : (op.n + tz.tile_n - 1) / tz.tile_n;
  for (uint64_t k = 0; k < op.k; ++k)
    for (uint64_t j = 0; j < op.n; ++j) {
      const double z = tz.values.empty() ? op.zero_fraction : tz.values[(k / tz.tile_k) * per_row + j / tz.tile_n];
      const double u = g.uniform();
      w[k * op.n + j] = static_cast<int8_t>(u < z ? 0 : (g.next() & 1 ? 1 : -1));
    }
  return w;
}

std::vector<int16_t> fixed_point_inputs(SplitMix64& g, const Op& op, uint32_t frac_bits) {
  const int64_t hi = std::min<int64_t>(int64_t(8) << frac_bits, (int64_t(1) << (op.bits - 1)) - 1);
  std::vector<int16_t> q(op.m * op.n);
  for (auto& v : q) v = static_cast<int16_t>(g.range(-hi, hi));
  return q;
}

}  // namespace ternsim::functional
