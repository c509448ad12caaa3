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

void run_case(benchmark::State& state, const std::string& arch, const std::string& workload) {
  RunRequest req{src(arch), src(workload), {}};
  uint64_t cycles = 0, sim_us = 0, deltas = 0, rss_kb = 0;
  for (auto _ : state) {
    auto r = ternsim::simulate(req);
    cycles = r.cycles;
    sim_us += r.sim_wall_us;
    deltas = r.sim_delta_cycles;
    rss_kb = std::max<uint64_t>(rss_kb, r.sim_peak_rss_kb);
    benchmark::DoNotOptimize(cycles);
  }
  state.counters["delta_cycles"] = double(deltas);
  state.counters["peak_rss_mb"] = double(rss_kb) / 1024.0;
  state.counters["sim_cycles"] = double(cycles);
  state.counters["sim_cycles_per_s"] =
      benchmark::Counter(double(cycles) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["in_child_ms"] = double(sim_us) / 1000.0 / state.iterations();
}

void BM_DecoderLayerDecode(benchmark::State& s) {
  run_case(s, "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-1.3b_layer_decode.yaml");
}
void BM_DecoderLayerPrefill128(benchmark::State& s) {
  run_case(s, "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-1.3b_layer_prefill.yaml");
}
void BM_MMfreeLM370M_Decode(benchmark::State& s) {
  run_case(s, "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-370m_decode.yaml");
}
void BM_MMfreeLM1p3B_Decode(benchmark::State& s) {
  run_case(s, "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-1.3b_decode.yaml");
}
void BM_MMfreeLM2p7B_Decode(benchmark::State& s) {
  run_case(s, "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-2.7b_decode.yaml");
}
void BM_MMfreeLM1p3B_Prefill512(benchmark::State& s) {
  run_case(s, "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-1.3b_prefill512.yaml");
}

// The int8 NPU baseline needs the BitLinear-head traces (an int8 array rejects an fp16 head).
void BM_Systolic_MMfreeLM370M_Decode(benchmark::State& s) {
  run_case(s, "arch_configs/npu_systolic.yaml", "workloads/examples/mmfreelm-370m_decode_bitlinear_head.yaml");
}
void BM_Systolic_MMfreeLM1p3B_Decode(benchmark::State& s) {
  run_case(s, "arch_configs/npu_systolic.yaml", "workloads/examples/mmfreelm-1.3b_decode_bitlinear_head.yaml");
}
void BM_Systolic_MMfreeLM2p7B_Decode(benchmark::State& s) {
  run_case(s, "arch_configs/npu_systolic.yaml", "workloads/examples/mmfreelm-2.7b_decode_bitlinear_head.yaml");
}
void BM_MMfreeLM1p3B_Prefill512_Scan(benchmark::State& s) {
  run_case(s, "arch_configs/ternary_asic.yaml", "workloads/examples/mmfreelm-1.3b_prefill512_scan.yaml");
}
void BM_GemmSet_ScaleSimTiming(benchmark::State& s) {
  run_case(s, "arch_configs/scalesim_compare.yaml", "bench/gemms_scalesim.yaml");
}

}  // namespace

BENCHMARK(BM_DecoderLayerDecode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecoderLayerPrefill128)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MMfreeLM370M_Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MMfreeLM1p3B_Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MMfreeLM2p7B_Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MMfreeLM1p3B_Prefill512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MMfreeLM1p3B_Prefill512_Scan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Systolic_MMfreeLM370M_Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Systolic_MMfreeLM1p3B_Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Systolic_MMfreeLM2p7B_Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GemmSet_ScaleSimTiming)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
