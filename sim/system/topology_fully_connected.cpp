// Fully connected: a dedicated link between every pair of workers, so every message is one hop
// (a ring algorithm then uses one of each worker's n-1 links).
#include "sim/system/interconnect.hpp"

namespace ternsim {
namespace {

class FullyConnectedTopology : public Interconnect {
 public:
  FullyConnectedTopology(ConfigNode&, uint32_t nodes, const LinkParams& l) : Interconnect(nodes, l) {}
  std::string topology() const override { return "fully_connected"; }
  uint32_t hops(uint32_t a, uint32_t b) const override { return a == b ? 0 : 1; }
};

}  // namespace
TERNSIM_REGISTER_INTERCONNECT("fully_connected", FullyConnectedTopology);
}  // namespace ternsim
