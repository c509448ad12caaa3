#pragma once
// Running simulations. SystemC can elaborate only one model per process, so:
//  - simulate_in_process() may be called at most once in a process (the CLI's `run`);
//  - run_isolated() forks a child for the simulation and returns its result through a
//    pipe, so tests, compare, sweeps and Python can run any number of them.
#include <functional>
#include <string>
#include <vector>

#include "sim/engine/arch_config.hpp"
#include "sim/stats/run_result.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

struct RunRequest {
  std::string arch_path;
  std::string workload_path;
  std::vector<std::string> overrides;  // "--set" assignments applied to the arch
  bool per_step = false;               // loops: one ops.csv row per op per step (--per-step)
};

// Loads, validates, maps, elaborates and runs. Throws ConfigError / MappingError.
RunResult simulate_in_process(const ArchConfig& arch, const Workload& wl);
RunResult simulate_in_process(const RunRequest& req);

// The child process died or failed in a way that is not a bad-input error.
class SimulationCrash : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs `body` in a forked child; input errors are re-thrown as the same type with the same
// message, a child killed by a signal becomes SimulationCrash.
// with_ops=false leaves out the per-op records (a sweep point needs only the totals, and the
// records of a full model are most of what crosses the pipe).
RunResult run_isolated(const std::function<RunResult()>& body, bool with_ops = true);
RunResult simulate(const RunRequest& req);  // = run_isolated(simulate_in_process(req))

}  // namespace ternsim
