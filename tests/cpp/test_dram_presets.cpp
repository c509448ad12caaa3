// The LPDDR5-6400 and HBM3 presets (arch_configs/dram/lpddr5_6400_x16x8.ini, hbm3_6400_32pc.ini):
// approximations on DRAMsim3's LPDDR4 / HBM2 state machines with their own timing. Expected
// values derived by hand from each preset's header.
#include <gtest/gtest.h>

#include <memory>

#include "models/memory/dramsim3_dram.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

std::unique_ptr<Dramsim3Dram> load(const std::string& standard, const std::string& preset, const std::string& extra) {
  ConfigNode root = ConfigNode::load_string("dram: {kind: ddr4, model: dramsim3, dramsim3: {standard: " + standard +
                                                ", preset: " + source_path("arch_configs/dram/" + preset) + extra + "}}\n",
                                            "t.yaml");
  DramParams p = DramParams::from_config(root.child("dram"));
  return std::unique_ptr<Dramsim3Dram>(dynamic_cast<Dramsim3Dram*>(make_dram(p, 1000).release()));
}

// Clocks of a sequential stream of `busy` refresh-free clocks when every refresh (every trefi
// clocks, all channels at once) stops it for trfc: T = busy + trfc x floor(T / trefi).
uint64_t with_refresh(uint64_t busy, uint64_t trfc, uint64_t trefi) {
  uint64_t t = busy;
  for (int i = 0; i < 100; ++i) t = busy + trfc * ((t) / trefi);
  return t;
}

}  // namespace

TEST(DramPresets, Lpddr5PeakAndSequentialStream) {
  // 8 channels x 32 B per BL16 burst of 8 clocks of 0.3125 ns = 102.4 GB/s = 102.4 B per 1 GHz cycle.
  auto d = load("lpddr5", "lpddr5_6400_x16x8.ini", ", address_mapping: rorabacobgch");
  EXPECT_EQ(d->channels(), 8u);
  EXPECT_EQ(d->burst_bytes(), 32u);
  EXPECT_NEAR(d->bytes_per_cycle(), 102.4, 1e-9);
  // Idle latency tRCD + CL + BL/2 = 60 + 80 + 8 = 148 clocks = 46.25 ns -> 47 cycles at 1 GHz.
  EXPECT_EQ(d->latency_cycles(), 47u);
  // 8 MiB with channels then bank groups interleaved per burst: each channel gets a burst every
  // 8 clocks (tCCD_S = burst time, bank groups rotate so tCCD_L = 16 is never binding):
  // 262 144 bursts / 8 channels x 8 clocks = 262 144 clocks refresh-free. A refresh every
  // tREFI = 12 499 clocks stops all channels for tRFC = 672: T = 276 928 (22 refreshes),
  // 94.7 % of peak. Around each refresh the stream also loses at most: tRAS (136) for the newest
  // row before it may be precharged, tRTP + tRP (16 + 60), and after tRFC the re-activation tRCD
  // (60) and the read latency CL (80) before data flows again: 352 clocks.
  const uint64_t bursts = (8ull << 20) / 32;
  const uint64_t t = with_refresh(bursts / 8 * 8, 672, 12499);
  ASSERT_EQ(t, 276928u);
  d->request(0, bursts * 32, false);
  EXPECT_GE(d->dram_clock(), t);
  EXPECT_LE(d->dram_clock(), t + 23 * 352 + 148) << d->dram_clock();
  EXPECT_NEAR(double(d->stats().refreshes), 8.0 * double(d->dram_clock() / 12499), 8.0);
}

TEST(DramPresets, Hbm3PeakAndSequentialStream) {
  // 32 pseudo-channels x 32 B per BL8 burst of 4 clocks of 0.3125 ns = 819.2 GB/s.
  auto d = load("hbm3", "hbm3_6400_32pc.ini", ", address_mapping: rorabacobgch");
  EXPECT_EQ(d->channels(), 32u);
  EXPECT_EQ(d->burst_bytes(), 32u);
  EXPECT_NEAR(d->bytes_per_cycle(), 819.2, 1e-9);
  // tRCDRD + CL + BL/2 = 23 + 23 + 4 = 50 clocks = 15.625 ns -> 16 cycles.
  EXPECT_EQ(d->latency_cycles(), 16u);
  // 16 MiB: 524 288 bursts / 32 pseudo-channels x 4 clocks = 65 536 clocks refresh-free; a
  // refresh every tREFI = 12 480 stops them for tRFC = 1120: T = 71 136 (5 refreshes), 92.1 % of
  // peak; plus at most tRAS + tRTP + tRP + tRCD + CL = 55 + 10 + 23 + 23 + 23 = 134 per refresh
  // (as for LPDDR5 above).
  const uint64_t bursts = (16ull << 20) / 32;
  const uint64_t t = with_refresh(bursts / 32 * 4, 1120, 12480);
  ASSERT_EQ(t, 71136u);
  d->request(0, bursts * 32, false);
  EXPECT_GE(d->dram_clock(), t);
  EXPECT_LE(d->dram_clock(), t + 6 * 134 + 50) << d->dram_clock();
}

TEST(DramPresets, ApproximationNeedsItsOwnPreset) {
  // lpddr5 on the LPDDR4 preset, and lpddr4 on the LPDDR5 preset: one line each.
  auto fails = [](const std::string& standard, const std::string& preset) {
    ConfigNode root = ConfigNode::load_string("dram: {kind: ddr4, model: dramsim3, dramsim3: {standard: " + standard +
                                                  ", preset: " + source_path("arch_configs/dram/" + preset) + "}}\n",
                                              "t.yaml");
    try {
      DramParams::from_config(root.child("dram"));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  std::string e = fails("lpddr5", "lpddr4_2400_x16.ini");
  EXPECT_NE(e.find("dram.dramsim3.standard: 'lpddr5' but preset "), std::string::npos) << e;
  EXPECT_NE(e.find("lpddr4_2400_x16.ini is not one of its approximations (its [ternsim] standard)"), std::string::npos) << e;
  e = fails("lpddr4", "lpddr5_6400_x16x8.ini");
  EXPECT_NE(e.find("lpddr5_6400_x16x8.ini is an approximation of lpddr5 (its [ternsim] standard)"), std::string::npos) << e;
  e = fails("hbm2", "hbm3_6400_32pc.ini");
  EXPECT_NE(e.find("hbm3_6400_32pc.ini is an approximation of hbm3"), std::string::npos) << e;
}
