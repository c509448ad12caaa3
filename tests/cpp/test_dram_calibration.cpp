// The calibrated analytic DRAM model (dram.calibration) and `ternsim calibrate-dram`
// (models/memory/dram_calibration.hpp, dram_calibrate.hpp, docs/dram.md).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include <nlohmann/json.hpp>

#include "models/memory/dram_calibrate.hpp"
#include "sim/config/config_error.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

// A calibration file for `channels` x 16 GB/s, 64 B bursts, with the given
// (efficiency, latency_ns) for weight_stream, kv_read, read_write, multi_master.
std::string cal_yaml(uint32_t channels, const std::string& preset = "ddr4_2400_x64.ini",
                     const std::string& patterns =
                         "  weight_stream: {efficiency: 0.8, latency_ns: 50}\n"
                         "  kv_read: {efficiency: 0.7, latency_ns: 30}\n"
                         "  read_write: {efficiency: 0.5, latency_ns: 20}\n"
                         "  multi_master: {efficiency: 0.6, latency_ns: 100}\n") {
  return "ternsim_dram_calibration: 1\nmeasured_on:\n  backend: dramsim3\n  commit: abc\n  standard: ddr4\n  preset: " +
         preset + "\n  address_mapping: rochrababgco\n  row_policy: open\n  scheduler: per_bank\n  channels: " +
         std::to_string(channels) + "\n  burst_bytes: 64\n  peak_gb_per_s: " + std::to_string(16 * channels) +
         "\npatterns:\n" + patterns;
}

std::unique_ptr<DramModel> calibrated(uint32_t channels, const std::string& cal, const std::string& extra = "") {
  const std::string file = write_temp("cal_" + std::to_string(channels) + ".yaml", cal);
  ConfigNode root = ConfigNode::load_string("dram: {kind: ddr4, channels: " + std::to_string(channels) +
                                                ", bandwidth_gb_per_s: 16, burst_bytes: 64, calibration: " + file + extra + "}\n",
                                            "t.yaml");
  DramParams p = DramParams::from_config(root.child("dram"));
  return make_dram(p, 1000);  // 1 GHz: 16 bytes per cycle per channel, 1 ns per cycle
}

