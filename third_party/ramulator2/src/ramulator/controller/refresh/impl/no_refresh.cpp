#include "ramulator/controller/refresh/i_refresh_manager.h"

namespace Ramulator {

// No-op refresh — does nothing. Used when refresh is not modeled
class NoRefresh : public IRefreshManager, public Implementation {
  RAMULATOR_REGISTER_IMPLEMENTATION(IRefreshManager, NoRefresh, "NoRefresh")

  void init() override {
  }
  void tick() override {
  }
  Clk_t ternsim_quiet_ticks(Clk_t) const override {  // ternsim patch 5: never a refresh
    return Clk_t(1) << 62;
  }
};

}  // namespace Ramulator
