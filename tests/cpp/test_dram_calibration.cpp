// The calibrated analytic DRAM model (dram.calibration) and `ternsim calibrate-dram`
// (models/memory/dram_calibration.hpp, dram_calibrate.hpp, docs/dram.md).
#include <gtest/gtest.h>

#include <cstdio>

#include <cmath>
#include <memory>

#include <nlohmann/json.hpp>

#include <systemc>

#include "models/memory/dram_calibrate.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/engine/simulate.hpp"
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
  // DRAMsim3 has a power model, so the energy section is there and reads back the same.
  ASSERT_TRUE(c.energy.present);
  ASSERT_TRUE(back->energy.present);
  EXPECT_EQ(back->energy.read_pj_per_bit, c.energy.read_pj_per_bit);
  EXPECT_EQ(back->energy.background_mw, c.energy.background_mw);
  // A read burst is 1.2 V x (IDD4R 135 - IDD3N 43) mA x 4 clocks x 8 devices x 0.83 ns = 2 932 pJ
  // for 512 bits (ddr4_2400_x64.ini, tCK 0.83): 5.727 pJ per bit.
  EXPECT_NEAR(c.energy.read_pj_per_bit, 1.2 * 92 * 4 * 8 * 0.83 / 512, 1e-5);
  // Idle standby: left idle, both ranks (channel_size 16384 MB / 8 devices x 8 Gb) are precharged:
  // 2 x 1.2 V x IDD2N 34 mA x 8 devices = 652.8 mW. After a read the rows stay open until a
  // refresh closes them, at most tREFI = 9360 x 0.83 ns later; the next read of the sequential
  // stream opens mostly new rows: less than one re-opened row per gap, an ACT being 1.2 V x
  // (48 x 56 - 43 x 39 - 34 x 17) mA.clk x 8 devices x 0.83 ns = 3 450 pJ (IDD0 x tRC less standby).
  ASSERT_TRUE(run.idle.measured);
  EXPECT_EQ(run.idle.gaps, 256u);
  ASSERT_TRUE(c.energy.idle);
  EXPECT_DOUBLE_EQ(c.energy.precharged_mw, 652.8);
  EXPECT_GT(c.energy.open_after_access_ns, 0.1 * 9360 * 0.83);
  EXPECT_LE(c.energy.open_after_access_ns, 9360 * 0.83);
  EXPECT_GT(c.energy.open_spread_ns, 0);
  EXPECT_LE(c.energy.open_spread_ns, 2 * c.energy.open_after_access_ns);
  EXPECT_GE(c.energy.reopen_activate_pj, 0);
  EXPECT_LT(c.energy.reopen_activate_pj, 3450);
  EXPECT_TRUE(back->energy.idle);
  EXPECT_EQ(back->energy.precharged_mw, c.energy.precharged_mw);
  EXPECT_EQ(back->energy.open_after_access_ns, c.energy.open_after_access_ns);
  EXPECT_EQ(back->energy.open_spread_ns, c.energy.open_spread_ns);
  EXPECT_EQ(back->energy.reopen_activate_pj, c.energy.reopen_activate_pj);
}

