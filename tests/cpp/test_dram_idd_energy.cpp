// DRAM energy from IDD currents and command counts (models/memory/dram_idd_energy.hpp), alone and
// as the Ramulator 2 backend books it from its presets' `ternsim.power`. Expected values by hand.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "models/memory/dram_idd_energy.hpp"
#include "ramulator2_host.hpp"
#include "ramulator2_test_backend.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

// DRAMsim3's DDR4-2400 8 Gb x8 currents (arch_configs/dram/ddr4_2400_x64.ini), 8 devices.
IddPower ddr4_power() {
  IddPower p;
  p.vdd = 1.2;
  p.idd0 = 48;
  p.idd2n = 34;
  p.idd3n = 43;
  p.idd4r = 135;
  p.idd4w = 123;
  p.idd5ab = 250;
  p.devices_per_rank = 8;
  return p;
}

// DDR4-2400 8 Gb x8 in clocks (ddr4_2400_x64.ini: tRC 56, tRAS 39, tRP 17, BL8 = 4, tRFC 420; 16 banks).
IddTiming ddr4_timing(double tck_ns) {
  IddTiming t;
  t.nrc = 56;
  t.nras = 39;
  t.nrp = 17;
  t.nbl = 4;
  t.nrfc = 420;
  t.banks_per_rank = 16;
  t.tck_ns = tck_ns;
  return t;
}

void expect_parts(const std::map<std::string, double>& got, double act, double rd, double wr, double ref, double bg,
                  double rel) {
  ASSERT_EQ(got.size(), 5u);
  EXPECT_NEAR(got.at("activate_precharge"), act, rel * act);
  EXPECT_NEAR(got.at("read"), rd, rel * rd + 1e-9);
  EXPECT_NEAR(got.at("write"), wr, rel * wr + 1e-9);
  EXPECT_NEAR(got.at("refresh"), ref, rel * ref + 1e-9);
  EXPECT_NEAR(got.at("background"), bg, rel * bg);
}

}  // namespace

TEST(DramIddEnergy, HandDerivedPartsOnDdr4) {
  // tCK = 1 / 1.2 ns, so VDD x tCK = 1 and each part is mA x clocks x 8 devices:
  //   ACT+PRE  (48 x 56 - (43 x 39 + 34 x 17)) x 8 = 433 x 8   = 3 464 pJ
  //   read     (135 - 43) x 4 x 8                               = 2 944 pJ
  //   write    (123 - 43) x 4 x 8                               = 2 560 pJ
  //   REFab    (250 - 43) x 420 x 8                             = 695 520 pJ; REFpb / 16 = 43 470
  //   standby  43 per active clock, 34 per precharged clock, x 8
  DramCommandTally n;
  n.activates = 10;
  n.reads = 100;
  n.writes = 20;
  n.refreshes_all_bank = 2;
  n.refreshes_per_bank = 3;
  n.rank_clocks = 1000;
  n.active_standby_clocks = 400;
  expect_parts(idd_energy_pj(ddr4_power(), ddr4_timing(1 / 1.2), n), 34640, 294400, 51200, 2 * 695520 + 3 * 43470,
               (43 * 400 + 34 * 600) * 8, 1e-12);
}

TEST(DramIddEnergy, VppRailAddsItsOwnTerms) {
  // Only the VPP rail (VDD 0): VPP 2.5 V, tCK 0.4 ns, 1 device, so V x tCK = 1 again:
  //   ACT+PRE (ipp0 10 x nRC 56 - (ipp3n 4 x nRAS 39 + ipp2n 3 x nRP 17)) = 560 - 207 = 353
  //   read (ipp4r 6 - 4) x nBL 4 = 8; write (ipp4w 5 - 4) x 4 = 4; REFab (ipp5ab 30 - 4) x 420 = 10 920
  //   standby 4 per active clock, 3 per precharged one: 4 x 10 + 3 x 30 = 130
  IddPower p;
  p.vpp = 2.5;
  p.ipp0 = 10;
  p.ipp2n = 3;
  p.ipp3n = 4;
  p.ipp4r = 6;
  p.ipp4w = 5;
  p.ipp5ab = 30;
  DramCommandTally n;
  n.activates = n.reads = n.writes = n.refreshes_all_bank = 1;
  n.rank_clocks = 40;
  n.active_standby_clocks = 10;
  expect_parts(idd_energy_pj(p, ddr4_timing(0.4), n), 353, 8, 4, 10920, 130, 1e-12);
}

