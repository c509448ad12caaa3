#include "models/recurrent/mlgru_unit.hpp"

namespace ternsim {

MlgruParams MlgruParams::from_config(ConfigNode n) {
  MlgruParams p;
  p.lanes = static_cast<uint32_t>(n.integer("lanes", 64, 1, 1 << 20));
  p.ops_per_element = static_cast<uint32_t>(n.integer("ops_per_element", 3, 1, 64));
  p.latency = static_cast<uint32_t>(n.integer("latency", 4, 0, 1 << 20));
  n.finish();
  return p;
}

uint64_t MlgruParams::step_cycles(const Op& op) const {
  uint64_t work = op.batch * op.n * ops_per_element;
  return (work + lanes - 1) / lanes + latency;
}

uint64_t MlgruUnit::execute(OpState& s) {
  const Op& op = *s.op;
  const uint64_t step = params_.step_cycles(op);
  const uint64_t state_bytes = (op.batch * op.n * op.bits + 7) / 8;
  uint64_t compute = 0;
  // Step t cannot begin before step t-1 has produced h_(t-1): one timed wait per step.
  for (uint64_t t = 0; t < op.m; ++t) {
    if (op.state_in_dram) {
      wait_until(dram_.request(state_bytes, false));
      s.rec.dram_read_bytes += state_bytes;
    }
    sc_core::wait(cycles(step));
    compute += step;
    if (op.state_in_dram) {
      wait_until(dram_.request(state_bytes, true));
      s.rec.dram_write_bytes += state_bytes;
    }
  }
  const double elems = double(op.m) * op.batch * op.n;
  s.rec.ops = elems * params_.ops_per_element;
  s.rec.events.add("vector.alu_op", elems * params_.ops_per_element);
  s.rec.events.add("sram.act_buffer.read_bit", elems * op.bits * 3);  // f, c, h
  s.rec.events.add("sram.act_buffer.write_bit", elems * op.bits);
  s.rec.compute_utilization = compute > 0 ? s.rec.ops / (double(params_.lanes) * compute) : 0;
  return compute;
}

}  // namespace ternsim
