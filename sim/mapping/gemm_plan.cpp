#include "sim/mapping/gemm_plan.hpp"

#include <algorithm>
#include <string>

#include "sim/config/config_error.hpp"

namespace ternsim {

uint64_t gemm_row_bytes(const Op& op, const ArrayModel& array) {
  return (op.k * op.act_bits + 7) / 8 + (op.n * array.output_bits() + 7) / 8;
}

GemmPlan plan_gemm(const Op& op, const ArrayModel& array, const SramParams& wbuf, uint32_t dma_buffers,
                   const SramParams& abuf) {
  array.check(op);
  GemmPlan plan;
  const uint64_t slot = wbuf.capacity_bytes / dma_buffers;
  plan.tiles = array.tile_count(op);
  WeightChunk cur;
  for (uint64_t t = 0; t < plan.tiles;) {
    const WeightTile tile = array.tile(op, t);
    const uint64_t b = tile.bytes;
    if (b > slot)
      throw MappingError("op '" + op.name + "': one weight tile needs " + std::to_string(b) +
                         " bytes but one DMA slot of the weight buffer holds " + std::to_string(slot) +
                         " bytes (sram.weight_buffer.capacity_kib / dma.buffers)");
    // A run of identical tiles is packed greedily, as many per chunk as fit: the same chunks
    // as placing them one by one.
    uint64_t run = std::min(std::max<uint64_t>(array.same_tile_run(op, t), 1), plan.tiles - t);
    plan.weight_cells += double(run) * double(tile.k_extent) * double(tile.n_extent);
    plan.weight_bytes += run * b;
    while (run > 0) {
      if (cur.tile_count > 0 && cur.bytes + b > slot) {
        plan.chunks.push_back(cur);
        cur = WeightChunk{t, 0, 0};
      }
      const uint64_t take = b == 0 ? run : std::min(run, (slot - cur.bytes) / b);
      cur.tile_count += take;
      cur.bytes += take * b;
      t += take;
      run -= take;
    }
  }
  plan.chunks.push_back(cur);

  const uint64_t row = gemm_row_bytes(op, array);
  const uint64_t g = array.m_granularity();
  uint64_t fit = abuf.capacity_bytes / row;
  if (fit == 0)
    throw MappingError("op '" + op.name + "': one activation row (input + output) needs " + std::to_string(row) +
                       " bytes but sram.act_buffer holds " + std::to_string(abuf.capacity_bytes) + " bytes");
  if (fit >= op.m) {
    plan.m_block = op.m;
  } else {
    plan.m_block = fit >= g ? fit / g * g : fit;
    plan.spills = true;
  }
  plan.passes = (op.m + plan.m_block - 1) / plan.m_block;
  return plan;
}

}  // namespace ternsim
