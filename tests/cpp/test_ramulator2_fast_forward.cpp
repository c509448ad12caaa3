// Ramulator 2's exact shortcuts -- idle fast-forward (third_party/ramulator2/PROVENANCE patches 5
// and 9) and FR-FCFS scans stopped at the first ready request (patch 10) -- against ticking
// every clock (`fast_forward: false`): streams of reads and writes, row conflicts, separated by
// idle gaps shorter and longer than a refresh interval, some ending right at a refresh. Every
// replay's clocks, the final clock and every counter must match. LPDDR5 and HBM3 (per-bank
// refresh, every nREFIpb) skip too since patch 9.
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

// A few hundred random reads and writes in 1 MiB (row conflicts, turnarounds), or every other
// time in 16 KiB (row hits arriving while other requests wait for their rows: a request that can
// be served before the controller's wait record runs out, patch 16).
std::vector<Ramulator2Dram::Burst> bursts(Rng& rng, uint32_t burst_bytes) {
  std::vector<Ramulator2Dram::Burst> out;
  const int n = 100 + int(rng.next() % 400);
  const uint64_t span = rng.next() % 2 ? 1u << 20 : 1u << 14;
  for (int i = 0; i < n; ++i) out.push_back({rng.next() % span / burst_bytes * burst_bytes, rng.next() % 4 == 0});
  return out;
}

// `refresh_interval`: the preset's refresh manager's period (nREFI; HBM3's per-bank one nREFIpb).
// `skips_after_drain`: of the 24 drains, how many at least end with a skip possible (all but where a
// refresh is still under way on some channel).
void expect_same(const std::string& standard, const std::string& preset, const char* refresh_interval,
                 uint64_t skips_after_drain = 24) {
  auto fast = backend(standard, preset, true), ticked = backend(standard, preset, false);
  const uint64_t nrefi = uint64_t(fast->host().timing(refresh_interval));
  Rng rng{11};
  uint64_t skippable = 0;
  for (int phase = 0; phase < 24; ++phase) {
    const auto b = bursts(rng, fast->burst_bytes());
    EXPECT_EQ(fast->replay(b), ticked->replay(b)) << standard << " phase " << phase;
    skippable += fast->host().idle_ticks() > 1 ? 1 : 0;
    // Gaps: short, around a refresh interval, several intervals, to the next multiple of the
    // interval, and to one clock before / right onto the clock where the refresh manager acts next
    // (q quiet ticks once no refresh is under way: HBM3's per-bank refresh drifts off the
    // multiples when a REFpb set has to wait).
    const uint64_t clk = fast->dram_clock(), to_boundary = nrefi - clk % nrefi;
    uint64_t q = 0;
    if (phase % 6 >= 4) {
      for (int i = 0; i < 10000 && fast->host().idle_ticks() <= 1; ++i) {
        fast->idle(1);
        ticked->idle(1);
      }
      q = fast->host().idle_ticks();
    }
    const uint64_t gaps[] = {1 + rng.next() % 50, nrefi - 3 + rng.next() % 7, 3 * nrefi + rng.next() % nrefi,
                             to_boundary, q, q + 1};
    const uint64_t gap = gaps[phase % 6];
    fast->idle(gap);
    ticked->idle(gap);
  }
  EXPECT_EQ(fast->dram_clock(), ticked->dram_clock()) << standard;
  const DramStats a = fast->stats(), t = ticked->stats();
  EXPECT_EQ(a.as_map(), t.as_map()) << standard;
  EXPECT_GT(t.refreshes, 20u) << standard;  // refreshes fell in the gaps and the streams
  EXPECT_GT(t.row_misses, 100u) << standard;
  EXPECT_GE(skippable, skips_after_drain) << standard;  // idle after the drains: the skip was taken
}

}  // namespace

TEST(Ramulator2FastForward, Ddr4IsExact) { expect_same("ddr4", "ddr4_2400_ramulator2.yaml", "nREFI"); }
TEST(Ramulator2FastForward, Ddr5IsExact) { expect_same("ddr5", "ddr5_4800_ramulator2.yaml", "nREFI"); }
TEST(Ramulator2FastForward, Hbm2IsExact) { expect_same("hbm2", "hbm2_u280_ramulator2.yaml", "nREFI"); }
TEST(Ramulator2FastForward, Lpddr5IsExact) { expect_same("lpddr5", "lpddr5_6400_ramulator2.yaml", "nREFI"); }
// A REFpb every nREFIpb = 390 ticks on each pseudo-channel: at the end of a drain one is often still
// queued or waiting for its bank (11 of the 24 drains end skippable; before patch 9, none).
TEST(Ramulator2FastForward, Hbm3PerBankRefreshIsExact) {
  expect_same("hbm3", "hbm3_6400_ramulator2.yaml", "nREFIpb", 8);
}

// While a request is in flight the controller never calls itself idle: on LPDDR5 a read to a
// closed row spends ACT-1 -> ACT-2 in the split-activation buffer with every other buffer empty
// (ternsim_own_state_idle), and on every standard a served read waits for its data in the
// pending queue.
TEST(Ramulator2FastForward, NeverIdleWithARequestInFlight) {
  const std::pair<const char*, const char*> presets[] = {{"ddr4", "ddr4_2400_ramulator2.yaml"},
                                                         {"ddr5", "ddr5_4800_ramulator2.yaml"},
                                                         {"hbm2", "hbm2_u280_ramulator2.yaml"},
                                                         {"lpddr5", "lpddr5_6400_ramulator2.yaml"},
                                                         {"hbm3", "hbm3_6400_ramulator2.yaml"}};
  for (const auto& [standard, preset] : presets) {
    // The host itself, clock by clock (Ramulator2Dram only ticks it to a request's end).
    ConfigNode root = ConfigNode::load_string(ramulator2_section(standard, preset, ""), "t.yaml");
    ConfigNode section = root.child("dram").child("ramulator2");
    r2::Host host(Ramulator2Config(section).config_yaml);
    for (bool write : {false, true}) {
      int outstanding = 1;
      ASSERT_TRUE(host.send(write ? 1u << 16 : 0u, write, [](void* n) { --*static_cast<int*>(n); }, &outstanding))
          << standard;
      int clocks = 0;
      for (; outstanding > 0 && clocks < 1000; ++clocks) {
        EXPECT_EQ(host.idle_ticks(), 0u) << standard << " clock " << clocks << (write ? " write" : " read");
        host.tick();
      }
      EXPECT_EQ(outstanding, 0) << standard;
      EXPECT_GT(clocks, 10) << standard;  // a closed-row access takes tRCD + more
    }
  }
}
