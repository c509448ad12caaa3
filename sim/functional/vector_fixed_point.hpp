#pragma once
// The vector unit's arithmetic in functional mode, bit-exact and reproducible in numpy
// (python/ternsim/functional_ref.py).
//
// Fixed-point format: an op's element is a signed `bits`-bit integer q (op.bits, 16 by
// default, at most 16 here) standing for q * 2^-f, f = vector.frac_bits (0 <= f < bits - 1;
// Q(bits-1-f).f). Results are saturated to [-2^(bits-1), 2^(bits-1) - 1]; each saturated
// element counts as one overflow event.
//
// rdiv(a, b) (b > 0) is integer division rounded half away from zero:
//   sign(a) * floor((2|a| + b) / (2b)).
//
// absmax quantize (per row, to int8): M = max_i |q_i|; y_i = rdiv(127 q_i, M), i.e. x * scale
//   with scale = 127 / max|x| computed exactly, rounded half away from zero, clipped to
//   [-127, 127] (clips count as overflows; none occur with the exact scale); M = 0 -> 0.
// RMSNorm (per row, unit gain, eps = 0): S = sum_i q_i^2 (exact), ms = floor(S / n),
//   r = floor(sqrt(ms)) (the RMS in the same Q format), y_i = sat(rdiv(q_i * 2^f, r));
//   r = 0 -> y = 0.
// sigmoid / silu (float32 out): x = float32(q * 2^-f); evaluated in double and rounded once
//   to float32 (a correctly rounded float32 special-function unit):
//   sigmoid = f32(1 / (1 + exp(-x))), silu = f32(x * (1 / (1 + exp(-x)))).
#include <cstdint>
#include <vector>

namespace ternsim::functional {

int64_t rdiv(int64_t a, int64_t b);

struct FixedOutput {
  std::vector<int16_t> y;  // m x n
  uint64_t overflows = 0;
};

// q: m x n row-major.
FixedOutput absmax_quantize(const std::vector<int16_t>& q, uint64_t m, uint64_t n);
FixedOutput rmsnorm_fixed(const std::vector<int16_t>& q, uint64_t m, uint64_t n, uint32_t bits, uint32_t frac_bits);
std::vector<float> sigmoid_f32(const std::vector<int16_t>& q, uint32_t frac_bits);
std::vector<float> silu_f32(const std::vector<int16_t>& q, uint32_t frac_bits);

}  // namespace ternsim::functional