// The idle standby closed forms (DramEnergyCal, docs/dram.md "Idle standby"), by hand with a mean
// open time of 100: the rows close after U, uniform on (0, 200) (spread 200, an all-bank refresh)
// or on (80, 120) (spread 40).
TEST(DramCalibration, IdleStandbyClosedForms) {
  // Precharged time in a gap g: E[max(0, g - U)] = g^2 / 400 up to 200, then g - 100.
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(50, 100, 200), 6.25);
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(200, 100, 200), 100);
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(300, 100, 200), 200);
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(300, 0, 0), 300);  // close-page: at once
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(0, 100, 200), 0);
  // Spread 40: nothing up to 80, (g - 80)^2 / 80 up to 120, then g - 100; spread 0: g - 100.
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(50, 100, 40), 0);
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(100, 100, 40), 5);
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(150, 100, 40), 50);
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(99, 100, 0), 0);
  EXPECT_DOUBLE_EQ(DramEnergyCal::precharged_in_gap(150, 100, 0), 50);
  // Closed at the gap's end: P(U < g) = g / 200, then 1; (g - 80) / 40 with spread 40.
  EXPECT_DOUBLE_EQ(DramEnergyCal::closed_after_gap(50, 100, 200), 0.25);
  EXPECT_DOUBLE_EQ(DramEnergyCal::closed_after_gap(300, 100, 200), 1);
  EXPECT_DOUBLE_EQ(DramEnergyCal::closed_after_gap(10, 0, 0), 1);
  EXPECT_DOUBLE_EQ(DramEnergyCal::closed_after_gap(0, 100, 200), 0);
  EXPECT_DOUBLE_EQ(DramEnergyCal::closed_after_gap(70, 100, 40), 0);
  EXPECT_DOUBLE_EQ(DramEnergyCal::closed_after_gap(100, 100, 40), 0.5);
  EXPECT_DOUBLE_EQ(DramEnergyCal::closed_after_gap(130, 100, 40), 1);
  EXPECT_DOUBLE_EQ(DramEnergyCal::closed_after_gap(99, 100, 0), 0);
  // Booked: 500 mW busy, 300 mW precharged, 1 ms of which 0.1 ms precharged: 5e8 - 200 x 1e5 pJ;
  // 10 re-opened gaps x 1000 pJ on top of 1.2 Mbit x 0.1 pJ.
  DramEnergyCal e;
  e.present = e.idle = true;
  e.activate_pj_per_bit = 0.1;
  e.background_mw = 500;
  e.precharged_mw = 300;
  e.reopen_activate_pj = 1000;
  const auto parts = e.parts_pj(1e6, 2e5, 1e-3, 1e5, 10);
  EXPECT_DOUBLE_EQ(parts.at("background"), 4.8e8);
  EXPECT_DOUBLE_EQ(parts.at("activate_precharge"), 120000 + 10000);
  // Without the idle keys (a file written before session 17): the busy power over the whole run.
  e.idle = false;
  EXPECT_DOUBLE_EQ(e.parts_pj(1e6, 2e5, 1e-3, 1e5, 10).at("background"), 5e8);
}

// fit_idle by hand: the idle window 3e7 pJ in 1e5 ns = 300 mW precharged. Four gaps of 4e5 ns in
// all at 300 mW are 1.2e8 pJ; 8e5 pJ more is (500 - 300) mW x 4 gaps x 1000 ns open after each
// read. The reads' 4 x 1000 B = 32 000 bits would activate 3 200 pJ at 0.1 pJ/bit; 4 000 pJ more
// over 4 gaps and 2 channels is 500 pJ per re-opening channel. Four gaps of the mean, 1000 ns,
// of 460 000 pJ each, are booked 500 mW x 1000 ns less 200 mW x 200 ns precharged: a spread of
// 8 x 200 = 1600 ns.
TEST(DramCalibration, IdleFitByHand) {
  DramIdleMeasurement m;
  m.measured = true;
  m.window_ns = 1e5;
  m.window_background_pj = 3e7;
  m.gaps = 4;
  m.request_bytes = 1000;
  m.gap_ns = 4e5;
  m.gapped_background_pj = 1.2e8 + 8e5;
  m.gapped_activate_pj = 3200 + 4000;
  m.short_gap_ns = 4000;
  m.short_gaps_background_pj = 4 * 460000;
  DramEnergyCal e;
  e.present = true;
  e.activate_pj_per_bit = 0.1;
  e.background_mw = 500;
  fit_idle(m, 2, e);
  ASSERT_TRUE(e.idle);
  EXPECT_DOUBLE_EQ(e.precharged_mw, 300);
  EXPECT_DOUBLE_EQ(e.open_after_access_ns, 1000);
  EXPECT_DOUBLE_EQ(e.reopen_activate_pj, 500);
  EXPECT_DOUBLE_EQ(e.open_spread_ns, 1600);
  // A spread wider than twice the mean (rows closing before the access) is cut to it.
  m.short_gaps_background_pj = 4 * 400000;
  fit_idle(m, 2, e);
  EXPECT_DOUBLE_EQ(e.open_spread_ns, 2000);
  // Fewer activations than the stream's rate: none re-opened, not a negative energy.
  m.gapped_activate_pj = 1000;
  fit_idle(m, 2, e);
  EXPECT_EQ(e.reopen_activate_pj, 0);
  // A backend that cannot run idle (DRAMsim3's sampled mode) leaves the energy as it was.
  DramEnergyCal f;
  f.present = true;
  fit_idle(DramIdleMeasurement{}, 2, f);
  EXPECT_FALSE(f.idle);
}

