// SPDX-License-Identifier: Apache-2.0
// The list must name exactly the ternsim_verilate_tile() calls of models/rtl/CMakeLists.txt
// (the library ternsim_rtl_catalogue links all of them).
#include "rtl_tile_catalogue.hpp"

#include "rtl_tile_tile_r16c8_a24.hpp"
#include "rtl_tile_tile_r1c2_a8.hpp"
#include "rtl_tile_tile_r1c4_a24.hpp"
#include "rtl_tile_tile_r4c4_a16.hpp"
#include "rtl_tile_tile_r5c3_a10s.hpp"
#include "rtl_tile_tile_r8c4_a12s.hpp"
#include "rtl_tile_tile_r8c8_a24.hpp"

namespace ternsim::rtl {

const std::vector<RtlTileBuild>& rtl_tile_catalogue() {
  static const std::vector<RtlTileBuild> builds = {
      {"tile_r4c4_a16", rtl_tile_tile_r4c4_a16_config, &make_tile_r4c4_a16},
      {"tile_r8c4_a12s", rtl_tile_tile_r8c4_a12s_config, &make_tile_r8c4_a12s},
      {"tile_r16c8_a24", rtl_tile_tile_r16c8_a24_config, &make_tile_r16c8_a24},
      {"tile_r5c3_a10s", rtl_tile_tile_r5c3_a10s_config, &make_tile_r5c3_a10s},
      {"tile_r1c2_a8", rtl_tile_tile_r1c2_a8_config, &make_tile_r1c2_a8},
      {"tile_r1c4_a24", rtl_tile_tile_r1c4_a24_config, &make_tile_r1c4_a24},
      {"tile_r8c8_a24", rtl_tile_tile_r8c8_a24_config, &make_tile_r8c8_a24},
  };
  return builds;
}

const RtlTileBuild* find_rtl_tile(unsigned rows, unsigned cols, unsigned acc_width, bool saturate) {
  for (const auto& b : rtl_tile_catalogue())
    if (b.cfg.rows == rows && b.cfg.cols == cols && b.cfg.acc_width == acc_width && b.cfg.saturate == saturate)
      return &b;
  return nullptr;
}

std::string rtl_tile_catalogue_list() {
  std::string s;
  for (const auto& b : rtl_tile_catalogue()) {
    if (!s.empty()) s += ", ";
    s += std::string(b.name) + " (R=" + std::to_string(b.cfg.rows) + " C=" + std::to_string(b.cfg.cols) +
         " ACC_W=" + std::to_string(b.cfg.acc_width) + (b.cfg.saturate ? " saturate)" : " wrap)");
  }
  return s;
}

}  // namespace ternsim::rtl
