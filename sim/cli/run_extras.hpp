#pragma once
// Optional extras of `ternsim run`, kept out of cmd_run.cpp: --trace (timeline JSON) and
// --functional [--dump DIR] [--seed N] (bit-accurate results, sim/functional/).
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>
#include <string>

#include "sim/engine/simulate.hpp"
#include "sim/report/atomic_output.hpp"
#include "sim/stats/timeline.hpp"

namespace ternsim::cli {

struct RunExtras {
  std::string trace_path;
  bool functional = false;
  std::string dump_dir;
  uint64_t seed = 1;
  std::unique_ptr<Timeline> timeline;
};

void add_run_extras(CLI::App* cmd, RunExtras& x);
// Before elaboration: installs the timeline recorder when --trace is given.
void begin_run_extras(RunExtras& x);
// After the timed run: writes the trace, runs the functional mode (its files go to
// --dump and, as functional.csv, to out_dir when there is one) and prints its summary on `log`.
void finish_run_extras(RunExtras& x, const RunRequest& req, const RunResult& r, OutputDir* out_dir,
                       std::ostream& log);

}  // namespace ternsim::cli
