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
  // 0: stream in the blocks the producers publish; N: blocks of N rows (docs/recurrence.md).
  p.row_block = static_cast<uint64_t>(n.integer("row_block", 0, 0, int64_t(1) << 40));
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

uint64_t VectorUnit::rows_available(const OpState& s) const {
  const uint64_t m = s.op->m;
  uint64_t avail = m;
  for (size_t d : s.deps) {
    const OpState& dep = ops_[d];
    const uint64_t md = dep.op->m;
    uint64_t a = m;
    if (!dep.done) a = md == 0 ? 0 : std::min(m, dep.rows_done * m / md);
    avail = std::min(avail, a);
  }
  return avail;
}

void VectorUnit::wait_rows(const OpState& s, uint64_t rows) {
  const uint64_t m = s.op->m;
  for (size_t d : s.deps) {
    OpState& dep = ops_[d];
    const uint64_t md = dep.op->m;
    // A producer without rows has nothing to follow: wait for it to finish.
    if (md == 0 || m == 0) {
      dep.wait_done();
      continue;
    }
    ops_.wait_for_rows(d, (rows * md + m - 1) / m);
  }
}

uint64_t VectorUnit::next_block(const OpState& s, uint64_t done) {
  const uint64_t m = s.op->m;
  if (params_.row_block == 0) {
    // At least one more row, then everything the producers have published by now.
    wait_rows(s, done + 1);
    return std::max<uint64_t>(rows_available(s), done + 1) - done;
  }
  const uint64_t target = std::min(m, done + params_.row_block);
  wait_rows(s, target);
  return target - done;
}

uint64_t VectorUnit::wait_ready(size_t i) {
  OpState& s = ops_[i];
  if (s.op->m == 0 || s.deps.empty()) return ops_.wait_for_deps(i);
  // Ready when the inputs of the first block exist. If the producers are done by then, the
  // op became ready when the last one finished (possibly before this unit was free).
  wait_rows(s, params_.row_block == 0 ? 1 : std::min(s.op->m, params_.row_block));
  bool all_done = true;
  for (size_t d : s.deps) all_done = all_done && ops_[d].done;
  return all_done ? ops_.wait_for_deps(i) : now_cycles();
}

uint64_t VectorUnit::execute(OpState& s) {
  const Op& op = *s.op;
  const VectorOpCost& c = params_.cost.at(op.kind);
  const double elems = double(op.m) * op.n;
  auto bytes_of = [&](uint64_t rows) { return (rows * op.n * op.bits + 7) / 8; };
  const uint64_t bytes = bytes_of(op.m);

  // DRAM bytes per activation byte read and written.
  uint64_t rd_per = 0, wr_per = 0;
  if (op.kind == OpKind::Embedding) {
    rd_per = 1;  // gather from the DRAM table
  } else if (op.kind == OpKind::KvAppend) {
    wr_per = 1;  // new K/V rows into the DRAM cache
  } else if (bytes * (c.inputs + 1) > act_buffer_.capacity_bytes) {
    rd_per = c.inputs;  // does not fit on chip: stream through DRAM
    wr_per = 1;
  }

  const uint64_t row_cycles = uint64_t(c.passes) * ((op.n + params_.lanes - 1) / params_.lanes);
  uint64_t compute = 0;
  uint64_t done = 0;
  do {  // m = 0 still pays the latency once (the closed form with m = 0)
    const uint64_t before = now_cycles();
    const uint64_t r = op.m == 0 ? 0 : next_block(s, done);
    // The pipeline fills on the first block and refills after the unit idled for inputs.
    const bool fill = done == 0 || now_cycles() > before;
    const uint64_t blk = row_cycles * r + (fill ? c.latency : 0);
    const uint64_t start = now_cycles();
    uint64_t dram_done = start;
    const uint64_t b = bytes_of(done + r) - bytes_of(done);
    if (rd_per) {
      const uint64_t base = dram_.layout().region("vector.in:" + op.name, bytes_of(op.m) * rd_per);
      dram_done = std::max(dram_done, dram_.request(base + bytes_of(done) * rd_per, b * rd_per, false));
    }
    if (wr_per) {
      const uint64_t base = dram_.layout().region("vector.out:" + op.name, bytes_of(op.m) * wr_per);
      dram_done = std::max(dram_done, dram_.request(base + bytes_of(done) * wr_per, b * wr_per, true));
    }
    s.rec.dram_read_bytes += b * rd_per;
    s.rec.dram_write_bytes += b * wr_per;
    if (Timeline* tl = Timeline::active()) tl->add("vector", op.name, start, blk, /*merge=*/true);
    wait_until(std::max(start + blk, dram_done));
    compute += blk;
    done += r;
    // These rows are complete: consumers that follow rows (MLGRU, other vector ops) may go.
    if (done < op.m) s.publish_rows(done);
  } while (done < op.m);

  s.rec.ops = elems * c.passes;
  s.rec.events.add("vector.alu_op", elems * c.passes);
  s.rec.events.add("vector.special_fn", c.special_per_row * op.m + c.special_per_elem * elems);
  s.rec.events.add("sram.act_buffer.read_bit", elems * op.bits * c.inputs * (op.kind == OpKind::Embedding ? 0 : 1));
  s.rec.events.add("sram.act_buffer.write_bit", op.kind == OpKind::KvAppend ? 0.0 : elems * op.bits);
  s.rec.compute_utilization = compute > 0 ? elems * c.passes / (double(params_.lanes) * compute) : 0;
  return compute;
}

}  // namespace ternsim
