#include "sim/functional/vector_fixed_point.hpp"

#include <cmath>
#include <cstdlib>

namespace ternsim::functional {

int64_t rdiv(int64_t a, int64_t b) {
  const int64_t mag = (2 * std::llabs(a) + b) / (2 * b);
  return a < 0 ? -mag : mag;
}

namespace {

uint64_t isqrt(uint64_t v) {
  uint64_t r = static_cast<uint64_t>(std::sqrt(static_cast<double>(v)));
  // The double estimate can be off by one either way for large v.
  while (r > 0 && r * r > v) --r;
  while ((r + 1) * (r + 1) <= v) ++r;
  return r;
}

int16_t saturate(int64_t v, uint32_t bits, uint64_t& overflows) {
  const int64_t hi = (int64_t(1) << (bits - 1)) - 1, lo = -hi - 1;
  if (v > hi || v < lo) {
    ++overflows;
    return static_cast<int16_t>(v > hi ? hi : lo);
  }
  return static_cast<int16_t>(v);
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double to_real(int16_t q, uint32_t frac_bits) {
  return double(float(std::ldexp(double(q), -static_cast<int>(frac_bits))));
}

}  // namespace

FixedOutput absmax_quantize(const std::vector<int16_t>& q, uint64_t m, uint64_t n) {
  FixedOutput out;
  out.y.assign(m * n, 0);
  for (uint64_t i = 0; i < m; ++i) {
    int64_t mx = 0;
    for (uint64_t j = 0; j < n; ++j) mx = std::max<int64_t>(mx, std::llabs(q[i * n + j]));
    if (mx == 0) continue;
    for (uint64_t j = 0; j < n; ++j) out.y[i * n + j] = saturate(rdiv(127 * int64_t(q[i * n + j]), mx), 8, out.overflows);
  }
  // int8 range is [-128, 127] but absmax clips symmetrically to +-127.
  for (auto& v : out.y)
    if (v == -128) v = -127, ++out.overflows;
  return out;
}

FixedOutput rmsnorm_fixed(const std::vector<int16_t>& q, uint64_t m, uint64_t n, uint32_t bits, uint32_t frac_bits) {
  FixedOutput out;
  out.y.assign(m * n, 0);
  for (uint64_t i = 0; i < m; ++i) {
    uint64_t ss = 0;  // n * 2^30 fits for any n below 2^33
    for (uint64_t j = 0; j < n; ++j) ss += uint64_t(int64_t(q[i * n + j]) * q[i * n + j]);
    const int64_t r = static_cast<int64_t>(isqrt(ss / n));
    if (r == 0) continue;
    for (uint64_t j = 0; j < n; ++j)
      out.y[i * n + j] = saturate(rdiv(int64_t(q[i * n + j]) * (int64_t(1) << frac_bits), r), bits, out.overflows);
  }
  return out;
}

std::vector<float> sigmoid_f32(const std::vector<int16_t>& q, uint32_t frac_bits) {
  std::vector<float> y(q.size());
  for (size_t i = 0; i < q.size(); ++i) y[i] = static_cast<float>(sigmoid(to_real(q[i], frac_bits)));
  return y;
}

std::vector<float> silu_f32(const std::vector<int16_t>& q, uint32_t frac_bits) {
  std::vector<float> y(q.size());
  for (size_t i = 0; i < q.size(); ++i) {
    const double x = to_real(q[i], frac_bits);
    y[i] = static_cast<float>(x * sigmoid(x));
  }
  return y;
}

}  // namespace ternsim::functional
