#pragma once
// MLGRU recurrence unit: h_t = f_t * h_(t-1) + (1 - f_t) * c_t, elementwise over the hidden
// state of every sequence in the batch, but sequential in t. Each step is its own timed
// transaction that starts only when the previous step's state is available (an event chain
// in the simulation, not a formula):
//   step cycles = ceil(batch * n * ops_per_element / lanes) + latency
// With state in DRAM, every step first reads h_(t-1) and afterwards writes h_t.
#include "models/memory/dram.hpp"
#include "sim/config/config_node.hpp"
#include "sim/engine/exec_unit.hpp"

namespace ternsim {

struct MlgruParams {
  uint32_t lanes = 64;
  uint32_t ops_per_element = 3;  // f*h, (1-f), fused multiply-add with c
  uint32_t latency = 4;
  static MlgruParams from_config(ConfigNode node);
  uint64_t step_cycles(const Op& op) const;
};

class MlgruUnit : public ExecUnit {
 public:
  MlgruUnit(sc_core::sc_module_name name, OpTable& ops, const MlgruParams& p, Dram& dram)
      : ExecUnit(name, ops), params_(p), dram_(dram) {}

 protected:
  uint64_t execute(OpState& s) override;

 private:
  MlgruParams params_;
  Dram& dram_;
};

}  // namespace ternsim
