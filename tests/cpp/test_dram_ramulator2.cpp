// dram.model: ramulator2 (models/memory/ramulator2_dram.cpp, third_party/ramulator2) on its
// LPDDR5-6400, HBM3-6400, DDR4-2400 and U280 HBM2 presets. Expected values derived by hand from
// each preset's timing (arch_configs/dram/*_ramulator2.yaml), in DRAM clocks.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/memory/dram_calibrate.hpp"
#include "models/memory/ramulator2_dram.hpp"
#include "sim/engine/arch_config.hpp"
#include "ramulator2_host.hpp"
#include "ramulator2_test_backend.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

// Clocks of a stream of `busy` refresh-free clocks when every refresh (every trefi clocks, all
// banks of every channel at once) stops it for trfc: T = busy + trfc x floor(T / trefi).
uint64_t with_refresh(uint64_t busy, uint64_t trfc, uint64_t trefi) {
  uint64_t t = busy;
  for (int i = 0; i < 100; ++i) t = busy + trfc * (t / trefi);
  return t;
}

// A sequential read of `bytes` from address 0: refresh off, within [busy, busy + slack] clocks;
// refresh on, within [T_free + nrfc x floor(T / nrefi), that + per_refresh per refresh] (a
// refresh stops every channel for nRFC and costs at most per_refresh more to get data flowing
// again). Returns the run with refresh.
std::unique_ptr<Ramulator2Dram> stream_with_refresh(const std::string& standard, const std::string& preset, uint64_t bytes,
                                                    uint64_t busy, uint64_t slack, uint64_t nrfc, uint64_t nrefi,
                                                    uint64_t per_refresh) {
  auto free_run = load_ramulator2(standard, preset, ", refresh: false");
  free_run->request(0, bytes, false);
  const uint64_t t_free = free_run->dram_clock();
  EXPECT_GE(t_free, busy);
  EXPECT_LE(t_free, busy + slack) << t_free;
  auto d = load_ramulator2(standard, preset, "");
  d->request(0, bytes, false);
  const uint64_t t = d->dram_clock(), lo = with_refresh(t_free, nrfc, nrefi);
  EXPECT_GE(t, lo);
  EXPECT_LE(t, lo + (lo / nrefi + 1) * per_refresh) << t << " vs " << lo;
  return d;
}

// One channel, refresh off, ChRaBaRoCo (columns lowest): reads of address 0 (closed bank), `hit`
// (the same row) and `conflict` (the next row of that bank), 100 idle clocks before each so no
// earlier constraint binds; each takes the clocks given, and the bank saw what they are.
void expect_one_bank(const std::string& standard, const std::string& preset, uint64_t hit, uint64_t conflict,
                     uint64_t closed_clocks, uint64_t hit_clocks, uint64_t conflict_clocks) {
  auto d = load_ramulator2(standard, preset, ", channels: 1, address_mapping: ChRaBaRoCo, refresh: false");
  const std::vector<std::pair<uint64_t, uint64_t>> reads = {{0, closed_clocks}, {hit, hit_clocks}, {conflict, conflict_clocks}};
  for (const auto& [addr, clocks] : reads) {
    d->idle(100);
    EXPECT_EQ(d->replay({{addr, false}}), clocks) << standard << " read of " << addr;
  }
  const r2::ChannelCounters c = d->host().counters(0);
  EXPECT_EQ(c.row_hits, 1u);
  EXPECT_EQ(c.row_misses, 1u);
  EXPECT_EQ(c.row_conflicts, 1u);
  EXPECT_EQ(c.activates, 2u);
  EXPECT_EQ(c.precharges, 1u);
  EXPECT_EQ(c.reads, 3u);
}

const char* kLp5 = "lpddr5_6400_ramulator2.yaml";
const char* kHbm3 = "hbm3_6400_ramulator2.yaml";
const char* kHbm2 = "hbm2_u280_ramulator2.yaml";

}  // namespace