std::string dram_error(const std::string& dram_yaml) {
  try {
    ConfigNode root = ConfigNode::load_string("dram: " + dram_yaml + "\n", "arch.yaml");
    DramParams::from_config(root.child("dram"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kDdr4 = "dramsim3: {standard: ddr4, preset: " + source_path("arch_configs/dram/ddr4_2400_x64.ini");

}  // namespace

TEST(DramCalibration, IdleSequentialStreamTakesBytesOverEfficiencyTimesPeakPlusLatency) {
  // 64 KiB / (0.8 x 16 GB/s) = 5120 ns, + 50 ns = 5170 ns = 5170 cycles at 1 GHz.
  auto d = calibrated(1, cal_yaml(1));
  EXPECT_EQ(d->request(0, 65536, false), 5120u + 50u);
  EXPECT_EQ(d->idle_transfer_cycles(65536), 5170u);
  // Four channels (peak 64 GB/s): 256 bursts each, 16384 B / (0.8 x 16) = 1280, + 50.
  auto q = calibrated(4, cal_yaml(4));
  EXPECT_EQ(q->request(0, 65536, false), 65536u * 10 / 8 / 64 + 50u);
  // The next request queues behind it: the latency was booked on the channels.
  EXPECT_EQ(q->request(65536, 65536, false), 2 * 1330u);
}

TEST(DramCalibration, PatternComesFromTheTensorAndTheOtherMasters) {
  auto d = calibrated(1, cal_yaml(1));
  DramLayout& l = d->layout();
  const uint64_t kv = l.region("kv:attn", 1 << 20), vin = l.region("vector.in:norm", 1 << 20),
                 w = l.region("weights:ffn", 1 << 20);
  // KV read alone: 7000 B = 110 bursts = 7040 B / (0.7 x 16) = 628.57 -> 629, + 30.
  EXPECT_EQ(d->request(kv, 7000, false), 629u + 30u);
  // A vector operand (read and written in turn) queues behind it: 6400 / (0.5 x 16) + 20.
  EXPECT_EQ(d->request(vin, 6400, false), 659u + 800u + 20u);
  // Weights arriving while the channel still serves the vector unit: multi_master,
  // 65536 / (0.6 x 16) = 6826.67 -> 6827, + 100.
  EXPECT_EQ(d->request(w, 65536, false), 1479u + 6827u + 100u);
  // The DMA again, behind its own request: weight_stream.
  EXPECT_EQ(d->request(w + 65536, 65536, false), 8406u + 5170u);
}

TEST(DramCalibration, WithoutCalibrationTheModelIsUnchanged) {
  ConfigNode root = ConfigNode::load_string("dram: {kind: ddr4, channels: 1, bandwidth_gb_per_s: 16, latency_ns: 50}\n", "t.yaml");
  auto d = make_dram(DramParams::from_config(root.child("dram")), 1000);
  EXPECT_EQ(d->request(d->layout().region("kv:a", 4096), 65536, false), 4096u + 50u);  // peak, pipelined latency
  EXPECT_EQ(d->request(0, 65536, false), 2 * 4096u + 50u);
}

TEST(DramCalibration, FitPassesThroughBothMeasurements) {
  // window 1 MiB at 16 GB/s, efficiency 0.8: 81920 ns of streaming; latency 40 ns per request.
  const uint64_t w = 1 << 20;
  std::array<DramMeasurement, 2> m{{{8192, 128, 81920 + 128 * 40.0}, {262144, 4, 81920 + 4 * 40.0}}};
  DramPatternCal c = fit_pattern(m, w, 16);
  EXPECT_NEAR(c.efficiency, 0.8, 1e-12);
  EXPECT_NEAR(c.latency_ns, 40, 1e-9);
  // A negative intercept is reported as no latency, efficiency from the large requests.
  m[0].time_ns = 81000;
  c = fit_pattern(m, w, 16);
  EXPECT_EQ(c.latency_ns, 0);
  EXPECT_NEAR(c.efficiency, double(w) / (16 * m[1].time_ns), 1e-12);
}

TEST(DramCalibration, CalibrateMeasuresOnThePresetAndWritesWhatItMeasured) {
  ConfigNode root = ConfigNode::load_string(
      "dram: {kind: ddr4, channels: 1, bandwidth_gb_per_s: 19.2771, burst_bytes: 64, " + kDdr4 + "}}\n", "t.yaml");
  DramParams p = DramParams::from_config(root.child("dram"));
  // 10 us of traffic at peak = 192.8 kB, rounded up to 2 x 256 KiB.
  DramCalibrationRun run = calibrate_dram(p, 800, 10);
  const DramCalibration& c = run.calibration;
  EXPECT_EQ(run.window_bytes, 512u * 1024);
  EXPECT_EQ(c.preset, "ddr4_2400_x64.ini");
  EXPECT_EQ(c.standard, "ddr4");
  EXPECT_EQ(c.address_mapping, "rochrababgco");
  EXPECT_EQ(c.backend_commit, kDramsim3Commit);
  EXPECT_EQ(c.channels, 1u);
  EXPECT_EQ(c.burst_bytes, 64u);
  EXPECT_NEAR(c.peak_gb_per_s, 64 / (4 * 0.83), 1e-9);  // 64 B per BL/2 = 4 clocks of 0.83 ns
  for (size_t i = 0; i < kDramPatterns; ++i) {
    SCOPED_TRACE(pattern_name(DramPattern(i)));
    // The rounded values still reproduce both measurements (to the accelerator cycle, 1.25 ns).
    for (const DramMeasurement& m : run.measured[i]) {
      EXPECT_EQ(m.requests, run.window_bytes / m.request_bytes);
      const double fit = double(run.window_bytes) / (c.patterns[i].efficiency * c.peak_gb_per_s) + m.requests * c.patterns[i].latency_ns;
      EXPECT_NEAR(fit, m.time_ns, 0.002 * m.time_ns);
    }
    EXPECT_GT(c.patterns[i].efficiency, 0.3);
    EXPECT_LE(c.patterns[i].efficiency, 1.0 - 0.9 * 420.0 / 9360);  // refresh takes tRFC of every tREFI
  }
  // What is written is what is loaded.
  const std::string file = write_temp("calibrated.yaml", run.yaml());
  auto back = DramCalibration::load(file);
  for (size_t i = 0; i < kDramPatterns; ++i) {
    EXPECT_EQ(back->patterns[i].efficiency, c.patterns[i].efficiency);
    EXPECT_EQ(back->patterns[i].latency_ns, c.patterns[i].latency_ns);
  }
  EXPECT_EQ(back->describe_backend(), c.describe_backend());
}

TEST(DramCalibration, MissingFileIsOneLine) {
  std::string e = dram_error("{kind: ddr4, channels: 1, bandwidth_gb_per_s: 16, calibration: /nonexistent/c.yaml}");
  EXPECT_NE(e.find("arch.yaml:1:"), std::string::npos) << e;
  EXPECT_NE(e.find("dram.calibration: /nonexistent/c.yaml: cannot open file"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

TEST(DramCalibration, WrongKeysAreOneLine) {
  const std::string f = write_temp("cal_wrong.yaml", cal_yaml(1, "ddr4_2400_x64.ini",
                                                               "  weight_stream: {efficiency: 0.8, latency_ns: 50}\n"
                                                               "  kv_read: {efficiency: 0.7, latency_ns: 30}\n"
                                                               "  read_write: {efficency: 0.5, latency_ns: 20}\n"
                                                               "  multi_master: {efficiency: 0.6, latency_ns: 100}\n"));
  std::string e = dram_error("{kind: ddr4, channels: 1, bandwidth_gb_per_s: 16, calibration: " + f + "}");
  EXPECT_NE(e.find("cal_wrong.yaml:16:15: patterns.read_write.efficiency: required key is missing (is 'efficency' a "
                   "misspelling of it?)"),
            std::string::npos)
      << e;
  const std::string g = write_temp("cal_big.yaml", cal_yaml(1, "ddr4_2400_x64.ini",
                                                             "  weight_stream: {efficiency: 1.5, latency_ns: 50}\n"));
  e = dram_error("{kind: ddr4, channels: 1, bandwidth_gb_per_s: 16, calibration: " + g + "}");
  EXPECT_NE(e.find("patterns.weight_stream.efficiency"), std::string::npos) << e;
}

TEST(DramCalibration, CalibrationOfAnotherOrganisationNamesBoth) {
  const std::string f = write_temp("cal_1ch.yaml", cal_yaml(1));
  std::string e = dram_error("{kind: ddr4, channels: 2, bandwidth_gb_per_s: 16, calibration: " + f + "}");
  EXPECT_NE(e.find("dram.calibration: " + f +
                   " was measured on 1 channel x 16 GB/s, 64 B bursts (preset ddr4_2400_x64.ini (ddr4, 1 channel, "
                   "mapping rochrababgco, open, per_bank)), but this arch's analytic dram is 2 channels x 16 GB/s, 64 B "
                   "bursts"),
            std::string::npos)
      << e;
}

TEST(DramCalibration, CalibrationOfAnotherPresetNamesBoth) {
  const std::string f = write_temp("cal_hbm.yaml", cal_yaml(1, "hbm2_u280_32pc.ini"));
  std::string e = dram_error("{kind: ddr4, channels: 1, bandwidth_gb_per_s: 16, calibration: " + f + ", " + kDdr4 + "}}");
  EXPECT_NE(e.find(f + " was measured on dramsim3 preset hbm2_u280_32pc.ini (ddr4, 1 channel, mapping rochrababgco, "
                       "open, per_bank), but this arch's dram.dramsim3 is preset ddr4_2400_x64.ini (ddr4, 1 channel, "
                       "mapping rochrababgco, open, per_bank): run ternsim calibrate-dram on this arch"),
            std::string::npos)
      << e;
  // Another address mapping is another organisation of the same preset.
  const std::string g = write_temp("cal_ddr4.yaml", cal_yaml(1));
  e = dram_error("{kind: ddr4, channels: 1, bandwidth_gb_per_s: 16, calibration: " + g + ", " + kDdr4 +
                 ", address_mapping: rorabacobgch}}");
  EXPECT_NE(e.find("this arch's dram.dramsim3 is preset ddr4_2400_x64.ini (ddr4, 1 channel, mapping rorabacobgch"),
            std::string::npos)
      << e;
}

TEST(DramCalibration, CliErrorsAreOneLineExit2) {
  CliResult r = run_cli("calibrate-dram --arch " + source_path("arch_configs/ternary_asic.yaml") + " --out " +
                        temp_dir() + "/never.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: dram: calibrate-dram needs a backend to measure on: add a dram.dramsim3 section (standard, "
                   "preset; docs/dram.md)\n");
  r = run_cli("calibrate-dram --arch " + source_path("arch_configs/ternary_asic.yaml"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: " + source_path("arch_configs/ternary_asic.yaml") +
                       ": give --out FILE (the arch has no dram.calibration to write to)\n");
  r = run_cli("calibrate-dram --arch /nonexistent.yaml --out x.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: /nonexistent.yaml: cannot open file: No such file or directory\n");
  // Nothing is left behind by a failed write.
  r = run_cli("calibrate-dram --window-us 1 --arch " + source_path("arch_configs/ternary_asic_ddr4_calibrated.yaml") +
              " --out /dev/full");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

// Calibrated analytic vs the backend on a shipped decode workload: one MMfreeLM-1.3B layer
// (the full model's layers are identical; the head and embedding are left out to keep the
// backend run to a second or two).
namespace {
void expect_within_3_percent(const std::string& arch, const std::string& backend = "dramsim3") {
  const std::string a = source_path("arch_configs/" + arch);
  const std::string w = source_path("workloads/examples/mmfreelm-1.3b_layer_decode.yaml");
  CliResult fast = run_cli("run --json --arch " + a + " --workload " + w);
  CliResult full = run_cli("run --json --arch " + a + " --workload " + w + " --set dram.model=" + backend);
  ASSERT_EQ(fast.exit_code, 0) << fast.out;
  ASSERT_EQ(full.exit_code, 0) << full.out;
  const double c = nlohmann::json::parse(fast.out).at("cycles").get<double>();
  const double b = nlohmann::json::parse(full.out).at("cycles").get<double>();
  EXPECT_LT(std::abs(c - b) / b, 0.03) << arch << ": calibrated " << c << " cycles, backend " << b;
}
}  // namespace

TEST(DramCalibration, CalibratedDecodeLayerWithin3PercentOfBackendDdr4) { expect_within_3_percent("ternary_asic_ddr4_calibrated.yaml"); }
TEST(DramCalibration, CalibratedDecodeLayerWithin3PercentOfBackendHbm2) { expect_within_3_percent("ternary_asic_hbm2_calibrated.yaml"); }
TEST(DramCalibration, CalibratedDecodeLayerWithin3PercentOfBackendHbm3) { expect_within_3_percent("ternary_asic_hbm3_calibrated.yaml"); }
TEST(DramCalibration, CalibratedDecodeLayerWithin3PercentOfBackendLpddr4) { expect_within_3_percent("ternary_asic_lpddr4_calibrated.yaml"); }
TEST(DramCalibration, CalibratedDecodeLayerWithin3PercentOfBackendLpddr5) { expect_within_3_percent("ternary_asic_lpddr5_calibrated.yaml"); }
TEST(DramCalibration, CalibratedDecodeLayerWithin3PercentOfRamulator2Ddr5) {
  expect_within_3_percent("ternary_asic_ddr5_r2_calibrated.yaml", "ramulator2");
}
