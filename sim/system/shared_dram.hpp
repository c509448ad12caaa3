#pragma once
// The cores of one chip share the chip's DRAM (issue 18): every simulated core reaches it
// through a SharedDramPort, so their requests queue on the same channels (the analytic
// model's first-come first-served booking) and four cores streaming weights together get the
// chip's bandwidth between them, not four times it.
//
// A simulated core may stand for `twins` identical cores of its chip (tensor ranks, data
// replicas simulated once, system.simulate_all_workers: false). They run in lock step and
// issue the same requests at the same time, so the port books each request twins times and
// the data is complete when all of them are through (simulate_all_workers: true books every
// core's requests itself; a test checks both give the same cycles).
// ASSUMPTION: the cores' address ranges do not interact (each port keeps its own layout).
#include <cstdint>
#include <vector>

#include "models/memory/dram_model.hpp"

namespace ternsim {

class SharedDramPort : public DramModel {
 public:
  // `chip`: the chip's DRAM, outliving the port; `ports`: simulated cores sharing it.
  SharedDramPort(DramModel& chip, uint32_t twins, uint32_t ports) : chip_(chip), twins_(twins), ports_(ports) {}

  uint64_t request(uint64_t addr, uint64_t bytes, bool write) override;
  uint64_t idle_transfer_cycles(uint64_t bytes) const override { return chip_.idle_transfer_cycles(bytes) * twins_; }
  uint64_t latency_cycles() const override { return chip_.latency_cycles(); }
  // This core's share of the chip's peak.
  double bytes_per_cycle() const override { return chip_.bytes_per_cycle() / twins_; }
  uint32_t channels() const override { return chip_.channels(); }
  // The channel time this core's own requests booked (its twins' share excluded).
  uint64_t busy_cycles() const override { return busy_cycles_; }
  // The chip DRAM's, for a port alone on it (so a loop over it extrapolates them); several
  // ports' chip is read once (shared_dram_energy.hpp).
  DramIdle idle_gaps(uint64_t end) const override { return ports_ == 1 ? chip_.idle_gaps(end) : DramIdle{}; }
  // One port alone on the chip DRAM sees the chip's whole state; several cannot summarise
  // each other's future, so a loop over them is simulated step by step.
  void append_boundary_state(uint64_t now, std::vector<int64_t>& out) const override {
    if (ports_ == 1)
      chip_.append_boundary_state(now, out);
    else
      DramModel::append_boundary_state(now, out);
  }

 private:
  DramModel& chip_;
  uint32_t twins_, ports_;
  uint64_t busy_cycles_ = 0;
};

}  // namespace ternsim