// The calibrated model's idle tally (AnalyticDram::idle), with SystemC time: two channels of
// 16 B/cycle at 1 GHz (one 64 B burst = 4 cycles, efficiency 1, latency 0), open_after 100 ns =
// 100 cycles. Single-burst reads go to channel 0, 1, 0, 1:
//   t = 0     ch0 busy 0..4
//   t = 1000  ch1, never accessed: precharged since 0, 1000 (no rows to re-open)
//   t = 1054  ch0, gap 1050 > 200: 1050 - 100 = 950 precharged, closed for sure: 1 re-opened
//   t = 1154  ch1, gap 150: 150^2 / 400 = 56.25 precharged, closed with 150 / 200 = 0.75
//   end 1158: ch0 idle since 1058, 100^2 / 400 = 25; ch1 busy to the end
// 2031.25 precharged cycles, 1.75 re-opened gaps.
namespace {
struct Reader : sc_core::sc_module {
  SC_HAS_PROCESS(Reader);
  Reader(sc_core::sc_module_name n, DramModel& d, std::vector<uint64_t> at) : sc_module(n), dram(d), at(std::move(at)) {
    SC_THREAD(run);
  }
  void run() {
    for (uint64_t t : at) {
      wait_until(t);
      wait_until(dram.request(0, 64, false));
    }
  }
  DramModel& dram;
  std::vector<uint64_t> at;
};
}  // namespace

TEST(DramCalibration, IdleGapsOfTheCalibratedModelByHand) {
  const std::string cal = write_temp(
      "cal_idle.yaml", cal_yaml(2, "ddr4_2400_x64.ini",
                                "  weight_stream: {efficiency: 1, latency_ns: 0}\n  kv_read: {efficiency: 1, latency_ns: 0}\n"
                                "  read_write: {efficiency: 1, latency_ns: 0}\n  multi_master: {efficiency: 1, latency_ns: 0}\n") +
                           "energy: {activate_pj_per_bit: 0.1, read_pj_per_bit: 5, write_pj_per_bit: 4, background_mw: 500, "
                           "refresh_mw: 100, precharged_mw: 300, open_after_access_ns: 100, reopen_activate_pj: 1000}\n");
  const RunResult r = run_isolated([cal] {
    sc_core::sc_set_time_resolution(1, sc_core::SC_NS);
    ConfigNode root = ConfigNode::load_string(
        "dram: {kind: ddr4, channels: 2, bandwidth_gb_per_s: 16, burst_bytes: 64, calibration: " + cal + "}\n", "t.yaml");
    DramParams p = DramParams::from_config(root.child("dram"));
    DramModel* d = make_dram(p, 1000).release();  // never destroyed: SystemC owns the modules' lifetime
    new Reader("reader", *d, {0, 1000, 1054, 1154});
    sc_core::sc_start();
    RunResult out;
    out.cycles = now_cycles();
    out.dram_idle = d->idle_gaps(now_cycles());
    return out;
  });
  EXPECT_EQ(r.cycles, 1158u);
  EXPECT_DOUBLE_EQ(r.dram_idle.precharged_cycles, 2031.25);
  EXPECT_DOUBLE_EQ(r.dram_idle.reopened_gaps, 1.75);
}