TEST(DramRamulator2, Lpddr5PresetTimingAndPeak) {
  auto d = load_ramulator2("lpddr5", kLp5, "");
  const r2::Host& h = d->host();
  EXPECT_EQ(h.standard(), "LPDDR5");
  EXPECT_EQ(d->channels(), 8u);
  EXPECT_EQ(d->burst_bytes(), 32u);  // x16 x BL16 / 8
  EXPECT_DOUBLE_EQ(d->tck_ns(), 1.25);
  // JESD209-5B LPDDR5-6400 in CK (Ramulator 2's LPDDR5_6400 preset).
  EXPECT_EQ(h.timing("nRCD"), 15);
  EXPECT_EQ(h.timing("nCL"), 17);
  EXPECT_EQ(h.timing("nRP"), 15);
  EXPECT_EQ(h.timing("nBL_min"), 2);
  EXPECT_EQ(h.timing("nRFC"), 168);    // tRFCab 210 ns (8 Gb) / 1.25
  EXPECT_EQ(h.timing("nREFI"), 3125);  // tREFI 3.906 us / 1.25
  EXPECT_EQ(h.read_latency(), 19);     // nCL + nBL_min
  EXPECT_EQ(h.channel_bytes(), 1ull << 30);  // 8 Gb die per x16 channel
  // 8 channels x 32 B per nBL_min = 2 CK of 1.25 ns = 102.4 GB/s = 102.4 B per 1 GHz cycle.
  EXPECT_NEAR(d->bytes_per_cycle(), 102.4, 1e-9);
  // Idle closed-row read: nRCD + nCL + nBL_min = 34 CK = 42.5 ns -> 43 cycles at 1 GHz.
  EXPECT_EQ(d->latency_cycles(), 43u);
}

TEST(DramRamulator2, Ddr4PresetPeakAndLatency) {
  // DDR4-2400U, 8 Gb x8, x64, 2 ranks: 64 B per nBL = 4 clocks of 0.8333 ns = 19.2 GB/s; idle
  // closed-row read nRCD + nCL + nBL = 17 + 17 + 4 = 38 clocks = 31.67 ns -> 32 cycles at 1 GHz.
  auto d = load_ramulator2("ddr4", "ddr4_2400_ramulator2.yaml", "");
  EXPECT_EQ(d->host().standard(), "DDR4");
  EXPECT_EQ(d->channels(), 1u);
  EXPECT_EQ(d->burst_bytes(), 64u);
  EXPECT_NEAR(d->bytes_per_cycle(), 19.2, 1e-6);
  EXPECT_EQ(d->latency_cycles(), 32u);
  EXPECT_EQ(d->host().level_size("Rank"), 2);
  EXPECT_EQ(d->host().channel_bytes(), 16ull << 30);  // 2 ranks x 8 devices x 8 Gb
}

TEST(DramRamulator2, Lpddr5RowHitMissConflictOnOneBank) {
  // One channel, column bits lowest (ChRaBaRoCo: 64 transactions of 32 B = the 2 KB row, then the
  // row): +32 B is the same row, +2048 B the next row of the same bank. Refresh off, 100 idle
  // clocks between requests so no earlier constraint binds. The LPDDR5 controller issues CAS-RD
  // (WCK2CK sync, needed after idle) the clock before the RD, and the RD only when RD is timing-
  // ready; the data is complete nCL + nBL_min = 19 clocks after the RD.
  // Closed bank: ACT-1 at clock 1, RD ready nRCD = 15 later (16), CAS-RD there, RD at 17:
  // 17 + 19 = 36. Row hit: CAS-RD at 1, RD at 2: 2 + 19 = 21 (= closed - nRCD). Row conflict:
  // PRE at 1, ACT-1 nRP = 15 later (16), RD ready at 31, CAS-RD at 31, RD at 32: 51 (= closed + nRP).
  expect_one_bank("lpddr5", kLp5, 32, 2048, 36, 21, 51);
}

TEST(DramRamulator2, Hbm3RowHitMissConflictOnOneBank) {
  // HBM3 ticks are half a CK (0.3125 ns; every value 2x its CK count): nRCDRD 62, nRP 52,
  // read latency nCL + nBL = 40 + 4 = 44. Row and column commands occupy their bus for
  // command_cycles ticks (ACT 3, RD 2, PRE 1) and Ramulator 2 shifts each constraint by the
  // extra cycles (ACT->RD = 62 + 2 - 1 = 63, PRE->ACT = 52 + 0 - 2 = 50); ACT and column
  // commands issue only on a rising CK edge (odd controller clock), PRE on either.
  // ChRaBaRoCo, one channel: +32 B same row, +1024 B (32 transactions of the 1 KB row) next row.
  // Closed (controller clock 100 after the idle clocks): ACT at 101 (rising), RD ready 101 + 63
  // = 164 (falling), so RD at 165, data at 165 + 44 = 209: 109 clocks. Hit (from clock 309): 310
  // is falling, RD at 311, data at 355: 46. Conflict (from 455): PRE at 456 (falling is fine),
  // ACT ready 506 -> 507 (rising), RD ready 570 -> 571, data at 615: 160.
  expect_one_bank("hbm3", kHbm3, 32, 1024, 109, 46, 160);
}

