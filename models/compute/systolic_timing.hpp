// SPDX-License-Identifier: Apache-2.0
//
// ternsim -- closed-form compute-cycle model of a systolic array running a GEMM.
//
// Pure C++17, no SystemC.  Two timing modes:
//
//   * SystolicTiming::ScaleSim  -- bit-exact reproduction of the "Total Cycles"
//     that SCALE-Sim v2 (scalesim-project/scale-sim-v2, commit
//     22f88b17f1dd3160e18bff5df165035bf8146e83) writes to COMPUTE_REPORT.csv
//     for a stall-free GEMM layer, plus its "Mapping Efficiency %",
//     "Compute Util %" and "Overall Util %" (here as fractions in [0, 1]).
//     Cross-checked against the real tool in
//     tests/cpp/data/scalesim_reference.csv.
//
//   * SystolicTiming::Pipelined -- same array, same fold order, but the next
//     fold's stationary operand is preloaded into shadow (double-buffered) PE
//     registers while the current fold computes, and fill/drain of consecutive
//     folds overlap (the next fold's operand wavefront follows the current one
//     into the array).  Derivation in systolic_timing.cpp and
//     docs/systolic_timing.md.
//
// GEMM convention: C[M x N] = A[M x K] * B[K x N]  (A = activations / SCALE-Sim
// "ifmap", B = weights / SCALE-Sim "filter", C = SCALE-Sim "ofmap").
// Array: R rows (SCALE-Sim ArrayHeight) x C cols (SCALE-Sim ArrayWidth).
//
// SCALE-Sim maps the GEMM onto a spatial/temporal triple (Sr, Sc, T):
//
//      dataflow | Sr (-> array rows) | Sc (-> array cols) | T (streamed)
//      ---------+--------------------+--------------------+-------------
//      WS       | K                  | N                  | M
//      OS       | M                  | N                  | K
//      IS       | K                  | M                  | N
//
// and runs folds_row = ceil(Sr/R) x folds_col = ceil(Sc/C) folds, column-fold
// major:  fold index f = fc * folds_row + fr.
//
// Closed forms (ScaleSim mode, F = folds_row * folds_col):
//
//      WS, IS : compute_cycles = F * (2R + C + T - 2) - 1
//      OS     : compute_cycles = F * ( R + C + T - 2) - 1
//
// Closed forms (Pipelined mode; P = max(T, R) is the steady-state fold period):
//
//      WS, IS : compute_cycles = R + (F-1) * P + (R + C + T - 2) - 1
//      OS     : compute_cycles =     (F-1) * P + (R + C + T - 2) - 1
//
// (the trailing "- 1" is SCALE-Sim's reporting convention, kept in both modes
// so that the two modes agree for F == 1; see systolic_timing.cpp).
#pragma once

#include <cstdint>
#include <string>

