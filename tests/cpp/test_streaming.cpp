// Row streaming through the vector unit into the MLGRU (docs/recurrence.md, "Vector ops
// stream rows"), and the prefill scaling checks of the recurrence (issue 5): with a slow
// recurrence prefill time is linear in L under `sequential` and sub-linear under `scan`;
// with a free one the recurrence costs no cycles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

RunResult run(const std::string& arch, const std::string& wl, std::vector<std::string> sets = {}) {
  return run_yaml(arch, wl, std::move(sets));
}

RunResult run_files(const std::string& arch_path, const std::string& wl_path, std::vector<std::string> sets) {
  RunRequest req{arch_path, wl_path, std::move(sets)};
  return simulate(req);
}

const OpRecord& rec(const RunResult& r, const std::string& name) {
  auto it = std::find_if(r.op_records.begin(), r.op_records.end(), [&](const OpRecord& o) { return o.name == name; });
  EXPECT_NE(it, r.op_records.end()) << name;
  return *it;
}

std::string arch(const std::string& vector = "{lanes: 64}") {
  // small_arch_yaml has `vector: {lanes: 64}`; swap in the vector block under test.
  std::string a = small_arch_yaml();
  const std::string v = "vector: {lanes: 64}";
  a.replace(a.find(v), v.size(), "vector: " + vector);
  return a + "recurrent: {lanes: 64, ops_per_element: 3, latency: 4}\n";
}

// f: gemm over T x B = 7 x 4 = 28 rows, k = 64 (8 K tiles of 8x8), n = 8 -> sigmoid -> mlgru.
const std::string kChain =
    "name: chain\nops:\n"
    "  - {name: f, kind: gemm, m: 28, n: 8, k: 64, weight: ternary, deps: []}\n"
    "  - {name: s, kind: sigmoid, m: 28, n: 8, deps: [f]}\n"
    "  - {name: h, kind: mlgru, m: 7, n: 8, batch: 4, deps: [s]}\n";
const std::vector<std::string> kSmallAct = {"sram.act_buffer.capacity_kib=1", "dram.channels=16"};

}  // namespace

// Without waiting, a vector op is the closed form passes * m * ceil(n / lanes) + latency,
// whatever the block size: the latency is paid once (first block), later blocks stream
// behind it. sigmoid (1 pass, latency 6) 28 x 8: 28 + 6 = 34; rmsnorm (2 passes, latency 12)
// 10 x 100: 2 x 10 x 2 + 12 = 52.
TEST(Streaming, NoWaitIsClosedForm) {
  const std::string wl = "name: v\nops:\n"
                         "  - {name: s, kind: sigmoid, m: 28, n: 8, deps: []}\n"
                         "  - {name: r, kind: rmsnorm, m: 10, n: 100, deps: []}\n";
  for (const char* v : {"{lanes: 64}", "{lanes: 64, row_block: 4}", "{lanes: 64, row_block: 1}"}) {
    RunResult r = run(arch(v), wl);
    EXPECT_EQ(rec(r, "s").compute_cycles, 34u) << v;
    EXPECT_EQ(rec(r, "s").end_cycle, 34u) << v;
    EXPECT_EQ(rec(r, "r").compute_cycles, 52u) << v;
    EXPECT_EQ(rec(r, "r").end_cycle, 34u + 52u) << v;
  }
  // A producer that is done before the vector op starts: one block, the closed form.
  RunResult r = run(arch(), "name: v\nops:\n"
                            "  - {name: a, kind: sigmoid, m: 28, n: 8, deps: []}\n"
                            "  - {name: b, kind: silu, m: 28, n: 8, deps: [a]}\n");
  EXPECT_EQ(rec(r, "b").start_cycle, 34u);
  EXPECT_EQ(rec(r, "b").compute_cycles, 34u);
}

