// The MLGRU recurrence: step and scan closed forms, the token-level event chain behind the
// projections' passes, state in DRAM, and the on-chip state reservation. docs/recurrence.md.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/config/config_error.hpp"
#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

RunResult run(const std::string& arch, const std::string& wl, std::vector<std::string> sets = {}) {
  return run_yaml(arch, wl, std::move(sets));
}

std::string arch_with(const std::string& recurrent) { return small_arch_yaml() + "recurrent: " + recurrent + "\n"; }

std::string mlgru_op(uint64_t tokens, uint64_t n, uint64_t batch, const std::string& extra = "",
                     const std::string& deps = "[]") {
  return "  - {name: h, kind: mlgru, m: " + std::to_string(tokens) + ", n: " + std::to_string(n) +
         ", batch: " + std::to_string(batch) + extra + ", deps: " + deps + "}\n";
}

std::string one_mlgru(uint64_t tokens, uint64_t n, uint64_t batch, const std::string& extra = "") {
  return "name: rec\nops:\n" + mlgru_op(tokens, n, batch, extra);
}

const OpRecord& rec(const RunResult& r, const std::string& name) {
  auto it = std::find_if(r.op_records.begin(), r.op_records.end(), [&](const OpRecord& o) { return o.name == name; });
  EXPECT_NE(it, r.op_records.end()) << name;
  return *it;
}

}  // namespace

// Decode step: E = batch x d = 2 x 256 = 512 elements, 3 ops each on 64 lanes:
//   ceil(1536 / 64) + 4 = 28.   E = 3 x 100 = 300: ceil(900 / 64) + 4 = 15 + 4 = 19.
TEST(Mlgru, DecodeStepIsClosedForm) {
  RunResult r = run(arch_with("{lanes: 64, ops_per_element: 3, latency: 4}"), one_mlgru(1, 256, 2));
  EXPECT_EQ(r.cycles, 28u);
  EXPECT_EQ(r.op_records[0].compute_cycles, 28u);
  EXPECT_DOUBLE_EQ(r.op_records[0].ops, 1536.0);
  RunResult r2 = run(arch_with("{lanes: 64, ops_per_element: 3, latency: 4}"), one_mlgru(1, 100, 3));
  EXPECT_EQ(r2.cycles, 19u);
}

// Sequential prefill with its inputs already there: T steps back to back.
// E = 64: step = ceil(192 / 64) + 4 = 7; T = 10 -> 70.
TEST(Mlgru, SequentialPrefillIsTokensTimesStep) {
  RunResult r = run(arch_with("{lanes: 64, ops_per_element: 3, latency: 4}"), one_mlgru(10, 64, 1));
  EXPECT_EQ(r.cycles, 70u);
  EXPECT_EQ(r.op_records[0].compute_cycles, 70u);
  EXPECT_EQ(r.op_records[0].stall_cycles, 0u);
}

// A free recurrence (0 ops, 0 latency) costs no cycles.
TEST(Mlgru, FreeRecurrenceCostsNothing) {
  RunResult r = run(arch_with("{lanes: 64, ops_per_element: 0, ops_per_combine: 0, latency: 0}"), one_mlgru(100, 64, 1));
  EXPECT_EQ(r.cycles, 0u);
}

