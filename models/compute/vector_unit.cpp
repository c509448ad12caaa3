#include "models/compute/vector_unit.hpp"

#include <algorithm>

#include "sim/stats/timeline.hpp"

namespace ternsim {
namespace {

// Default costs; every one can be overridden under vector.cost.<kind>.
std::map<OpKind, VectorOpCost> default_costs() {
  return {
      {OpKind::Add, {1, 2, 2, 0, 0}},        {OpKind::Mul, {1, 3, 2, 0, 0}},
      {OpKind::Silu, {1, 6, 1, 0, 1}},       {OpKind::Sigmoid, {1, 6, 1, 0, 1}},
      {OpKind::RmsNorm, {2, 12, 1, 1, 0}},   {OpKind::Quantize, {2, 8, 1, 1, 0}},
      {OpKind::Softmax, {3, 12, 1, 1, 1}},   {OpKind::Embedding, {1, 2, 1, 0, 0}},
      {OpKind::KvAppend, {1, 2, 1, 0, 0}},
  };
}

}  // namespace

VectorParams VectorParams::from_config(ConfigNode n) {
  VectorParams p;
  p.lanes = static_cast<uint32_t>(n.integer("lanes", 64, 1, 1 << 20));
  p.frac_bits = static_cast<uint32_t>(n.integer("frac_bits", 8, 0, 30));
  p.cost = default_costs();
  ConfigNode costs = n.child_or_empty("cost");
  for (auto& [kind, c] : p.cost) {
    ConfigNode k = costs.child_or_empty(to_string(kind));
    c.passes = static_cast<uint32_t>(k.integer("passes", c.passes, 1, 64));
    c.latency = static_cast<uint32_t>(k.integer("latency", c.latency, 0, 1 << 20));
    k.finish();
  }
  costs.finish();
  n.finish();
  return p;
}

uint64_t VectorParams::op_cycles(const Op& op) const {
  const VectorOpCost& c = cost.at(op.kind);
  return uint64_t(c.passes) * op.m * ((op.n + lanes - 1) / lanes) + c.latency;
}

uint64_t VectorUnit::execute(OpState& s) {
  const Op& op = *s.op;
  const VectorOpCost& c = params_.cost.at(op.kind);
  const double elems = double(op.m) * op.n;
  const uint64_t bytes = (op.m * op.n * op.bits + 7) / 8;
  const uint64_t compute = params_.op_cycles(op);
  const uint64_t start = now_cycles();

  uint64_t dram_done = start;
  uint64_t rd = 0, wr = 0;
  if (op.kind == OpKind::Embedding) {
    rd = bytes;  // gather from the DRAM table
  } else if (op.kind == OpKind::KvAppend) {
    wr = bytes;  // new K/V rows into the DRAM cache
  } else if (bytes * (c.inputs + 1) > act_buffer_.capacity_bytes) {
    rd = bytes * c.inputs;  // does not fit on chip: stream through DRAM
    wr = bytes;
  }
  if (rd) dram_done = std::max(dram_done, dram_.request(rd, false));
  if (wr) dram_done = std::max(dram_done, dram_.request(wr, true));
  s.rec.dram_read_bytes += rd;
  s.rec.dram_write_bytes += wr;
  if (Timeline* tl = Timeline::active()) tl->add("vector", op.name, start, compute);
  wait_until(std::max(start + compute, dram_done));

  s.rec.ops = elems * c.passes;
  s.rec.events.add("vector.alu_op", elems * c.passes);
  s.rec.events.add("vector.special_fn", c.special_per_row * op.m + c.special_per_elem * elems);
  s.rec.events.add("sram.act_buffer.read_bit", elems * op.bits * c.inputs * (op.kind == OpKind::Embedding ? 0 : 1));
  s.rec.events.add("sram.act_buffer.write_bit", op.kind == OpKind::KvAppend ? 0.0 : elems * op.bits);
  s.rec.compute_utilization = compute > 0 ? elems * c.passes / (double(params_.lanes) * compute) : 0;
  return compute;
}

}  // namespace ternsim
