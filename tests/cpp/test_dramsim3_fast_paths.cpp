// The DRAMsim3 fast paths (third_party/dramsim3/PROVENANCE patches 7 and 8: idle fast-forward,
// command- and transaction-queue scan shortcuts, the statistics handles) against DRAMsim3's own
// clock-by-clock scans (`fast_forward: false`), on streams that exercise what the shortcuts
// reason about: row hits and misses (precharge arbitration), reads and writes to the same
// addresses (write merging, read-after-write from the buffer, write-after-read dependencies),
// write drains, activation windows, bank groups, several ranks and refreshes. Every burst's
// timing shows in the clocks each replay takes; every counter and the energy split must match.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "models/memory/dramsim3_dram.hpp"
#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

std::unique_ptr<Dramsim3Dram> backend(const std::string& dramsim3, bool fast, int threads = 1) {
  ConfigNode root = ConfigNode::load_string("dram: {kind: ddr4, model: dramsim3, dramsim3: {" + dramsim3 +
                                                ", fast_forward: " + (fast ? "true" : "false") +
                                                ", threads: " + std::to_string(threads) + "}}\n",
                                            "t.yaml");
  DramParams p = DramParams::from_config(root.child("dram"));
  return std::unique_ptr<Dramsim3Dram>(dynamic_cast<Dramsim3Dram*>(make_dram(p, 1000).release()));
}

// Phases of bursts: random reads and writes in a small window (repeated addresses, row
// conflicts in every bank), a sequential read stream with every 8th burst a write back to an
// address just read, and a stride that keeps hitting new rows of the same banks.
std::vector<std::vector<Dramsim3Dram::Burst>> phases(uint32_t burst_bytes) {
  Rng rng{42};
  std::vector<std::vector<Dramsim3Dram::Burst>> out(3);
  for (int i = 0; i < 6000; ++i) {
    const uint64_t addr = rng.next() % (1u << 21) / burst_bytes * burst_bytes;
    out[0].push_back({addr, rng.next() % 10 < 3});
  }
  for (uint64_t i = 0; i < 8000; ++i) {
    out[1].push_back({(1ull << 24) + i * burst_bytes, false});
    if (i % 8 == 7) out[1].push_back({(1ull << 24) + (i - 3) * burst_bytes, true});
  }
  for (uint64_t i = 0; i < 3000; ++i) out[2].push_back({(i % 7) * (1ull << 22) + (i / 7) * (1ull << 16), i % 5 == 0});
  return out;
}

void expect_same(const std::string& dramsim3) {
  auto fast = backend(dramsim3, true), ticked = backend(dramsim3, false);
  uint64_t total = 0;
  for (const auto& bursts : phases(fast->burst_bytes())) {
    const uint64_t f = fast->replay(bursts), t = ticked->replay(bursts);
    EXPECT_EQ(f, t) << dramsim3;
    total += t;
  }
  EXPECT_EQ(fast->dram_clock(), ticked->dram_clock());
  const DramStats a = fast->stats(), b = ticked->stats();
  EXPECT_EQ(a.as_map(), b.as_map()) << dramsim3;
  // The streams did what they are for (else the comparison would prove little).
  EXPECT_GT(b.row_misses, 1000u) << dramsim3;
  EXPECT_GT(b.refreshes, 0u) << dramsim3;
  EXPECT_GT(b.info.at("write_to_read"), 100.0) << dramsim3;
  EXPECT_GT(total, 10000u) << dramsim3;
}

// The same streams with the per-channel drain on two threads and on one: the same
// clocks per phase and every counter (each channel is run by one thread, in its own slots).
void expect_threads_same(const std::string& dramsim3) {
  auto two = backend(dramsim3, true, 2), one = backend(dramsim3, true, 1);
  for (const auto& bursts : phases(one->burst_bytes())) EXPECT_EQ(two->replay(bursts), one->replay(bursts)) << dramsim3;
  // Requests through the units' path too: sizes from one burst to 256 KiB (both sides of the
  // threshold below which the final phase stays on one thread), reads and writes.
  Rng rng{7};
  for (int i = 0; i < 40; ++i) {
    const uint64_t bytes = uint64_t(1) << (rng.next() % 19), addr = rng.next() % (1u << 26);
    const bool write = rng.next() % 4 == 0;
    EXPECT_EQ(two->request(addr, bytes, write), one->request(addr, bytes, write)) << dramsim3 << " request " << i;
  }
  EXPECT_EQ(two->dram_clock(), one->dram_clock());
  EXPECT_EQ(two->ticked_clocks(), one->ticked_clocks());
  EXPECT_EQ(two->stats().as_map(), one->stats().as_map()) << dramsim3;
}

