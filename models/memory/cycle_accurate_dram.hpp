#pragma once
// What the cycle-accurate DRAM backends (dramsim3_dram.*, ramulator2_dram.*) share behind the
// DramModel interface: the geometry they read from their preset (channels, burst size, peak rate
// and idle latency in accelerator cycles), the DRAM clock they have simulated to, and the
// closed forms derived from those. A new backend sets these in its constructor and reports how
// many bursts each channel has moved; the rest of DramModel is its own.
#include <cstdint>

#include "models/memory/dram_model.hpp"

namespace ternsim {

class CycleAccurateDram : public DramModel {
 public:
  // A burst of a replayed access pattern (tests, calibration).
  struct Burst {
    uint64_t addr;
    bool write;
  };

  // The closed form of an ideal stream at peak plus the idle latency (the backend measures the
  // rest).
  uint64_t idle_transfer_cycles(uint64_t bytes) const override;
  uint64_t latency_cycles() const override { return latency_cycles_; }
  double bytes_per_cycle() const override { return peak_bytes_per_cycle_; }
  uint32_t channels() const override { return channels_; }
  uint32_t burst_bytes() const override { return burst_bytes_; }
  // Data-bus time: the bursts moved on each channel at its peak rate, summed over channels.
  uint64_t busy_cycles() const override;

  // DRAM clock cycles simulated so far.
  uint64_t dram_clock() const { return clk_; }

 protected:
  // Reads + writes channel `ch` has moved so far, in bursts (fractional where a backend
  // extrapolates).
  virtual double channel_bursts(uint32_t ch) const = 0;

  uint32_t channels_ = 1, burst_bytes_ = 64;
  double peak_bytes_per_cycle_ = 1;  // accelerator cycles
  uint64_t latency_cycles_ = 0;      // accelerator cycles
  uint64_t clk_ = 0;                 // DRAM clock
  uint64_t outstanding_ = 0;         // bursts queued and not completed
};

}  // namespace ternsim
