#pragma once
// Nonzero weights of any rectangle of a ternary GEMM's weight matrix, from what the workload
// measured: a whole-matrix zero_fraction, or per-tile zero fractions over a grid of tile_k x
// tile_n tiles (tracegen's 64x64 by default), which need not match the array's tile.
//
// A rectangle's nonzeros are the area-weighted overlap of the measured tiles it covers:
//   nnz(R) = sum over measured tiles T of |R ∩ T| * (1 - z_T)
// where |R ∩ T| counts real elements (edge tiles are ragged, and tracegen's z_T is over their
// real elements). Any partition of the matrix into rectangles therefore conserves the measured
// total sum_T |T| (1 - z_T) exactly, whatever the array's tile size; only how the nonzeros of
// one measured tile split between two array tiles is an assumption (ASSUMPTION: uniform
// within a measured tile, which is all the trace records).
#include <cstdint>

#include "sim/workload/op.hpp"

namespace ternsim {

// Nonzeros in rows [k0, k0+kk) x columns [n0, n0+nn) of op's k x n weight matrix.
double rect_nonzeros(const Op& op, uint64_t k0, uint64_t n0, uint64_t kk, uint64_t nn);
// Nonzeros of the whole matrix.
inline double total_nonzeros(const Op& op) { return rect_nonzeros(op, 0, 0, op.k, op.n); }
// Fraction of nonzero weights in the whole matrix, weighted by element (not by tile).
double matrix_density(const Op& op);

}  // namespace ternsim
