#include "models/memory/dram_calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "models/memory/dram_layout.hpp"
#include "models/memory/dramsim3_dram.hpp"
#include "sim/config/config_error.hpp"

namespace ternsim {

const char* const kDramsim3Commit = "29817593b3389f1337235d63cac515024ab8fd6e";

namespace {

// `key = value` of section [sec] in INI text ("" when absent).
std::string ini_value(const std::string& text, const std::string& sec, const std::string& key) {
  std::istringstream in(text);
  std::string line, cur;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '[') {
      cur = line.substr(1, line.find(']') - 1);
      continue;
    }
    const size_t eq = line.find(" = ");
    if (cur == sec && eq != std::string::npos && line.substr(0, eq) == key) return line.substr(eq + 3);
  }
  return "";
}

uint64_t round_up(uint64_t x, uint64_t to) { return (x + to - 1) / to * to; }

// Rounded so the file reads well and the model uses exactly what the file says.
double round_sig(double v, int digits) {
  char b[40];
  std::snprintf(b, sizeof b, "%.*g", digits, v);
  return std::strtod(b, nullptr);
}

// One pattern's stream: `window` bytes in requests of `s` bytes on a fresh backend; the time
// from the first request to the last one's completion.
DramMeasurement run_pattern(DramPattern p, const DramParams& params, double mhz, uint64_t window, uint64_t s) {
  std::unique_ptr<DramModel> m = make_dram(params, mhz);
  const uint64_t n = window / s;
  const uint64_t other = round_up(window, DramLayout::kAlign) + DramLayout::kAlign;  // a second region
  const uint64_t kv_stride = round_up(s, DramLayout::kAlign) + DramLayout::kAlign;
  uint64_t done = 0;
  for (uint64_t i = 0; i < n; ++i) {
    switch (p) {
      case DramPattern::weight_stream: done = m->request(i * s, s, false); break;
      case DramPattern::kv_read: done = m->request(i * kv_stride, s, false); break;
      case DramPattern::read_write: done = m->request((i % 2 ? other : 0) + i / 2 * s, s, i % 2 == 1); break;
      case DramPattern::multi_master: done = m->request((i % 2 ? other : 0) + i / 2 * s, s, false); break;
    }
  }
  // Requests issued outside a simulation all start at cycle 0 and the backend serves them in
  // order, so the last completion is the stream's time.
  DramMeasurement out;
  out.request_bytes = s;
  out.requests = n;
  out.time_ns = double(done) * 1000.0 / mhz;
  out.read_bytes = m->read_bytes();
  out.write_bytes = m->write_bytes();
  out.energy_pj = m->stats().energy_pj;
  return out;
}

}  // namespace

DramCalibration backend_identity(const std::string& model, const DramBackendConfig& cfg) {
  DramCalibration c;
  const auto* d = dynamic_cast<const Dramsim3Config*>(&cfg);
  if (!d) {
    if (!cfg.calibration_identity(c))
      throw ConfigError("dram." + model + ": calibrate-dram measures on dramsim3 or ramulator2 only");
    return c;
  }
  c.backend = "dramsim3";
  c.backend_commit = kDramsim3Commit;
  c.standard = d->standard;
  c.preset = d->preset_path.substr(d->preset_path.find_last_of('/') + 1);
  c.channels = static_cast<uint32_t>(std::strtoul(ini_value(d->ini_text, "system", "channels").c_str(), nullptr, 10));
  c.address_mapping = ini_value(d->ini_text, "system", "address_mapping");
  c.row_policy = d->row_policy;
  c.scheduler = d->scheduler;
  return c;
}

DramPatternCal fit_pattern(const std::array<DramMeasurement, 2>& m, uint64_t window, double peak_gb_per_s) {
  const double n1 = double(m[0].requests), n2 = double(m[1].requests);
  double latency = (m[0].time_ns - m[1].time_ns) / (n1 - n2);
  double stream_ns = m[0].time_ns - n1 * latency;
  if (latency < 0) {
    latency = 0;
    stream_ns = m[1].time_ns;
  }
  // GB/s = bytes per ns.
  return {std::min(1.0, double(window) / (peak_gb_per_s * stream_ns)), latency};
}

