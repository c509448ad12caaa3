#pragma once
// The architecture: top-level keys of an arch YAML. Each component parses its own section
// (parameters are declared beside the model that uses them); this file only wires them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/compute/array_model.hpp"
#include "models/compute/vector_unit.hpp"
#include "models/memory/dma.hpp"
#include "models/memory/dram.hpp"
#include "models/memory/memory_level.hpp"
#include "models/memory/sram_buffer.hpp"
#include "models/recurrent/mlgru_unit.hpp"
#include "sim/engine/loop_params.hpp"
#include "sim/config/config_node.hpp"
#include "sim/system/system_params.hpp"

namespace ternsim {

struct ArchConfig {
  std::string name;
  double clock_mhz = 0;
  std::string tech_path;         // technology table (energy/area), "" if none
  std::string fpga_device_path;  // FPGA device table, "" for ASIC targets
  ArrayContext ctx;
  std::unique_ptr<ArrayModel> array;
  VectorParams vector;
  MlgruParams recurrent;
  DramParams dram;
  DmaParams dma;
  std::optional<MemoryHierarchy> memory;  // absent: today's sram.weight_buffer + sram.act_buffer
  LoopParams loop;  // how a workload's repeat: loop is simulated (optional `loop:` section)
  std::optional<SystemParams> system;  // absent: one chip, exactly as before `system:` existed
  std::shared_ptr<ConfigDoc> doc;  // resolved values (defaults included) live here
};

ArchConfig load_arch(ConfigNode root);
ArchConfig load_arch_file(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace ternsim
