#pragma once
// summary.json "dram_backend": what a cycle-accurate DRAM backend measured (docs/dram.md).
#include <nlohmann/json.hpp>

#include "sim/stats/run_result.hpp"

namespace ternsim {

// Achieved bandwidth per channel, row-buffer hit rate, command counts and the backend's DRAM
// energy split (pJ). Only called when r.dram_backend is not empty.
nlohmann::ordered_json dram_backend_summary(const RunResult& r);

}  // namespace ternsim