DramEnergyCal fit_energy(const DramMeasurement& stream, const DramMeasurement& mixed) {
  DramEnergyCal e;
  if (stream.energy_pj.empty() || mixed.energy_pj.empty() || stream.read_bytes == 0 || mixed.write_bytes == 0 ||
      stream.time_ns <= 0)
    return e;
  auto part = [](const DramMeasurement& m, const char* k) {
    auto it = m.energy_pj.find(k);
    return it == m.energy_pj.end() ? 0.0 : it->second;
  };
  const double bits = 8.0 * double(stream.read_bytes + stream.write_bytes);
  e.present = true;
  e.activate_pj_per_bit = round_sig(part(stream, "activate_precharge") / bits, 6);
  e.read_pj_per_bit = round_sig(part(stream, "read") / (8.0 * double(stream.read_bytes)), 6);
  e.write_pj_per_bit = round_sig(part(mixed, "write") / (8.0 * double(mixed.write_bytes)), 6);
  e.background_mw = round_sig(part(stream, "background") / stream.time_ns, 6);  // pJ / ns = mW
  e.refresh_mw = round_sig(part(stream, "refresh") / stream.time_ns, 6);
  return e;
}

namespace {
// The fit's steps, shared with measure_idle (which needs the mean open time for its second run).
double precharged_mw_of(const DramIdleMeasurement& m) { return round_sig(m.window_background_pj / m.window_ns, 6); }
double open_after_ns_of(const DramIdleMeasurement& m, double background_mw, double precharged_mw) {
  const double diff = background_mw - precharged_mw;
  if (diff <= 1e-9 * background_mw || m.gaps == 0) return 0;
  return round_sig(std::max(0.0, (m.gapped_background_pj - precharged_mw * m.gap_ns) / (diff * m.gaps)), 6);
}
}  // namespace

