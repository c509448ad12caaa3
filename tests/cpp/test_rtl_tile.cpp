// SPDX-License-Identifier: Apache-2.0
// test_rtl_tile.cpp -- verilated ternary_tile vs. C++ reference and closed form.
//
// SystemC elaborates once per process, so sc_main constructs every
// RtlTernaryTile (one per verilated configuration) plus an SC_THREAD client
// before RUN_ALL_TESTS(); each test then drives the already-elaborated
// simulation with RtlTernaryTile::run(), which advances sc_start() until the
// job is done.
#include <gtest/gtest.h>

#include <systemc>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <iterator>
#include <vector>

#include "rtl_tile_tile_r16c8_a24.hpp"
#include "rtl_tile_tile_r1c2_a8.hpp"
#include "rtl_tile_tile_r4c4_a16.hpp"
#include "rtl_tile_tile_r5c3_a10s.hpp"
#include "rtl_tile_tile_r8c4_a12s.hpp"
#include "rtl_tile_timing.hpp"
#include "rtl_tile_wrapper.hpp"

namespace {

using ternsim::rtl::RtlTernaryTile;
using ternsim::rtl::RtlTileConfig;
using ternsim::rtl::RtlTileResult;
using ternsim::rtl::RtlTileRunOptions;
using ternsim::rtl::rtl_tile_cycles;

using I8 = std::vector<std::int8_t>;

struct TileEntry {
  std::string name;
  std::unique_ptr<RtlTernaryTile> tile;
};

std::vector<TileEntry>& tiles() {
  static std::vector<TileEntry> t;
  return t;
}

// ------------------------------------------------------------- reference
// Sum computed at full width (int64), then the accumulate step is fitted to
// ACC_W bits: two's-complement wrap or saturation, on every step.
std::int64_t fit(std::int64_t v, unsigned w, bool sat, bool* overflow) {
  const std::int64_t maxv = (std::int64_t{1} << (w - 1)) - 1;
  const std::int64_t minv = -maxv - 1;
  if (v >= minv && v <= maxv) return v;
  if (overflow) *overflow = true;
  if (sat) return v > maxv ? maxv : minv;
  const std::uint64_t mask = (std::uint64_t{1} << w) - 1;
  std::uint64_t u = static_cast<std::uint64_t>(v) & mask;
  if ((u >> (w - 1)) & 1u) u |= ~mask;
  return static_cast<std::int64_t>(u);
}

std::vector<std::int64_t> reference(const RtlTileConfig& cfg, const I8& w,
                                    const I8& x, bool* overflow = nullptr) {
  const std::size_t R = cfg.rows, C = cfg.cols, M = x.size() / R;
  std::vector<std::int64_t> acc(C, 0);
  for (std::size_t m = 0; m < M; ++m) {
    for (std::size_t c = 0; c < C; ++c) {
      std::int64_t s = 0;
      for (std::size_t r = 0; r < R; ++r)
        s += std::int64_t{w[r * C + c]} * std::int64_t{x[m * R + r]};
      acc[c] = fit(acc[c] + s, cfg.acc_width, cfg.saturate, overflow);
    }
  }
  return acc;
}

I8 random_weights(std::mt19937& rng, const RtlTileConfig& cfg) {
  std::uniform_int_distribution<int> d(-1, 1);
  I8 w(std::size_t{cfg.rows} * cfg.cols);
  for (auto& v : w) v = static_cast<std::int8_t>(d(rng));
  return w;
}

I8 random_acts(std::mt19937& rng, const RtlTileConfig& cfg, std::size_t m) {
  std::uniform_int_distribution<int> d(-128, 127);
  I8 x(m * cfg.rows);
  for (auto& v : x) v = static_cast<std::int8_t>(d(rng));
  return x;
}

// ------------------------------------------- SC_THREAD client for execute()
struct ThreadClient : sc_core::sc_module {
  RtlTernaryTile* tile = nullptr;
  const I8* w = nullptr;
  const I8* x = nullptr;
  bool request = false;
  RtlTileResult result;
  bool run_inside_threw = false;
  sc_core::sc_time t_begin, t_end;