TEST(DramRamulator2, Lpddr5SequentialStreamAndRefresh) {
  // 8 MiB over 8 channels interleaved per 32 B transaction, MOP4CLXOR inside each channel (4
  // columns of a bank, then the next bank group / bank, so tCCD_L = 4 CK is hidden by the
  // FR-FCFS queue and the data bus is the bound): 32 768 transactions per channel x nBL_min =
  // 2 CK = busy 65 536 clocks. Each channel opens 1 MiB / 2 KB = 512 rows; with none of the ACTs
  // hidden behind data, at most one ACT per nFAW / 4 = 4 CK: T <= busy + 512 x 4 + the first
  // closed-row read 36 = 67 620.
  // All-bank refresh every nREFI = 3125 CK stops every channel for nRFC = 168:
  // T >= t_free + 168 x floor(T / 3125), and around each refresh at most nRPab (17, the
  // precharge-all before it) + nRCD + CAS + RD + nCL + nBL_min = 17 + 15 + 2 + 19 = 53 more to
  // reopen a row and get data flowing. The fraction of peak drops by ~nRFC / nREFI = 5.4 %.
  const uint64_t bytes = 8ull << 20, busy = (bytes / 32 / 8) * 2;
  ASSERT_EQ(busy, 65536u);
  auto d = stream_with_refresh("lpddr5", kLp5, bytes, busy, 512 * 4 + 36, 168, 3125, 53);
  const uint64_t t = d->dram_clock();
  const DramStats st = d->stats();
  // 8 channels refresh once per nREFI each.
  EXPECT_EQ(st.refreshes, 8 * (t / 3125));
  EXPECT_EQ(st.channel_bytes.size(), 8u);
  EXPECT_EQ(st.channel_bytes[0], 1ull << 20);
  EXPECT_DOUBLE_EQ(st.info.at("refresh_rank_clocks"), double(st.refreshes) * 168);
  // Refresh energy (dram_idd_energy.hpp; the preset's ASSUMPTION LPDDR4 currents, one device):
  // 1.2 V x (IDD5AB 280 - IDD3N 47) mA x nRFC 168 x 1.25 ns = 58 716 pJ per REFab.
  EXPECT_NEAR(st.energy_pj.at("refresh"), double(st.refreshes) * 58716, 1e-9 * double(st.refreshes) * 58716);
}

TEST(DramRamulator2, Hbm3SequentialStream) {
  // 16 MiB over 16 channels x 2 pseudo-channels (each its own 32-bit data bus): 524 288
  // transactions / 32 buses x nBL = 4 ticks = busy 65 536 ticks. Each pseudo-channel opens
  // 512 KB / 1 KB = 512 rows; at most one ACT per nFAW / 4 = 12 ticks unhidden: T <= busy +
  // 512 x 12 + the first closed-row read 109 = 71 789. Refresh off (per-bank refresh: below).
  const uint64_t bytes = 16ull << 20, busy = (bytes / 32 / 32) * 4;
  ASSERT_EQ(busy, 65536u);
  auto d = load_ramulator2("hbm3", kHbm3, ", refresh: false");
  EXPECT_NEAR(d->bytes_per_cycle(), 819.2, 1e-9);  // 32 x 32 B per 4 x 0.3125 ns
  d->request(0, bytes, false);
  EXPECT_GE(d->dram_clock(), busy);
  EXPECT_LE(d->dram_clock(), busy + 512 * 12 + 109) << d->dram_clock();
  // With HBM3 per-bank refresh, each pseudo-channel refreshes one bank every nREFIpb = 390 ticks.
  auto r = load_ramulator2("hbm3", kHbm3, "");
  r->request(0, 2ull << 20, false);
  const double refs = double(r->stats().refreshes), expect = 32.0 * double(r->dram_clock() / 390);
  EXPECT_NEAR(refs, expect, 32.0) << r->dram_clock();
}

TEST(DramRamulator2, Hbm2U280PresetTimingAndPeak) {
  // The U280 preset: Ramulator 2's HBM2_2000Mbps cycle counts at tCK 1111 ps, secondary timings
  // resolved by its exporter from JESD235D in ns at that tCK (arch_configs/dram/hbm2_u280_ramulator2.yaml).
  auto d = load_ramulator2("hbm2", kHbm2, "");
  const r2::Host& h = d->host();
  EXPECT_EQ(h.standard(), "HBM2");
  EXPECT_EQ(d->channels(), 16u);
  EXPECT_EQ(h.level_size("PseudoChannel"), 2);
  EXPECT_EQ(d->burst_bytes(), 32u);  // 64 bits x BL4 / 8
  EXPECT_DOUBLE_EQ(d->tck_ns(), 1.111);
  EXPECT_EQ(h.timing("nRFC"), 235);    // ceil(260 ns / 1.111 ns), 4 Gb channel
  EXPECT_EQ(h.timing("nREFI"), 3511);  // ceil(3.9 us / 1.111 ns)
  EXPECT_EQ(h.timing("nFAW"), 14);     // ceil(15 ns / 1.111 ns)
  EXPECT_EQ(h.read_latency(), 16);     // nCL 14 + nBL 2
  EXPECT_EQ(h.channel_bytes(), 512ull << 20);  // 2 pseudo-channels x 16 banks x 16384 rows x 1 KB
  // 32 pseudo-channels x 32 B per nBL = 2 CK of 1.111 ns = 460.8 GB/s (the U280's 460 GB/s).
  EXPECT_NEAR(d->bytes_per_cycle(), 32.0 * 32.0 / (2 * 1.111), 1e-9);
  // Idle closed-row read: nRCDRD + nCL + nBL = 14 + 16 = 30 CK = 33.3 ns -> 34 cycles at 1 GHz.
  EXPECT_EQ(d->latency_cycles(), 34u);
}

