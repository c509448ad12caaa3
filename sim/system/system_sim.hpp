#pragma once
// The system top: maps the workload over the workers (system_plan.hpp), instantiates one chip
// (today's Accelerator, named chip<c> or chip<c>_core<k>) per distinct worker program plus the
// collective rendezvous, runs them together and merges their results: system totals at the top
// of the result, per worker and per link figures in RunResult::system_json.
#include "sim/engine/arch_config.hpp"
#include "sim/stats/run_result.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

// Elaborates and runs (call at most once per process, like simulate_in_process).
RunResult simulate_system(const ArchConfig& arch, const Workload& wl);

// Weights-resident systems: throws MappingError when a worker's weights do not fit its
// sram.weight_buffer, naming how many chips of this kind the model needs.
void check_weights_resident(const ArchConfig& arch, const Workload& wl, const struct SystemPlan& plan);

}  // namespace ternsim
