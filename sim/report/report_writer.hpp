#pragma once
#include <ostream>
#include <string>

#include <vector>

#include "sim/report/atomic_output.hpp"
#include "sim/stats/run_result.hpp"

namespace ternsim {

// Stages summary.json, ops.csv, resolved_arch.yaml (and a copy of the workload) in dir; the
// caller commits it.
void write_run_outputs(const RunResult& r, OutputDir& dir, const std::string& workload_path);
// Every file a run may write into --out (what a later run's commit replaces or removes).
const std::vector<std::string>& run_output_names();
void write_ops_csv(const RunResult& r, std::ostream& out);
// Human-readable report: headline numbers, per-unit and per-kind breakdown, slowest ops.
void print_report(const RunResult& r, std::ostream& out);

}  // namespace ternsim
