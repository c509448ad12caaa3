#ifndef RAMULATOR_CONTROLLER_IMPL_HBM_CONTROLLER_BASE_H
#define RAMULATOR_CONTROLLER_IMPL_HBM_CONTROLLER_BASE_H

#include <optional>

#include "ramulator/controller/controller_base.h"

namespace Ramulator {

class HBMControllerBase : public ControllerBase {
 public:
  void init() override;
  void setup(IFrontEnd* frontend, IMemorySystem* memory_system) override;
  void tick() override;

 protected:
  enum class SlotType : int { ColumnBus = 0, RowBus = 1 };

  struct IssuedCommand {
    SlotType slot;
    int command = -1;
    AddrVec_t addr_vec;
    Clk_t clk = -1;
  };

  HBMControllerBase(const ConfigNode& config, Implementation* parent)
      : ControllerBase(config, parent) {
  }

  virtual bool slot_matches(const Request& req, SlotType slot) const;
  // ternsim patch 15: which row commands the row bus can pass now (ControllerBase's kinds): 0
  // any; HBM34 on a falling edge 1, a PRE only.
  virtual int ternsim_row_bus_kind() const { return 0; }
  // ternsim patches 15, 16: the scan pick_rw_if would make for `slot` now could pass nothing
  // ready (then the write mode is set, as pick_rw_if would have set it).
  bool ternsim_skip_rw_scan(SlotType slot);
  // ternsim patches 15, 16: the kind of request (ControllerBase::m_ternsim_wait) `slot` passes
  // now: the row bus's (0, or 1 on HBM34's falling edges), or 2 on the column bus.
  int ternsim_wait_kind(SlotType slot) const { return slot == SlotType::ColumnBus ? 2 : ternsim_row_bus_kind(); }

  void hbm_tick_prologue();
  void hbm_tick_epilogue();
  std::optional<IssuedCommand> try_issue_slot(SlotType slot);
};

}  // namespace Ramulator

#endif  // RAMULATOR_CONTROLLER_IMPL_HBM_CONTROLLER_BASE_H