TEST(DramCalibration, EnergyFitFromTheBackendsParts) {
  // 1 MB read in 100 us: ACT 0.8 uJ over 8 Mbit = 0.1 pJ/bit, read 40 uJ = 5 pJ/bit, standby
  // 50 uJ / 100 us = 500 mW, refresh 10 uJ / 100 us = 100 mW; 0.5 MB written for 16 uJ = 4 pJ/bit.
  DramMeasurement stream, mixed;
  stream.read_bytes = 1000000;
  stream.time_ns = 1e5;
  stream.energy_pj = {{"activate_precharge", 8e5}, {"read", 4e7}, {"write", 0}, {"background", 5e7}, {"refresh", 1e7}};
  mixed.read_bytes = mixed.write_bytes = 500000;
  mixed.time_ns = 1e5;
  mixed.energy_pj = {{"activate_precharge", 8e5}, {"read", 2e7}, {"write", 1.6e7}, {"background", 5e7}, {"refresh", 1e7}};
  const DramEnergyCal e = fit_energy(stream, mixed);
  ASSERT_TRUE(e.present);
  EXPECT_DOUBLE_EQ(e.activate_pj_per_bit, 0.1);
  EXPECT_DOUBLE_EQ(e.read_pj_per_bit, 5);
  EXPECT_DOUBLE_EQ(e.write_pj_per_bit, 4);
  EXPECT_DOUBLE_EQ(e.background_mw, 500);
  EXPECT_DOUBLE_EQ(e.refresh_mw, 100);
  // Booked for 1 Mbit read and 0.2 Mbit written in 1 ms: ACT 1.2 Mbit x 0.1 = 120 000 pJ, read
  // 5 000 000, write 800 000, refresh 100 mW x 1e6 ns = 1e8 pJ, standby 5e8 pJ.
  const auto parts = e.parts_pj(1e6, 2e5, 1e-3);
  EXPECT_DOUBLE_EQ(parts.at("activate_precharge"), 120000);
  EXPECT_DOUBLE_EQ(parts.at("read"), 5e6);
  EXPECT_DOUBLE_EQ(parts.at("write"), 8e5);
  EXPECT_DOUBLE_EQ(parts.at("refresh"), 1e8);
  EXPECT_DOUBLE_EQ(parts.at("background"), 5e8);
  // Without a power model (an empty energy map) there is no energy section.
  stream.energy_pj.clear();
  EXPECT_FALSE(fit_energy(stream, mixed).present);
}

TEST(DramCalibration, EnergySectionIsOptionalAndChecked) {
  // A file without `energy:` (written before session 12) loads with none: DRAM bits are priced
  // from the tech table as before.
  const std::string plain = write_temp("cal_plain.yaml", cal_yaml(1));
  EXPECT_FALSE(DramCalibration::load(plain)->energy.present);
  const std::string bad = write_temp("cal_energy.yaml", cal_yaml(1) +
                                                            "energy: {activate_pj_per_bit: 0.1, read_pj_per_bit: -5, "
                                                            "write_pj_per_bit: 4, background_mw: 500, refresh_mw: 100}\n");
  const std::string e = dram_error("{kind: ddr4, channels: 1, bandwidth_gb_per_s: 16, calibration: " + bad + "}");
  EXPECT_NE(e.find("cal_energy.yaml:18:"), std::string::npos) << e;
  EXPECT_NE(e.find("energy.read_pj_per_bit: expected a number in [0, 1e+06], got -5"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
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
  const auto fj = nlohmann::json::parse(fast.out), bj = nlohmann::json::parse(full.out);
  const double c = fj.at("cycles").get<double>();
  const double b = bj.at("cycles").get<double>();
  EXPECT_LT(std::abs(c - b) / b, 0.03) << arch << ": calibrated " << c << " cycles, backend " << b;
  // DRAM energy from the calibration's energy section (docs/dram.md, "Calibrated energy"), in the
  // backend's five parts, within 5 % of the backend's (the layer is weight streams, which the
  // calibration's per-bit figures were measured on; the standby power is booked over the whole
  // run, at the precharged power where the channels idle, the backend's up to its last request).
  const double ce = fj.at("energy_breakdown_j").at("dram").get<double>();
  const double be = bj.at("energy_breakdown_j").at("dram").get<double>();
  EXPECT_EQ(fj.at("dram_energy_breakdown_j").size(), 5u) << arch;
  EXPECT_LT(std::abs(ce - be) / be, 0.05) << arch << ": calibrated " << ce << " J DRAM, backend " << be;
  std::printf("[ calibrated ] %s: %.0f vs %.0f cycles (%+.2f %%), DRAM %.4g vs %.4g mJ (%+.2f %%)\n", arch.c_str(), c, b,
              100 * (c - b) / b, ce * 1e3, be * 1e3, 100 * (ce - be) / be);
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
