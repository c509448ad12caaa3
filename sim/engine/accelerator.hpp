#pragma once
// Top-level SystemC model: DRAM, weight DMA, the compute array, the vector unit and the
// MLGRU unit, wired to one workload. Construct once per process (SystemC elaborates once).
#include <systemc>

#include <functional>
#include <map>
#include <memory>

#include "models/compute/array_unit.hpp"
#include "models/compute/vector_unit.hpp"
#include "models/memory/dma.hpp"
#include "models/memory/dram.hpp"
#include "models/recurrent/mlgru_unit.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/engine/op_table.hpp"
#include "sim/engine/step_loop.hpp"
#include "sim/engine/unit_queue.hpp"
#include "sim/mapping/level_mapper.hpp"
#include "sim/stats/run_result.hpp"

namespace ternsim {

// The activation buffer left after reserving the on-chip MLGRU states (sum of batch x d x
// bits over the mlgru ops with state: onchip). Throws MappingError when they do not fit.
SramParams act_buffer_after_recurrent_state(const Workload& wl, const SramParams& act);

// Builds the module that runs a chip's collective ops (sim/system/ provides it when the chip
// is one worker of a system; a lone chip has none).
using LinkUnitFactory =
    std::function<std::unique_ptr<sc_core::sc_module>(OpTable& ops, const std::vector<size_t>& collective_ops)>;

class Accelerator : public sc_core::sc_module {
 public:
  // Maps every op (throws MappingError before any simulation) and builds the modules.
  // `dram`: this chip's way to DRAM when a system provides it (cores sharing their chip's
  // DRAM, sim/system/shared_dram.hpp); null builds its own from arch.dram.
  Accelerator(sc_core::sc_module_name name, const ArchConfig& arch, const Workload& wl,
              const LinkUnitFactory& link = {}, std::unique_ptr<DramModel> dram = nullptr);
  RunResult collect() const;

 private:
  RunResult collect_records() const;
  void place_gemm(const Op& op, GemmPlan& plan);  // memory_hierarchy: level choice per GEMM
  std::map<std::string, PlacedGemm> placed_;
  const ArchConfig& arch_;
  const Workload& wl_;
  OpTable ops_;
  UnitQueue array_queue_;
  std::unique_ptr<DramModel> dram_;
  std::unique_ptr<WeightDma> dma_;
  std::unique_ptr<ArrayUnit> array_;
  std::unique_ptr<VectorUnit> vector_;
  std::unique_ptr<MlgruUnit> mlgru_;
  std::unique_ptr<StepLoop> loop_;  // workloads with a repeat: loop
  std::unique_ptr<sc_core::sc_module> link_;
};

}  // namespace ternsim
