#pragma once
// DRAM: several channels, each with a peak bandwidth, an access latency and a burst size.
//
// Approximately-timed, reservation based: a request is split into bursts interleaved over
// the channels; each channel serves its bursts after the ones already booked on it, so
// masters that overlap in time share the bandwidth first-come first-served, with no
// per-cycle events. Data is complete `latency` cycles after its last burst leaves the
// channel; the channel itself is free again as soon as the burst has left (pipelined).
#include <systemc>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/config/config_node.hpp"

namespace ternsim {

struct DramParams {
  std::string kind;           // interface technology, priced by the tech table (ddr4, lpddr5, hbm2e, ...)
  uint32_t channels = 1;
  double bandwidth_gbps = 19.2;  // per channel, GB/s (1e9 bytes/s)
  double latency_ns = 80;
  uint32_t burst_bytes = 64;
  static DramParams from_config(ConfigNode node);
};

class Dram : public sc_core::sc_module {
 public:
  Dram(sc_core::sc_module_name name, const DramParams& p, double clock_mhz);

  // Books a transfer issued at the current simulation time; returns the cycle at which it
  // completes. The caller decides whether to wait for it (a DMA may keep issuing).
  uint64_t request(uint64_t bytes, bool write);

  // Closed form: cycles for `bytes` on an idle DRAM, latency included.
  uint64_t idle_transfer_cycles(uint64_t bytes) const;
  uint64_t latency_cycles() const { return latency_cycles_; }
  double bytes_per_cycle() const { return bytes_per_cycle_channel_ * params_.channels; }
  const DramParams& params() const { return params_; }

  uint64_t read_bytes() const { return read_bytes_; }
  uint64_t write_bytes() const { return write_bytes_; }
  uint64_t busy_cycles() const;  // summed over channels
  // Booking state at a loop-step boundary (sim/engine/step_loop.hpp): each channel's booked
  // time beyond `now` and the next channel; equal states give equal futures.
  void append_boundary_state(uint64_t now, std::vector<int64_t>& out) const;

 private:
  uint64_t channel_cycles(uint64_t bursts) const;
  DramParams params_;
  double bytes_per_cycle_channel_;
  uint64_t latency_cycles_;
  std::vector<uint64_t> busy_until_;
  std::vector<uint64_t> busy_cycles_;
  uint32_t next_channel_ = 0;
  uint64_t read_bytes_ = 0, write_bytes_ = 0;
};

}  // namespace ternsim
