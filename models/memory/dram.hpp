#pragma once
// The `dram:` section (DramParams) and the `analytic` DRAM model: several channels, each
// with a peak bandwidth, an access latency and a burst size.
//
// Approximately-timed, reservation based: a request is split into bursts interleaved over
// the channels; each channel serves its bursts after the ones already booked on it, so
// masters that overlap in time share the bandwidth first-come first-served, with no
// per-cycle events. Data is complete `latency` cycles after its last burst leaves the
// channel; the channel itself is free again as soon as the burst has left (pipelined).
// No banks, rows, refresh or turnarounds: docs/dram.md compares it with the cycle-accurate
// backend. With `dram.calibration` (dram_calibration.hpp) each request is booked at the
// efficiency and latency a backend measured for its access pattern instead.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/memory/dram_calibration.hpp"
#include "models/memory/dram_model.hpp"
#include "sim/config/config_node.hpp"

namespace ternsim {

struct DramParams {
  std::string model = "analytic";  // dram.model: which DramModel implementation
  std::string kind;           // interface technology, priced by the tech table (ddr4, lpddr5, hbm2e, ...)
  uint32_t channels = 1;
  double bandwidth_gbps = 19.2;  // per channel, GB/s (1e9 bytes/s)
  double latency_ns = 80;
  uint32_t burst_bytes = 64;
  // The backend's `dram.<model>:` section, parsed (null for analytic unless the arch names the
  // backend it is calibrated on: then backend_model is that backend, e.g. dramsim3).
  std::shared_ptr<const DramBackendConfig> backend;
  std::string backend_model;
  // dram.calibration (analytic only): null = book at peak, as always.
  std::shared_ptr<const DramCalibration> calibration;
  static DramParams from_config(ConfigNode node);
};

class AnalyticDram : public DramModel {
 public:
  AnalyticDram(const DramParams& p, double clock_mhz);

  uint64_t request(uint64_t addr, uint64_t bytes, bool write) override;
  uint64_t idle_transfer_cycles(uint64_t bytes) const override;
  uint64_t latency_cycles() const override { return latency_cycles_; }
  double bytes_per_cycle() const override { return bytes_per_cycle_channel_ * params_.channels; }
  uint32_t channels() const override { return params_.channels; }
  uint64_t busy_cycles() const override;
  DramIdle idle_gaps(uint64_t end) const override;
  const DramParams& params() const { return params_; }

  void append_boundary_state(uint64_t now, std::vector<int64_t>& out) const override;

 private:
  uint64_t channel_cycles(uint64_t bursts) const;
  uint64_t calibrated_request(uint64_t now, uint64_t addr, uint64_t bytes, bool write);
  // Splits `bytes` into bursts over the channels from next_channel_ on and books each channel's
  // n bursts for dur(n) cycles (trace label "read|write <bytes> B" + note); returns when the
  // last of them is free. With `master`, each booked channel records it as its last master.
  template <class Dur>
  uint64_t book_channels(uint64_t now, uint64_t bytes, bool write, const std::string& note, const DramMaster* master,
                         Dur dur);
  DramParams params_;
  double bytes_per_cycle_channel_;
  uint64_t latency_cycles_;
  std::vector<uint64_t> busy_until_;
  std::vector<uint64_t> busy_cycles_;
  uint32_t next_channel_ = 0;
  // Calibrated only: per pattern, bytes per cycle of one channel and latency in cycles, and
  // the master whose request each channel served last.
  std::array<double, kDramPatterns> cal_bytes_per_cycle_{};
  std::array<uint64_t, kDramPatterns> cal_latency_{};
  std::vector<DramMaster> last_master_;
  // Calibrated with idle standby (DramEnergyCal::idle) only: the idle gaps booked so far (the
  // ones an access ended); whether each channel was accessed yet (its banks are precharged until
  // then); open_after_access_ns and open_spread_ns in cycles.
  bool idle_ = false;
  DramIdle gaps_;
  double open_after_cycles_ = 0, open_spread_cycles_ = 0;
  std::vector<uint8_t> accessed_;
  double precharged_in_gap(uint32_t ch, uint64_t gap) const;
};

}  // namespace ternsim
