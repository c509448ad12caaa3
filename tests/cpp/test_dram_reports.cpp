// Reports of the DRAMsim3 backend (docs/dram.md, "DRAM energy and losses in the reports"):
// refresh and turnaround losses in summary.json, derived by hand from the DDR4-2400 preset
// (tRFC 420; RL - WL + tRTRS = 17 - 12 + 1 = 6; WL + tWTR_S = 12 + 3 = 15), and the Perfetto
// trace's DRAM bandwidth counter fed by the backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/memory/dramsim3_dram.hpp"
#include "sim/report/dram_summary.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {
const std::string kPreset = "preset: " + source_path("arch_configs/dram/ddr4_2400_x64.ini");
}

TEST(DramReports, RefreshAndTurnaroundLossesFollowThePreset) {
  // The mixed stream of DramBackend.WritesInAReadStreamCostTurnarounds: 32768 bursts, every 4th
  // a write; DRAMsim3 drains its 32-entry write buffer when it is full, 8192 / 32 = 256 times,
  // each drain one read->write and one write->read switch (the last may still be pending at the
  // end). It also drains early when its command queue runs empty with more than 8 writes
  // buffered (controller.cc ScheduleTransaction), which happens around a refresh: at most one
  // more drain per refresh.
  ConfigNode root = ConfigNode::load_string(
      "dram: {kind: ddr4, model: dramsim3, dramsim3: {standard: ddr4, " + kPreset + ", address_mapping: rorabacobgch}}\n",
      "t.yaml");
  DramParams p = DramParams::from_config(root.child("dram"));
  std::unique_ptr<DramModel> m = make_dram(p, 1000);
  auto& d = dynamic_cast<Dramsim3Dram&>(*m);
  std::vector<Dramsim3Dram::Burst> mixed;
  for (int i = 0; i < 32768; ++i) mixed.push_back({uint64_t(i) * 64, i % 4 == 3});
  const uint64_t clocks = d.replay(mixed);
  const DramStats st = d.stats();
  const double r2w = st.info.at("read_to_write"), w2r = st.info.at("write_to_read");
  EXPECT_GE(r2w, 255);
  EXPECT_LE(r2w, 256 + double(st.refreshes));
  EXPECT_GE(w2r, 255);
  EXPECT_LE(w2r, 256 + double(st.refreshes));
  EXPECT_LE(std::abs(r2w - w2r), 1.0);
  EXPECT_DOUBLE_EQ(st.info.at("turnaround_clocks"), r2w * 6 + w2r * 15);
  EXPECT_DOUBLE_EQ(st.info.at("refresh_rank_clocks"), double(st.refreshes) * 420);

  RunResult r;
  r.seconds = double(clocks) * 0.83e-9;
  r.dram_backend = st.as_map();
  const nlohmann::ordered_json j = dram_backend_summary(r);
  // 2 ranks: rank time = clocks x 1 channel x 2.
  EXPECT_DOUBLE_EQ(j.at("refresh_loss").at("rank_clocks").get<double>(), double(st.refreshes) * 420);
  EXPECT_NEAR(j.at("refresh_loss").at("fraction_of_rank_time").get<double>(),
              double(st.refreshes) * 420 / (2.0 * double(clocks)), 1e-12);
  // Every rank is refreshed once per tREFI = 9360: the fraction is ~ tRFC / tREFI = 0.0449.
  EXPECT_NEAR(j.at("refresh_loss").at("fraction_of_rank_time").get<double>(), 420.0 / 9360.0, 0.005);
  EXPECT_DOUBLE_EQ(j.at("turnaround_loss").at("bus_clocks").get<double>(), r2w * 6 + w2r * 15);
  EXPECT_NEAR(j.at("turnaround_loss").at("bus_seconds").get<double>(), (r2w * 6 + w2r * 15) * 0.83e-9, 1e-15);
  EXPECT_NEAR(j.at("turnaround_loss").at("fraction_of_channel_time").get<double>(),
              (r2w * 6 + w2r * 15) / double(clocks), 1e-12);
  EXPECT_EQ(j.at("sampling").at("mode"), "full");
}

TEST(DramReports, TraceBandwidthCounterComesFromTheBackend) {
  // One 4x64x64 ternary GEMM: 1024 bytes of weights in one request. The counter rises by the
  // bandwidth that request achieved (1024 B over its service time, below the 19.28 GB/s peak
  // because a closed row costs tRCD + CL first) and falls back to 0 when it completes; the
  // request is a span on the "dram" track.
  std::string arch = small_arch_yaml();
  const std::string from = "dram: {kind: ddr4, channels: 1, bandwidth_gbps: 64, latency_ns: 10, burst_bytes: 64}";
  arch.replace(arch.find(from), from.size(),
               "dram: {kind: ddr4, model: dramsim3, dramsim3: {" + kPreset + ", standard: ddr4}}");
  const std::string trace = temp_dir() + "/dram_backend_trace.json";
  CliResult r = run_cli("run --arch " + write_temp("trace_arch.yaml", arch) + " --workload " +
                        write_temp("trace_wl.yaml", gemm_workload_yaml(4, 64, 64)) + " --trace " + trace);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json ev = nlohmann::json::parse(read_file(trace))["traceEvents"];
  std::vector<double> bw;
  int spans = 0;
  for (const auto& e : ev) {
    if (e["ph"] == "C" && e["name"] == "DRAM bandwidth (GB/s)") bw.push_back(e["args"]["GB/s"].get<double>());
    if (e["ph"] == "X" && e["cat"] == "dram") {
      ++spans;
      EXPECT_EQ(e["name"], "read 1024 B");
    }
  }
  EXPECT_EQ(spans, 1);
  ASSERT_GE(bw.size(), 2u);  // issued at cycle 0: the rise shares the counter's initial sample
  const double peak = *std::max_element(bw.begin(), bw.end());
  // 16 bursts x 4 clocks of data after ACT (tRCD 17) and CL 17: at most 64 / (64 + 34) of peak.
  EXPECT_GT(peak, 0.0);
  EXPECT_LE(peak, 19.277 * 64.0 / (64.0 + 34.0));
  EXPECT_EQ(bw.back(), 0.0);
}