TEST(DramRamulator2, Hbm2RowHitMissConflictOnOneBank) {
  // HBM2 ticks at CK. ACT occupies the row command bus for 2 clocks and Ramulator 2 shifts each
  // constraint by the extra clock: ACT->RD = nRCDRD 14 + 1 = 15, PRE->ACT = nRP 14 - 1 = 13;
  // data nCL + nBL = 16 after the RD. ChRaBaRoCo, one channel: +32 B the same row, +1024 B (32
  // transactions of the 1 KB row) the next row of the same bank.
  // Closed: ACT at +1, RD at +16, data at +32. Hit: RD at +1, data 16 later: 17. Conflict: PRE
  // at +1, ACT at +14, RD at +29, data at +45.
  expect_one_bank("hbm2", kHbm2, 32, 1024, 32, 17, 45);
}

TEST(DramRamulator2, Hbm2SequentialStreamAndRefresh) {
  // 16 MiB over 16 channels x 2 pseudo-channels: 524 288 transactions / 32 data buses x nBL = 2
  // CK = busy 32 768 clocks. Each pseudo-channel opens 512 KB / 1 KB = 512 rows, at most one ACT
  // per nRRDS = 4 CK unhidden (nFAW 14 / 4 is less): T <= busy + 512 x 4 + the first closed-row
  // read 32.
  // All-bank refresh every nREFI = 3511 CK stops each channel for nRFC = 235, and around each
  // at most nRP + ACT->RD + data = 14 + 15 + 16 = 45 more to get data flowing again: the
  // fraction of peak drops by about nRFC / nREFI = 6.7 %.
  const uint64_t bytes = 16ull << 20, busy = (bytes / 32 / 32) * 2;
  ASSERT_EQ(busy, 32768u);
  auto d = stream_with_refresh("hbm2", kHbm2, bytes, busy, 512 * 4 + 32, 235, 3511, 45);
  const DramStats st = d->stats();
  EXPECT_EQ(st.channel_bytes.size(), 16u);
  EXPECT_EQ(st.channel_bytes[0], 1ull << 20);
  // Refresh energy (dram_idd_energy.hpp; DRAMsim3's HBM2 currents, one device per pseudo-channel):
  // 1.2 V x (IDD5AB 250 - IDD3N 55) mA x nRFC 235 x 1.111 ns = 61 093.89 pJ per REFab.
  EXPECT_GT(st.refreshes, 0u);
  EXPECT_NEAR(st.energy_pj.at("refresh"), double(st.refreshes) * 61093.89, 1e-9 * double(st.refreshes) * 61093.89);
}

TEST(DramRamulator2, Ddr5PresetTimingAndPeak) {
  // One DDR5-4800 DIMM: two 32-bit sub-channels, Ramulator 2's DDR5_16Gb_x8 / DDR5_4800AN,
  // secondary timings resolved by its exporter from its JESD79-5 tables
  // (arch_configs/dram/ddr5_4800_ramulator2.yaml).
  auto d = load_ramulator2("ddr5", "ddr5_4800_ramulator2.yaml", "");
  const r2::Host& h = d->host();
  EXPECT_EQ(h.standard(), "DDR5");
  EXPECT_EQ(d->channels(), 2u);
  EXPECT_EQ(d->burst_bytes(), 64u);  // 32 bits x BL16 / 8
  EXPECT_DOUBLE_EQ(d->tck_ns(), 0.416);
  EXPECT_EQ(h.timing("nRCD"), 34);
  EXPECT_EQ(h.timing("nCCDL"), 12);
  EXPECT_EQ(h.timing("nRFC"), 710);   // ceil(tRFC1 295 ns (16 Gb) / 0.416 ns)
  EXPECT_EQ(h.timing("nREFI"), 9375); // ceil(3.9 us / 0.416 ns)
  EXPECT_EQ(h.timing("nFAW"), 48);    // ceil(20 ns (x8) / (2 us / 4800))
  EXPECT_EQ(h.read_latency(), 42);    // nCL 34 + nBL 8
  // 4 x8 devices x 16 Gb per sub-channel, one rank.
  EXPECT_EQ(h.channel_bytes(), 8ull << 30);
  // 2 sub-channels x 64 B per nBL = 8 CK of 0.416 ns = 38.46 GB/s = bytes per 1 GHz cycle.
  EXPECT_NEAR(d->bytes_per_cycle(), 2 * 64.0 / (8 * 0.416), 1e-9);
  // Idle closed-row read: nRCD + nCL + nBL = 76 CK = 31.6 ns -> 32 cycles at 1 GHz.
  EXPECT_EQ(d->latency_cycles(), 32u);
}

