#pragma once
// The optional `system:` section of an arch YAML: how many workers (chips x cores_per_chip,
// each one copy of the arch's chip), how they are linked, and how the workload is spread over
// them (tensor x pipeline x data parallel). An arch without `system:` is today's single chip,
// untouched. Every key is overridable: --set system.chips=8.
#include <cstdint>
#include <memory>
#include <string>

#include "sim/config/config_node.hpp"
#include "sim/system/interconnect.hpp"

namespace ternsim {

struct SystemParams {
  uint32_t chips = 1;
  uint32_t cores_per_chip = 1;
  uint32_t tp = 1, pp = 1, dp = 1;
  uint32_t micro_batches = 1;        // pipeline parallel: micro-batches per step
  bool weights_resident = false;     // weights preloaded in on-chip SRAM, no DRAM streaming
  // Simulate every worker, even when the mapping makes several identical (they then run in
  // lock step and give the same numbers; a test checks that). Off: one stands for each class.
  bool simulate_all_workers = false;
  CollectiveAlgorithm algorithm = CollectiveAlgorithm::Ring;
  // Without `noc:` the interconnect links every worker (chips x cores nodes). With `noc:` (cores
  // on an on-chip network) it links the chips and `noc` the cores of each chip; collectives
  // over several chips' cores are then hierarchical (hierarchical_collective.hpp).
  std::shared_ptr<const Interconnect> interconnect;
  std::shared_ptr<const Interconnect> noc;

  uint32_t workers() const { return chips * cores_per_chip; }
  static SystemParams from_config(ConfigNode node);
};

}  // namespace ternsim
