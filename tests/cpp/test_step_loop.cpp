// repeat: loops (docs/workload_ir.md, "Loops"): a loop and the unrolled op list it stands for
// give the same cycles, energy, DRAM bytes and event counts, whether the engine simulated
// every step or extrapolated the steady state (sim/engine/step_loop.hpp).
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

// tracegen decode trace: the loop form (T > 1) or, with unroll, every step written out.
std::string decode_trace(const std::string& model, uint64_t T, bool unroll, const std::string& extra = "") {
  const std::string out = temp_dir() + "/" + model + "_" + std::to_string(T) + (unroll ? "_unrolled" : "_loop") +
                          std::to_string(std::hash<std::string>()(extra)) + ".yaml";
  CliResult g = run_cli("trace decode --model " + source_path("workloads/models/" + model + ".json") +
                        " --context 128 --tokens " + std::to_string(T) + (unroll ? " --unroll " : " ") + extra +
                        " -o " + out);
  EXPECT_EQ(g.exit_code, 0) << g.out;
  return out;
}

// The loop form at T steps: tracegen writes T = 1 as a plain list, so T = 1 takes the
// 2-step loop with tokens (and so its step count) set to 1.
std::string loop_trace(const std::string& model, uint64_t T, const std::string& extra = "") {
  if (T > 1) return decode_trace(model, T, false, extra);
  std::string text = read_file(decode_trace(model, 2, false, extra));
  text = std::regex_replace(text, std::regex("\ntokens: 2\n"), "\ntokens: 1\n");
  return write_temp(model + "_1_loop" + std::to_string(std::hash<std::string>()(extra)) + ".yaml", text);
}

RunResult run_file(const std::string& arch, const std::string& wl, std::vector<std::string> sets = {}) {
  return simulate(RunRequest{source_path("arch_configs/" + arch), wl, std::move(sets)});
}

void expect_same_run(const RunResult& loop, const RunResult& unrolled, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(loop.cycles, unrolled.cycles);
  ASSERT_TRUE(loop.energy && unrolled.energy);
  EXPECT_EQ(loop.energy->energy_j, unrolled.energy->energy_j);  // bit for bit
  EXPECT_EQ(loop.energy->energy_breakdown_j, unrolled.energy->energy_breakdown_j);
  EXPECT_EQ(loop.dram_read_bytes, unrolled.dram_read_bytes);
  EXPECT_EQ(loop.dram_write_bytes, unrolled.dram_write_bytes);
  EXPECT_EQ(loop.dram_busy_cycles, unrolled.dram_busy_cycles);
  EXPECT_EQ(loop.events.counts, unrolled.events.counts);
  EXPECT_EQ(loop.ops, unrolled.ops);
  EXPECT_EQ(loop.useful_macs, unrolled.useful_macs);
  ASSERT_EQ(loop.units.size(), unrolled.units.size());
  for (const auto& [name, u] : unrolled.units) {
    EXPECT_EQ(loop.units.at(name).busy_cycles, u.busy_cycles) << name;
    EXPECT_EQ(loop.units.at(name).ops, u.ops) << name;
  }
}

}  // namespace

// MMfreeLM-370M (24 layers + head): its steps are identical, so past the warm-up the engine
// extrapolates; the result equals the unrolled run's exactly.
TEST(StepLoop, Mmfreelm370mLoopEqualsUnrolled) {
  for (uint64_t T : {1, 2, 3, 17, 64}) {
    const RunResult loop = run_file("ternary_asic.yaml", loop_trace("mmfreelm-370m", T));
    const RunResult unrolled = run_file("ternary_asic.yaml", decode_trace("mmfreelm-370m", T, true));
    expect_same_run(loop, unrolled, "T = " + std::to_string(T));
    ASSERT_TRUE(loop.loop);
    EXPECT_EQ(loop.loop->steps, T);
    EXPECT_EQ(loop.loop->simulated_steps + loop.loop->extrapolated_steps, T);
    // One row per body op, each executed T times.
    for (const auto& o : loop.op_records) EXPECT_EQ(o.count, T) << o.name;
    if (T == 64) {
      EXPECT_EQ(loop.loop->method, "exact_steady_state");
      EXPECT_GT(loop.loop->extrapolated_steps, 50u);
      // The extrapolation adds whole steps: the run ends step_cycles x extrapolated later
      // than a run of the simulated steps alone would.
      EXPECT_GT(loop.loop->step_cycles, 0u);
    }
    if (T <= 3) {
      EXPECT_EQ(loop.loop->method, "every_step");
    }
  }
}

