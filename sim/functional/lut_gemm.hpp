#pragma once
// Bit-accurate GEMM as the table-lookup array (models/compute/lut_array.hpp) computes it:
// Y[m x n] = X[m x k] . W[k x n], int activations, ternary weights.
//   For each row i and each group of g activations (the last group of a K-tile may be short),
//   the table of lut_table.hpp is built exactly; for each column j the group's weights are
//   encoded into an index, resolved (mirror: read the mirror entry and negate) and read.
//   The entries of a K-tile of `rows` = G*g weight rows are summed exactly (the adder tree),
//   and the tile sum is accumulated with the same overflow rule as the ternary array
//   (ternary_gemm.hpp, accumulate()).
// So for any format the result equals ternary_gemm with the same rows, acc_bits and mode.
// Throws std::invalid_argument when an entry a lookup reads does not fit table_bits.
#include "models/compute/lut_table.hpp"
#include "sim/functional/ternary_gemm.hpp"

namespace ternsim::functional {

GemmOutput lut_gemm(const GemmShape& s, const std::vector<int16_t>& x, const std::vector<int8_t>& w,
                    const LutFormat& fmt, uint64_t rows, uint32_t table_bits, uint32_t acc_bits, AccOverflow mode);

}  // namespace ternsim::functional
