// Sampled steps of a loop whose shapes change (loop.method: sampled; sim/engine/step_loop.hpp,
// docs/workload_ir.md "Sampled steps"): the interpolated totals stay within the bound the run
// reports, against the same loop simulated step by step; where a step's cost is exactly
// affine in the step index the interpolation is the closed-form sum, exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

std::string llama_loop(uint64_t T) {
  const std::string out = temp_dir() + "/llama2_" + std::to_string(T) + "_loop.yaml";
  CliResult g = run_cli("trace decode --model " + source_path("workloads/models/llama-1.3b.json") +
                        " --context 128 --layers 2 --tokens " + std::to_string(T) + " -o " + out);
  EXPECT_EQ(g.exit_code, 0) << g.out;
  return out;
}

RunResult run_llama(uint64_t T, std::vector<std::string> sets) {
  sets.push_back("array.mac=fp16");
  return simulate(RunRequest{source_path("arch_configs/npu_systolic.yaml"), llama_loop(T), std::move(sets)});
}

double absdiff(double a, double b) { return std::fabs(a - b); }

}  // namespace

// Llama-style, 2 layers + head, fp16 on the NPU baseline: the attention context grows by one
// position per step. Sampling every 8th step after the warm-up, the cycles, energy and DRAM
// bytes stay within the reported bound of the every-step run, the bound is small but not
// zero (the steps do differ), and MACs (known from the shapes) are exact.
TEST(LoopSampling, LlamaSampledStaysWithinItsBound) {
  for (uint64_t T : {65, 129}) {
    SCOPED_TRACE("T = " + std::to_string(T));
    const RunResult ex = run_llama(T, {"loop.method=exact"});
    const RunResult sa = run_llama(T, {"loop.method=sampled", "loop.sample_every=8"});
    ASSERT_TRUE(ex.loop && sa.loop);
    EXPECT_EQ(ex.loop->method, "every_step");
    EXPECT_EQ(ex.loop->simulated_steps, T);
    const LoopStats& l = *sa.loop;
    ASSERT_EQ(l.method, "sampled");
    EXPECT_EQ(l.sample_every, 8u);
    EXPECT_EQ(l.simulated_steps + l.interpolated_steps, T);
    // Warm-up, the probe gap (7 steps), then every 8th step: about T / 8 + 12.
    EXPECT_LE(l.simulated_steps, T / 3);
    EXPECT_GE(l.steady_from_step, 2);

    EXPECT_LE(absdiff(double(sa.cycles), double(ex.cycles)), double(l.bound_cycles));
    EXPECT_GT(l.bound_cycles, 0u);
    EXPECT_LT(double(l.bound_cycles), 0.01 * double(ex.cycles));
    EXPECT_LE(absdiff(double(sa.dram_bytes()), double(ex.dram_bytes())), double(l.bound_dram_bytes));
    EXPECT_GT(l.bound_dram_bytes, 0u);
    ASSERT_TRUE(sa.energy && ex.energy);
    EXPECT_LE(absdiff(sa.energy->energy_j, ex.energy->energy_j), l.bound_energy_j);
    EXPECT_GT(l.bound_energy_j, 0.0);
    EXPECT_LT(l.bound_energy_j, 0.01 * ex.energy->energy_j);
    EXPECT_EQ(sa.useful_macs, ex.useful_macs);
    // ops.csv: one row per body op, each counting all T steps.
    for (const auto& o : sa.op_records) {
      EXPECT_EQ(o.count, T) << o.name;
      EXPECT_EQ(o.first_step, 0) << o.name;
      EXPECT_EQ(o.last_step, int64_t(T - 1)) << o.name;
    }
  }
}

namespace {

// 8x8 ternary array, 64 GB/s DRAM at 1 GHz (1 KiB chunk: 16 + 10 cycles), 8 buffer slots.
std::string affine_arch() {
  return "name: affine\nclock_mhz: 1000\ntech: " + source_path("arch_configs/tech/28nm.yaml") +
         "\narray: {kind: ternary, rows: 8, cols: 8, act_bits: 8, acc_bits: 24}\nvector: {lanes: 64}\n"
         "sram:\n  weight_buffer: {capacity_kib: 64, banks: 1, ports: 1, width_bits: 128}\n"
         "  act_buffer: {capacity_kib: 64, banks: 1, ports: 1, width_bits: 128}\n"
         "dram: {kind: ddr4, channels: 1, bandwidth_gbps: 64, latency_ns: 10, burst_bytes: 64}\n"
         "dma: {buffers: 8}\n";
}

// A step: a 64x64 ternary gemm (69 cycles, its 1 KiB chunk prefetched) waiting for the
// previous step's rmsnorm, then an rmsnorm over 4096 + 64 j elements: 2 passes x
// (64 + j) lane groups + 12 latency = 140 + 2 j cycles. A step takes 209 + 2 j cycles.
std::string affine_loop(uint64_t T) {
  return "name: affine\ntokens: " + std::to_string(T) +
         "\nops:\n  - repeat:\n      body:\n"
         "        - {name: g, kind: gemm, m: 1, n: 64, k: 64, weight: ternary, deps: [], deps_prev: [v]}\n"
         "        - {name: v, kind: rmsnorm, m: 1, n: 4096 + 64*step}\n";
}

}  // namespace