// Llama-style model (2 layers + head, fp16 on the NPU baseline) with a growing KV cache: every
// step's attention reads one more context position, so every step is simulated.
TEST(StepLoop, LlamaGrowingContextLoopEqualsUnrolled) {
  for (uint64_t T : {1, 5, 33}) {
    const RunResult loop = run_file("npu_systolic.yaml", loop_trace("llama-1.3b", T, "--layers 2"), {"array.mac=fp16"});
    const RunResult unrolled =
        run_file("npu_systolic.yaml", decode_trace("llama-1.3b", T, true, "--layers 2"), {"array.mac=fp16"});
    expect_same_run(loop, unrolled, "T = " + std::to_string(T));
    ASSERT_TRUE(loop.loop);
    EXPECT_EQ(loop.loop->method, "every_step");
    EXPECT_EQ(loop.loop->simulated_steps, T);
    if (T > 1) {
      // loop.method auto samples only from 4 x loop.sample_every (32) steps on.
      EXPECT_EQ(loop.loop->reason,
                "op shapes change with the step (growing attention context); fewer than 4 x loop.sample_every steps, "
                "so every step is simulated");
    }
  }
}

namespace {

// 8x8 ternary array, 8 weight-buffer slots, DRAM at `gbps` GB/s (1 GHz clock).
std::string warmup_arch(const std::string& gbps) {
  return "name: warmup\nclock_mhz: 1000\ntech: " + source_path("arch_configs/tech/28nm.yaml") +
         "\narray: {kind: ternary, rows: 8, cols: 8, act_bits: 8, acc_bits: 24}\nvector: {lanes: 64}\n"
         "sram:\n  weight_buffer: {capacity_kib: 64, banks: 1, ports: 1, width_bits: 128}\n"
         "  act_buffer: {capacity_kib: 64, banks: 1, ports: 1, width_bits: 128}\n"
         "dram: {kind: ddr4, channels: 1, bandwidth_gbps: " + gbps + ", latency_ns: 10, burst_bytes: 64}\n"
         "dma: {buffers: 8}\n";
}

// A step: a 64x64 ternary gemm (one 1 KiB weight chunk) waiting for the previous step's
// rmsnorm, then that rmsnorm (4096 elements, 140 cycles on 64 lanes).
std::string warmup_loop(uint64_t T) {
  return "name: warmup\ntokens: " + std::to_string(T) +
         "\nops:\n  - repeat:\n      body:\n"
         "        - {name: g, kind: gemm, m: 1, n: 64, k: 64, weight: ternary, deps: [], deps_prev: [v]}\n"
         "        - {name: v, kind: rmsnorm, m: 1, n: 4096}\n";
}

std::string warmup_unrolled(uint64_t T) {
  std::string s = "name: warmup\ntokens: " + std::to_string(T) + "\nops:\n";
  for (uint64_t j = 0; j < T; ++j) {
    const std::string t = "t" + std::to_string(j) + ".";
    s += "  - {name: " + t + "g, kind: gemm, m: 1, n: 64, k: 64, weight: ternary, deps: [" +
         (j ? "t" + std::to_string(j - 1) + ".v" : "") + "]}\n  - {name: " + t + "v, kind: rmsnorm, m: 1, n: 4096}\n";
  }
  return s;
}

}  // namespace

// The DMA may run 8 one-chunk steps ahead. At 8 GB/s a chunk takes 128 + 10 cycles of a
// 209-cycle step, so the look-ahead fills slowly: the chunks in flight arrive a little
// earlier relative to each boundary, step after step, and the boundary state first repeats
// at step 13 (steps run 209 cycles apart from step 1 on, so the timing alone would have
// looked steady 11 steps too early). Extrapolation starts there, never before, and every
// run equals the unrolled one. At 64 GB/s the look-ahead is full at once: steady from step 2.
TEST(StepLoop, ExtrapolatesOnlyOnceTheDmaWarmUpRepeats) {
  for (uint64_t T : {14, 24, 40}) {
    const RunResult loop = run_yaml(warmup_arch("8"), warmup_loop(T));
    const RunResult unrolled = run_yaml(warmup_arch("8"), warmup_unrolled(T));
    expect_same_run(loop, unrolled, "T = " + std::to_string(T));
    ASSERT_TRUE(loop.loop);
    if (T == 14) {  // the state repeats at step 13, too late to skip anything
      EXPECT_EQ(loop.loop->method, "every_step");
      EXPECT_EQ(loop.loop->simulated_steps, 14u);
    } else {
      EXPECT_EQ(loop.loop->method, "exact_steady_state");
      EXPECT_EQ(loop.loop->steady_from_step, 13);
      EXPECT_EQ(loop.loop->step_cycles, 209u);
      // Simulated: steps 0..12, then a tail of the DMA look-ahead window (8 one-chunk
      // steps + the op it holds = 9) plus one step; T = 24 is the shortest that skips one.
      EXPECT_EQ(loop.loop->simulated_steps, 13u + 10u);
      EXPECT_EQ(loop.loop->extrapolated_steps, T - 23);
    }
  }
  const RunResult fast = run_yaml(warmup_arch("64"), warmup_loop(40));
  ASSERT_TRUE(fast.loop);
  EXPECT_EQ(fast.loop->steady_from_step, 2);
  EXPECT_EQ(fast.cycles, run_yaml(warmup_arch("64"), warmup_unrolled(40)).cycles);
}

