// repeat: loops (docs/workload_ir.md, "Loops"): a loop and the unrolled op list it stands for
// give the same cycles, energy, DRAM bytes and event counts, whether the engine simulated
// every step or extrapolated the steady state (sim/engine/step_loop.hpp).
#include <gtest/gtest.h>

#include <regex>

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
// 2-step loop with its step count set to 1.
std::string loop_trace(const std::string& model, uint64_t T, const std::string& extra = "") {
  if (T > 1) return decode_trace(model, T, false, extra);
  std::string text = read_file(decode_trace(model, 2, false, extra));
  text = std::regex_replace(text, std::regex("\n    steps: 2\n"), "\n    steps: 1\n");
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
    if (T <= 3) EXPECT_EQ(loop.loop->method, "every_step");
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
    if (T > 1) EXPECT_EQ(loop.loop->reason, "op shapes change with the step (growing attention context)");
  }
}