// Token-level overlap with multi-pass projections.
// f, c: gemm m = T x B = 16 x 8 = 128 rows, k = n = 8 (one 8x8 tile of 16 B, one chunk).
// Act buffer 1 KiB minus the on-chip state 8 x 8 x 16 bit = 128 B -> 896 B; one row is
// 8 B in + 16 B out = 24 B -> 37 rows per pass: passes of 37, 37, 37, 17 rows, spilled.
// DRAM: 16 channels of 64 B/cycle, latency 10; no request has more than 16 bursts nor
// meets a busy channel, so every request completes 1 + 10 = 11 cycles after it is issued.
// A pass of r rows: read inputs (11), compute 1 + r + 4 (load, stream, drain; chunk already
// there), write outputs (11): 64 cycles for 37 rows, 44 for 17.
//   f passes end 64, 128, 192, 236;  c (starts at 236) passes end 300, 364, 428, 472.
// Token t needs rows 8 (t + 1) of both: t 0-3 in pass 0, 4-8 in pass 1, 9-12 in 2, 13-15 in 3,
// so its inputs are there at c's pass end. step = ceil(64 x 3 / 64) + 9 = 12 and
//   end(t) = max(pass_end(t), end(t-1)) + 12
// -> 312 .. 348, 376 .. 424, 440 .. 476, 488, 500, 512 (t 9 waits for the pass, t 13 for h_12).
TEST(Mlgru, SequentialFollowsProjectionPasses) {
  std::string arch = arch_with("{lanes: 64, ops_per_element: 3, latency: 9}");
  std::string wl = "name: overlap\nops:\n"
                   "  - {name: f, kind: gemm, m: 128, n: 8, k: 8, weight: ternary, deps: []}\n"
                   "  - {name: c, kind: gemm, m: 128, n: 8, k: 8, weight: ternary, deps: []}\n" +
                   mlgru_op(16, 8, 8, "", "[f, c]");
  std::vector<std::string> sets = {"sram.act_buffer.capacity_kib=1", "dram.channels=16"};
  RunResult r = run(arch, wl, sets);
  EXPECT_EQ(rec(r, "f").passes, 4u);
  EXPECT_EQ(rec(r, "f").end_cycle, 236u);
  EXPECT_EQ(rec(r, "c").end_cycle, 472u);

  const uint64_t c_pass_end[4] = {300, 364, 428, 472};
  auto pass_of_token = [](uint64_t t) -> int { return t <= 3 ? 0 : t <= 8 ? 1 : t <= 12 ? 2 : 3; };
  uint64_t h = 0;
  for (uint64_t t = 0; t < 16; ++t) h = std::max(c_pass_end[pass_of_token(t)], h) + 12;
  EXPECT_EQ(h, 512u);

  const OpRecord& m = rec(r, "h");
  EXPECT_EQ(m.ready_cycle, 300u);  // token 0's rows, long before the projections end
  EXPECT_EQ(m.start_cycle, 300u);
  EXPECT_LT(m.start_cycle, rec(r, "c").end_cycle);
  EXPECT_EQ(m.end_cycle, h);
  EXPECT_EQ(m.compute_cycles, 16u * 12u);
  EXPECT_EQ(r.cycles, 512u);

  // The scan needs every f_t and c_t: it starts when c is done.
  RunResult s = run(arch, "name: overlap\nops:\n"
                          "  - {name: f, kind: gemm, m: 128, n: 8, k: 8, weight: ternary, deps: []}\n"
                          "  - {name: c, kind: gemm, m: 128, n: 8, k: 8, weight: ternary, deps: []}\n" +
                              mlgru_op(16, 8, 8, ", schedule: scan", "[f, c]"),
                    sets);
  EXPECT_EQ(rec(s, "h").start_cycle, 472u);
}

// Scan closed form: T = 16 -> L = 4, P = 16; E = 64, 64 lanes, 3 ops per combine, latency 4:
//   level(c) = ceil(c x 64 x 3 / 64) + 4 = 3c + 4
//   up 8, 4, 2, 1 -> 28 + 16 + 10 + 7 = 61; down 1, 2, 4, 8 -> 61; apply ceil(16 x 192 / 64) + 4 = 52
//   = 174 > sequential 16 x 7 = 112 (too few lanes to gain from the parallelism).
// Extra work: 2 (P - 1) = 30 combines x 64 elements x 3 ops on top of the 16 x 64 x 3.
TEST(Mlgru, ScanIsClosedForm) {
  std::string arch = arch_with("{lanes: 64, ops_per_element: 3, ops_per_combine: 3, latency: 4}");
  RunResult r = run(arch, one_mlgru(16, 64, 1, ", schedule: scan"));
  EXPECT_EQ(r.cycles, 174u);
  EXPECT_DOUBLE_EQ(r.op_records[0].ops, 16.0 * 64 * 3 + 30.0 * 64 * 3);
  RunResult s = run(arch, one_mlgru(16, 64, 1));
  EXPECT_EQ(s.cycles, 112u);
  // T = 5 pads to P = 8: up 4, 2, 1 -> 16 + 10 + 7; down 7 + 10 + 16; apply ceil(5 x 192 / 64) + 4 = 19.
  EXPECT_EQ(run(arch, one_mlgru(5, 64, 1, ", schedule: scan")).cycles, 66u + 19u);
}

