#pragma once
#include <ostream>
#include <string>

#include "sim/stats/run_result.hpp"

namespace ternsim {

// Writes summary.json, ops.csv, resolved_arch.yaml (and a copy of the workload) into dir.
void write_run_outputs(const RunResult& r, const std::string& dir, const std::string& workload_path);
void write_ops_csv(const RunResult& r, std::ostream& out);
// Human-readable report: headline numbers, per-unit and per-kind breakdown, slowest ops.
void print_report(const RunResult& r, std::ostream& out);

}  // namespace ternsim
