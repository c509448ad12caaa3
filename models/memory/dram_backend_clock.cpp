#include "models/memory/dram_backend_clock.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/stats/timeline.hpp"

namespace ternsim {

uint64_t DramBackendClock::to_dram(uint64_t acc) const {
  return static_cast<uint64_t>(std::ceil(double(acc) * (1000.0 / clock_mhz) / tck_ns - 1e-9));
}

uint64_t DramBackendClock::to_acc(uint64_t dram) const {
  return static_cast<uint64_t>(std::ceil(double(dram) * tck_ns * clock_mhz / 1000.0 - 1e-9));
}

BurstSpan burst_span(uint64_t addr, uint64_t bytes, uint64_t burst_bytes) {
  BurstSpan s;
  s.first = addr / burst_bytes * burst_bytes;
  const uint64_t last = (addr + bytes - 1) / burst_bytes * burst_bytes;
  s.n = (last - s.first) / burst_bytes + 1;
  return s;
}

void trace_backend_request(const DramBackendClock& clk, uint64_t now, uint64_t done, uint64_t start_dram,
                           uint64_t end_dram, uint64_t bytes, bool write) {
  Timeline* tl = Timeline::active();
  if (!tl) return;
  // Overlapping requests (interleaved masters) are each shown from when the track's previous one
  // ended: a Perfetto track's slices must not overlap.
  const uint64_t from = std::max({now, clk.to_acc(start_dram), tl->track_end("dram")});
  if (done > from && end_dram > start_dram) {
    tl->add("dram", std::string(write ? "write " : "read ") + std::to_string(bytes) + " B", from, done - from);
    const double gbps = double(bytes) / (double(end_dram - start_dram) * clk.tck_ns);
    tl->add_step("dram_bandwidth_gbps", from, gbps);
    tl->add_step("dram_bandwidth_gbps", done, -gbps);
  }
}

}  // namespace ternsim
