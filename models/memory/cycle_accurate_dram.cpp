#include "models/memory/cycle_accurate_dram.hpp"

#include <cmath>

namespace ternsim {

uint64_t CycleAccurateDram::idle_transfer_cycles(uint64_t bytes) const {
  return static_cast<uint64_t>(std::ceil(double(bytes) / peak_bytes_per_cycle_ - 1e-9)) + latency_cycles_;
}

uint64_t CycleAccurateDram::busy_cycles() const {
  const double per_channel = peak_bytes_per_cycle_ / channels_;
  double s = 0;
  for (uint32_t ch = 0; ch < channels_; ++ch) s += channel_bursts(ch) * burst_bytes_ / per_channel;
  return static_cast<uint64_t>(std::llround(s));
}

}  // namespace ternsim