// gemm (3 passes) -> sigmoid (streams per pass) -> mlgru (per token), hand-derived.
// Act buffer 1 KiB minus the on-chip state 4 x 8 x 16 bit = 64 B -> 960 B. A gemm row is
// 64 B in + 8 x 16 bit out = 80 B -> 12 rows per pass: 12, 12, 4, spilled. The sigmoid
// (28 x 8 x 16 bit, in + out = 896 B) fits on chip. DRAM: 16 channels, every request
// completes 11 cycles after issue (as in test_mlgru). A pass of r rows: read inputs 11,
// compute 1 + 8 r + 4 (first tile load, 8 K tiles streaming r rows each, drain), write 11:
//   pass ends 123, 246, 305 (4 rows: 11 + 37 + 11).
// Sigmoid, 1 cycle per row, latency 6 paid on the first block and on every block it waited
// for (pipeline drained): blocks 12 @123 -> 141, 12 @246 -> 264, 4 @305 -> 315;
// compute 18 + 18 + 10 = 46 = closed form 34 + 2 refills x 6.
// MLGRU: E = 32, step = ceil(96 / 64) + 4 = 6; token t needs sigmoid rows 4 (t + 1):
//   t 0-2 after 141 -> 147, 153, 159; t 3-5 after 264 -> 270, 276, 282; t 6 after 315 -> 321.
TEST(Streaming, GemmSigmoidMlgruFollowsPasses) {
  RunResult r = run(arch(), kChain, kSmallAct);
  const OpRecord& f = rec(r, "f");
  const OpRecord& s = rec(r, "s");
  const OpRecord& h = rec(r, "h");
  EXPECT_EQ(f.passes, 3u);
  EXPECT_EQ(f.end_cycle, 305u);
  EXPECT_EQ(s.ready_cycle, 123u);
  EXPECT_EQ(s.start_cycle, 123u);
  EXPECT_EQ(s.end_cycle, 315u);
  EXPECT_EQ(s.compute_cycles, 46u);
  EXPECT_EQ(s.dram_read_bytes, 0u);
  EXPECT_EQ(h.ready_cycle, 141u);
  EXPECT_EQ(h.start_cycle, 141u);
  EXPECT_LT(h.start_cycle, f.end_cycle);  // the recurrence runs while the projection still computes
  EXPECT_EQ(h.end_cycle, 321u);
  EXPECT_EQ(h.compute_cycles, 7u * 6u);
  EXPECT_EQ(r.cycles, 321u);
}

// vector.row_block: 4 -> sigmoid blocks of 4 rows (one token): 133, 137, 141 (no wait after
// the first), then waits: 246 + 10 = 256, 260, 264; 305 + 10 = 315. The MLGRU now starts at
// 133: t0 133 -> 139, t1 max(137, 139) -> 145, t2 -> 151, t3 256 -> 262, 268, 274, t6 315 -> 321.
// A row_block >= m waits for the whole gemm: one block 305 -> 339, then 7 steps -> 381.
TEST(Streaming, RowBlockSetsTheGranularity) {
  RunResult r = run(arch("{lanes: 64, row_block: 4}"), kChain, kSmallAct);
  EXPECT_EQ(rec(r, "s").end_cycle, 315u);
  EXPECT_EQ(rec(r, "s").compute_cycles, 28u + 3u * 6u);
  EXPECT_EQ(rec(r, "h").start_cycle, 133u);
  EXPECT_EQ(rec(r, "h").end_cycle, 321u);

  RunResult whole = run(arch("{lanes: 64, row_block: 1000}"), kChain, kSmallAct);
  EXPECT_EQ(rec(whole, "s").start_cycle, 305u);
  EXPECT_EQ(rec(whole, "s").end_cycle, 339u);
  EXPECT_EQ(rec(whole, "h").start_cycle, 339u);
  EXPECT_EQ(rec(whole, "h").end_cycle, 339u + 42u);
}

