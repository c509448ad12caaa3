#pragma once
// RunGuard: a bound on the memory and wall time of one simulation, and a progress line on long
// runs.
//
// Inputs inside every documented range can still ask for a simulation that never ends or grows
// without bound (a 1x1 array with n = k = 2^31). While a RunGuard lives, a watchdog thread
// samples the process's resident memory and the elapsed time every 200 ms; past a limit it
// stops the process with one line naming the limit and how to raise it:
//   TERNSIM_MAX_MEMORY_MB  resident memory of one simulation (default: 3/4 of physical memory)
//   TERNSIM_MAX_SECONDS    wall time of one simulation (default: 86400, one day)
// Resident memory, not RLIMIT_AS: SystemC thread stacks and sanitizer shadow memory reserve far
// more address space than they use, so an address-space limit would stop healthy runs.
// After 10 s, when stderr is a terminal, it shows "simulating: 12 s, 1.2 GiB" on stderr.
#include <cstdint>
#include <memory>
#include <string>

namespace ternsim {

struct RunLimits {
  uint64_t max_memory_mb = 0;
  double max_seconds = 0;
};

// The limits in force (environment, else defaults). A malformed value is a ConfigError.
RunLimits run_limits();

class RunGuard {
 public:
  RunGuard();   // starts the watchdog
  ~RunGuard();  // stops it
  RunGuard(const RunGuard&) = delete;
  RunGuard& operator=(const RunGuard&) = delete;

  // Where a breach is reported. -1 (default): "error: ..." on stderr and exit status 2.
  // In a forked simulation child, run_isolated sets its result pipe: the error then travels
  // to the parent as a ConfigError like any other input error. (The child writes its own
  // result only after the guard is gone, so the two never interleave.)
  static void report_to_pipe(int fd);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace ternsim