DramIdleMeasurement measure_idle(const DramParams& params, double mhz, uint64_t s, double background_mw) {
  DramIdleMeasurement out;
  auto part = [](const DramModel& m, const char* k) {
    const auto e = m.stats().energy_pj;
    const auto it = e.find(k);
    return it == e.end() ? 0.0 : it->second;
  };
  auto background = [&](const DramModel& m) { return part(m, "background"); };
  // Runs `x` idle up to `until`; the standby energy of that stretch alone.
  auto idle_energy = [&](DramModel& x, uint64_t until) {
    const double before = background(x);
    x.idle_until(until);
    return background(x) - before;
  };
  auto ns = [mhz](uint64_t cycles) { return double(cycles) * 1000.0 / mhz; };
  auto cycles = [mhz](double ns) { return static_cast<uint64_t>(std::ceil(ns * mhz / 1000.0)); };
  std::unique_ptr<DramModel> idle = make_dram(params, mhz);
  const uint64_t window = cycles(100000);  // 100 us
  if (!idle->idle_until(window)) return out;
  out.window_ns = ns(window);
  out.window_background_pj = background(*idle);
  std::unique_ptr<DramModel> m = make_dram(params, mhz);
  // Each gap is one sample of the refresh phase at which the rows were left open (DRAMsim3's
  // channels refresh in step), so many gaps of independent, uniformly drawn lengths: 256, drawn
  // by splitmix64 from a fixed seed (the same file every time).
  out.gaps = 256;
  uint64_t seed = 0;
  auto uniform = [&seed] {
    uint64_t z = (seed += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return double((z ^ (z >> 31)) >> 11) * 0x1.0p-53;  // [0, 1)
  };
  out.request_bytes = s;
  uint64_t t = 0;
  double base_ns = 0;
  for (uint32_t j = 0; j < out.gaps; ++j) {
    // Requests issued outside a simulation start where the backend's clock is (t).
    const uint64_t done = m->request(uint64_t(j) * s, s, false);
    // At least 20 us and 16 reads' time, so the gaps' standby energy outweighs the reads' (whose
    // power is taken as the stream's) -- x a uniform draw from [1, 2).
    if (j == 0) base_ns = std::max(20000.0, 16 * ns(done));
    const uint64_t gap = cycles(base_ns * (1 + uniform()));
    out.busy_ns += ns(done - t);
    out.gap_ns += ns(gap);
    t = done + gap;
    // The gap's standby energy alone: the reads' own depends on how many ranks they keep open.
    out.gapped_background_pj += idle_energy(*m, t);
  }
  out.gapped_activate_pj = part(*m, "activate_precharge");
  out.measured = true;
  // The spread of the closing time: on a third fresh backend, the same reads, each followed by a
  // gap of the mean open time (measured), then idle on to a spread refresh phase (not measured).
  const double open_ns = open_after_ns_of(out, background_mw, precharged_mw_of(out));
  if (open_ns <= 0) return out;
  std::unique_ptr<DramModel> q = make_dram(params, mhz);
  const uint64_t short_gap = std::max<uint64_t>(1, cycles(open_ns));
  t = 0;
  for (uint32_t j = 0; j < out.gaps; ++j) {
    const uint64_t done = q->request(uint64_t(j) * s, s, false);
    out.short_gaps_background_pj += idle_energy(*q, done + short_gap);
    out.short_gap_ns += ns(short_gap);
    t = done + short_gap + cycles(base_ns * (1 + uniform()));
    q->idle_until(t);
  }
  return out;
}

void fit_idle(const DramIdleMeasurement& m, uint32_t channels, DramEnergyCal& e) {
  if (!m.measured || !e.present || m.window_ns <= 0 || m.gaps == 0 || channels == 0) return;
  e.idle = true;
  e.precharged_mw = precharged_mw_of(m);
  e.open_after_access_ns = open_after_ns_of(m, e.background_mw, e.precharged_mw);
  // Gaps of the mean open time O are precharged (O - a)^2 / (2 spread) = spread / 8 on average
  // (DramEnergyCal::precharged_in_gap), and the model books a gap g at background_mw x g less
  // (background_mw - precharged_mw) x its precharged time. A mean above 0 means the two powers
  // differ (open_after_ns_of).
  double spread = 0;
  if (e.open_after_access_ns > 0 && m.short_gap_ns > 0)
    spread = 8 * (e.background_mw * m.short_gap_ns - m.short_gaps_background_pj) /
             (e.background_mw - e.precharged_mw) / m.gaps;
  e.open_spread_ns = round_sig(std::clamp(spread, 0.0, 2 * e.open_after_access_ns), 6);
  const double stream_activate = e.activate_pj_per_bit * 8.0 * double(m.gaps) * double(m.request_bytes);
  e.reopen_activate_pj = round_sig(std::max(0.0, (m.gapped_activate_pj - stream_activate) / (double(m.gaps) * channels)), 6);
}

DramCalibrationRun calibrate_dram(const DramParams& dram, double clock_mhz, double window_us,
                                  std::array<uint64_t, 2> request_bytes) {
  DramParams params = dram;
  if (params.model == "analytic") {
    if (!params.backend)
      throw ConfigError("dram: calibrate-dram needs a backend to measure on: add a dram.dramsim3 section "
                        "(standard, preset; docs/dram.md)");
    params.model = params.backend_model;
  }
  params.calibration = nullptr;
  DramCalibrationRun run;
  run.calibration = backend_identity(params.model, *params.backend);
  {
    std::unique_ptr<DramModel> probe = make_dram(params, clock_mhz);
    run.calibration.channels = probe->channels();
    run.calibration.peak_gb_per_s = probe->bytes_per_cycle() * clock_mhz / 1000.0;
    run.calibration.burst_bytes = probe->burst_bytes();
  }
  run.request_bytes = request_bytes;
  // Both request sizes divide the window, and the read/write and two-master streams alternate.
  run.window_bytes = round_up(static_cast<uint64_t>(std::ceil(run.calibration.peak_gb_per_s * window_us * 1000.0)),
                              2 * request_bytes[1]);
  for (size_t i = 0; i < kDramPatterns; ++i) {
    for (size_t k = 0; k < 2; ++k)
      run.measured[i][k] = run_pattern(DramPattern(i), params, clock_mhz, run.window_bytes, request_bytes[k]);
    DramPatternCal c = fit_pattern(run.measured[i], run.window_bytes, run.calibration.peak_gb_per_s);
    run.calibration.patterns[i] = {round_sig(c.efficiency, 6), std::round(c.latency_ns * 100) / 100};
  }
  run.calibration.energy = fit_energy(run.measured[size_t(DramPattern::weight_stream)][1],
                                      run.measured[size_t(DramPattern::read_write)][1]);
  if (run.calibration.energy.present) {
    run.idle = measure_idle(params, clock_mhz, request_bytes[1], run.calibration.energy.background_mw);
    fit_idle(run.idle, run.calibration.channels, run.calibration.energy);
  }
  return run;
}

std::string DramCalibrationRun::yaml() const {
  YAML::Node method(YAML::NodeType::Map);
  method["fit"] = "time(s) = window_bytes / (efficiency x peak) + (window_bytes / s) x latency, through both request sizes";
  method["window_bytes"] = window_bytes;
  YAML::Node sizes(YAML::NodeType::Sequence);
  for (uint64_t s : request_bytes) sizes.push_back(s);
  method["request_bytes"] = sizes;
  method["requests"] = "issued back to back from cycle 0 on a fresh backend, served in issue order";
  std::array<YAML::Node, kDramPatterns> raw;
  for (size_t i = 0; i < kDramPatterns; ++i) {
    raw[i] = YAML::Node(YAML::NodeType::Sequence);
    for (const DramMeasurement& m : measured[i]) {
      YAML::Node one(YAML::NodeType::Map);
      one["request_bytes"] = m.request_bytes;
      one["requests"] = m.requests;
      one["time_ns"] = yaml_number(m.time_ns);
      raw[i].push_back(one);
    }
  }
  YAML::Node energy;
  if (calibration.energy.present) {
    method["energy"] = "activate and read pJ per bit, background and refresh power over the time, from the weight_stream "
                       "run at the larger request size; write pJ per bit from the read_write run at that size (the "
                       "backend's power model)";
    energy = YAML::Node(YAML::NodeType::Map);
    for (const auto& [name, pattern] : {std::pair<const char*, DramPattern>{"weight_stream", DramPattern::weight_stream},
                                        std::pair<const char*, DramPattern>{"read_write", DramPattern::read_write}}) {
      const DramMeasurement& m = measured[size_t(pattern)][1];
      YAML::Node one(YAML::NodeType::Map);
      one["read_bytes"] = m.read_bytes;
      one["write_bytes"] = m.write_bytes;
      for (const auto& [k, v] : m.energy_pj) one["energy_pj"][k] = yaml_number(v);
      energy[name] = one;
    }
    if (idle.measured) {
      method["idle"] = "precharged_mw: standby power of a fresh backend left idle for window_ns; open_after_access_ns: "
                       "a fresh backend reading `gaps` requests of request_bytes, each followed by an idle gap, "
                       "(the gaps' standby energy - precharged_mw x gap_ns) / ((background_mw - precharged_mw) x "
                       "gaps); open_spread_ns: the same reads on a fresh backend, each followed by a gap of "
                       "open_after_access_ns: 8 x (background_mw x short_gap_ns - their standby energy) / "
                       "((background_mw - precharged_mw) x gaps), at most 2 x open_after_access_ns; reopen_activate_pj: that run's activate energy - activate_pj_per_bit x its bits, per "
                       "gap and channel";
      YAML::Node one(YAML::NodeType::Map);
      one["window_ns"] = yaml_number(idle.window_ns);
      one["window_background_pj"] = yaml_number(idle.window_background_pj);
      one["gaps"] = idle.gaps;
      one["request_bytes"] = idle.request_bytes;
      one["busy_ns"] = yaml_number(idle.busy_ns);
      one["gap_ns"] = yaml_number(idle.gap_ns);
      one["gapped_background_pj"] = yaml_number(idle.gapped_background_pj);
      one["gapped_activate_pj"] = yaml_number(idle.gapped_activate_pj);
      if (idle.short_gap_ns > 0) {
        one["short_gap_ns"] = yaml_number(idle.short_gap_ns);
        one["short_gaps_background_pj"] = yaml_number(idle.short_gaps_background_pj);
      }
      energy["idle"] = one;
    }
  }
  return calibration.to_yaml(method, raw, energy);
}

}  // namespace ternsim
