// Bidirectional ring: worker i links to i-1 and i+1 (mod n); a message takes the shorter way.
#include <algorithm>

#include "sim/system/interconnect.hpp"

namespace ternsim {
namespace {

class RingTopology : public Interconnect {
 public:
  RingTopology(ConfigNode&, uint32_t nodes, const LinkParams& l) : Interconnect(nodes, l) {}
  std::string topology() const override { return "ring"; }
  uint32_t hops(uint32_t a, uint32_t b) const override {
    const uint32_t d = a > b ? a - b : b - a;
    return std::min(d, nodes() - d);
  }
};

}  // namespace
TERNSIM_REGISTER_INTERCONNECT("ring", RingTopology);
}  // namespace ternsim
