// Switch (star): each worker has one link to a central switch, so a message crosses two links
// (worker -> switch -> worker). ASSUMPTION: the switch forwards cut-through and its own delay
// is part of link.latency_ns; it is non-blocking (no contention inside the switch).
#include "sim/system/interconnect.hpp"

namespace ternsim {
namespace {

class SwitchTopology : public Interconnect {
 public:
  SwitchTopology(ConfigNode&, uint32_t nodes, const LinkParams& l) : Interconnect(nodes, l) {}
  std::string topology() const override { return "switch"; }
  uint32_t hops(uint32_t a, uint32_t b) const override { return a == b ? 0 : 2; }
};

}  // namespace
TERNSIM_REGISTER_INTERCONNECT("switch", SwitchTopology);
}  // namespace ternsim
