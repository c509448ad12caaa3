#pragma once
// The per-level memory report (docs/memory_hierarchy.md) of a system run: what each simulated
// worker's hierarchy held and moved, for archs with `memory_hierarchy:`.
#include <string>
#include <vector>

#include "sim/stats/run_result.hpp"

namespace ternsim {

struct WorkerMemory {
  std::string name;          // the simulated worker, e.g. "chip0_core0"
  uint32_t stands_for = 1;   // identical workers it stands for (their numbers are the same)
  const RunResult* part;     // its result, with memory_json from apply_memory_hierarchy
  bool prefix_ops = false;   // op names carry "<name>." in the system's op records
};

// The report's JSON text (RunResult::memory_json): a lone worker's report unchanged (a one-worker
// system is today's chip); otherwise {"workers": [per worker: name, stands_for and its levels,
// gemm_placement, bank_conflict_cycles, fill_cycles], "ops": per op of the system's op records,
// in their order}. Levels' bits and energies are one worker's: the system's sram energy is
// the sum over workers of stands_for x theirs. "" when the arch has no hierarchy.
std::string system_memory_json(const std::vector<WorkerMemory>& workers);

}  // namespace ternsim
