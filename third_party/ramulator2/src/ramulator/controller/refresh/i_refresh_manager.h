#ifndef RAMULATOR_CONTROLLER_REFRESH_I_REFRESH_MANAGER_H
#define RAMULATOR_CONTROLLER_REFRESH_I_REFRESH_MANAGER_H

#include "ramulator/base/base.h"

namespace Ramulator {

// Issues periodic refresh commands to maintain DRAM data integrity.
class IRefreshManager {
  RAMULATOR_REGISTER_INTERFACE(IRefreshManager, "refresh_manager")
 public:
  // Called every controller clock cycle to check if a refresh is due.
  virtual void tick() = 0;
  // ternsim patch 5: how many of the controller's next ticks (its clock becoming clk + 1,
  // clk + 2, ...) would send no refresh; 0 where that is not known.
  virtual Clk_t ternsim_quiet_ticks(Clk_t clk) const {
    (void)clk;
    return 0;
  }
};

}  // namespace Ramulator

#endif  // RAMULATOR_CONTROLLER_REFRESH_I_REFRESH_MANAGER_H