namespace ternsim {

enum class Dataflow { WS, OS, IS };
enum class SystolicTiming { ScaleSim, Pipelined };

const char* to_string(Dataflow df);
const char* to_string(SystolicTiming t);
// Accepts "ws"/"os"/"is" (any case). Throws std::invalid_argument otherwise.
Dataflow dataflow_from_string(const std::string& s);

// SCALE-Sim's spatio-temporal mapping of one GEMM onto one array.
struct SystolicMapping {
    uint64_t Sr = 0;          // operand dimension laid along the array rows
    uint64_t Sc = 0;          // operand dimension laid along the array columns
    uint64_t T = 0;           // temporal (streamed) dimension
    uint64_t R = 0, C = 0;    // array geometry
    uint64_t folds_row = 0;   // ceil(Sr / R)
    uint64_t folds_col = 0;   // ceil(Sc / C)
    uint64_t folds = 0;       // folds_row * folds_col
    // SCALE-Sim demand-matrix rows per fold (identical for every fold, ragged
    // folds are padded with null requests): 2R+C+T-2 (WS/IS), R+C+T-2 (OS).
    uint64_t scalesim_fold_cycles = 0;
    // Pipelined mode: cycles one fold occupies the array in steady state = max(T, R).
    uint64_t pipelined_period = 0;
    // Pipelined mode: one-off cost of a chain of folds on top of count * period
    // (stationary preload of the first fold + fill/drain of the last one):
    // chain(count) = pipelined_prologue + (count-1) * period + pipelined_epilogue.
    uint64_t pipelined_prologue = 0;  // R (WS/IS: first stationary load), 0 (OS)
    uint64_t pipelined_epilogue = 0;  // R + C + T - 2
};

// One fold (tile) of the GEMM on the array.
struct SystolicFold {
    uint64_t fold_row = 0;    // fr
    uint64_t fold_col = 0;    // fc
    uint64_t rows_used = 0;   // min(R, Sr - fr*R)
    uint64_t cols_used = 0;   // min(C, Sc - fc*C)
    uint64_t stream_len = 0;  // T (every fold streams the full temporal dim)
};

struct SystolicCycles {
    uint64_t compute_cycles = 0;  // SCALE-Sim "Total Cycles" (stall-free) in ScaleSim mode
    uint64_t folds = 0;
    uint64_t folds_row = 0, folds_col = 0;
    // SCALE-Sim "Mapping Efficiency %" / 100: mean over folds of
    // rows_used*cols_used / (R*C).  Same in both modes (spatial property).
    double mapping_efficiency = 0.0;
    // ScaleSim mode: SCALE-Sim "Compute Util %" / 100: mean over folds of
    // rows_used*cols_used*T / (R*C*fold_util_cycles), fold_util_cycles being
    // SCALE-Sim's per-fold denominator (2R+2C+T-3 for WS/IS, R+C+T-2 for OS).
    // Pipelined mode: macs / (R*C*compute_cycles) (folds overlap, so a
    // per-fold denominator is not meaningful).
    double compute_utilization = 0.0;
    // SCALE-Sim "Overall Util %" / 100 = macs / (R*C*compute_cycles), both modes.
    double overall_utilization = 0.0;
    uint64_t macs = 0;            // M*N*K (SCALE-Sim "num_compute")
};

// Throws std::invalid_argument if any of M, N, K, R, C is 0.
SystolicMapping systolic_mapping(uint64_t M, uint64_t N, uint64_t K,
                                 uint64_t R, uint64_t C, Dataflow df);

// Fold `fold_index` in SCALE-Sim order (f = fc*folds_row + fr).
// Throws std::out_of_range if fold_index >= folds.
SystolicFold systolic_fold(const SystolicMapping& m, uint64_t fold_index);

SystolicCycles systolic_gemm_cycles(uint64_t M, uint64_t N, uint64_t K,
                                    uint64_t R, uint64_t C,
                                    Dataflow df, SystolicTiming t);

// Cycles of the contiguous fold range [first_fold, first_fold + fold_count)
// (SCALE-Sim fold order).  fold_count == 0 -> 0.  Throws std::out_of_range if
// the range exceeds the fold count.
//
// ScaleSim: count * fold_cycles, minus 1 if the range contains the last fold
//   (the "- 1" of the whole-op figure is attributed to the final fold), so any
//   partition of [0, folds) into chunks sums exactly to
//   systolic_gemm_cycles(...).compute_cycles.
// Pipelined: each chunk is an independent pipeline: it pays the prologue
//   (first stationary load, WS/IS) and one fill/drain epilogue once:
//   prologue + (count-1)*period + epilogue, minus 1 if it contains the last
//   fold.  A single chunk covering all folds equals the whole-op value; a split
//   into k chunks costs exactly (k-1)*(prologue + epilogue - period) more.  A
//   caller that keeps the pipeline running across a chunk boundary (next
//   chunk's stationary data arrived in time) should instead charge
//   pipelined_continuation_cycles for every chunk after the first.
uint64_t systolic_chunk_cycles(const SystolicMapping& m, SystolicTiming t,
                               uint64_t first_fold, uint64_t fold_count);

uint64_t systolic_chunk_cycles(uint64_t M, uint64_t N, uint64_t K,
                               uint64_t R, uint64_t C, Dataflow df,
                               SystolicTiming t,
                               uint64_t first_fold, uint64_t fold_count);

// Pipelined mode, incremental cycles of a chunk appended to a pipeline that is
// already running (its stationary data arrived in time, so no bubble):
// fold_count * period, minus 1 if the chunk contains the last fold.  These are
// exact completion-time increments: if chunk j's last fold completes at time
// t_j, chunk j+1's last fold completes at t_j + continuation(j+1), because in
// steady state every fold shifts the whole drain tail by exactly one period.
// Hence systolic_chunk_cycles(first chunk) + sum of continuation(other chunks)
// == systolic_gemm_cycles(..., Pipelined).compute_cycles for any partition.
uint64_t pipelined_continuation_cycles(const SystolicMapping& m,
                                       uint64_t first_fold, uint64_t fold_count);

}  // namespace ternsim
