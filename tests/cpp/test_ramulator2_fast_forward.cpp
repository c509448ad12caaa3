// Ramulator 2's idle fast-forward (third_party/ramulator2/PROVENANCE patch 5) against ticking
// every clock (`fast_forward: false`): streams of reads and writes, row conflicts, separated by
// idle gaps shorter and longer than a refresh interval, some ending right at a refresh. Every
// replay's clocks, the final clock and every counter must match. The controllers it cannot
// reason about (LPDDR5, HBM3) never skip.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "models/memory/ramulator2_dram.hpp"
#include "ramulator2_host.hpp"
#include "ramulator2_test_backend.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

std::unique_ptr<Ramulator2Dram> backend(const std::string& standard, const std::string& preset, bool fast) {
  return load_ramulator2(standard, preset, std::string(", fast_forward: ") + (fast ? "true" : "false"));
}

// A few hundred random reads and writes in 1 MiB (row conflicts, turnarounds).
std::vector<Ramulator2Dram::Burst> bursts(Rng& rng, uint32_t burst_bytes) {
  std::vector<Ramulator2Dram::Burst> out;
  const int n = 100 + int(rng.next() % 400);
  for (int i = 0; i < n; ++i) out.push_back({rng.next() % (1u << 20) / burst_bytes * burst_bytes, rng.next() % 4 == 0});
  return out;
}

void expect_same(const std::string& standard, const std::string& preset, bool skips) {
  auto fast = backend(standard, preset, true), ticked = backend(standard, preset, false);
  const uint64_t nrefi = uint64_t(fast->host().timing("nREFI"));
  Rng rng{11};
  uint64_t skippable = 0;
  for (int phase = 0; phase < 24; ++phase) {
    const auto b = bursts(rng, fast->burst_bytes());
    EXPECT_EQ(fast->replay(b), ticked->replay(b)) << standard << " phase " << phase;
    skippable += fast->host().idle_ticks() > 1 ? 1 : 0;
    // Gaps: short, around a refresh interval, several intervals, and to just before / at the
    // next refresh boundary.
    const uint64_t clk = fast->dram_clock(), to_boundary = nrefi - clk % nrefi;
    const uint64_t gaps[] = {1 + rng.next() % 50, nrefi - 3 + rng.next() % 7, 3 * nrefi + rng.next() % nrefi,
                             to_boundary > 1 ? to_boundary - 1 : 1, to_boundary};
    const uint64_t gap = gaps[phase % 5];
    fast->idle(gap);
    ticked->idle(gap);
  }
  EXPECT_EQ(fast->dram_clock(), ticked->dram_clock()) << standard;
  const DramStats a = fast->stats(), t = ticked->stats();
  EXPECT_EQ(a.as_map(), t.as_map()) << standard;
  EXPECT_GT(t.refreshes, 20u) << standard;  // refreshes fell in the gaps and the streams
  EXPECT_GT(t.row_misses, 100u) << standard;
  if (skips) {
    EXPECT_EQ(skippable, 24u) << standard;  // idle after every drain: the skip was taken
  } else {
    EXPECT_EQ(skippable, 0u) << standard;
  }
}

}  // namespace

TEST(Ramulator2FastForward, Ddr4IsExact) { expect_same("ddr4", "ddr4_2400_ramulator2.yaml", true); }
TEST(Ramulator2FastForward, Ddr5IsExact) { expect_same("ddr5", "ddr5_4800_ramulator2.yaml", true); }
TEST(Ramulator2FastForward, Hbm2IsExact) { expect_same("hbm2", "hbm2_u280_ramulator2.yaml", true); }
TEST(Ramulator2FastForward, Lpddr5NeverSkips) { expect_same("lpddr5", "lpddr5_6400_ramulator2.yaml", false); }
TEST(Ramulator2FastForward, Hbm3NeverSkips) { expect_same("hbm3", "hbm3_6400_ramulator2.yaml", false); }
