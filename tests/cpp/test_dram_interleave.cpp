// Two masters in the DRAMsim3 controller (`dram.dramsim3.arbitration`, models/memory/
// dramsim3_interleave.cpp), against timing derived by hand from the DDR4-2400 preset
// (arch_configs/dram/ddr4_2400_x64.ini, tCK = 0.83 ns): CL = 17, tRCD = 17, tRP = 17, BL/2 = 4
// clocks per 64-byte burst, tRRD_S = 4, tCCD_S = 4, tCCD_L = 6; an idle closed-row read takes
// tRCD + CL + BL/2 + 2 controller clocks = 40 (DramBackend.RowHitAndRowMissFollowTrcdAndTrp).
// Mapping ro|ch|ra|ba|bg|co (the preset's): 64-byte bursts, co 7 bits above the 6 offset bits,
// then bg 2, ba 2, ra 1, ch: bank group g starts at g x 8 KiB, the next row of a bank is 256 KiB
// further, and with 2 channels channel 1 starts at 256 KiB (ch below ro).
// Each master is an SC_THREAD issuing its requests in turn, in a forked child (one elaboration
// per process); the accelerator runs at 1 GHz, so a cycle is 1 ns.
#include <gtest/gtest.h>

#include <systemc>

#include <memory>
#include <vector>

#include "models/memory/dramsim3_dram.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

struct Req {
  uint64_t at, addr, bytes;
};

struct Master : sc_core::sc_module {
  SC_HAS_PROCESS(Master);
  Master(sc_core::sc_module_name n, DramModel& d, std::vector<Req> reqs) : sc_module(n), dram(d), reqs(std::move(reqs)) {
    SC_THREAD(run);
  }
  void run() {
    for (const Req& r : reqs) {
      wait_until(r.at);
      last_done = dram.request(r.addr, r.bytes, false);
      wait_until(last_done);
    }
  }
  DramModel& dram;
  std::vector<Req> reqs;
  uint64_t last_done = 0;
};

// Runs masters a and b on a DDR4 backend with `extra` dramsim3 keys; dram_backend carries the
// backend's counters plus a.done / b.done (accelerator cycle of each master's last completion).
RunResult two_masters(const std::string& extra, std::vector<Req> a, std::vector<Req> b) {
  return run_isolated([=] {
    sc_core::sc_set_time_resolution(1, sc_core::SC_NS);
    ConfigNode root = ConfigNode::load_string(
        "dram: {kind: ddr4, model: dramsim3, dramsim3: {standard: ddr4, preset: " +
            source_path("arch_configs/dram/ddr4_2400_x64.ini") + extra + "}}\n",
        "t.yaml");
    DramParams p = DramParams::from_config(root.child("dram"));
    DramModel* d = make_dram(p, 1000).release();  // never destroyed: SystemC owns the modules' lifetime
    auto* ma = new Master("a", *d, a);
    auto* mb = new Master("b", *d, b);
    sc_core::sc_start();
    RunResult r;
    r.dram_backend = d->stats().as_map();
    r.dram_backend["a.done"] = double(ma->last_done);
    r.dram_backend["b.done"] = double(mb->last_done);
    r.cycles = std::max(ma->last_done, mb->last_done);
    return r;
  });
}

const std::string kInOrder = "", kInterleaved = ", arbitration: interleaved";

// DRAM clocks -> accelerator cycles at 1 GHz, as the backend rounds (up).
uint64_t acc(uint64_t dram_clocks) { return uint64_t(std::ceil(double(dram_clocks) * 0.83 - 1e-9)); }

}  // namespace

TEST(DramInterleave, TwoMastersOnDifferentBankGroupsOverlap) {
  // One 64-byte read each at cycle 0, bank group 0 (address 0) and bank group 1 (8 KiB), rows
  // closed. In order, b is queued when a has completed: 40 + 40 = 80 clocks. Interleaved, both
  // are in the queues at once: b's ACT follows a's by tRRD_S = 4 and its READ a's by
  // tCCD_S = 4, so b completes 4 clocks after a: 44 clocks, the max plus tRRD_S, not the sum.
  const RunResult in_order = two_masters(kInOrder, {{0, 0, 64}}, {{0, 8192, 64}});
  const RunResult inter = two_masters(kInterleaved, {{0, 0, 64}}, {{0, 8192, 64}});
  EXPECT_EQ(in_order.dram_backend.at("a.done"), acc(40));
  EXPECT_EQ(in_order.dram_backend.at("b.done"), acc(80));
  EXPECT_EQ(inter.dram_backend.at("a.done"), acc(40));
  EXPECT_EQ(inter.dram_backend.at("b.done"), acc(44));
  EXPECT_EQ(inter.dram_backend.at("activates"), 2);
  EXPECT_EQ(inter.dram_backend.at("row_hits"), 0);
}

TEST(DramInterleave, TwoStreamsOnTwoChannelsTakeTheLongerNotTheSum) {
  // Two channels: a streams 64 bursts (4 KiB, one row of bank group 0) of channel 0, b the same
  // of channel 1 (256 KiB), both from cycle 0. Alone a stream is one closed-row read (40) and
  // 63 more of the same bank group, tCCD_L = 6 apart: 40 + 63 x 6 = 418 clocks. In order, b
  // starts when a is done (836); interleaved each channel's controller serves its own: 418.
  const std::string two = ", channels: 2";
  const RunResult in_order = two_masters(two + kInOrder, {{0, 0, 4096}}, {{0, 256 * 1024, 4096}});
  const RunResult inter = two_masters(two + kInterleaved, {{0, 0, 4096}}, {{0, 256 * 1024, 4096}});
  EXPECT_EQ(in_order.dram_backend.at("a.done"), acc(418));
  EXPECT_EQ(in_order.dram_backend.at("b.done"), acc(836));
  EXPECT_EQ(inter.dram_backend.at("a.done"), acc(418));
  EXPECT_EQ(inter.dram_backend.at("b.done"), acc(418));
  EXPECT_EQ(inter.dram_backend.at("channel_bytes.0"), 4096);
  EXPECT_EQ(inter.dram_backend.at("channel_bytes.1"), 4096);
}

