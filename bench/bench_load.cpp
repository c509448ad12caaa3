// Loading the inputs of a run, in this process (a forked run loads them in its child, so this is
// part of every sweep point's time): the arch YAML with its includes and the workload trace.
#include <benchmark/benchmark.h>

#include <string>

#include "sim/engine/arch_config.hpp"
#include "sim/workload/workload_loader.hpp"

namespace {

std::string src(const std::string& rel) { return std::string(TERNSIM_SOURCE_DIR) + "/" + rel; }

void BM_LoadWorkload(benchmark::State& state, const std::string& workload) {
  size_t ops = 0;
  for (auto _ : state) ops = ternsim::load_workload_file(src(workload)).ops.size();
  state.counters["ops"] = double(ops);
}
BENCHMARK_CAPTURE(BM_LoadWorkload, mmfreelm2p7b_decode, "workloads/examples/mmfreelm-2.7b_decode.yaml")
    ->Unit(benchmark::kMillisecond);

void BM_LoadArch(benchmark::State& state, const std::string& arch) {
  for (auto _ : state) benchmark::DoNotOptimize(ternsim::load_arch_file(src(arch), {}));
}
BENCHMARK_CAPTURE(BM_LoadArch, ternary_asic, "arch_configs/ternary_asic.yaml")->Unit(benchmark::kMillisecond);

}  // namespace
