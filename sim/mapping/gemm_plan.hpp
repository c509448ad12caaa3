#pragma once
// Tiling of one GEMM onto the array and its buffers:
//  - weight tiles are grouped into chunks that fit one DMA slot of the weight buffer
//    (capacity / dma.buffers), so the next chunk streams in while this one computes;
//  - activation rows are grouped into passes whose inputs and outputs fit the activation
//    buffer; with more than one pass the weights are streamed once per pass and the
//    activations travel through DRAM.
#include <cstdint>
#include <memory>
#include <vector>

#include "models/compute/array_model.hpp"
#include "models/memory/sram_buffer.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

struct WeightChunk {
  uint64_t first_tile = 0;
  uint64_t tile_count = 0;
  uint64_t bytes = 0;
};

struct LevelPlan;  // sim/mapping/level_mapper.hpp

struct GemmPlan {
  uint64_t m_block = 0;   // activation rows per pass
  uint64_t passes = 0;
  bool spills = false;    // activations go through DRAM between passes
  std::vector<WeightChunk> chunks;  // the same chunks are streamed in every pass
  uint64_t weight_bytes = 0;        // one pass
  uint64_t tiles = 0;
  double weight_cells = 0;          // sum of k_extent x n_extent over the tiles (mapping efficiency)
  // Archs with memory_hierarchy: which level holds each operand and the cycles that adds.
  std::shared_ptr<const LevelPlan> levels;
  uint64_t rows_in_pass(uint64_t pass, uint64_t m) const {
    return pass + 1 < passes ? m_block : m - m_block * (passes - 1);
  }
};

// Throws MappingError when not even one tile or one activation row fits.
GemmPlan plan_gemm(const Op& op, const ArrayModel& array, const SramParams& weight_buffer, uint32_t dma_buffers,
                   const SramParams& act_buffer);

// Bytes of one activation row of a GEMM held on chip: its input row and its output row.
uint64_t gemm_row_bytes(const Op& op, const ArrayModel& array);

}  // namespace ternsim
