#pragma once
// Vector / special-function unit: `lanes` elementwise ALUs with a special-function
// evaluator (exp, sigmoid, rsqrt) per lane. Row-wise ops sweep each row `passes` times
// (RMSNorm: sum of squares, then scale; absmax quantize: max, then scale and round;
// softmax: max, exp and sum, divide), so an op over m rows of n elements takes
//   cycles = passes * m * ceil(n / lanes) + latency
// Activations larger than the activation buffer stream from and to DRAM; the op then takes
// the longer of its compute and its DRAM transfer.
#include <map>
#include <string>

#include "models/memory/dram.hpp"
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
  static VectorParams from_config(ConfigNode node);
  uint64_t op_cycles(const Op& op) const;
};

class VectorUnit : public ExecUnit {
 public:
  VectorUnit(sc_core::sc_module_name name, OpTable& ops, const VectorParams& p, const SramParams& act_buffer,
             Dram& dram)
      : ExecUnit(name, ops), params_(p), act_buffer_(act_buffer), dram_(dram) {}

 protected:
  uint64_t execute(OpState& s) override;

 private:
  VectorParams params_;
  SramParams act_buffer_;
  Dram& dram_;
};

}  // namespace ternsim
