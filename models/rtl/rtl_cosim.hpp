// SPDX-License-Identifier: Apache-2.0
// rtl_cosim.hpp -- runs real weight tiles through the verilated RTL tile and through the
// functional (bit-accurate) and transaction-level models, and reports bit and cycle agreement
// (`ternsim cosim`, docs/rtl_tile.md "Co-simulation").
//
// What one RTL job computes: the tile holds ONE set of C accumulators, cleared by `start`,
// and every accepted vector adds its R-row tree sum into them, fitted to ACC_W on every step.
// So for each weight tile of an op we run
//   * M "row" jobs, one activation row each (M = 1): acc[c] = fit(sum_r x[i][r] w[r][c]),
//     which is the functional model's first K-tile step of output row i -- compared with
//     functional::ternary_gemm on the op's (M x k_extent) . (k_extent x n_extent) sub-GEMM;
//   * one "chain" job with the M rows as M vectors: acc = fit(..fit(fit(s_0)+s_1)..+s_{M-1}),
//     which is the functional model's K-tile-by-K-tile accumulation of a 1 x (M*R) x C GEMM
//     whose weight matrix is the tile stacked M times -- compared with ternary_gemm on that
//     GEMM. This exercises the fit() on every step (overflow / saturation) and gives the
//     cycles of an M-vector job, checked against rtl_tile_cycles(R, C, M).
// Short tiles (k_extent < R or n_extent < C) are padded with zero weights / activations.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "models/compute/ternary_array.hpp"
#include "rtl_tile_catalogue.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/workload/op.hpp"

namespace ternsim::rtl {

struct TileCheck {
  uint64_t outputs = 0;     // accumulator values compared (row jobs + chain job)
  uint64_t mismatches = 0;  // of those, RTL != functional
  uint64_t overflows = 0;   // functional overflow / saturation events in the compared GEMMs
  uint64_t rtl_cycles = 0;  // measured cycles of the chain job
  bool row_timing_ok = true;  // every M = 1 job took rtl_tile_cycles(R, C, 1)
  std::string first_mismatch;  // "" or a description of the first differing value
};

// w: R x C (w[r*C + c]) padded with zeros; x: m x R (x[i*R + r]) padded with zeros;
// k_ext <= R, n_ext <= C are the real extents. The tile's config gives R, C, ACC_W, mode.
TileCheck cosim_tile(RtlTernaryTile& tile, const std::vector<int8_t>& w, const std::vector<int8_t>& x,
                     uint64_t m, uint64_t k_ext, uint64_t n_ext);

// The verilated build matching the arch's ternary array; ConfigError naming the arch's
// parameters and the available builds if there is none (or the array is not ternary / int8).
const RtlTileBuild& select_rtl_tile(const ArchConfig& arch);

struct CosimOptions {
  uint64_t seed = 1;        // functional-mode data seed (same operands as `run --functional`)
  uint64_t max_tiles = 32;  // tiles over all ops
  uint64_t max_m = 4;       // activation rows per tile (the op's m, capped)
};

struct CosimOpResult {
  std::string name;
  std::string status;  // "compared" or "skipped: <why>"
  uint64_t tiles = 0, tiles_total = 0, m = 0;
  uint64_t outputs = 0, mismatches = 0, overflows = 0;
  std::string first_mismatch;
  // Timing of one tile job over m vectors (the same for every tile of the op).
  uint64_t rtl_cycles = 0;      // measured (max over the op's tiles; all must equal closed_form)
  uint64_t closed_form = 0;     // rtl_tile_cycles(R, C, m)
  uint64_t tl_tile = 0;         // TL compute_cycles of that one tile alone: load + stream + drain
  uint64_t tl_load = 0, tl_stream = 0, tl_drain = 0;  // of the op's first tile
  uint64_t tl_overlapped = 0;   // TL steady-state cycles per tile: max(stream, load)
  bool timing_ok = true;        // measured == closed form, and the relation to tl_tile holds
  bool bits_ok() const { return mismatches == 0; }
};

struct CosimReport {
  std::string arch, workload, rtl_build;
  RtlTileConfig cfg;
  uint64_t seed = 1;
  std::vector<CosimOpResult> ops;
  bool agree() const;  // every compared op: bits_ok and timing_ok
  uint64_t tiles() const;
};

// `tile` must be the select_rtl_tile() build (already constructed before the first sc_start).
CosimReport run_cosim(const ArchConfig& arch, const Workload& wl, RtlTernaryTile& tile, const RtlTileBuild& build,
                      const CosimOptions& opt);

void write_cosim_csv(const CosimReport& r, std::ostream& out);
void write_cosim_md(const CosimReport& r, std::ostream& out);
void print_cosim(const CosimReport& r, std::ostream& out);

}  // namespace ternsim::rtl
