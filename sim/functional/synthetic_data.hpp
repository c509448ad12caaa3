#pragma once
// Deterministic pseudo-random operands for the functional mode. Each op draws from its own
// stream, seeded by (--seed, op name), so results do not depend on op order or on which
// other ops exist. Generator: SplitMix64 (Steele et al., OOPSLA 2014) — tiny, and the same
// on every platform.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/workload/op.hpp"

namespace ternsim::functional {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  int64_t range(int64_t lo, int64_t hi) { return lo + int64_t(next() % uint64_t(hi - lo + 1)); }  // [lo, hi]

 private:
  uint64_t s_;
};

uint64_t op_seed(uint64_t seed, const std::string& op_name);

// GEMM activations: m x k integers uniform in +-(2^(act_bits-1) - 1) (the absmax range).
std::vector<int16_t> gemm_activations(SplitMix64& g, const Op& op);
// Ternary weights k x n: 0 with the op's zero fraction (the measured tile's when the trace
// has tile_zero_fractions), else +1 or -1 with equal odds.
std::vector<int8_t> ternary_weights(SplitMix64& g, const Op& op);
// Vector-op inputs m x n in the fixed-point format: reals uniform in [-8, 8] (clipped to the
// format's range), i.e. integers within +-min(8 * 2^frac_bits, 2^(bits-1) - 1).
std::vector<int16_t> fixed_point_inputs(SplitMix64& g, const Op& op, uint32_t frac_bits);

}  // namespace ternsim::functional
