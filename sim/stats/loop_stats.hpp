#pragma once
// How a workload with a `repeat:` loop was simulated (summary.json "loop").
#include <cstdint>
#include <string>

namespace ternsim {

struct LoopStats {
  uint64_t steps = 0;               // steps the workload asks for
  uint64_t simulated_steps = 0;     // steps the engine ran cycle by cycle
  uint64_t extrapolated_steps = 0;  // steps added from the repeating step (exact)
  int64_t steady_from_step = -1;    // first step whose boundary state equalled the previous step's
  uint64_t step_cycles = 0;         // cycles one steady step adds
  // "exact_steady_state": steps extrapolated after the boundary state repeated;
  // "every_step": every step simulated (reason says why no extrapolation).
  std::string method;
  std::string reason;
};

}  // namespace ternsim
