#pragma once
// summary.json: the machine-readable result of one run. Also the wire format between a
// forked simulation child and its parent.
#include <nlohmann/json.hpp>

#include "sim/stats/run_result.hpp"

namespace ternsim {

nlohmann::ordered_json summary_json(const RunResult& r);  // summary.json (no per-op rows)
nlohmann::json result_to_json(const RunResult& r, bool with_ops);
RunResult result_from_json(const nlohmann::json& j);

}  // namespace ternsim
