#pragma once
// How a workload with a `repeat:` loop was simulated (summary.json "loop").
#include <cstdint>
#include <map>
#include <string>

namespace ternsim {

struct LoopStats {
  uint64_t steps = 0;               // steps the workload asks for
  uint64_t simulated_steps = 0;     // steps the engine ran cycle by cycle
  uint64_t extrapolated_steps = 0;  // steps added from the repeating step (exact)
  int64_t steady_from_step = -1;    // first step whose boundary state equalled the previous step's
  uint64_t step_cycles = 0;         // cycles one steady step adds
  // "exact_steady_state": steps extrapolated after the boundary state repeated;
  // "sampled": steps that change were simulated every sample_every-th step after the warm-up
  //            and the steps in between interpolated (bound_* below);
  // "every_step": every step simulated (reason says why no extrapolation).
  std::string method;
  std::string reason;
  // sampled only: the sampling stride, the steps interpolated, and how far the interpolated
  // totals can be from an every-step simulation if each interpolated step's cost lies between
  // the costs of the two simulated steps around it (true when a step's cost does not
  // decrease as the context grows: docs/workload_ir.md, "Sampled steps").
  uint64_t sample_every = 0;
  uint64_t interpolated_steps = 0;
  uint64_t bound_cycles = 0;
  uint64_t bound_dram_bytes = 0;
  double bound_energy_j = 0;  // priced from bound_events and bound_cycles; 0 without a tech table
  std::map<std::string, double> bound_events;  // per event key (not in summary.json)
};

}  // namespace ternsim