TEST(DramRamulator2, Ddr5RowHitMissConflictOnOneBank) {
  // DDR5's ACT, RD and WR take two clocks of the CA bus, PRE one; Ramulator 2 shifts each
  // constraint by the difference (ACT->RD = nRCD 34 + 2 - 2 = 34, PRE->ACT = nRP 34 + 1 - 2 =
  // 33); data nCL + nBL = 42 after the RD. ChRaBaRoCo, one sub-channel: +64 B the same row,
  // +4096 B (64 transactions of the 4 KB row) the next row of the same bank. Refresh off.
  // Closed: ACT at +1, RD at +35, data at +77. Hit: RD at +1, data at +43. Conflict: PRE at +1,
  // ACT at +34, RD at +68, data at +110 (= closed + nRP - 1).
  expect_one_bank("ddr5", "ddr5_4800_ramulator2.yaml", 64, 4096, 77, 43, 110);
}

TEST(DramRamulator2, Ddr5SequentialStreamAndRefresh) {
  // 2 MiB over the two sub-channels interleaved per 64 B transaction: 16 384 transactions each
  // x nBL = 8 CK = busy 131 072 clocks. MOP4CLXOR reads 4 columns of a bank, then another bank
  // group, so tCCD_L = 12 is hidden and the data bus binds. Each sub-channel opens 1 MiB / 4 KB
  // = 256 rows, at most one ACT per nFAW / 4 = 12 CK unhidden: T <= busy + 256 x 12 + the
  // first closed-row read 77.
  // All-bank refresh every nREFI = 9375 CK stops each sub-channel for nRFC = 710, and around
  // each at most nRP (the precharge-all) + ACT->RD + data = 34 + 34 + 42 = 110 more to get
  // data flowing again: the fraction of peak drops by about nRFC / nREFI = 7.6 %.
  const uint64_t bytes = 2ull << 20, busy = (bytes / 64 / 2) * 8;
  ASSERT_EQ(busy, 131072u);
  auto d = stream_with_refresh("ddr5", "ddr5_4800_ramulator2.yaml", bytes, busy, 256 * 12 + 77, 710, 9375, 110);
  const DramStats st = d->stats();
  EXPECT_EQ(st.channel_bytes.size(), 2u);
  EXPECT_EQ(st.channel_bytes[0], 1ull << 20);
  EXPECT_EQ(st.refreshes, 2 * (d->dram_clock() / 9375));
  // Refresh energy, both rails (Ramulator 2.0's DDR5 "Default" currents, 4 devices):
  // (1.1 V x (IDD5AB 362 - IDD3N 55) + 1.8 V x (IPP5AB 48 - IPP3N 3)) mA x nRFC 710 x 4 x 0.416 ns
  // = 418.7 x 1 181.44 = 494 668.928 pJ per REFab.
  EXPECT_NEAR(st.energy_pj.at("refresh"), double(st.refreshes) * 494668.928, 1e-9 * double(st.refreshes) * 494668.928);
}