TEST(StepLoop, BadLoopInputIsOneClearLine) {
  const std::string head = "name: w\nops:\n  - repeat:\n      steps: 4\n      body:\n";
  auto err = [&](const std::string& body) {
    CliResult r = run_cli("run -a " + source_path("arch_configs/ternary_asic.yaml") + " -w " +
                          write_temp("bad_loop.yaml", head + body));
    EXPECT_EQ(r.exit_code, 2);
    return r.out;
  };
  const std::string wl = temp_dir() + "/bad_loop.yaml";
  EXPECT_EQ(err("        - {name: a, kind: add, m: 1, n: 128 + stepz}\n"),
            "error: " + wl + ":6:38: ops[0].repeat.body[0].n: expected an integer or an expression like "
            "'128 + step' or '64 + 8*step', got '128 + stepz'\n");
  EXPECT_EQ(err("        - {name: a, kind: add, m: 1, n: 8, deps_prev: [b]}\n"),
            "error: " + wl + ":6:44: ops[0].repeat.body[0].deps_prev: 'b' is not the name of an op in this repeat "
            "body (did you mean 'a'?)\n");
  EXPECT_EQ(err("        - {name: a, kind: add, m: 1, n: 2000000000 + 1000000000*step}\n"),
            "error: " + wl + ":6:38: ops[0].repeat.body[0].n: '2000000000 + 1000000000*step' is 5000000000 at step 3, "
            "outside [1, 2^31]\n");
  // A name used in the body may not be reused after the loop.
  EXPECT_EQ(err("        - {name: a, kind: add, m: 1, n: 2 + 0*step}\n        - {name: b, kind: add, m: 1, n: 8}\n"
                "  - {name: a, kind: add, m: 1, n: 8}\n"),
            "error: " + wl + ":8:6: ops[1].name: duplicate op name 'a'\n");
}

// ops.csv: by default one row per body op (count, first/last step, sums); with --per-step one
// row per op per step, the same rows as the unrolled run's (extrapolated steps included),
// plus the three loop columns.
TEST(StepLoop, OpsCsvPerBodyOpAndPerStep) {
  const std::string arch = write_temp("warmup_arch.yaml", warmup_arch("8"));
  const std::string loop = write_temp("warmup_loop30.yaml", warmup_loop(30));
  const std::string unrolled = write_temp("warmup_unrolled30.yaml", warmup_unrolled(30));
  const std::string d = temp_dir() + "/ops_csv";
  ASSERT_EQ(run_cli("run -a " + arch + " -w " + loop + " -o " + d + "/body").exit_code, 0);
  ASSERT_EQ(run_cli("run -a " + arch + " -w " + loop + " --per-step -o " + d + "/step").exit_code, 0);
  ASSERT_EQ(run_cli("run -a " + arch + " -w " + unrolled + " -o " + d + "/unrolled").exit_code, 0);
  auto lines = [](const std::string& path) {
    std::vector<std::string> v;
    std::istringstream in(read_file(path));
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  };
  const auto body = lines(d + "/body/ops.csv"), step = lines(d + "/step/ops.csv"), unr = lines(d + "/unrolled/ops.csv");
  ASSERT_EQ(body.size(), 3u);
  EXPECT_EQ(body[0].substr(body[0].rfind(",energy_j")), ",energy_j,ops,count,first_step,last_step");
  // g: 30 x 69 compute cycles, 138 stall cycles in step 0 only (its chunk's 128 + 10 DRAM
  // cycles), 30 x 1 KiB of weights; first start 0, last end = the run's end.
  EXPECT_EQ(body[1].substr(0, body[1].find(",1.000000")), "g,gemm,array,0,6268,2208,2070,138,30720,0,245760,64,1");
  EXPECT_EQ(body[1].substr(body[1].size() - 8), ",30,0,29");
  ASSERT_EQ(step.size(), unr.size());
  auto without_loop_columns = [](std::string s) {
    for (int i = 0; i < 3; ++i) s.erase(s.rfind(','));
    return s;
  };
  for (size_t i = 0; i < unr.size(); ++i) EXPECT_EQ(without_loop_columns(step[i]), unr[i]) << "row " << i;
}

