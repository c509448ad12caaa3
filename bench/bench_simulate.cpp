// Simulation speed: wall time per run and simulated cycles per wall second.
// Each iteration is a full forked run (load, map, elaborate, simulate, collect), as a sweep
// point would be. Run: build/ternsim_bench  (README, "Benchmarks").
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

#include "sim/engine/simulate.hpp"

namespace {

using ternsim::RunRequest;

std::string src(const std::string& rel) { return std::string(TERNSIM_SOURCE_DIR) + "/" + rel; }

void run_case(benchmark::State& state, const std::string& label, const std::string& arch,
              const std::string& workload, const char* set) {
  RunRequest req{src(arch), src(workload), {}};
  if (set) req.overrides.push_back(set);
  uint64_t cycles = 0, sim_us = 0, deltas = 0, rss_kb = 0;
  for (auto _ : state) {
    auto r = ternsim::simulate(req);
    cycles = r.cycles;
    sim_us += r.sim_wall_us;
    deltas = r.sim_delta_cycles;
    rss_kb = std::max<uint64_t>(rss_kb, r.sim_peak_rss_kb);
    benchmark::DoNotOptimize(cycles);
  }
  state.SetLabel(label + " | " + arch.substr(arch.rfind('/') + 1));
  state.counters["delta_cycles"] = double(deltas);
  state.counters["peak_rss_mb"] = double(rss_kb) / 1024.0;
  state.counters["sim_cycles"] = double(cycles);
  state.counters["sim_cycles_per_s"] =
      benchmark::Counter(double(cycles) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["in_child_ms"] = double(sim_us) / 1000.0 / state.iterations();
}

// name, arch, workload. The int8 NPU baseline runs the BitLinear-head traces (an int8 array
// rejects an fp16 head).
const struct Case {
  const char* name;
  const char* label;  // the row title scripts/bench.sh prints
  const char* arch;
  const char* workload;
  const char* set = nullptr;  // one --set override, or none
} kCases[] = {
    {"DecoderLayerDecode", "MMfreeLM-1.3B, one layer, decode", "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-1.3b_layer_decode.yaml"},
    {"DecoderLayerPrefill128", "MMfreeLM-1.3B, one layer, prefill 128", "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-1.3b_layer_prefill.yaml"},
    {"MMfreeLM370M_Decode", "MMfreeLM-370M decode, 1 token", "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-370m_decode.yaml"},
    {"MMfreeLM1p3B_Decode", "MMfreeLM-1.3B decode, 1 token", "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-1.3b_decode.yaml"},
    {"MMfreeLM2p7B_Decode", "MMfreeLM-2.7B decode, 1 token", "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-2.7b_decode.yaml"},
    {"MMfreeLM1p3B_Prefill512", "MMfreeLM-1.3B prefill 512, sequential", "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-1.3b_prefill512.yaml"},
    {"MMfreeLM1p3B_Prefill512_Scan", "MMfreeLM-1.3B prefill 512, scan", "arch_configs/ternary_asic.yaml",
     "workloads/examples/mmfreelm-1.3b_prefill512_scan.yaml"},
    {"Systolic_MMfreeLM370M_Decode", "MMfreeLM-370M decode (BitLinear head)", "arch_configs/npu_systolic.yaml",
     "workloads/examples/mmfreelm-370m_decode_bitlinear_head.yaml"},
    {"Systolic_MMfreeLM1p3B_Decode", "MMfreeLM-1.3B decode (BitLinear head)", "arch_configs/npu_systolic.yaml",
     "workloads/examples/mmfreelm-1.3b_decode_bitlinear_head.yaml"},
    {"Systolic_MMfreeLM2p7B_Decode", "MMfreeLM-2.7B decode (BitLinear head)", "arch_configs/npu_systolic.yaml",
     "workloads/examples/mmfreelm-2.7b_decode_bitlinear_head.yaml"},
    // Long generations as a repeat: loop (issue 17): steady-state extrapolation (MMfreeLM) and,
    // with a growing KV cache (Llama), loop.method auto = every 32nd step sampled after the
    // warm-up, the rest interpolated with a bound (docs/workload_ir.md, "Steps that change").
    {"MMfreeLM2p7B_Decode2048", "MMfreeLM-2.7B decode, 2048 tokens (loop)", "arch_configs/ternary_asic.yaml", "bench/mmfreelm-2.7b_decode2048.yaml"},
    {"Llama1p3B_Decode2048", "Llama-style 1.3B decode, 2048 tokens, growing context (loop, sampled)", "arch_configs/npu_systolic.yaml", "bench/llama-1.3b_decode2048.yaml", "array.mac=fp16"},
    {"System8TP_MMfreeLM2p7B_Decode", "MMfreeLM-2.7B decode, 8 chips tensor parallel (PCIe Gen4 switch)",
     "arch_configs/system_pcie4_switch_x8.yaml", "workloads/examples/mmfreelm-2.7b_decode.yaml"},
    {"GemmSet_ScaleSimTiming", "10-GEMM set, `timing: scalesim`", "arch_configs/scalesim_compare.yaml", "bench/gemms_scalesim.yaml"},
};

}  // namespace

int main(int argc, char** argv) {
  for (const Case& c : kCases)
    benchmark::RegisterBenchmark((std::string("BM_") + c.name).c_str(),
                                 [c](benchmark::State& s) { run_case(s, c.label, c.arch, c.workload, c.set); })
        ->Unit(benchmark::kMillisecond)
        // The work happens in a forked child: iteration counts and the cycles/s rate must go by
        // wall time, not by this process's CPU time.
        ->UseRealTime();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