// `dram.dramsim3.threads` other than 1 or 2: one line, exit 2.
std::string threads_error(const std::string& value) {
  std::string arch = small_arch_yaml();
  const std::string from = "dram: {kind: ddr4, channels: 1, bandwidth_gbps: 64, latency_ns: 10, burst_bytes: 64}";
  arch.replace(arch.find(from), from.size(),
               "dram: {kind: ddr4, model: dramsim3, dramsim3: {standard: ddr4, preset: " +
                   source_path("arch_configs/dram/ddr4_2400_x64.ini") + ", threads: " + value + "}}");
  CliResult r = run_cli("run --arch " + write_temp("thr_arch.yaml", arch) + " --workload " +
                        write_temp("thr_wl.yaml", gemm_workload_yaml(4, 16, 16)));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  return r.out;
}

}  // namespace

TEST(Dramsim3FastPaths, TwoThreadsHbm2AreExact) {
  expect_threads_same("standard: hbm2, preset: " + source_path("arch_configs/dram/hbm2_u280_32pc.ini"));
}

TEST(Dramsim3FastPaths, TwoThreadsDdr4OneChannelAreExact) {
  // One channel: nothing to share, the second thread is never started.
  expect_threads_same("standard: ddr4, preset: " + source_path("arch_configs/dram/ddr4_2400_x64.ini"));
  expect_threads_same("standard: ddr4, preset: " + source_path("arch_configs/dram/ddr4_2400_x64.ini") +
                      ", channels: 2");
}

TEST(Dramsim3FastPaths, TwoThreadsLpddr4AreExact) {
  expect_threads_same("standard: lpddr4, preset: " + source_path("arch_configs/dram/lpddr4_2400_x16.ini"));
  expect_threads_same("standard: lpddr4, preset: " + source_path("arch_configs/dram/lpddr4_2400_x16.ini") +
                      ", channels: 2");
}

TEST(Dramsim3FastPaths, ThreadsOtherThanOneOrTwoIsOneLine) {
  for (const char* v : {"0", "3", "two"}) {
    const std::string e = threads_error(v);
    EXPECT_NE(e.find("dram.dramsim3.threads"), std::string::npos) << e;
  }
}

TEST(Dramsim3FastPaths, Hbm2PseudoChannelsAreExact) {
  // 32 pseudo-channels, per-bank queues, HBM dual command issue.
  expect_same("standard: hbm2, preset: " + source_path("arch_configs/dram/hbm2_u280_32pc.ini"));
}

TEST(Dramsim3FastPaths, Ddr4TwoRanksAreExact) {
  // 2 ranks x 4 bank groups, tFAW; one channel, so every burst meets the same queues.
  expect_same("standard: ddr4, preset: " + source_path("arch_configs/dram/ddr4_2400_x64.ini"));
}

TEST(Dramsim3FastPaths, Ddr4PerRankClosePageAreExact) {
  // One command queue per rank (commands of many banks in one queue) and close-page
  // READ_PRECHARGE / WRITE_PRECHARGE commands.
  expect_same("standard: ddr4, preset: " + source_path("arch_configs/dram/ddr4_2400_x64.ini") +
              ", scheduler: per_rank, row_policy: close");
}

// A rank is in active standby while one of its banks is open (ChannelState's all-banks-idle flag,
// kept per rank and recomputed only after commands that can open or close a bank: PROVENANCE
// patch 15). One read on the DDR4 preset: open page, the bank stays open from the ACT to the
// end; close page, the READ_PRECHARGE closes it tRCD = 17 clocks after the ACT (the command is
// ready then and issued at once, the bus being idle), so the rank spends 17 clocks in active
// standby. Each clock of either rank costs IDD x VDD x 8 devices x tCK: IDD3N 43 mA active,
// IDD2N 34 mA precharged (the preset: VDD 1.2 V, 64 / 8 devices per rank, tCK 0.83 ns).
TEST(Dramsim3FastPaths, ClosePageRankIsActiveFromActivateToReadPrecharge) {
  const double active_pj = 1.2 * 43 * 8 * 0.83, precharged_pj = 1.2 * 34 * 8 * 0.83;
  const std::string ddr4 = "standard: ddr4, preset: " + source_path("arch_configs/dram/ddr4_2400_x64.ini");
  for (bool close : {false, true}) {
    auto b = backend(ddr4 + (close ? ", row_policy: close" : ""), true);
    b->replay({{0, false}});
    const DramStats st = b->stats();
    const double clocks = st.info.at("dram_clocks"), ranks = st.info.at("ranks_per_channel");
    ASSERT_EQ(ranks, 2.0);
    const double active = (st.energy_pj.at("background") - ranks * clocks * precharged_pj) / (active_pj - precharged_pj);
    EXPECT_NEAR(active, close ? 17.0 : clocks - 1.0, 1e-6) << (close ? "close" : "open") << ", " << clocks << " clocks";
  }
}

