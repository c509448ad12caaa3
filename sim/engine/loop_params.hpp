#pragma once
// How a workload's `repeat:` loop is simulated: the arch's optional `loop:` section
// (docs/workload_ir.md, "How a loop is simulated"); --set loop.method=sampled and Python
// overrides reach it like any arch key. Absent: the defaults below, and the resolved config
// has no `loop:` section (runs without it resolve exactly as before it existed).
#include <cstdint>
#include <string>

#include "sim/config/config_node.hpp"

namespace ternsim {

struct LoopParams {
  // exact:   every result exact. Identical steps: steady-state extrapolation; steps that
  //          change (a growing attention context): every step simulated.
  // sampled: steps that change are simulated until the step-boundary state repeats (warm-up),
  //          then every sample_every-th step and the last; the steps in between are
  //          interpolated, with an error bound in summary.json. Identical steps: as exact.
  // auto:    sampled for a loop whose steps change and that has at least
  //          4 x sample_every steps; exact otherwise.
  std::string method = "auto";
  uint64_t sample_every = 32;
  static LoopParams from_config(ConfigNode node) {
    LoopParams p;
    p.method = node.choice("method", "auto", {"auto", "exact", "sampled"});
    p.sample_every = static_cast<uint64_t>(node.integer("sample_every", 32, 2, int64_t(1) << 31));
    node.finish();
    return p;
  }
};

}  // namespace ternsim
