// Memory- and compute-bound cases land on the right side of the roofline, and DRAM bandwidth
// and array size move them the way physics says.
#include <gtest/gtest.h>

#include "sim/engine/simulate.hpp"
#include "sim/report/result_json.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {
const std::string kArch = source_path("arch_configs/ternary_asic.yaml");

// DRAM at 25.6 GB/s = 32 B/cycle at 800 MHz, well below the 128 B/cycle the weight buffer
// can feed the array, so DRAM alone bounds decode.
RunResult run(const std::string& wl, std::vector<std::string> sets = {}) {
  sets.insert(sets.begin(), "dram.bandwidth_gbps=25.6");
  return simulate(RunRequest{kArch, wl, std::move(sets)});
}
std::string bound(const RunResult& r) { return summary_json(r)["roofline"]["bound"]; }

// Decode: one token, every weight used once -> 1 op pair per 2-bit weight: memory-bound.
const std::string kDecode = write_temp("decode.yaml", gemm_workload_yaml(1, 2048, 2048));
// Prefill: 512 tokens share each weight -> compute-bound (with an activation buffer that holds
// all 512 rows, so weights are streamed once).
const std::string kPrefill = write_temp("prefill.yaml", gemm_workload_yaml(512, 2048, 2048));
const std::string kBigActBuffer = "sram.act_buffer.capacity_kib=4096";
}  // namespace

TEST(Roofline, DecodeIsMemoryBoundAndPrefillComputeBound) {
  RunResult d = run(kDecode), p = run(kPrefill, {kBigActBuffer});
  EXPECT_EQ(bound(d), "memory");
  EXPECT_EQ(bound(p), "compute");
  EXPECT_GT(summary_json(d)["dram_bandwidth_utilization"].get<double>(), 0.9);
  EXPECT_GT(p.utilization(), 0.8);
}

TEST(Roofline, DoublingDramBandwidthHalvesTheMemoryBoundCase) {
  RunResult base = run(kDecode);
  RunResult fast = run(kDecode, {"dram.bandwidth_gbps=51.2"});
  double ratio = double(base.cycles) / fast.cycles;
  // The tail that does not scale is the compute of the last weight chunk.
  EXPECT_GT(ratio, 1.8) << base.cycles << " vs " << fast.cycles;
  // ...while the compute-bound case hardly moves.
  RunResult pbase = run(kPrefill, {kBigActBuffer}), pfast = run(kPrefill, {kBigActBuffer, "dram.bandwidth_gbps=51.2"});
  EXPECT_LT(double(pbase.cycles) / pfast.cycles, 1.02);
}

TEST(Roofline, QuadruplingTheArraySpeedsUpOnlyTheComputeBoundCase) {
  std::vector<std::string> big = {"array.rows=128", "array.cols=128", "sram.act_buffer.banks=16", kBigActBuffer};
  RunResult p = run(kPrefill, {kBigActBuffer}), pbig = run(kPrefill, big);
  EXPECT_GT(double(p.cycles) / pbig.cycles, 3.8) << p.cycles << " vs " << pbig.cycles;
  RunResult d = run(kDecode), dbig = run(kDecode, big);
  EXPECT_LT(double(d.cycles) / dbig.cycles, 1.05);
}

// Weights resident on chip: no DRAM bytes, so the intensity is unbounded (null) and the run is
// compute-bound at the array's peak, not "memory" from an intensity of 0.
TEST(Roofline, NoDramTrafficIsComputeBound) {
  RunResult r = run(kDecode);
  r.dram_read_bytes = r.dram_write_bytes = 0;
  const auto j = summary_json(r)["roofline"];
  EXPECT_TRUE(j["intensity_ops_per_byte"].is_null());
  EXPECT_EQ(j["bound"], "compute");
  EXPECT_DOUBLE_EQ(j["attainable_tops"].get<double>(), 2.0 * r.peak_macs_per_cycle * r.clock_mhz * 1e6 / 1e12);
}