TEST(Dramsim3FastPaths, Lpddr4AreExact) {
  expect_same("standard: lpddr4, preset: " + source_path("arch_configs/dram/lpddr4_2400_x16.ini"));
}

TEST(Dramsim3FastPaths, SampledModeIsExactToo) {
  // Sampled mode skips clocks DRAMsim3 never sees (its clock lags the run's), then simulates
  // windows through the same drain: an MMfreeLM-2.7B decode token on HBM2 (array-bound, so the
  // weight requests come after idle gaps), fast paths on and off, must give the same run.
  auto run = [](const std::string& ff) {
    return simulate(RunRequest{source_path("arch_configs/ternary_asic.yaml"),
                               source_path("workloads/examples/mmfreelm-2.7b_decode.yaml"),
                               {"dram.model=dramsim3", "dram.dramsim3={standard: hbm2, preset: " +
                                                           source_path("arch_configs/dram/hbm2_u280_32pc.ini") +
                                                           ", sampling: {mode: sampled}, fast_forward: " + ff + "}"}});
  };
  const RunResult fast = run("true"), ticked = run("false"), two = run("true, threads: 2");
  EXPECT_EQ(fast.cycles, ticked.cycles);
  EXPECT_EQ(fast.dram_backend, ticked.dram_backend);
  EXPECT_GT(ticked.dram_backend.at("sampling.bursts_simulated"), 0);
  // Two threads and one (the default).
  EXPECT_EQ(fast.cycles, two.cycles);
  EXPECT_EQ(fast.dram_backend, two.dram_backend);
  EXPECT_EQ(fast.dram_busy_cycles, two.dram_busy_cycles);
}

// DRAMsim3's LPDDR4 with four channels deadlocked on the random read/write stream of phase 0:
// a write whose address was still pending for a read stopped the drain, the next clock (write
// buffer still full) drained again and stopped at the same write, and the read it waited for was
// never scheduled (upstream issues #2, #27, #43; third_party/dramsim3/PROVENANCE patch 11). Now
// every phase is served, fast paths on and off alike, on one, two and four channels.
TEST(Dramsim3FastPaths, Lpddr4FourChannelsServeTheReadWriteStream) {
  const std::string four = "standard: lpddr4, preset: " + source_path("arch_configs/dram/lpddr4_2400_x16.ini") +
                           ", channels: 4";
  expect_same(four);
  expect_threads_same(four);
}

// A backend that makes no progress is one error line after kStallClocks, not a hang, in both
// drains (the plain per-clock one and the channel-by-channel fast path): here a preset whose
// refresh blocks the rank for 20M clocks (tRFC), longer than the bound.
TEST(Dramsim3FastPaths, StuckBackendIsAnErrorNotAHang) {
  const std::string ini = read_file(source_path("arch_configs/dram/lpddr4_2400_x16.ini"));
  const std::string preset = write_temp(
      "stuck_lpddr4.ini", replace_once(replace_once(ini, "tRFC = 392", "tRFC = 20000000"), "tREFI = 8660", "tREFI = 100"));
  // Clock by clock, the per-channel drain, and the two-thread drain on two channels (where the
  // thread that is stuck must also release the one waiting for it).
  for (int mode : {0, 1, 2}) {
    auto d = backend("standard: lpddr4, preset: " + preset + (mode == 2 ? ", channels: 2" : ""), mode > 0,
                     mode == 2 ? 2 : 1);
    try {
      d->replay(phases(d->burst_bytes())[1]);
      ADD_FAILURE() << "the stream was served; this test wants a stuck backend (mode " << mode << ")";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()),
                "DRAMsim3 accepted or completed no burst in 10000000 DRAM clocks: the backend is stuck with this "
                "preset and organisation (docs/dram.md, \"Stall guard\"; a refresh or other wait longer than "
                "that?)");
    }
  }
}