// Ops before and after the loop: the first body op (no deps) waits for the op before the loop
// in step 0 and for the previous step's last op later; the op after the loop waits for the
// last step's v. The 40-step loop still extrapolates and equals the unrolled list.
TEST(StepLoop, OpsBeforeAndAfterTheLoop) {
  const std::string before = "  - {name: p, kind: add, m: 1, n: 4096}\n";
  const std::string after_ops = "  - {name: f, kind: add, m: 1, n: 64}\n";
  const std::string loop = "name: w\ntokens: 40\nops:\n" + before +
                           "  - repeat:\n      body:\n"
                           "        - {name: g, kind: gemm, m: 1, n: 64, k: 64, weight: ternary}\n"
                           "        - {name: v, kind: rmsnorm, m: 1, n: 4096}\n"
                           "  - {name: e, kind: gemm, m: 1, n: 64, k: 128, weight: ternary, deps: [v]}\n" + after_ops;
  std::string unrolled = "name: w\ntokens: 40\nops:\n" + before;
  for (int j = 0; j < 40; ++j)
    unrolled += "  - {name: t" + std::to_string(j) + ".g, kind: gemm, m: 1, n: 64, k: 64, weight: ternary}\n  - {name: t" +
                std::to_string(j) + ".v, kind: rmsnorm, m: 1, n: 4096}\n";
  unrolled += "  - {name: e, kind: gemm, m: 1, n: 64, k: 128, weight: ternary, deps: [t39.v]}\n" + after_ops;
  const RunResult l = run_yaml(warmup_arch("8"), loop);
  const RunResult u = run_yaml(warmup_arch("8"), unrolled);
  expect_same_run(l, u, "before/after");
  ASSERT_TRUE(l.loop);
  EXPECT_EQ(l.loop->method, "exact_steady_state");
  EXPECT_EQ(l.loop->steady_from_step, 13);
  // Rows: p, then g and v (40 each), then e and f.
  ASSERT_EQ(l.op_records.size(), 5u);
  EXPECT_EQ(l.op_records[0].name, "p");
  EXPECT_EQ(l.op_records[1].count, 40u);
  EXPECT_EQ(l.op_records[3].name, "e");
  EXPECT_EQ(l.op_records[3].end_cycle, u.op_records[81].end_cycle);
  EXPECT_EQ(l.op_records[4].end_cycle, u.cycles);
}

// The calibrated model's idle gaps (DramModel::idle_gaps: precharged time, re-opened rows) are
// extrapolated over the skipped steps like the busy cycles: the loop's equal the unrolled run's
// (to rounding: k x one step's against their sum), and so does the DRAM energy they price.
TEST(StepLoop, CalibratedIdleStandbyLoopEqualsUnrolled) {
  const std::string arch = "ternary_asic_hbm3_r2_calibrated.yaml";  // re-opened rows too (reopen_activate_pj > 0)
  const RunResult loop = run_file(arch, loop_trace("mmfreelm-370m", 64));
  const RunResult unrolled = run_file(arch, decode_trace("mmfreelm-370m", 64, true));
  ASSERT_TRUE(loop.loop);
  EXPECT_EQ(loop.loop->method, "exact_steady_state");
  EXPECT_GT(loop.loop->extrapolated_steps, 50u);
  EXPECT_EQ(loop.cycles, unrolled.cycles);
  EXPECT_GT(unrolled.dram_idle.precharged_cycles, 0);
  EXPECT_GT(unrolled.dram_idle.reopened_gaps, 0);
  EXPECT_NEAR(loop.dram_idle.precharged_cycles, unrolled.dram_idle.precharged_cycles,
              1e-9 * unrolled.dram_idle.precharged_cycles);
  EXPECT_NEAR(loop.dram_idle.reopened_gaps, unrolled.dram_idle.reopened_gaps, 1e-9 * unrolled.dram_idle.reopened_gaps);
  ASSERT_TRUE(loop.energy && unrolled.energy);
  for (const char* part : {"background", "activate_precharge"})
    EXPECT_NEAR(loop.energy->dram_breakdown_j.at(part), unrolled.energy->dram_breakdown_j.at(part),
                1e-9 * unrolled.energy->dram_breakdown_j.at(part))
        << part;
}
