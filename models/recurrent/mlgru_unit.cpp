#include "models/recurrent/mlgru_unit.hpp"

#include "models/compute/tile_math.hpp"
#include "sim/stats/timeline.hpp"

namespace ternsim {

MlgruParams MlgruParams::from_config(ConfigNode n) {
  MlgruParams p;
  p.lanes = static_cast<uint32_t>(n.integer("lanes", 64, 1, 1 << 20));
  // 0 ops and 0 latency make the recurrence free (an ideal-recurrence what-if).
  p.ops_per_element = static_cast<uint32_t>(n.integer("ops_per_element", 3, 0, 64));
  p.ops_per_combine = static_cast<uint32_t>(n.integer("ops_per_combine", 3, 0, 64));
  p.latency = static_cast<uint32_t>(n.integer("latency", 4, 0, 1 << 20));
  n.finish();
  return p;
}

uint64_t MlgruParams::step_cycles(const Op& op) const {
  return ceil_div(state_elements(op) * ops_per_element, lanes) + latency;
}

std::vector<uint64_t> MlgruParams::scan_level_combines(uint64_t tokens) {
  uint64_t levels = 0;
  while ((uint64_t(1) << levels) < tokens) ++levels;
  const uint64_t padded = uint64_t(1) << levels;
  std::vector<uint64_t> c;
  for (uint64_t l = 0; l < levels; ++l) c.push_back(padded >> (l + 1));  // up-sweep
  for (uint64_t l = levels; l-- > 0;) c.push_back(padded >> (l + 1));    // down-sweep
  return c;
}

uint64_t MlgruParams::scan_cycles(const Op& op) const {
  const uint64_t e = state_elements(op);
  uint64_t cyc = 0;
  for (uint64_t c : scan_level_combines(op.m)) cyc += ceil_div(c * e * ops_per_combine, lanes) + latency;
  return cyc + ceil_div(op.m * e * ops_per_element, lanes) + latency;
}

void MlgruUnit::wait_token_inputs(const OpState& s, uint64_t t) {
  const Op& op = *s.op;
  for (size_t d : s.deps) ops_.wait_for_rows(d, rows_for_token(t, op.m, ops_[d].op->m));
}

uint64_t MlgruUnit::wait_ready(size_t i) {
  const Op& op = *ops_[i].op;
  if (op.scan_schedule || op.m == 0) return ops_.wait_for_deps(i);
  // Sequential: ready as soon as token 0's f and c rows exist; later tokens are followed
  // in run_sequential.
  wait_token_inputs(ops_[i], 0);
  return now_cycles();
}

void MlgruUnit::read_state(OpState& s) {
  const uint64_t b = MlgruParams::state_bytes(*s.op);
  wait_until(dram_.request(dram_.layout().region("state:" + DramLayout::tensor_identity(s.op->name), b), b, false));
  s.rec.dram_read_bytes += b;
  s.rec.events.add("sram.act_buffer.write_bit", 8.0 * b);
}

void MlgruUnit::write_state(OpState& s) {
  const uint64_t b = MlgruParams::state_bytes(*s.op);
  wait_until(dram_.request(dram_.layout().region("state:" + DramLayout::tensor_identity(s.op->name), b), b, true));
  s.rec.dram_write_bytes += b;
  s.rec.events.add("sram.act_buffer.read_bit", 8.0 * b);
}

uint64_t MlgruUnit::run_sequential(OpState& s) {
  const Op& op = *s.op;
  const uint64_t step = params_.step_cycles(op);
  uint64_t compute = 0;
  for (uint64_t t = 0; t < op.m; ++t) {
    // h_(t-1) is done: this thread just finished step t-1. Now the inputs of token t
    // (already there for t = 0, see wait_ready; usually there for later t too, then this
    // costs no SystemC activation).
    if (t > 0) wait_token_inputs(s, t);
    if (op.state_in_dram) read_state(s);
    if (Timeline* tl = Timeline::active()) tl->add("mlgru", op.name, now_cycles(), step, /*merge=*/true);
    sc_core::wait(cycles(step));
    compute += step;
    if (op.state_in_dram) write_state(s);
    s.publish_rows(t + 1);
  }
  return compute;
}

uint64_t MlgruUnit::run_scan(OpState& s) {
  const Op& op = *s.op;
  const uint64_t e = MlgruParams::state_elements(op);
  uint64_t compute = 0;
  if (op.state_in_dram) read_state(s);  // h_(-1), folded into the first element
  for (uint64_t c : MlgruParams::scan_level_combines(op.m)) {
    const uint64_t lvl = ceil_div(c * e * params_.ops_per_combine, params_.lanes) + params_.latency;
    if (Timeline* tl = Timeline::active()) tl->add("mlgru", op.name, now_cycles(), lvl, /*merge=*/true);
    sc_core::wait(cycles(lvl));
    compute += lvl;
  }
  const uint64_t apply = ceil_div(op.m * e * params_.ops_per_element, params_.lanes) + params_.latency;
  if (Timeline* tl = Timeline::active()) tl->add("mlgru", op.name, now_cycles(), apply, /*merge=*/true);
  sc_core::wait(cycles(apply));
  compute += apply;
  if (op.state_in_dram) write_state(s);  // only h_(T-1) outlives the op
  return compute;
}

uint64_t MlgruUnit::execute(OpState& s) {
  const Op& op = *s.op;
  const uint64_t compute = op.scan_schedule ? run_scan(s) : run_sequential(s);
  const double e = double(MlgruParams::state_elements(op));
  double combines = 0;
  if (op.scan_schedule)
    for (uint64_t c : MlgruParams::scan_level_combines(op.m)) combines += double(c);
  const double elem_ops = double(op.m) * e * params_.ops_per_element;
  const double comb_ops = combines * e * params_.ops_per_combine;
  s.rec.ops = elem_ops + comb_ops;
  s.rec.events.add("vector.alu_op", s.rec.ops);
  // Per token step: read f, c, h and write h; per combine: read two (a, b) pairs, write one.
  s.rec.events.add("sram.act_buffer.read_bit", double(op.m) * e * op.bits * 3 + combines * e * op.bits * 4);
  s.rec.events.add("sram.act_buffer.write_bit", double(op.m) * e * op.bits + combines * e * op.bits * 2);
  s.rec.compute_utilization = compute > 0 ? s.rec.ops / (double(params_.lanes) * compute) : 0;
  return compute;
}

}  // namespace ternsim