TEST(DramRamulator2, TurnaroundsFromTheStandardsSpacing) {
  // What a read->write / write->read switch costs the data bus beyond a burst, from each
  // standard's RD->WR and WR->RD spacing at the rank (HBM: pseudo-channel) level, minus nBL:
  // DDR4-2400U  RD->WR nCL + nBL + 2 - nCWL = 17 + 4 + 2 - 12 = 11 -> 7; WR->RD nCWL + nBL + nWTRS = 12 + 4 + 3 = 19 -> 15
  //             (DRAMsim3's RL - WL + tRTRS = 7 and WL + tWTR_S = 15 on the same DDR4);
  // DDR5-4800AN RD->WR 34 + 8 + 2 - 32 + 2 = 14 -> 6; WR->RD 32 + 8 + 6 = 46 -> 38;
  // HBM2 (U280) RD->WR 14 + 2 + 2 - 5 = 13 -> 11; WR->RD 5 + 2 + 6 = 13 -> 11.
  EXPECT_EQ(load_ramulator2("ddr4", "ddr4_2400_ramulator2.yaml", "")->host().turnaround_ticks(true), 7);
  EXPECT_EQ(load_ramulator2("ddr4", "ddr4_2400_ramulator2.yaml", "")->host().turnaround_ticks(false), 15);
  EXPECT_EQ(load_ramulator2("ddr5", "ddr5_4800_ramulator2.yaml", "")->host().turnaround_ticks(true), 6);
  EXPECT_EQ(load_ramulator2("ddr5", "ddr5_4800_ramulator2.yaml", "")->host().turnaround_ticks(false), 38);
  EXPECT_EQ(load_ramulator2("hbm2", kHbm2, "")->host().turnaround_ticks(true), 11);
  EXPECT_EQ(load_ramulator2("hbm2", kHbm2, "")->host().turnaround_ticks(false), 11);
  // Counted on the data bus: two reads and two writes sent together are served reads first
  // (the controller drains writes once its read queue is empty): one read->write switch; a later
  // read is one write->read switch. 7 + 15 bus clocks in all.
  auto d = load_ramulator2("ddr4", "ddr4_2400_ramulator2.yaml", ", refresh: false");
  d->replay({{0, false}, {1 << 16, true}, {2 << 16, false}, {3 << 16, true}});
  d->replay({{4 << 16, false}});
  const DramStats st = d->stats();
  EXPECT_EQ(st.info.at("read_to_write"), 1.0);
  EXPECT_EQ(st.info.at("write_to_read"), 1.0);
  EXPECT_EQ(st.info.at("turnaround_clocks"), 22.0);
}