TEST(DramIddEnergy, Ramulator2BooksTheDdr4PresetsCurrents) {
  // One x64 DDR4 channel (2 ranks), refresh off, columns lowest: after 100 idle clocks a read of
  // address 0 (ACT, RD) and a write to the same row (WR), then 1 000 idle clocks. Rank 0 has a
  // bank open from the ACT to the end (open page); rank 1 never opens one.
  auto d = load_ramulator2("ddr4", "ddr4_2400_ramulator2.yaml", ", channels: 1, address_mapping: ChRaBaRoCo, refresh: false");
  d->idle(100);
  d->replay({{0, false}, {64, true}});
  d->idle(1000);
  const r2::ChannelCounters c = d->host().counters(0);
  ASSERT_EQ(c.activates, 1u);
  ASSERT_EQ(c.reads_cmd, 1u);
  ASSERT_EQ(c.writes_cmd, 1u);
  ASSERT_EQ(c.ranks, 2u);
  const uint64_t clk = d->dram_clock();
  EXPECT_EQ(c.clocks, clk);
  // The ACT issues in the first tick after the request is queued at clock 100; Ramulator 2's
  // controller counts that tick's clock first, so the ACT is at clock 101.
  EXPECT_EQ(c.active_standby_clocks, clk - 101);
  // Per part, x VDD 1.2 x tCK (0.8333333333 ns, the preset's tck_ns) x 8 devices: the mA x clock
  // figures of HandDerivedPartsOnDdr4 / 8 devices for one ACT, one RD and one WR.
  const double v_t = 1.2 * 0.8333333333 * 8;
  const auto e = d->stats().energy_pj;
  expect_parts(e, 433 * v_t, 92 * 4 * v_t, 80 * 4 * v_t, 0,
               (43.0 * double(clk - 101) + 34.0 * double(2 * clk - (clk - 101))) * v_t, 1e-12);
}

TEST(DramIddEnergy, EveryRamulator2PresetReportsAllParts) {
  // A 256 KiB read stream with refresh on, on each shipped preset: every part booked where the
  // stream has it, the refresh part is the refresh count priced per the preset, and nothing is
  // negative.
  struct Case {
    const char* standard;
    const char* preset;
  };
  for (const Case& k : {Case{"ddr4", "ddr4_2400_ramulator2.yaml"}, Case{"ddr5", "ddr5_4800_ramulator2.yaml"},
                        Case{"lpddr5", "lpddr5_6400_ramulator2.yaml"}, Case{"hbm2", "hbm2_u280_ramulator2.yaml"},
                        Case{"hbm3", "hbm3_6400_ramulator2.yaml"}}) {
    auto d = load_ramulator2(k.standard, k.preset, "");
    d->request(0, 256 << 10, false);
    d->idle(20000);  // past at least one refresh interval on every preset
    const DramStats st = d->stats();
    ASSERT_EQ(st.energy_pj.size(), 5u) << k.standard;
    EXPECT_GT(st.energy_pj.at("activate_precharge"), 0) << k.standard;
    EXPECT_GT(st.energy_pj.at("read"), 0) << k.standard;
    EXPECT_EQ(st.energy_pj.at("write"), 0) << k.standard;
    EXPECT_GT(st.energy_pj.at("refresh"), 0) << k.standard;
    EXPECT_GT(st.energy_pj.at("background"), 0) << k.standard;
    EXPECT_GT(st.refreshes, 0u) << k.standard;
  }
}

TEST(DramIddEnergy, BadPowerInputIsOneLine) {
  const char* p = "ddr4_2400_ramulator2.yaml";
  EXPECT_EQ(dram_config_error_text(ramulator2_section("ddr4", p, ", power: {idd0: many}")),
            "dram.ramulator2.power.idd0: expected a number in [0, 10000], got 'many'");
  EXPECT_EQ(dram_config_error_text(ramulator2_section("ddr4", p, ", power: {idd0: 20000}")),
            "dram.ramulator2.power.idd0: expected a number in [0, 10000], got 20000");
  EXPECT_EQ(dram_config_error_text(ramulator2_section("ddr4", p, ", power: {idd9: 1}")),
            "dram.ramulator2.power.idd9: unknown key (did you mean 'idd0'?)");
  // IDD0 10 mA: 1.2 V x (10 x 56 - (43 x 39 + 34 x 17)) x 8 x 0.8333 ns = -13 560 pJ.
  EXPECT_EQ(dram_config_error_text(ramulator2_section("ddr4", p, ", power: {idd0: 10}")),
            "dram.ramulator2.power: the currents give a negative activate_precharge energy (-13560 pJ): expected "
            "IDD0 x tRC >= IDD3N x tRAS + IDD2N x tRP and IDD4R, IDD4W, IDD5AB >= IDD3N");
  EXPECT_EQ(dram_config_error_text(ramulator2_section("ddr4", p, ", power: {source: ''}")),
            "dram.ramulator2.power.source: empty: expected where the currents come from (a datasheet or simulator "
            "preset, or ASSUMPTION: why)");
  // Overriding one current keeps the preset's others and source.
  ConfigNode root = ConfigNode::load_string(ramulator2_section("ddr4", p, ", power: {idd4r: 150}"), "t.yaml");
  const DramParams params = DramParams::from_config(root.child("dram"));
  const auto& cfg = dynamic_cast<const Ramulator2Config&>(*params.backend);
  ASSERT_TRUE(cfg.has_power);
  EXPECT_EQ(cfg.power.idd4r, 150);
  EXPECT_EQ(cfg.power.idd0, 48);
  EXPECT_EQ(cfg.power.devices_per_rank, 8);
  EXPECT_EQ(cfg.power.source.rfind("DRAMsim3 configs/DDR4_8Gb_x8_2400.ini", 0), 0u) << cfg.power.source;
}
