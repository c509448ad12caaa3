#pragma once
// MLGRU recurrence unit: h_t = f_t * h_(t-1) + (1 - f_t) * c_t, elementwise over the
// E = batch * d state elements, but sequential in t. docs/recurrence.md has the full model.
//
// `sequential` schedule: each token is one timed transaction on `lanes` elementwise ALUs
//   step = ceil(E * ops_per_element / lanes) + latency
// Token t starts at max(inputs of token t produced, h_(t-1) done): the unit waits on the
// progress events of its f and c producers (token-major rows, see rows_for_token) and on
// its own previous step, so the dependency is a chain of SystemC waits, O(T) activations.
//
// `scan` schedule: Blelloch parallel prefix scan over the linear recurrence
// h_t = a_t h_(t-1) + b_t  (a = f, b = (1 - f) c) with the associative combine
//   (a1, b1) o (a2, b2) = (a1 a2, a2 b1 + b2)     (ops_per_combine per element, 3)
// on T tokens padded to P = 2^L, L = ceil(log2 T):
//   up-sweep level l (l = 0..L-1):    P / 2^(l+1) combines
//   down-sweep level l (l = L-1..0):  P / 2^(l+1) combines          -> 2 (P - 1) combines
//   apply: h_t = a_t x_t + b_t from the exclusive prefix x_t, T tokens (ops_per_element)
//   level(c) = ceil(c * E * ops_per_combine / lanes) + latency
//   scan cycles = sum_{l<L} 2 level(P / 2^(l+1)) + ceil(T * E * ops_per_element / lanes) + latency
// i.e. 2L + 1 timed transactions (depth) and 2 (P - 1) extra combines (extra work) over the
// sequential schedule. It needs every f_t and c_t, so it waits for its producers to finish.
//
// State: `onchip` keeps h in the activation buffer (the accelerator reserves batch*d*bits
// per mlgru op there and fails with a MappingError when it does not fit); `dram` reads
// h_(t-1) from DRAM before and writes h_t after every step (scan: the initial state once
// before, the final state once after).
#include <vector>

#include "models/memory/dram_model.hpp"
#include "sim/config/config_node.hpp"
#include "sim/engine/exec_unit.hpp"

namespace ternsim {

struct MlgruParams {
  uint32_t lanes = 64;
  uint32_t ops_per_element = 3;  // f*h, (1-f), fused multiply-add with c
  uint32_t ops_per_combine = 3;  // scan: a1*a2, a2*b1, + b2
  uint32_t latency = 4;          // pipeline fill of one transaction
  static MlgruParams from_config(ConfigNode node);
  // Elements of the state: batch * d.
  static uint64_t state_elements(const Op& op) { return op.batch * op.n; }
  static uint64_t state_bytes(const Op& op) { return (state_elements(op) * op.bits + 7) / 8; }
  uint64_t step_cycles(const Op& op) const;
  // Combines per scan level, up-sweep then down-sweep (2L entries).
  static std::vector<uint64_t> scan_level_combines(uint64_t tokens);
  uint64_t scan_cycles(const Op& op) const;
};

// Rows of a producer with `rows` output rows that hold token t of a consumer over `tokens`
// tokens. Rows are token-major (row r belongs to token r * tokens / rows, e.g. for
// m = tokens x batch the batch rows of token 0 come first), so token t is covered once
// ceil((t + 1) * rows / tokens) rows are done.
inline uint64_t rows_for_token(uint64_t t, uint64_t tokens, uint64_t rows) {
  return ((t + 1) * rows + tokens - 1) / tokens;
}

class MlgruUnit : public ExecUnit {
 public:
  MlgruUnit(sc_core::sc_module_name name, OpTable& ops, const MlgruParams& p, DramModel& dram)
      : ExecUnit(name, ops), params_(p), dram_(dram) {}

 protected:
  uint64_t wait_ready(size_t i) override;
  uint64_t execute(OpState& s) override;

 private:
  void wait_token_inputs(const OpState& s, uint64_t t);
  uint64_t run_sequential(OpState& s);
  uint64_t run_scan(OpState& s);
  void read_state(OpState& s);
  void write_state(OpState& s);
  MlgruParams params_;
  DramModel& dram_;
};

}  // namespace ternsim