// Per-step cost exactly affine in the step (209 + 2 j cycles, no tile ceiling crossed): the
// closed form sum_j (209 + 2 j) = 209 T + T (T - 1), plus step 0's wait for its first weight
// chunk (16 + 10 cycles), is what the every-step run gives and what sampling every 8th step
// gives too, to the cycle: linear interpolation of an affine cost is its exact sum. The bound
// still says how far it could be had the cost not been affine.
TEST(LoopSampling, AffineStepCostIsSummedExactly) {
  const uint64_t T = 129;  // rmsnorm in+out stays on chip: 2 x 2 x (4096 + 64 x 128) B < 64 KiB
  const uint64_t closed_form = 26 + 209 * T + T * (T - 1);
  const RunResult ex = run_yaml(affine_arch(), affine_loop(T), {"loop.method=exact"});
  const RunResult sa = run_yaml(affine_arch(), affine_loop(T), {"loop.method=sampled", "loop.sample_every=8"});
  ASSERT_TRUE(ex.loop && sa.loop);
  EXPECT_EQ(ex.loop->method, "every_step");
  EXPECT_EQ(ex.cycles, closed_form);
  ASSERT_EQ(sa.loop->method, "sampled");
  EXPECT_EQ(sa.cycles, closed_form);
  // The boundary state repeats at step 2; by then the DMA, 8 one-chunk steps ahead, has set
  // up steps 0..10, so steps 11..17 are the probe gap (k - 1 steps simulated in full) and
  // steps 18.. are sampled: 18 + ceil(111 / 8) = 32 simulated.
  EXPECT_EQ(sa.loop->steady_from_step, 2);
  EXPECT_EQ(sa.loop->simulated_steps, 32u);
  EXPECT_EQ(sa.loop->interpolated_steps, T - 32);
  EXPECT_TRUE(sa.loop->reason.empty()) << sa.loop->reason;  // no boundary-state warning
  // The bound: each gap of g steps between samples 2 g cycles apart adds g x 2g / 2.
  EXPECT_GT(sa.loop->bound_cycles, 0u);
  EXPECT_EQ(sa.dram_read_bytes, ex.dram_read_bytes);
  ASSERT_TRUE(sa.energy && ex.energy);
  EXPECT_NEAR(sa.energy->energy_j, ex.energy->energy_j, 1e-12 * ex.energy->energy_j);
  ASSERT_EQ(sa.op_records.size(), 2u);
  EXPECT_EQ(sa.op_records[1].compute_cycles, ex.op_records[1].compute_cycles);  // sum of 140 + 2 j
  EXPECT_EQ(ex.op_records[1].compute_cycles, 140 * T + T * (T - 1));
}

// The knob: auto samples a changing loop only from 4 x sample_every steps on; a bad value is
// one clear line.
TEST(LoopSampling, MethodKnob) {
  const RunResult a = run_yaml(affine_arch(), affine_loop(40), {"loop.sample_every=10"});
  ASSERT_TRUE(a.loop);
  EXPECT_EQ(a.loop->method, "sampled");
  const RunResult b = run_yaml(affine_arch(), affine_loop(39), {"loop.sample_every=10"});
  ASSERT_TRUE(b.loop);
  EXPECT_EQ(b.loop->method, "every_step");
  EXPECT_EQ(b.loop->reason,
            "op shapes change with the step (growing attention context); fewer than 4 x loop.sample_every steps, "
            "so every step is simulated");
  const std::string arch = write_temp("affine_arch.yaml", affine_arch());
  const std::string wl = write_temp("affine_loop.yaml", affine_loop(8));
  CliResult r = run_cli("run -a " + arch + " -w " + wl + " --set loop.method=fast");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("loop.method"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

// Ops before and after a sampled loop: the op after it waits for the last step's v and is
// shifted by the interpolated steps' cycles; with an affine step cost the run ends exactly
// where the every-step run ends. --per-step keeps the simulated steps' rows only.
TEST(LoopSampling, OpsBeforeAndAfterASampledLoop) {
  const std::string wl = "name: affine2\ntokens: 100\nops:\n  - {name: p, kind: add, m: 1, n: 4096}\n"
                         "  - repeat:\n      body:\n"
                         "        - {name: g, kind: gemm, m: 1, n: 64, k: 64, weight: ternary}\n"
                         "        - {name: v, kind: rmsnorm, m: 1, n: 4096 + 64*step}\n"
                         "  - {name: e, kind: gemm, m: 1, n: 64, k: 128, weight: ternary, deps: [v]}\n"
                         "  - {name: f, kind: add, m: 1, n: 64}\n";
  const RunResult ex = run_yaml(affine_arch(), wl, {"loop.method=exact"});
  const RunResult sa = run_yaml(affine_arch(), wl, {"loop.method=sampled", "loop.sample_every=8"});
  ASSERT_TRUE(sa.loop);
  ASSERT_EQ(sa.loop->method, "sampled");
  EXPECT_EQ(sa.cycles, ex.cycles);
  ASSERT_EQ(sa.op_records.size(), 5u);
  ASSERT_EQ(ex.op_records.size(), 5u);
  for (size_t i : {0, 3, 4}) {
    EXPECT_EQ(sa.op_records[i].name, ex.op_records[i].name);
    EXPECT_EQ(sa.op_records[i].start_cycle, ex.op_records[i].start_cycle) << sa.op_records[i].name;
    EXPECT_EQ(sa.op_records[i].end_cycle, ex.op_records[i].end_cycle) << sa.op_records[i].name;
  }
  EXPECT_EQ(sa.op_records[2].count, 100u);
  EXPECT_EQ(sa.op_records[2].compute_cycles, ex.op_records[2].compute_cycles);  // sum of 140 + 2 j
  EXPECT_EQ(ex.op_records[2].compute_cycles, 140u * 100 + 100 * 99);
}
