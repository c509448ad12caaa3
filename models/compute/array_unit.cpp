#include "models/compute/array_unit.hpp"

#include <algorithm>

#include "sim/mapping/level_mapper.hpp"
#include "sim/stats/timeline.hpp"

namespace ternsim {

uint64_t ArrayUnit::execute(OpState& s) {
  const Op& op = *s.op;
  const GemmPlan& plan = s.plan;
  uint64_t compute = 0;
  for (uint64_t pass = 0; pass < plan.passes; ++pass) {
    const uint64_t rows = plan.rows_in_pass(pass, op.m);
    if (plan.spills) {
      uint64_t in_bytes = (rows * op.k * op.act_bits + 7) / 8;
      const uint64_t base = dram_.layout().region("spill.in:" + op.name, (op.m * op.k * op.act_bits + 7) / 8);
      wait_until(dram_.request(base + pass * plan.m_block * op.k * op.act_bits / 8, in_bytes, false));
      s.rec.dram_read_bytes += in_bytes;
      s.rec.events.add("sram.act_buffer.write_bit", 8.0 * in_bytes);
    }
    for (const auto& c : plan.chunks) {
      ChunkArrival a = dma_.next_chunk();
      wait_until(a.ready_cycle);
      uint64_t cyc = model_.compute_cycles(op, c.first_tile, c.tile_count, rows);
      if (Timeline* tl = Timeline::active()) tl->add("array", op.name, now_cycles(), cyc);
      sc_core::wait(cycles(cyc));
      compute += cyc;
      model_.count_events(op, c.first_tile, c.tile_count, rows, s.rec.events);
      dma_.release_slot(a);
    }
    uint64_t out_bits = rows * op.n * model_.output_bits();
    s.rec.events.add("sram.act_buffer.write_bit", double(out_bits));
    if (plan.spills) {
      uint64_t out_bytes = (out_bits + 7) / 8;
      const uint64_t base = dram_.layout().region("spill.out:" + op.name, (op.m * op.n * model_.output_bits() + 7) / 8);
      wait_until(dram_.request(base + pass * plan.m_block * op.n * model_.output_bits() / 8, out_bytes, true));
      s.rec.dram_write_bytes += out_bytes;
      s.rec.events.add("sram.act_buffer.read_bit", double(out_bits));
    }
    // Every row of this pass is complete now (on chip, or back in DRAM when spilled):
    // consumers that follow rows (the MLGRU) may use them while later passes run.
    s.publish_rows(pass * plan.m_block + rows);
  }
  // Memory hierarchy: fills between levels beyond the compute, and bank-conflict stalls.
  if (plan.levels)
    if (const uint64_t extra = plan.levels->extra_cycles(compute)) {
      if (Timeline* tl = Timeline::active()) tl->add("array", op.name, now_cycles(), extra);
      sc_core::wait(cycles(extra));
      compute += extra;
    }
  // MAC-equivalent work of the GEMM, 2 ops per MAC (the usual TOPS convention).
  s.rec.ops = 2.0 * double(op.m) * op.n * op.k;
  s.rec.folds = plan.tiles;
  s.rec.passes = plan.passes;
  const double cell_slots = double(plan.tiles) * model_.cells();
  s.rec.mapping_efficiency = cell_slots > 0 ? std::min(1.0, plan.weight_cells / cell_slots) : 0;
  s.rec.compute_utilization =
      compute > 0 ? double(op.m) * op.n * op.k / (model_.peak_macs_per_cycle() * double(compute)) : 0;
  FoldStats fs;
  if (model_.fold_stats(op, compute, fs)) {
    s.rec.folds = fs.folds;
    s.rec.mapping_efficiency = fs.mapping_efficiency;
    s.rec.compute_utilization = fs.compute_utilization;
  }
  return compute;
}

}  // namespace ternsim
