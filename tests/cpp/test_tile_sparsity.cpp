// Per-tile sparsity measured on one tile grid (tracegen's, 64x64 by default) and used by an
// array with another tile size: the nonzeros must be conserved (issue 14, defect 8).
#include <gtest/gtest.h>

#include "sim/workload/tile_sparsity.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {
// K = N = 128 traced as 2x2 tiles of 64x64 with zero fractions [0, 0.25; 0.5, 1]:
//   nonzeros = 4096 x (1 + 0.75 + 0.5 + 0) = 9216 of 16384 weights.
const char* kSquare = ", tile_zero_fractions: {tile_k: 64, tile_n: 64, values: [0, 0.25, 0.5, 1]}";
// K = 100, N = 72 traced as 64x64: tiles 64x64 (z 0.5), 64x8 (0.25), 36x64 (0.75), 36x8 (0):
//   nonzeros = 2048 + 384 + 576 + 288 = 3296 of 7200 weights.
const char* kRagged = ", tile_zero_fractions: {tile_k: 64, tile_n: 64, values: [0.5, 0.25, 0.75, 0]}";

Op square_op() {
  Op op;
  op.k = 128;
  op.n = 128;
  op.tile_zeros = {64, 64, {0, 0.25, 0.5, 1}};
  return op;
}

RunResult run_on(uint64_t rows, uint64_t cols, const std::string& wl, bool zero_skip) {
  return run_yaml(small_arch_yaml(), wl,
                  {"array.rows=" + std::to_string(rows), "array.cols=" + std::to_string(cols),
                   std::string("array.zero_skip=") + (zero_skip ? "true" : "false")});
}
}  // namespace

TEST(TileSparsity, RectangleIsAreaWeightedOverlap) {
  const Op op = square_op();
  EXPECT_DOUBLE_EQ(total_nonzeros(op), 9216.0);
  EXPECT_DOUBLE_EQ(matrix_density(op), 9216.0 / 16384.0);
  // The centred 64x64 square takes 32x32 of each measured tile: 1024 x 2.25 = 2304.
  EXPECT_DOUBLE_EQ(rect_nonzeros(op, 32, 32, 64, 64), 2304.0);
  // Rows 60..67 x columns 0..127: 4 rows x (64 + 48) + 4 rows x (32 + 0) = 448 + 128.
  EXPECT_DOUBLE_EQ(rect_nonzeros(op, 60, 0, 8, 128), 576.0);
  // A rectangle reaching past the matrix counts only real elements.
  EXPECT_DOUBLE_EQ(rect_nonzeros(op, 96, 96, 64, 64), 0.0);
  EXPECT_DOUBLE_EQ(rect_nonzeros(op, 96, 0, 64, 64), 32 * 64 * 0.5);
  // Without per-tile values the whole-matrix fraction applies.
  Op flat;
  flat.k = 10;
  flat.n = 10;
  flat.zero_fraction = 0.3;
  EXPECT_DOUBLE_EQ(rect_nonzeros(flat, 2, 2, 4, 5), 20 * 0.7);
}

// The case: on 128x128 the old centre sample read the all-zero tile and counted 0 adds.
// Every array size, tile-aligned or not, dense or zero-skipping, adds each nonzero once per row.
TEST(TileSparsity, AddsConserveNonzerosOnEveryArraySize) {
  const std::string wl = gemm_workload_yaml(1, 128, 128, kSquare);
  for (uint64_t size : {8u, 48u, 64u, 100u, 128u, 256u}) {
    for (bool skip : {false, true}) {
      SCOPED_TRACE("array " + std::to_string(size) + (skip ? " zero_skip" : " dense"));
      RunResult r = run_on(size, size, wl, skip);
      EXPECT_NEAR(r.events.get("array.add.int24"), 9216.0, 1e-6);
      EXPECT_NEAR(r.events.get("array.zero_slot"), skip ? 0.0 : 16384.0 - 9216.0, 1e-6);
    }
  }
  // Non-square arrays and M = 3 rows: 3 x 9216.
  RunResult r = run_yaml(small_arch_yaml(), gemm_workload_yaml(3, 128, 128, kSquare),
                         {"array.rows=32", "array.cols=96"});
  EXPECT_NEAR(r.events.get("array.add.int24"), 3 * 9216.0, 1e-6);
}

// Zero skipping on 64x64: density 9216/16384 = 0.5625 packs ceil(128 x 0.5625) = 72 nonzero
// rows into 2 tiles along K spanning 114 and 14 original rows. The old centre sample gave those
// spans the fractions of tiles (0,*) and (1,*) whole: 114x64x1.75 + 14x64x0.5 = 13216 adds (43 % too many).
TEST(TileSparsity, ZeroSkipSpansUseTheOverlap) {
  RunResult r = run_on(64, 64, gemm_workload_yaml(1, 128, 128, kSquare), true);
  EXPECT_EQ(r.op_records[0].folds, 4u);
  EXPECT_NEAR(r.events.get("array.add.int24"), 9216.0, 1e-6);
}

TEST(TileSparsity, RaggedTracedTilesConserveNonzeros) {
  const std::string wl = gemm_workload_yaml(2, 72, 100, kRagged);
  for (uint64_t size : {8u, 32u, 50u, 64u, 128u}) {
    for (bool skip : {false, true}) {
      SCOPED_TRACE("array " + std::to_string(size) + (skip ? " zero_skip" : " dense"));
      RunResult r = run_on(size, size, wl, skip);
      EXPECT_NEAR(r.events.get("array.add.int24"), 2 * 3296.0, 1e-6);
      EXPECT_NEAR(r.events.get("array.zero_slot"), skip ? 0.0 : 2 * (7200.0 - 3296.0), 1e-6);
    }
  }
}