  explicit ThreadClient(sc_core::sc_module_name n) : sc_core::sc_module(n) {
    SC_HAS_PROCESS(ThreadClient);
    SC_THREAD(main);
    set_stack_size(std::size_t(1) << 20);  // ASan needs more than the 64 KiB default
  }
  void main() {
    for (;;) {
      while (!request) sc_core::wait(1, sc_core::SC_NS);
      t_begin = sc_core::sc_time_stamp();
      result = tile->execute(*w, *x);
      t_end = sc_core::sc_time_stamp();
      try {
        (void)tile->run(*w, *x);  // not allowed from inside the kernel
      } catch (const std::logic_error&) {
        run_inside_threw = true;
      }
      request = false;
      sc_core::sc_pause();
    }
  }
};

ThreadClient* g_client = nullptr;

// --------------------------------------------------------------- tests
class RtlTile : public ::testing::TestWithParam<std::size_t> {
 protected:
  RtlTernaryTile& tile() { return *tiles().at(GetParam()).tile; }
  const RtlTileConfig& cfg() { return tile().config(); }
  void expect_run(const I8& w, const I8& x, const RtlTileRunOptions& opt,
                  const std::string& what) {
    const RtlTileResult r = tile().run(w, x, opt);
    const std::size_t M = x.size() / cfg().rows;
    ASSERT_FALSE(r.timed_out) << what;
    EXPECT_EQ(r.acc, reference(cfg(), w, x)) << what << " M=" << M;
    EXPECT_EQ(r.cycles,
              rtl_tile_cycles(cfg().rows, cfg().cols, M) + r.bubbles)
        << what << " M=" << M;
    if (opt.bubble_percent == 0) {
      EXPECT_EQ(r.bubbles, 0u);
    }
  }
};

TEST_P(RtlTile, RandomTilesMatchReferenceAndClosedForm) {
  std::mt19937 rng(0xC0FFEEu + static_cast<unsigned>(GetParam()));
  std::uniform_int_distribution<std::size_t> dm(1, 40);
  for (int it = 0; it < 25; ++it) {
    const std::size_t M = it < 3 ? static_cast<std::size_t>(it + 1) : dm(rng);
    const I8 w = random_weights(rng, cfg());
    const I8 x = random_acts(rng, cfg(), M);
    expect_run(w, x, {}, "iter " + std::to_string(it));
  }
}

TEST_P(RtlTile, OverflowWrapsOrSaturatesOnEveryStep) {
  const RtlTileConfig& c = cfg();
  // Columns alternate all +1 / all -1 weights; activations are extreme and
  // change sign half-way, so both the positive and negative limits are
  // crossed (saturation then has to recover from the clamp value).
  I8 w(std::size_t{c.rows} * c.cols);
  for (unsigned r = 0; r < c.rows; ++r)
    for (unsigned col = 0; col < c.cols; ++col)
      w[r * c.cols + col] = (col % 2 == 0) ? 1 : -1;
  const std::int64_t per_step = 128 * static_cast<std::int64_t>(c.rows);
  const std::int64_t limit = std::int64_t{1} << (c.acc_width - 1);
  const std::size_t half = static_cast<std::size_t>(limit / per_step) + 3;
  const std::size_t M = 3 * half;
  I8 x(M * c.rows);
  for (std::size_t m = 0; m < M; ++m)
    for (unsigned r = 0; r < c.rows; ++r)
      x[m * c.rows + r] = (m < half) ? std::int8_t{127} : std::int8_t{-128};
  bool overflow = false;
  (void)reference(c, w, x, &overflow);
  ASSERT_TRUE(overflow) << "test vector does not overflow ACC_W";
  expect_run(w, x, {}, "extreme");

  // Random weights with a positive bias and large activations.
  std::mt19937 rng(1234u + static_cast<unsigned>(GetParam()));
  std::uniform_int_distribution<int> dx(60, 127);
  for (auto& v : x) v = static_cast<std::int8_t>(dx(rng));
  I8 wb = random_weights(rng, c);
  for (std::size_t i = 0; i < wb.size(); i += 2) wb[i] = 1;
  overflow = false;
  (void)reference(c, wb, x, &overflow);
  EXPECT_TRUE(overflow);
  expect_run(wb, x, {}, "biased random");
}

TEST_P(RtlTile, EachBubbleAddsExactlyOneCycle) {
  std::mt19937 rng(77u + static_cast<unsigned>(GetParam()));
  for (unsigned it = 0; it < 6; ++it) {
    RtlTileRunOptions opt;
    opt.bubble_percent = 15 * (it % 4);
    opt.bubble_seed = 100 + it;
    const std::size_t M = 5 + 7 * it;
    const I8 w = random_weights(rng, cfg());
    const I8 x = random_acts(rng, cfg(), M);
    expect_run(w, x, opt, "bubbles it=" + std::to_string(it));
  }
}

TEST_P(RtlTile, ReservedWeightCodeActsAsZero) {
  std::mt19937 rng(4242u + static_cast<unsigned>(GetParam()));
  RtlTileRunOptions opt;
  opt.zero_as_reserved_code = true;
  const I8 w = random_weights(rng, cfg());
  const I8 x = random_acts(rng, cfg(), 9);
  expect_run(w, x, opt, "reserved 2'b10");
}

TEST_P(RtlTile, RejectsMalformedJobs) {
  const RtlTileConfig& c = cfg();
  const I8 w(std::size_t{c.rows} * c.cols, 0);
  EXPECT_THROW(tile().run(w, I8{}), std::invalid_argument);
  EXPECT_THROW(tile().run(I8(1 + w.size(), 0), I8(c.rows, 1)),
               std::invalid_argument);
  I8 bad = w;
  bad[0] = 2;
  EXPECT_THROW(tile().run(bad, I8(c.rows, 1)), std::invalid_argument);
}

TEST_P(RtlTile, TimeoutResetsTileAndItStaysUsable) {
  std::mt19937 rng(555u + static_cast<unsigned>(GetParam()));
  const I8 w = random_weights(rng, cfg());
  const I8 x = random_acts(rng, cfg(), 4);
  RtlTileRunOptions opt;
  opt.max_cycles = 3;  // less than R + M + L + 1 for every configuration
  const RtlTileResult r = tile().run(w, x, opt);
  EXPECT_TRUE(r.timed_out);
  expect_run(w, x, {}, "after timeout");
}

// Test names are generated during InitGoogleTest(), before sc_main has built
// the tiles, so they come from this table (same order as in sc_main).
constexpr const char* kTileNames[] = {"r4c4_a16_wrap", "r8c4_a12_sat",
                                      "r16c8_a24_wrap", "r5c3_a10_sat",
                                      "r1c2_a8_wrap"};

std::string param_name(const ::testing::TestParamInfo<std::size_t>& info) {
  return kTileNames[info.param];
}

INSTANTIATE_TEST_SUITE_P(Configs, RtlTile, ::testing::Range<std::size_t>(
                             0, std::size(kTileNames)),
                         param_name);

TEST(RtlTileTiming, ClosedForm) {
  static_assert(rtl_tile_cycles(4, 4, 10) == 4 + 10 + 2 + 1);
  static_assert(rtl_tile_cycles(8, 4, 1) == 8 + 1 + 3 + 1);
  static_assert(rtl_tile_cycles(16, 8, 100) == 16 + 100 + 4 + 1);
  static_assert(rtl_tile_cycles(5, 3, 7) == 5 + 7 + 3 + 1);
  static_assert(rtl_tile_cycles(1, 2, 7) == 1 + 7 + 0 + 1);
  EXPECT_EQ(ternsim::rtl::rtl_tile_pipeline_depth(16), 5u);
}

TEST(RtlTileThread, ExecuteFromScThreadMatchesRun) {
  RtlTernaryTile& t = *tiles().at(0).tile;
  std::mt19937 rng(9u);
  const I8 w = random_weights(rng, t.config());
  const I8 x = random_acts(rng, t.config(), 12);
  g_client->tile = &t;
  g_client->w = &w;
  g_client->x = &x;
  g_client->request = true;
  while (g_client->request) sc_core::sc_start();
  const RtlTileResult& r = g_client->result;
  EXPECT_EQ(r.acc, reference(t.config(), w, x));
  EXPECT_EQ(r.cycles, rtl_tile_cycles(t.config().rows, t.config().cols, 12));
  // execute() also consumes simulated time: at least cycles * period.
  EXPECT_GE(g_client->t_end - g_client->t_begin, t.clock_period() * 
            static_cast<double>(r.cycles));
  EXPECT_TRUE(g_client->run_inside_threw);
  const RtlTileResult r2 = t.run(w, x);
  EXPECT_EQ(r2.acc, r.acc);
  EXPECT_EQ(r2.cycles, r.cycles);
}


}  // namespace

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  using namespace ternsim::rtl;
  const char* vcd = std::getenv("TERNSIM_RTL_VCD");  // e.g. /tmp/tile.vcd
  // Elaborate everything before the first sc_start().
  tiles().push_back({kTileNames[0], make_tile_r4c4_a16("t_r4c4")});
  tiles().push_back({kTileNames[1], make_tile_r8c4_a12s("t_r8c4")});
  tiles().push_back({kTileNames[2], make_tile_r16c8_a24("t_r16c8")});
  tiles().push_back({kTileNames[3], make_tile_r5c3_a10s("t_r5c3")});
  tiles().push_back({kTileNames[4], make_tile_r1c2_a8("t_r1c2")});
  if (vcd != nullptr && !tiles()[0].tile->enable_vcd(vcd))
    std::fprintf(stderr, "note: tiles verilated without TRACE, no VCD\n");
  g_client = new ThreadClient("client");
  const int rc = RUN_ALL_TESTS();
  tiles().clear();
  return rc;
}