TEST(DramRamulator2, BadInputIsOneLine) {
  // One line each, naming the file, the key and what was expected (the column depends on the
  // length of the preset's path, so the text after it is compared).
  auto msg = dram_config_error_text;
  const std::string lp5 = source_path("arch_configs/dram/lpddr5_6400_ramulator2.yaml");
  EXPECT_EQ(msg("dram: {kind: lpddr5, model: ramulator2, ramulator2: {standard: lpddr6, preset: " + lp5 + "}}\n"),
            "dram.ramulator2.standard: 'lpddr6' is not a standard the vendored Ramulator 2 models "
            "(it models: ddr4, ddr5, hbm2, hbm3, lpddr5; docs/dram.md)");
  EXPECT_EQ(msg("dram: {kind: hbm3, model: ramulator2, ramulator2: {standard: hbm3, preset: " + lp5 + "}}\n"),
            "dram.ramulator2.standard: 'hbm3' but preset " + lp5 + " is lpddr5");
  EXPECT_EQ(msg(ramulator2_section("lpddr5", kLp5, ", organization: HBM3_8Gb_8hi")),
            "dram.ramulator2.organization: 'HBM3_8Gb_8hi' is not an organisation Ramulator 2 defines for lpddr5 "
            "(it has: LPDDR5_8Gb_x16, LPDDR5_16Gb_x16)");
  EXPECT_EQ(msg(ramulator2_section("lpddr5", kLp5, ", organization: LPDDR5_16Gb_x16")),
            "dram.ramulator2.organization: 'LPDDR5_16Gb_x16' but preset " + lp5 +
                " was exported for LPDDR5_8Gb_x16 (export one for it, arch_configs/dram/README.md)");
  EXPECT_EQ(msg(ramulator2_section("lpddr5", kLp5, ", timing: LPDDR5_8533")),
            "dram.ramulator2.timing: 'LPDDR5_8533' is not a speed grade Ramulator 2 defines for lpddr5 (it has: LPDDR5_6400)");
  EXPECT_EQ(msg(ramulator2_section("lpddr5", kLp5, ", address_mapping: RoCoBa")),
            "dram.ramulator2.address_mapping: expected one of MOP4CLXOR | RoBaRaCoCh | ChRaBaRoCo, got 'RoCoBa'");
  EXPECT_EQ(msg(ramulator2_section("lpddr5", kLp5, ", channels: 6")),
            "dram.ramulator2.channels: 6: expected a power of two (Ramulator 2 interleaves channels on address bits)");
  EXPECT_EQ(msg(ramulator2_section("lpddr5", kLp5, ", row_policy: shut")),
            "dram.ramulator2.row_policy: expected one of closed | open, got 'shut'");
  // A calibrated arch's section for the backend it was measured on, left in place while another
  // model runs: named, with how to drop it; null drops it.
  const std::string other = "dram: {kind: lpddr5, model: ramulator2, dramsim3: {standard: hbm2, preset: x.ini}, "
                            "ramulator2: {standard: lpddr5, preset: " + lp5 + "}}\n";
  EXPECT_EQ(msg(other), "dram.dramsim3: a section for backend dramsim3, but dram.model is ramulator2: remove it or "
                        "give --set dram.dramsim3=null");
  std::string dropped = other;
  dropped.replace(dropped.find("{standard: hbm2, preset: x.ini}"), 31, "null");
  EXPECT_EQ(dram_config_error(dropped), "accepted");
  // A corrupt preset (hand-edited device block) is a line too, never an out-of-range index
  // (third_party/ramulator2/PROVENANCE, patch 3).
  const std::string good = read_file(lp5);
  auto corrupt = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    const std::string path = write_temp("corrupt_ramulator2.yaml", text);
    return msg("dram: {kind: lpddr5, model: ramulator2, ramulator2: {standard: lpddr5, preset: " + path + "}}\n");
  };
  const std::string bad = "dram.ramulator2.preset: " + temp_dir() + "/corrupt_ramulator2.yaml: Ramulator 2 rejected it: "
                          "invalid dram configuration: ";
  EXPECT_EQ(corrupt("count: [1, 1, 4, 4, 32768, 1024]", "count: [1, 1, 0, 4, 32768, 1024]"),
            bad + "org.count[2] must be a power of two in [1, 2^24]");
  EXPECT_EQ(corrupt("timing: [6400, 2, 4, 17,", "timing: [6400, 2, 4,"), bad + "timing has 32 values, the standard has 33");
  EXPECT_EQ(corrupt("read_latency: 19", "read_latency: -5"), bad + "read_latency must be in [1, 1e6]");
  EXPECT_EQ(corrupt("      - [0, [6, 8], [6, 8], 2]", "      - [9, [6, 8], [6, 8], 2]"),
            bad + "timing constraint level out of range");
  EXPECT_EQ(corrupt("read_buffer_size: 32", "read_buffer_size: 0"),
            "dram.ramulator2.preset: " + temp_dir() + "/corrupt_ramulator2.yaml: controller.read_buffer_size must be an "
            "integer in [1, 1048576]");
  const std::string ini = source_path("arch_configs/dram/lpddr5_6400_x16x8.ini");
  EXPECT_EQ(msg(ramulator2_section("lpddr5", "lpddr5_6400_x16x8.ini", "")),
            "dram.ramulator2.preset: cannot read Ramulator 2 preset " + ini +
                ": yaml-cpp: error at line 3, column 7: illegal map value (the presets are in "
                "arch_configs/dram/*_ramulator2.yaml)");
  // A device or a directory as the preset is refused before any read (it used to read /dev/zero
  // until memory ran out, and a directory gave a message naming neither file nor key).
  EXPECT_EQ(msg("dram: {kind: lpddr5, model: ramulator2, ramulator2: {standard: lpddr5, preset: /dev/zero}}\n"),
            "dram.ramulator2.preset: cannot read Ramulator 2 preset /dev/zero: is not a regular file (a FIFO, device "
            "or socket); expected a file");
  EXPECT_EQ(msg("dram: {kind: lpddr5, model: ramulator2, ramulator2: {standard: lpddr5, preset: /tmp}}\n"),
            "dram.ramulator2.preset: cannot read Ramulator 2 preset /tmp: is a directory, expected a file");
  // Any text file parses as one YAML scalar; indexing it used to end in yaml-cpp's own message
  // ("operator[] call on a scalar"), naming neither file nor key.
  const std::string text = write_temp("notes.yaml", "some notes\nabout a preset\n");
  EXPECT_EQ(msg("dram: {kind: lpddr5, model: ramulator2, ramulator2: {standard: lpddr5, preset: " + text + "}}\n"),
            "dram.ramulator2.preset: " + text + " is not a Ramulator 2 preset (it needs a `ternsim:` map and a "
            "`controller:` map with its `dram:`, as arch_configs/dram/*_ramulator2.yaml)");
}

