// SPDX-License-Identifier: Apache-2.0
// rtl_tile_catalogue.hpp -- the verilated tile configurations linked into this binary.
//
// Each ternsim_verilate_tile() call in models/rtl/CMakeLists.txt is one fixed (R, C, ACC_W,
// SATURATE); Verilator cannot change them at run time. Co-simulation (`ternsim cosim`) and
// its tests pick the one that matches the arch's array from this list.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rtl_tile_wrapper.hpp"

namespace ternsim::rtl {

struct RtlTileBuild {
  const char* name;  // NAME given to ternsim_verilate_tile()
  RtlTileConfig cfg;
  std::unique_ptr<RtlTernaryTile> (*make)(const char* instance, const sc_core::sc_time& clk_period);
};

const std::vector<RtlTileBuild>& rtl_tile_catalogue();
// The build with exactly these parameters, or nullptr.
const RtlTileBuild* find_rtl_tile(unsigned rows, unsigned cols, unsigned acc_width, bool saturate);
// "tile_r4c4_a16 (R=4 C=4 ACC_W=16 wrap), ..." for error messages.
std::string rtl_tile_catalogue_list();

}  // namespace ternsim::rtl
