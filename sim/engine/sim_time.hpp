#pragma once
// Simulation time is kept in accelerator clock cycles: one SystemC time unit (1 ns at the
// 1 ns resolution set before elaboration) is one cycle, so every wait is an exact integer
// number of cycles and seconds = cycles / clock.
#include <systemc>

#include <cstdint>

namespace ternsim {

inline uint64_t now_cycles() { return sc_core::sc_time_stamp().value(); }
inline sc_core::sc_time cycles(uint64_t n) { return sc_core::sc_time::from_value(n); }
// Waits until absolute cycle `t` (no-op if already there).
inline void wait_until(uint64_t t) {
  uint64_t now = now_cycles();
  if (t > now) sc_core::wait(cycles(t - now));
}

}  // namespace ternsim
