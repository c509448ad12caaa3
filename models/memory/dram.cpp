#include "models/memory/dram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/memory/dram_calibrate.hpp"
#include "sim/config/config_error.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/stats/timeline.hpp"

namespace ternsim {

TERNSIM_REGISTER_DRAM("analytic", AnalyticDram, NoDramConfig);

namespace {

std::string describe_analytic(const DramParams& p) {
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", p.bandwidth_gbps);
  return std::to_string(p.channels) + " channel" + (p.channels == 1 ? "" : "s") + " x " + b + " GB/s, " +
         std::to_string(p.burst_bytes) + " B bursts";
}

// dram.calibration: read the file and check it was measured on this arch's DRAM: the same
// organisation as the analytic keys (efficiency is relative to that peak) and, when the arch
// names its backend section, the same preset and settings.
void load_calibration(ConfigNode& n, DramParams& p) {
  const std::string path = n.path("calibration");
  std::shared_ptr<const DramCalibration> c;
  try {
    c = DramCalibration::load(path);
  } catch (const ConfigError& e) {
    n.fail("calibration", e.what());
  }
  const double peak = p.bandwidth_gbps * p.channels;
  if (c->channels != p.channels || c->burst_bytes != p.burst_bytes || std::abs(peak - c->peak_gb_per_s) > 1e-4 * peak)
    n.fail("calibration", path + " was measured on " + c->describe_organisation() + " (" + c->describe_backend() +
                              "), but this arch's analytic dram is " + describe_analytic(p) +
                              ": set dram.channels / bandwidth_gb_per_s / burst_bytes to match or calibrate this arch");
  if (p.backend) {
    const DramCalibration arch = backend_identity(p.backend_model, *p.backend);
    if (arch.backend != c->backend || arch.standard != c->standard || arch.preset != c->preset ||
        arch.channels != c->channels || arch.address_mapping != c->address_mapping ||
        arch.row_policy != c->row_policy || arch.scheduler != c->scheduler)
      n.fail("calibration", path + " was measured on " + c->backend + " " + c->describe_backend() + ", but this arch's dram." +
                                p.backend_model + " is " + arch.describe_backend() + ": run ternsim calibrate-dram on this arch");
  }
  p.calibration = c;
}

}  // namespace

DramParams DramParams::from_config(ConfigNode n) {
  DramParams p;
  // Read only when written, so the resolved config of an analytic arch stays what it was.
  if (n.has("model")) p.model = n.choice("model", DramRegistry::names());
  p.kind = n.choice("kind", {"ddr4", "lpddr4", "lpddr5", "gddr6", "hbm2", "hbm2e", "hbm3"});
  if (p.model == "analytic") {
    p.channels = static_cast<uint32_t>(n.integer("channels", 1, 1, 1024));
    // GB/s per channel. `bandwidth_gbps` (readable as gigabits) is its old name, accepted until 0.2.
    if (n.has("bandwidth_gbps") && n.has("bandwidth_gb_per_s")) n.fail("bandwidth_gbps", "old name of bandwidth_gb_per_s: give one of them");
    p.bandwidth_gbps = n.real(n.has("bandwidth_gbps") ? "bandwidth_gbps" : "bandwidth_gb_per_s", 1e-3, 1e5);
    p.latency_ns = n.real("latency_ns", 80.0, 0.0, 1e6);
    p.burst_bytes = static_cast<uint32_t>(n.integer("burst_bytes", 64, 1, 1 << 20));
    // The backend this arch is calibrated on (calibrate-dram measures on it), if named.
    for (const auto& name : DramRegistry::names()) {
      if (name == "analytic") continue;
      n.allow(name);  // `<backend>: null` (or --set dram.<backend>=null): no section
      if (!n.has(name)) continue;
      if (!p.backend_model.empty()) n.fail(name, "give one backend section to calibrate on, not " + p.backend_model + " and " + name);
      p.backend_model = name;
      ConfigNode section = n.child(name);
      p.backend = DramConfigRegistry::make(name, section);
      section.finish();
    }
    n.allow("calibration");  // `calibration: null` (or --set dram.calibration=null): none
    if (n.has("calibration")) load_calibration(n, p);
  } else {
    // A backend takes channels, timing and bursts from its own section. The analytic keys may
    // stay in the file (switching model with --set dram.model=... needs no other edit); the
    // backend does not read them.
    for (const char* k : {"channels", "bandwidth_gbps", "bandwidth_gb_per_s", "latency_ns", "burst_bytes", "calibration"}) n.allow(k);
    // Another backend's section (a calibrated arch names the one it was measured on) is not read
    // by this model: null drops it, a section left in place is an error that says so.
    for (const auto& name : DramRegistry::names()) {
      if (name == "analytic" || name == p.model) continue;
      if (n.has(name))
        n.fail(name, "a section for backend " + name + ", but dram.model is " + p.model +
                         ": remove it or give --set dram." + name + "=null");
      n.allow(name);
    }
    ConfigNode section = n.child(p.model);
    p.backend = DramConfigRegistry::make(p.model, section);
    section.finish();
  }
  n.finish();
  return p;
}

std::unique_ptr<DramModel> make_dram(const DramParams& p, double clock_mhz) {
  return DramRegistry::make(p.model, p, clock_mhz);
}

AnalyticDram::AnalyticDram(const DramParams& p, double clock_mhz)
    : params_(p),
      // GB/s / (MHz) = bytes per cycle x 1000.
      bytes_per_cycle_channel_(p.bandwidth_gbps * 1000.0 / clock_mhz),
      latency_cycles_(static_cast<uint64_t>(std::ceil(p.latency_ns * clock_mhz / 1000.0 - 1e-9))),
      busy_until_(p.channels, 0),
      busy_cycles_(p.channels, 0) {
  if (!p.calibration) return;
  for (size_t i = 0; i < kDramPatterns; ++i) {
    const DramPatternCal& c = p.calibration->patterns[i];
    cal_bytes_per_cycle_[i] = bytes_per_cycle_channel_ * c.efficiency;
    cal_latency_[i] = static_cast<uint64_t>(std::ceil(c.latency_ns * clock_mhz / 1000.0 - 1e-9));
  }
  last_master_.assign(p.channels, DramMaster::unknown);
  latency_cycles_ = cal_latency_[size_t(DramPattern::weight_stream)];
  const DramEnergyCal& e = p.calibration->energy;
  if (e.present && e.idle) {
    idle_ = true;
    open_after_cycles_ = e.open_after_access_ns * clock_mhz / 1000.0;
    open_spread_cycles_ = e.open_spread_ns * clock_mhz / 1000.0;
    accessed_.assign(p.channels, 0);
  }
}

double AnalyticDram::precharged_in_gap(uint32_t ch, uint64_t gap) const {
  return accessed_[ch] ? DramEnergyCal::precharged_in_gap(double(gap), open_after_cycles_, open_spread_cycles_)
                       : double(gap);
}

DramIdle AnalyticDram::idle_gaps(uint64_t end) const {
  if (!idle_) return {};
  DramIdle s = gaps_;  // the gaps booked, and each channel's idle time since its last request
  for (uint32_t ch = 0; ch < params_.channels; ++ch)
    if (end > busy_until_[ch]) s.precharged_cycles += precharged_in_gap(ch, end - busy_until_[ch]);
  return s;
}

uint64_t AnalyticDram::channel_cycles(uint64_t bursts) const {
  if (bursts == 0) return 0;
  double x = static_cast<double>(bursts) * params_.burst_bytes / bytes_per_cycle_channel_;
  // Guard against 1000.0000000001 when the exact quotient is an integer.
  return static_cast<uint64_t>(std::ceil(x * (1.0 - 1e-12)));
}

uint64_t AnalyticDram::idle_transfer_cycles(uint64_t bytes) const {
  uint64_t bursts = (bytes + params_.burst_bytes - 1) / params_.burst_bytes;
  uint64_t per_channel = (bursts + params_.channels - 1) / params_.channels;
  if (params_.calibration) {  // a weight stream, as the closed form's callers plan for
    const size_t w = size_t(DramPattern::weight_stream);
    return static_cast<uint64_t>(std::ceil(double(per_channel) * params_.burst_bytes / cal_bytes_per_cycle_[w] * (1.0 - 1e-12))) +
           cal_latency_[w];
  }
  return channel_cycles(per_channel) + latency_cycles_;
}

template <class Dur>
uint64_t AnalyticDram::book_channels(uint64_t now, uint64_t bytes, bool write, const std::string& note,
                                     const DramMaster* master, Dur dur) {
  const uint64_t bursts = (bytes + params_.burst_bytes - 1) / params_.burst_bytes;
  const uint64_t base = bursts / params_.channels, extra = bursts % params_.channels;
  uint64_t done = now;
  for (uint32_t i = 0; i < params_.channels; ++i) {
    uint32_t ch = (next_channel_ + i) % params_.channels;
    uint64_t n = base + (i < extra ? 1 : 0);
    if (n == 0) continue;
    uint64_t start = std::max(now, busy_until_[ch]);
    if (idle_) {
      if (now > busy_until_[ch]) {
        const uint64_t gap = now - busy_until_[ch];
        gaps_.precharged_cycles += precharged_in_gap(ch, gap);
        // The rows a refresh closed in the gap are opened again (not a channel's first access).
        if (accessed_[ch])
          gaps_.reopened_gaps += DramEnergyCal::closed_after_gap(double(gap), open_after_cycles_, open_spread_cycles_);
      }
      accessed_[ch] = 1;
    }
    uint64_t d = dur(n);
    busy_until_[ch] = start + d;
    busy_cycles_[ch] += d;
    if (master) last_master_[ch] = *master;
    if (Timeline* tl = Timeline::active())
      tl->add("dram.ch" + std::to_string(ch),
              std::string(write ? "write " : "read ") + std::to_string(n * params_.burst_bytes) + " B" + note, start, d);
    done = std::max(done, busy_until_[ch]);
  }
  next_channel_ = static_cast<uint32_t>((next_channel_ + extra) % params_.channels);
  return done;
}

uint64_t AnalyticDram::request(uint64_t addr, uint64_t bytes, bool write) {
  uint64_t now = now_cycles();
  if (bytes == 0) return now;
  count(bytes, write);
  if (params_.calibration) return calibrated_request(now, addr, bytes, write);
  return book_channels(now, bytes, write, "", nullptr, [&](uint64_t n) { return channel_cycles(n); }) + latency_cycles_;
}

// As request(), at the calibrated efficiency and latency of the request's access pattern: its
// own (from the tensor it reads or writes), or multi_master when a channel it needs is still
// busy with another unit's request. The latency is booked on each channel (see
// dram_calibration.hpp), so an idle request of B bytes completes after exactly
// B / (efficiency x peak) + latency, rounded up to whole cycles per channel.
uint64_t AnalyticDram::calibrated_request(uint64_t now, uint64_t addr, uint64_t bytes, bool write) {
  const DramSource src = dram_source(layout().tensor_at(addr));
  const uint64_t bursts = (bytes + params_.burst_bytes - 1) / params_.burst_bytes;
  DramPattern pattern = src.pattern;
  if (pattern != DramPattern::read_write)
    for (uint32_t i = 0; i < params_.channels && i < bursts; ++i) {
      uint32_t ch = (next_channel_ + i) % params_.channels;
      if (busy_until_[ch] > now && last_master_[ch] != src.master) pattern = DramPattern::multi_master;
    }
  const double bpc = cal_bytes_per_cycle_[size_t(pattern)];
  const uint64_t lat = cal_latency_[size_t(pattern)];
  return book_channels(now, bytes, write, std::string(" ") + pattern_name(pattern), &src.master, [&](uint64_t n) {
    // Guard against 1000.0000000001 when the exact quotient is an integer.
    return static_cast<uint64_t>(std::ceil(double(n) * params_.burst_bytes / bpc * (1.0 - 1e-12))) + lat;
  });
}

void AnalyticDram::append_boundary_state(uint64_t now, std::vector<int64_t>& out) const {
  for (uint64_t b : busy_until_) out.push_back(b > now ? static_cast<int64_t>(b - now) : 0);
  out.push_back(next_channel_);
  for (DramMaster m : last_master_) out.push_back(static_cast<int64_t>(m));
  for (uint8_t a : accessed_) out.push_back(a);  // empty without idle standby
}

uint64_t AnalyticDram::busy_cycles() const {
  uint64_t s = 0;
  for (auto c : busy_cycles_) s += c;
  return s;
}

}  // namespace ternsim