// With 4096 lanes a level of c combines over E = 64 costs ceil(192 c / 4096) + 4.
//   T = 256: up 128 -> 10, 64 -> 7, 32 -> 6, 16 .. 1 -> 5 x 5 = 48; down 48; apply
//   ceil(256 x 192 / 4096) + 4 = 16 -> 112, against sequential 256 x (1 + 4) = 1280.
//   T = 2: up 5, down 5, apply 5 -> 15 against sequential 2 x 5 = 10.
TEST(Mlgru, ScanBeatsSequentialOnlyForLongSequences) {
  std::string arch = arch_with("{lanes: 4096, ops_per_element: 3, ops_per_combine: 3, latency: 4}");
  EXPECT_EQ(run(arch, one_mlgru(256, 64, 1, ", schedule: scan")).cycles, 112u);
  EXPECT_EQ(run(arch, one_mlgru(256, 64, 1)).cycles, 1280u);
  EXPECT_EQ(run(arch, one_mlgru(2, 64, 1, ", schedule: scan")).cycles, 15u);
  EXPECT_EQ(run(arch, one_mlgru(2, 64, 1)).cycles, 10u);
}

// State in DRAM: h = 256 x 16 bit = 512 B = 8 bursts on the idle 64 B/cycle channel:
// 8 + 10 latency = 18 cycles before (read h_(t-1)) and after (write h_t) each
// ceil(768 / 64) + 4 = 16-cycle step -> 52 per token.
TEST(Mlgru, StateInDramAddsTransferPerStep) {
  std::string arch = arch_with("{lanes: 64, ops_per_element: 3, latency: 4}");
  RunResult d = run(arch, one_mlgru(1, 256, 1, ", state: dram"));
  EXPECT_EQ(d.cycles, 52u);
  EXPECT_EQ(d.op_records[0].compute_cycles, 16u);
  EXPECT_EQ(d.dram_read_bytes, 512u);
  EXPECT_EQ(d.dram_write_bytes, 512u);
  RunResult p = run(arch, one_mlgru(3, 256, 1, ", state: dram"));
  EXPECT_EQ(p.cycles, 3u * 52u);
  EXPECT_EQ(p.dram_read_bytes, 3u * 512u);
  EXPECT_EQ(run(arch, one_mlgru(3, 256, 1)).cycles, 3u * 16u);
  // Scan: the initial state once before, the final state once after.
  // T = 3 -> P = 4: up 2 -> 28, 1 -> 16; down 16, 28; apply ceil(3 x 768 / 64) + 4 = 40 -> 128.
  RunResult s = run(arch, one_mlgru(3, 256, 1, ", state: dram, schedule: scan"));
  EXPECT_EQ(s.cycles, 18u + 128u + 18u);
}

// On-chip state counts against the act buffer: 64 KiB holds 8 x 4096 x 16 bit = 64 KiB
// exactly (fits), one more sequence does not -> MappingError naming the way out.
TEST(Mlgru, OnChipStateMustFitTheActBuffer) {
  std::string arch = arch_with("{lanes: 64}");
  EXPECT_NO_THROW(run(arch, one_mlgru(1, 4096, 8)));
  try {
    run(arch, one_mlgru(1, 4096, 9));
    FAIL() << "expected MappingError";
  } catch (const MappingError& e) {
    EXPECT_NE(std::string(e.what()).find("73728 bytes"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("state: dram"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(run(arch, one_mlgru(1, 4096, 9, ", state: dram")));
  // Steps of a multi-step decode trace (t<j>.<op>) share their layer's state: 2 x 36 KiB fit.
  std::string steps = "name: rec\nops:\n"
                      "  - {name: t0.l0.tm.mlgru, kind: mlgru, m: 1, n: 4608, batch: 4, deps: []}\n"
                      "  - {name: t1.l0.tm.mlgru, kind: mlgru, m: 1, n: 4608, batch: 4}\n";
  EXPECT_NO_THROW(run(arch, steps));
}

TEST(Mlgru, UnknownRecurrentKeyIsAnError) {
  try {
    run(arch_with("{lane: 64}"), one_mlgru(1, 64, 1));
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("lanes"), std::string::npos) << e.what();
  }
}

TEST(Mlgru, TraceCommandRunsTracegen) {
  CliResult help = run_cli("trace --help");
  EXPECT_EQ(help.exit_code, 0) << help.out;
  EXPECT_NE(help.out.find("usage: tracegen"), std::string::npos) << help.out;
  CliResult info = run_cli("trace info --model " + source_path("workloads/models/mmfreelm-370m.json"));
  EXPECT_EQ(info.exit_code, 0) << info.out;
  EXPECT_NE(info.out.find("hidden_size: 1024"), std::string::npos) << info.out;
  CliResult bad = run_cli("trace prefill --model /nonexistent.json --seq-len 4 -o -");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.out.find("tracegen"), std::string::npos) << bad.out;
}
