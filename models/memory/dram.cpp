#include "models/memory/dram.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/sim_time.hpp"
#include "sim/stats/timeline.hpp"

namespace ternsim {

TERNSIM_REGISTER_DRAM("analytic", AnalyticDram, NoDramConfig);

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
  } else {
    // A backend takes channels, timing and bursts from its own section. The analytic keys may
    // stay in the file (switching model with --set dram.model=... needs no other edit); the
    // backend does not read them.
    for (const char* k : {"channels", "bandwidth_gbps", "bandwidth_gb_per_s", "latency_ns", "burst_bytes"}) n.allow(k);
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
      busy_cycles_(p.channels, 0) {}

uint64_t AnalyticDram::channel_cycles(uint64_t bursts) const {
  if (bursts == 0) return 0;
  double x = static_cast<double>(bursts) * params_.burst_bytes / bytes_per_cycle_channel_;
  // Guard against 1000.0000000001 when the exact quotient is an integer.
  return static_cast<uint64_t>(std::ceil(x * (1.0 - 1e-12)));
}

uint64_t AnalyticDram::idle_transfer_cycles(uint64_t bytes) const {
  uint64_t bursts = (bytes + params_.burst_bytes - 1) / params_.burst_bytes;
  uint64_t per_channel = (bursts + params_.channels - 1) / params_.channels;
  return channel_cycles(per_channel) + latency_cycles_;
}

uint64_t AnalyticDram::request(uint64_t /*addr*/, uint64_t bytes, bool write) {
  uint64_t now = now_cycles();
  if (bytes == 0) return now;
  count(bytes, write);
  uint64_t bursts = (bytes + params_.burst_bytes - 1) / params_.burst_bytes;
  uint64_t base = bursts / params_.channels, extra = bursts % params_.channels;
  uint64_t done = now;
  for (uint32_t i = 0; i < params_.channels; ++i) {
    uint32_t ch = (next_channel_ + i) % params_.channels;
    uint64_t n = base + (i < extra ? 1 : 0);
    if (n == 0) continue;
    uint64_t start = std::max(now, busy_until_[ch]);
    uint64_t dur = channel_cycles(n);
    busy_until_[ch] = start + dur;
    busy_cycles_[ch] += dur;
    if (Timeline* tl = Timeline::active())
      tl->add("dram.ch" + std::to_string(ch), std::string(write ? "write " : "read ") + std::to_string(n * params_.burst_bytes) + " B", start, dur);
    done = std::max(done, busy_until_[ch]);
  }
  next_channel_ = static_cast<uint32_t>((next_channel_ + extra) % params_.channels);
  return done + latency_cycles_;
}

void AnalyticDram::append_boundary_state(uint64_t now, std::vector<int64_t>& out) const {
  for (uint64_t b : busy_until_) out.push_back(b > now ? static_cast<int64_t>(b - now) : 0);
  out.push_back(next_channel_);
}

uint64_t AnalyticDram::busy_cycles() const {
  uint64_t s = 0;
  for (auto c : busy_cycles_) s += c;
  return s;
}

}  // namespace ternsim
