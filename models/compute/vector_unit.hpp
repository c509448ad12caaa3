#pragma once
// Vector / special-function unit: `lanes` elementwise ALUs with a special-function
// evaluator (exp, sigmoid, rsqrt) per lane. Row-wise ops sweep each row `passes` times
// (RMSNorm: sum of squares, then scale; absmax quantize: max, then scale and round;
// softmax: max, exp and sum, divide), so an op over m rows of n elements takes
//   cycles = passes * m * ceil(n / lanes) + latency
// Activations larger than the activation buffer stream from and to DRAM; the op then takes
// the longer of its compute and its DRAM transfer.
//
// Row streaming: every vector op is per row (elementwise, or row-wise like RMSNorm, absmax
// quantize, softmax), so it need not wait for its producers to finish. It processes its rows
// in blocks as the producers publish them (OpState::rows_done; the array publishes per
// activation pass) and publishes its own rows after each block, so a consumer that follows
// rows (the MLGRU) streams behind it. A block of r rows takes passes * r * ceil(n / lanes)
// cycles; the pipeline latency is paid by the first block and again by every block the unit
// had to wait for (its pipeline drained while idle). Without waiting the op is therefore
// exactly the closed form above, in one block when its inputs are complete at start.
// docs/recurrence.md, "Vector ops stream rows".
#include <map>
#include <string>

#include "models/memory/dram_model.hpp"
#include "models/memory/sram_buffer.hpp"
#include "sim/config/config_node.hpp"
#include "sim/engine/exec_unit.hpp"

namespace ternsim {

struct VectorOpCost {
  uint32_t passes = 1;
  uint32_t latency = 2;
  uint32_t inputs = 1;          // operands read per element
  double special_per_row = 0;   // special-function evaluations per row (rsqrt, reciprocal)
  double special_per_elem = 0;  // ... per element (exp, sigmoid)
};

struct VectorParams {
  uint32_t lanes = 64;
  // Fractional bits of the vector unit's fixed-point values (functional mode only):
  // an op's `bits`-bit signed integer q stands for q * 2^-frac_bits. sim/functional/vector_fixed_point.hpp.
  uint32_t frac_bits = 8;
  std::map<OpKind, VectorOpCost> cost;
  // Rows per streamed block: 0 = take every row the producers have published so far (one
  // block per producer pass); N = blocks of exactly N rows (the last one shorter); a value
  // >= an op's rows waits for complete inputs (no streaming).
  uint64_t row_block = 0;
  static VectorParams from_config(ConfigNode node);
  uint64_t op_cycles(const Op& op) const;
};

class VectorUnit : public ExecUnit {
 public:
  VectorUnit(sc_core::sc_module_name name, OpTable& ops, const VectorParams& p, const SramParams& act_buffer,
             DramModel& dram)
      : ExecUnit(name, ops), params_(p), act_buffer_(act_buffer), dram_(dram) {}

 protected:
  uint64_t wait_ready(size_t i) override;
  uint64_t execute(OpState& s) override;

 private:
  // Rows of op `s` whose inputs every dependency has produced (token-major proportional
  // mapping, as for the MLGRU: own row r needs dep rows ceil((r + 1) * m_dep / m)).
  uint64_t rows_available(const OpState& s) const;
  // Blocks until the inputs of the first `rows` rows of `s` exist (one wake-up per
  // published block of a dependency).
  void wait_rows(const OpState& s, uint64_t rows);
  // Rows the next block should cover given `done` rows processed: waits for its inputs.
  uint64_t next_block(const OpState& s, uint64_t done);
  VectorParams params_;
  SramParams act_buffer_;
  DramModel& dram_;
};

}  // namespace ternsim
