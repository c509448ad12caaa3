#pragma once
#include <string>
#include <vector>

#include "sim/config/config_node.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

// Parses and validates a workload (docs/workload_ir.md). Throws ConfigError with file:line.
Workload load_workload(ConfigNode root);
Workload load_workload_file(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace ternsim