// End to end through the CLI: one MMfreeLM-370M decode layer (context 128) on the shipped
// LPDDR5 arch with Ramulator 2, against the analytic model at the same peak (8 x 12.8 GB/s) and
// idle latency (42.5 ns): the same bytes move, the backend cannot beat the peak, and its
// channels carry exactly the bytes the run moved (weights are 64 KiB-aligned, whole 32 B bursts).
TEST(DramRamulator2, MmfreeLayerDecodeThroughCli) {
  const std::string wl = temp_dir() + "/mmfree370m_layer_decode.yaml";
  CliResult gen = run_cli("trace decode --model " + source_path("workloads/models/mmfreelm-370m.json") +
                          " --context 128 --layers 1 --no-head -o " + wl);
  ASSERT_EQ(gen.exit_code, 0) << gen.out;
  const std::string arch = source_path("arch_configs/ternary_asic_lpddr5_r2.yaml");
  CliResult r2 = run_cli("run -a " + arch + " -w " + wl + " --json");
  ASSERT_EQ(r2.exit_code, 0) << r2.out;
  CliResult an = run_cli("run -a " + arch + " -w " + wl +
                         " --json --set dram.model=analytic --set dram.channels=8 --set dram.bandwidth_gb_per_s=12.8"
                         " --set dram.latency_ns=42.5 --set dram.burst_bytes=32");
  ASSERT_EQ(an.exit_code, 0) << an.out;
  const auto j = nlohmann::json::parse(r2.out), a = nlohmann::json::parse(an.out);
  EXPECT_EQ(j.at("dram_read_bytes"), a.at("dram_read_bytes"));
  EXPECT_EQ(j.at("dram_write_bytes"), a.at("dram_write_bytes"));
  EXPECT_GE(j.at("cycles").get<uint64_t>(), a.at("cycles").get<uint64_t>());
  EXPECT_DOUBLE_EQ(j.at("dram_peak_gb_per_s").get<double>(), 102.4);
  const auto& b = j.at("dram_backend");
  ASSERT_EQ(b.at("channel_bandwidth_gbps").size(), 8u);
  double moved = 0;
  for (const auto& gbps : b.at("channel_bandwidth_gbps")) moved += gbps.get<double>() * j.at("seconds").get<double>() * 1e9;
  EXPECT_NEAR(moved, j.at("dram_bytes").get<double>(), 1e-6 * moved);
  EXPECT_GT(b.at("row_buffer_hit_rate").get<double>(), 0.5);
  EXPECT_GT(b.at("refreshes").get<double>(), 0);
  // DRAM energy from the preset's currents (dram_idd_energy.hpp): the five parts add up to the
  // backend's total, which is the run's DRAM energy (the analytic run's is the tech table's pJ/bit).
  const auto& e = b.at("energy_j");
  double parts = 0;
  for (const char* k : {"activate_precharge", "read", "write", "refresh", "background"}) parts += e.at(k).get<double>();
  EXPECT_NEAR(parts, e.at("total").get<double>(), 1e-12);
  EXPECT_DOUBLE_EQ(j.at("energy_breakdown_j").at("dram").get<double>(), e.at("total").get<double>());
  EXPECT_GT(e.at("read").get<double>(), 0);
  EXPECT_EQ(e.at("write").get<double>(), 0);  // a decode layer with no state spilled writes nothing
  std::printf("[ ramulator2 ] MMfreeLM-370M decode layer, LPDDR5: %lu cycles (analytic at the same peak %lu), "
              "row-buffer hit rate %.3f\n",
              j.at("cycles").get<uint64_t>(), a.at("cycles").get<uint64_t>(), b.at("row_buffer_hit_rate").get<double>());
}

// The analytic model calibrated on Ramulator 2 (calibrate-dram, docs/dram.md "Calibrating the fast
// path"): the shipped file names its backend and settings, a changed setting is one line, and a
// fresh measurement records the same identity.
TEST(DramRamulator2, CalibratesTheAnalyticModel) {
  const std::string arch = source_path("arch_configs/ternary_asic_lpddr5_r2_calibrated.yaml");
  ArchConfig a = load_arch_file(arch, {});
  ASSERT_TRUE(a.dram.calibration);
  EXPECT_EQ(a.dram.calibration->backend, "ramulator2");
  EXPECT_EQ(a.dram.calibration->preset, "lpddr5_6400_ramulator2.yaml");
  EXPECT_EQ(a.dram.calibration->burst_bytes, 32u);
  CliResult bad = run_cli("run -a " + arch + " -w " + source_path("workloads/examples/mmfreelm-370m_decode.yaml") +
                          " --set dram.ramulator2.address_mapping=RoBaRaCoCh");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("was measured on ramulator2 preset lpddr5_6400_ramulator2.yaml (lpddr5, 8 channels, mapping "
                         "MOP4CLXOR, open, frfcfs), but this arch's dram.ramulator2 is preset lpddr5_6400_ramulator2.yaml "
                         "(lpddr5, 8 channels, mapping RoBaRaCoCh, open, frfcfs): run ternsim calibrate-dram on this arch"),
            std::string::npos)
      << bad.out;
  // A short measurement (10 us windows): same identity, efficiencies in (0, 1], the weight
  // stream at most 1 - nRFC / nREFI = 0.946 of peak (refresh alone).
  const DramCalibrationRun run = calibrate_dram(a.dram, a.clock_mhz, 10);
  EXPECT_EQ(run.calibration.backend, "ramulator2");
  EXPECT_EQ(run.calibration.channels, 8u);
  EXPECT_NEAR(run.calibration.peak_gb_per_s, 102.4, 1e-9);
  for (const DramPatternCal& c : run.calibration.patterns) {
    EXPECT_GT(c.efficiency, 0);
    EXPECT_LE(c.efficiency, 1);
  }
  EXPECT_LE(run.calibration[DramPattern::weight_stream].efficiency, 1 - 168.0 / 3125 + 1e-3);
}
