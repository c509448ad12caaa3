// The table-lookup GEMM computes the same integers as the ternary adder array and as a plain
// dot product, for every table format, on random int8 x ternary tiles with ragged K.
#include <gtest/gtest.h>

#include "sim/functional/lut_gemm.hpp"
#include "sim/functional/synthetic_data.hpp"

using namespace ternsim;
using namespace ternsim::functional;

namespace {
struct Case {
  GemmShape s;
  std::vector<int16_t> x;
  std::vector<int8_t> w;
};

Case random_case(uint64_t seed, uint64_t m, uint64_t n, uint64_t k, double zeros) {
  SplitMix64 g(seed);
  Case c{{m, n, k}, std::vector<int16_t>(m * k), std::vector<int8_t>(k * n)};
  for (auto& v : c.x) v = static_cast<int16_t>(g.range(-128, 127));  // the full int8 range
  for (auto& v : c.w) v = static_cast<int8_t>(g.uniform() < zeros ? 0 : (g.next() & 1 ? 1 : -1));
  return c;
}

std::vector<int64_t> reference(const Case& c) {  // what numpy's x @ w gives
  std::vector<int64_t> y(c.s.m * c.s.n, 0);
  for (uint64_t i = 0; i < c.s.m; ++i)
    for (uint64_t k = 0; k < c.s.k; ++k)
      for (uint64_t j = 0; j < c.s.n; ++j) y[i * c.s.n + j] += int64_t(c.x[i * c.s.k + k]) * c.w[k * c.s.n + j];
  return y;
}
}  // namespace

TEST(LutFunctional, EqualsAdderArrayAndDotProductForEveryFormat) {
  int cases = 0;
  for (uint32_t g = 1; g <= 6; ++g)
    for (LutEncoding enc : {LutEncoding::Base3, LutEncoding::TwoBit})
      for (bool mirror : {false, true}) {
        const LutFormat f{g, enc, mirror};
        const uint64_t rows = 3 * g;  // G = 3 groups per tile
        // K = 7g + 2: a ragged last tile and a ragged last group.
        const Case c = random_case(1000 + g * 4 + (enc == LutEncoding::Base3 ? 0 : 2) + mirror, 5, 9, 7 * g + 2, 0.4);
        const uint32_t table_bits = 8 + (g > 1 ? 32 - __builtin_clz(g - 1) : 0);
        const GemmOutput lut = lut_gemm(c.s, c.x, c.w, f, rows, table_bits, 32, AccOverflow::Wrap);
        const GemmOutput add = ternary_gemm(c.s, c.x, c.w, rows, 32, AccOverflow::Wrap);
        EXPECT_EQ(lut.y, add.y) << "g=" << g << " enc=" << int(enc) << " mirror=" << mirror;
        EXPECT_EQ(lut.y, reference(c)) << "g=" << g;
        EXPECT_EQ(lut.overflows, 0u);
        ++cases;
      }
  EXPECT_EQ(cases, 24);
}

// A narrow accumulator: the tile sums are the same, so wrap / saturate give the same values and
// the same overflow counts as the adder array.
TEST(LutFunctional, OverflowMatchesTheAdderArray) {
  const Case c = random_case(7, 4, 16, 300, 0.1);
  const LutFormat f{5, LutEncoding::Base3, true};
  for (AccOverflow mode : {AccOverflow::Wrap, AccOverflow::Saturate}) {
    const GemmOutput lut = lut_gemm(c.s, c.x, c.w, f, 80, 11, 12, mode);
    const GemmOutput add = ternary_gemm(c.s, c.x, c.w, 80, 12, mode);
    EXPECT_EQ(lut.y, add.y);
    EXPECT_EQ(lut.overflows, add.overflows);
    EXPECT_GT(add.overflows, 0u);
  }
}

// Table sizes and index widths of the header's formulas.
TEST(LutFunctional, FormatSizes) {
  EXPECT_EQ((LutFormat{5, LutEncoding::Base3, true}).entries(), 122u);
  EXPECT_EQ((LutFormat{5, LutEncoding::Base3, false}).entries(), 243u);
  EXPECT_EQ((LutFormat{5, LutEncoding::Base3, true}).index_bits(), 8u);  // 1.6 bits per weight
  EXPECT_EQ((LutFormat{4, LutEncoding::TwoBit, true}).entries(), 128u);
  EXPECT_EQ((LutFormat{4, LutEncoding::TwoBit, false}).index_bits(), 8u);
  // A table entry too narrow for the sums it must hold is an error, not a wrong number.
  const Case c = random_case(3, 1, 4, 8, 0.0);
  EXPECT_THROW(lut_gemm(c.s, c.x, c.w, LutFormat{4, LutEncoding::Base3, true}, 8, 8, 32, AccOverflow::Wrap),
               std::invalid_argument);
}