TEST(DramInterleave, SameBankOtherRowConflictsInsideTheQueue) {
  // a reads 64 bursts of row 0 of bank (bg 0, ba 0), b 64 bursts of row 1 of the same bank
  // (256 KiB), both from cycle 0. In order, b waits until a is done: each row is opened once,
  // 2 ACT, 1 PRE, 126 row hits, and b completes at 2 x 418 + tRP = 853 clocks.
  // Interleaved, their bursts alternate in the controller's transaction queue and reach the
  // bank's 8-entry command queue in that order. a's row hits issue past b's waiting entries
  // (b's PRE never becomes ready: a's reads come every tCCD_L = 6 < tRTP = 9), so b's entries
  // pile up until the bank queue holds only b's; then a's row is closed for b's, and so on:
  // row conflicts between the masters that in-order service never shows. Each opening serves at
  // least the 8 entries the bank queue holds, so 3 <= ACT <= 128 / 8 = 16; DRAMsim3 gives 6
  // (measured when written), each after the first needing a PRE.
  const RunResult in_order = two_masters(kInOrder, {{0, 0, 4096}}, {{0, 256 * 1024, 4096}});
  const RunResult inter = two_masters(kInterleaved, {{0, 0, 4096}}, {{0, 256 * 1024, 4096}});
  EXPECT_EQ(in_order.dram_backend.at("activates"), 2);
  EXPECT_EQ(in_order.dram_backend.at("precharges"), 1);
  EXPECT_EQ(in_order.dram_backend.at("row_hits"), 126);
  EXPECT_EQ(in_order.dram_backend.at("a.done"), acc(418));
  EXPECT_EQ(in_order.dram_backend.at("b.done"), acc(418 + 17 + 418));
  EXPECT_EQ(inter.dram_backend.at("activates"), 6);
  EXPECT_EQ(inter.dram_backend.at("precharges"), 5);
  EXPECT_EQ(inter.dram_backend.at("row_hits"), 128 - 6);
  // The conflicts cost time: a finishes much later, and both later than in order.
  EXPECT_GT(inter.dram_backend.at("a.done"), in_order.dram_backend.at("a.done") + acc(5 * (17 + 17)));
  EXPECT_GT(inter.cycles, in_order.cycles);
}

TEST(DramInterleave, Deterministic) {
  const std::vector<Req> a = {{0, 0, 4096}, {700, 64 * 1024, 2048}}, b = {{10, 256 * 1024, 64}, {300, 8192, 1024}};
  const RunResult x = two_masters(kInterleaved, a, b), y = two_masters(kInterleaved, a, b);
  EXPECT_EQ(x.dram_backend, y.dram_backend);
  EXPECT_EQ(x.cycles, y.cycles);
}

TEST(DramInterleave, SampledModeIsOneLine) {
  ConfigNode root = ConfigNode::load_string(
      "dram: {kind: ddr4, model: dramsim3, dramsim3: {standard: ddr4, preset: " +
          source_path("arch_configs/dram/ddr4_2400_x64.ini") + ", arbitration: interleaved, sampling: {mode: sampled}}}\n",
      "t.yaml");
  try {
    DramParams::from_config(root.child("dram"));
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("dram.dramsim3.arbitration: 'interleaved' needs sampling.mode: full"),
              std::string::npos)
        << e.what();
  }
}

TEST(DramInterleave, PrefillLayerSpillsMeetTheWeightStream) {
  // One MMfreeLM-1.3B prefill layer (128 tokens) on DDR4: the vector unit's activation spills
  // (their own SystemC thread) are issued while the weight DMA streams. Interleaved, some of its
  // requests meet another in flight and the two masters' rows conflict in the bank queues, so
  // the layer opens more rows than in order (measured when written: 42 of 176 requests
  // overlapped, 12 021 ACT vs 8 330, 3 753 057 cycles vs 3 736 197); the bytes are the same.
  auto run = [](const std::string& arbitration) {
    return simulate(RunRequest{source_path("arch_configs/ternary_asic_ddr4_calibrated.yaml"),
                               source_path("workloads/examples/mmfreelm-1.3b_layer_prefill.yaml"),
                               {"dram.model=dramsim3", "dram.dramsim3.arbitration=" + arbitration}});
  };
  const RunResult in_order = run("in_order"), inter = run("interleaved");
  EXPECT_EQ(in_order.dram_backend.count("arbitration.interleaved"), 0u);
  EXPECT_EQ(inter.dram_backend.at("arbitration.requests"), 176);
  EXPECT_GT(inter.dram_backend.at("arbitration.overlapped_requests"), 0);
  EXPECT_GT(inter.dram_backend.at("activates"), 1.2 * in_order.dram_backend.at("activates"));
  EXPECT_EQ(inter.dram_read_bytes, in_order.dram_read_bytes);
  EXPECT_EQ(inter.dram_write_bytes, in_order.dram_write_bytes);
  EXPECT_NEAR(double(inter.cycles) / double(in_order.cycles), 1.0, 0.02);
}
