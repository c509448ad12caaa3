// SPDX-License-Identifier: Apache-2.0
// rtl_tile_timing.hpp -- closed-form cycle count of models/rtl/ternary_tile.sv.
//
// Header-only, no SystemC / Verilator dependency, so the transaction-level
// model can use exactly the same formula the RTL is tested against.
//
// Derivation (see also the header comment of ternary_tile.sv and
// docs/rtl_tile.md). Cycle 0 is the cycle in which `start` is high; e_k is the
// rising edge ending cycle k. No bubbles (w_valid / a_valid high whenever
// w_ready / a_ready is high), L = ceil(log2 R) registered adder-tree levels:
//   e_0                 start sampled, accumulators cleared, -> LOAD
//   e_1 .. e_R          weight rows 0..R-1 loaded (one row of C per cycle)
//   e_{R+1} .. e_{R+M}  activation vectors 0..M-1 accepted (last has a_last)
//   e_{R+M+L}           last vector leaves the L-level tree into the
//                       accumulator register; done/res_valid set on this edge
//   cycle R+M+L+1       done == 1 and res_data holds the final sums
// cycles(R, C, M) = (R+M+L+1) = R + M + ceil(log2 R) + 1, independent of C
// (the C columns run in parallel). Each bubble cycle adds exactly 1.
#pragma once

#include <cstdint>

namespace ternsim::rtl {

/// ceil(log2(n)) for n >= 1 (0 for n <= 1).
constexpr unsigned rtl_tile_clog2(std::uint64_t n) {
  unsigned l = 0;
  while ((std::uint64_t{1} << l) < n) ++l;
  return l;
}

/// Register stages between accepting an activation vector and the
/// accumulator holding its contribution: ceil(log2 R) tree levels + acc reg.
constexpr unsigned rtl_tile_pipeline_depth(unsigned rows) {
  return rtl_tile_clog2(rows) + 1;
}

/// Cycles from the cycle `start` is asserted (cycle 0) to the cycle `done`
/// is high, for R rows, C columns and M >= 1 activation vectors, bubble-free.
constexpr std::uint64_t rtl_tile_cycles(unsigned rows, unsigned cols,
                                        std::uint64_t m) {
  (void)cols;  // columns are fully parallel
  return std::uint64_t{rows} + m + rtl_tile_pipeline_depth(rows);
}

static_assert(rtl_tile_cycles(4, 4, 1) == 4 + 1 + 2 + 1, "closed form");
static_assert(rtl_tile_cycles(16, 8, 10) == 16 + 10 + 4 + 1, "closed form");
static_assert(rtl_tile_cycles(5, 3, 2) == 5 + 2 + 3 + 1, "closed form");
static_assert(rtl_tile_cycles(1, 2, 3) == 1 + 3 + 0 + 1, "closed form");

}  // namespace ternsim::rtl
