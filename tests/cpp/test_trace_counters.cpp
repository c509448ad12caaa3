// The weight-buffer occupancy counter track of the Perfetto trace (issue 19): hand-placed
// chunks, two DMA slots of 1000 bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/report/trace_json.hpp"

namespace ternsim {
namespace {

TEST(TraceCounters, WeightBufferOccupancyStepsAndIntegral) {
  // Chunk A: issued at cycle 0, released at 100; B: 10 -> 200; C takes A's slot: 100 -> 300.
  struct Chunk { uint64_t issue, release; double bytes; };
  const std::vector<Chunk> chunks = {{0, 100, 1000}, {10, 200, 1000}, {100, 300, 1000}};
  Timeline t;
  for (const Chunk& c : chunks) {
    t.add_step("weight_buffer", c.issue, c.bytes);
    t.add_step("weight_buffer", c.release, -c.bytes);
  }
  RunResult r;
  r.clock_mhz = 1000;  // 1 ns per cycle: ts = cycle / 1000 us
  r.cycles = 300;
  const nlohmann::json ev = chrome_trace(t, r)["traceEvents"];
  std::vector<std::pair<double, double>> pts;  // (ts us, bytes)
  for (const auto& e : ev)
    if (e["ph"] == "C" && e["name"] == "weight buffer occupancy (bytes)")
      pts.emplace_back(e["ts"].get<double>(), e["args"]["bytes"].get<double>());
  // Hand-derived: 1000 from 0, 2000 from 10, unchanged at 100 (A out, C in), 1000 from 200, 0 from 300.
  const std::vector<std::pair<double, double>> want = {
      {0.0, 1000}, {0.010, 2000}, {0.100, 2000}, {0.200, 1000}, {0.300, 0}};
  ASSERT_EQ(pts.size(), want.size());
  double integral = 0, peak = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    EXPECT_DOUBLE_EQ(pts[i].first, want[i].first);
    EXPECT_DOUBLE_EQ(pts[i].second, want[i].second);
    peak = std::max(peak, pts[i].second);
    if (i + 1 < pts.size()) integral += pts[i].second * (pts[i + 1].first - pts[i].first);
  }
  EXPECT_LE(peak, 2 * 1000.0);  // two slots
  // Sum over chunks of bytes x (release - issue): 1000 x (100 + 190 + 200) byte-cycles = 490 byte-us.
  double want_integral = 0;
  for (const Chunk& c : chunks) want_integral += c.bytes * double(c.release - c.issue) / r.clock_mhz;
  EXPECT_DOUBLE_EQ(want_integral, 490.0);
  EXPECT_NEAR(integral, want_integral, 1e-9);
}

TEST(TraceCounters, NoWeightBufferTrackWithoutSteps) {
  Timeline t;
  RunResult r;
  r.clock_mhz = 1000;
  const nlohmann::json trace = chrome_trace(t, r);  // a named value: the loop must not outlive it
  for (const auto& e : trace["traceEvents"]) EXPECT_NE(e["name"], "weight buffer occupancy (bytes)");
}

}  // namespace
}  // namespace ternsim
