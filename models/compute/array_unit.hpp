#pragma once
// The SystemC module around an ArrayModel: for each GEMM it takes the weight chunks from
// the DMA in order, waits for each to arrive, computes it for the closed-form cycle count
// of the array model and frees its buffer slot. Activation passes that do not fit on chip
// read their inputs from and write their outputs to DRAM.
#include <memory>

#include "models/compute/array_model.hpp"
#include "models/memory/dma.hpp"
#include "models/memory/dram_model.hpp"
#include "sim/engine/exec_unit.hpp"

namespace ternsim {

class ArrayUnit : public ExecUnit {
 public:
  ArrayUnit(sc_core::sc_module_name name, OpTable& ops, const ArrayModel& model, WeightDma& dma, DramModel& dram)
      : ExecUnit(name, ops), model_(model), dma_(dma), dram_(dram) {}

 protected:
  uint64_t execute(OpState& s) override;

 private:
  const ArrayModel& model_;
  WeightDma& dma_;
  DramModel& dram_;
};

}  // namespace ternsim
