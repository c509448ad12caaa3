#pragma once
// What the idle gaps of a DRAM's channels cost, as the calibrated analytic model estimates it
// (docs/dram.md "Calibrated energy"): summed over channels, and extrapolated over a loop's
// skipped steps like the busy cycles (sim/engine/step_loop.hpp).

namespace ternsim {

struct DramIdle {
  double precharged_cycles = 0;  // idle time with every bank expected precharged (accelerator cycles)
  double reopened_gaps = 0;      // expected gaps after which an access re-opens rows a refresh closed

  DramIdle& operator+=(const DramIdle& o) {
    precharged_cycles += o.precharged_cycles;
    reopened_gaps += o.reopened_gaps;
    return *this;
  }
  DramIdle operator+(const DramIdle& o) const { return {precharged_cycles + o.precharged_cycles, reopened_gaps + o.reopened_gaps}; }
  DramIdle operator-(const DramIdle& o) const { return {precharged_cycles - o.precharged_cycles, reopened_gaps - o.reopened_gaps}; }
  DramIdle operator*(double k) const { return {precharged_cycles * k, reopened_gaps * k}; }
};

}  // namespace ternsim
