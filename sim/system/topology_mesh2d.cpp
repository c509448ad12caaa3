// 2-D mesh without wrap-around: worker i sits at (i / cols, i % cols), messages go
// dimension-ordered, hops = Manhattan distance. Ring algorithms visit the members in snake
// order (row 0 left to right, row 1 right to left, ...), so every ring step but the closing
// one is a single hop. `cols` defaults to the largest divisor of the worker count that is at
// most its square root (8 workers -> 2 x 4 ... as rows x cols = 2 x 4).
#include <algorithm>
#include <cmath>

#include "sim/system/interconnect.hpp"

namespace ternsim {
namespace {

uint32_t default_cols(uint32_t n) {
  uint32_t best = 1;
  for (uint32_t c = 1; uint64_t(c) * c <= n; ++c)
    if (n % c == 0) best = c;
  return n / best;  // the longer side along the row
}

class Mesh2dTopology : public Interconnect {
 public:
  Mesh2dTopology(ConfigNode& n, uint32_t nodes, const LinkParams& l) : Interconnect(nodes, l) {
    cols_ = static_cast<uint32_t>(n.integer("cols", default_cols(nodes), 1, nodes));
    if (nodes % cols_ != 0)
      n.fail("cols", "must divide the " + std::to_string(nodes) + " workers of the mesh into full rows");
  }
  std::string topology() const override { return "mesh2d"; }
  uint32_t hops(uint32_t a, uint32_t b) const override {
    const int64_t dr = int64_t(a / cols_) - int64_t(b / cols_), dc = int64_t(a % cols_) - int64_t(b % cols_);
    return static_cast<uint32_t>(std::llabs(dr) + std::llabs(dc));
  }
  std::vector<uint32_t> ring_order(const std::vector<uint32_t>& members) const override {
    std::vector<uint32_t> order = members;
    auto key = [&](uint32_t w) {
      const uint32_t r = w / cols_, c = w % cols_;
      return uint64_t(r) * cols_ + (r % 2 ? cols_ - 1 - c : c);
    };
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return key(x) < key(y); });
    return order;
  }

 private:
  uint32_t cols_ = 1;
};

}  // namespace
TERNSIM_REGISTER_INTERCONNECT("mesh2d", Mesh2dTopology);
}  // namespace ternsim