// The shipped MMfreeLM-1.3B prefill layer (T = 128) on the ternary ASIC with a 256 KiB act
// buffer: the f/c projections (k = n = 2048, 6 KiB per row) take several passes, the
// sigmoid/SiLU stream behind them and the recurrence starts before its projections end.
// (Before streaming it started when c_silu had finished, after c_proj.)
TEST(Streaming, ShippedPrefillStartsRecurrenceBeforeProjectionsEnd) {
  RunResult r = run_files(source_path("arch_configs/ternary_asic.yaml"),
                          source_path("workloads/examples/mmfreelm-1.3b_layer_prefill.yaml"),
                          {"sram.act_buffer.capacity_kib=256"});
  const OpRecord& f = rec(r, "l0.tm.f_proj");
  const OpRecord& c = rec(r, "l0.tm.c_proj");
  const OpRecord& h = rec(r, "l0.tm.mlgru");
  EXPECT_GT(f.passes, 1u);
  EXPECT_GT(c.passes, 1u);
  EXPECT_LT(rec(r, "l0.tm.f_sigmoid").start_cycle, f.end_cycle);
  EXPECT_LT(rec(r, "l0.tm.c_silu").start_cycle, c.end_cycle);
  // c_proj runs after f_proj on the one array, so the recurrence (which needs c) follows c's
  // first pass: before c_proj, and the g projection after it, end.
  EXPECT_GT(h.start_cycle, f.end_cycle);
  EXPECT_LT(h.start_cycle, c.end_cycle);
  EXPECT_LT(h.start_cycle, rec(r, "l0.tm.g_proj").start_cycle);
}

namespace {

// One-layer MMfreeLM-370M prefill trace of L tokens from tracegen.
std::string prefill_trace(uint64_t L, const std::string& schedule) {
  const std::string out = temp_dir() + "/prefill_" + schedule + "_" + std::to_string(L) + ".yaml";
  CliResult g = run_cli("trace prefill --model " + source_path("workloads/models/mmfreelm-370m.json") +
                        " --seq-len " + std::to_string(L) + " --layers 1 --no-head --mlgru-schedule " + schedule +
                        " -o " + out);
  EXPECT_EQ(g.exit_code, 0) << g.out;
  return out;
}

}  // namespace

// Recurrence made artificially slow (latency 10^6 cycles per transaction, far above the
// ~10^5-cycle projections of a layer): sequential prefill is T transactions, so time grows
// like L; scan is 2 ceil(log2 L) + 1 transactions, so time grows like log L.
// With the recurrence free (0 ops, 0 latency) the mlgru op has 0 compute cycles, and the rest
// of the layer (linear in L) is what is left: slow - free is the recurrence's cost.
TEST(Streaming, PrefillScalingWithSlowAndFreeRecurrence) {
  const std::vector<uint64_t> lens = {64, 128, 256, 512};
  const std::string arch_path = source_path("arch_configs/ternary_asic.yaml");
  const std::vector<std::string> slow = {"recurrent.latency=1000000"};
  const std::vector<std::string> free = {"recurrent.ops_per_element=0", "recurrent.ops_per_combine=0",
                                         "recurrent.latency=0"};
  std::map<std::string, std::vector<double>> t, rec_cost;
  for (const std::string sched : {"sequential", "scan"}) {
    for (uint64_t L : lens) {
      const std::string wl = prefill_trace(L, sched);
      RunResult r = run_files(arch_path, wl, slow);
      RunResult f = run_files(arch_path, wl, free);
      EXPECT_EQ(rec(f, "l0.tm.mlgru").compute_cycles, 0u) << sched << " L=" << L;
      EXPECT_LT(f.cycles, r.cycles);
      t[sched].push_back(double(r.cycles));
      rec_cost[sched].push_back(double(r.cycles) - double(f.cycles));
    }
  }
  for (size_t i = 1; i < lens.size(); ++i) {
    const double l_ratio = double(lens[i]) / double(lens[0]);
    // sequential: prefill time within 3 % of L / 64
    EXPECT_NEAR(t["sequential"][i] / t["sequential"][0], l_ratio, 0.03 * l_ratio) << lens[i];
    // scan: clearly sub-linear; its recurrence cost follows the transaction count
    // (2 log2 L + 1) / 13 = 15/13, 17/13, 19/13 within 3 %.
    EXPECT_LT(t["scan"][i] / t["scan"][0], 0.6 * l_ratio) << lens[i];
    const double levels = (2.0 * std::log2(double(lens[i])) + 1.0) / 13.0;
    EXPECT_NEAR(rec_cost["scan"][i] / rec_cost["scan"][0], levels, 0.03 * levels) << lens[i];
  }
}
