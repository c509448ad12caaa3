// plan_gemm packs runs of identical tiles into DMA chunks at once (issue 10: a 2.7B model has
// ~640k tiles). These tests hold it to the obvious one-tile-at-a-time packing on every array
// kind, and check each array's same_tile_run claim tile by tile.
#include <gtest/gtest.h>

#include "sim/config/config_node.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/mapping/gemm_plan.hpp"
#include "test_util.hpp"

namespace ternsim {
namespace {

// The packing plan_gemm had before runs: first fit, tile by tile.
std::vector<WeightChunk> chunks_one_by_one(const Op& op, const ArrayModel& a, uint64_t slot) {
  std::vector<WeightChunk> out;
  WeightChunk cur;
  for (uint64_t t = 0; t < a.tile_count(op); ++t) {
    const uint64_t b = a.tile(op, t).bytes;
    if (cur.tile_count > 0 && cur.bytes + b > slot) {
      out.push_back(cur);
      cur = WeightChunk{t, 0, 0};
    }
    cur.tile_count += 1;
    cur.bytes += b;
  }
  out.push_back(cur);
  return out;
}

ArchConfig arch_with(const std::string& array_yaml, int weight_kib) {
  std::string text = test::small_arch_yaml();
  text.replace(text.find("array: "), text.find('\n', text.find("array: ")) - text.find("array: "),
               "array: " + array_yaml);
  text.replace(text.find("weight_buffer: {capacity_kib: 64"), 32,
               "weight_buffer: {capacity_kib: " + std::to_string(weight_kib));
  return load_arch(ConfigNode::load_string(text, "arch.yaml"));
}

Op gemm(uint64_t m, uint64_t n, uint64_t k, WeightPrecision w) {
  Op op;
  op.name = "g";
  op.kind = OpKind::Gemm;
  op.m = m;
  op.n = n;
  op.k = k;
  op.weight = w;
  return op;
}

struct ArrayCase {
  const char* yaml;
  WeightPrecision weight;
};

// Every array kind, both ternary weight packings and all three systolic dataflows.
const ArrayCase kArrays[] = {
    {"{kind: ternary, rows: 8, cols: 8, act_bits: 8, acc_bits: 24}", WeightPrecision::Ternary},
    {"{kind: ternary, rows: 16, cols: 4, act_bits: 8, acc_bits: 24, weight_packing: base3}", WeightPrecision::Ternary},
    {"{kind: systolic, rows: 8, cols: 8, dataflow: ws, mac: int8}", WeightPrecision::Int8},
    {"{kind: systolic, rows: 8, cols: 16, dataflow: os, mac: int8}", WeightPrecision::Int8},
    {"{kind: systolic, rows: 16, cols: 8, dataflow: is, mac: int8}", WeightPrecision::Int8},
};

TEST(GemmPlan, RunPackingEqualsTileByTilePacking) {
  const uint64_t dims[] = {1, 7, 8, 9, 64, 100, 257};
  uint64_t compared = 0, multi_chunk = 0;
  for (const auto& ac : kArrays) {
    for (int kib : {1, 4, 64}) {
      ArchConfig a = arch_with(ac.yaml, kib);
      const uint64_t slot = a.ctx.weight_buffer.capacity_bytes / a.dma.buffers;
      for (uint64_t n : dims)
        for (uint64_t k : dims) {
          Op op = gemm(3, n, k, ac.weight);
          GemmPlan p;
          try {
            p = plan_gemm(op, *a.array, a.ctx.weight_buffer, a.dma.buffers, a.ctx.act_buffer);
          } catch (const MappingError&) {
            continue;  // a tile bigger than a slot: the same error either way
          }
          const auto ref = chunks_one_by_one(op, *a.array, slot);
          ASSERT_EQ(p.chunks.size(), ref.size()) << ac.yaml << " n=" << n << " k=" << k << " kib=" << kib;
          uint64_t bytes = 0;
          for (size_t i = 0; i < ref.size(); ++i) {
            EXPECT_EQ(p.chunks[i].first_tile, ref[i].first_tile);
            EXPECT_EQ(p.chunks[i].tile_count, ref[i].tile_count);
            EXPECT_EQ(p.chunks[i].bytes, ref[i].bytes);
            bytes += ref[i].bytes;
          }
          EXPECT_EQ(p.weight_bytes, bytes);
          ++compared;
          multi_chunk += ref.size() > 1;
        }
    }
  }
  EXPECT_GT(compared, 200u);
  EXPECT_GT(multi_chunk, 50u);  // the interesting case: runs split across chunks
}

TEST(GemmPlan, SameTileRunIsTrue) {
  uint64_t longest = 0;
  for (const auto& ac : kArrays) {
    ArchConfig a = arch_with(ac.yaml, 64);
    for (uint64_t n : {5, 8, 20})
      for (uint64_t k : {3, 16, 41}) {
        Op op = gemm(2, n, k, ac.weight);
        const uint64_t tiles = a.array->tile_count(op);
        for (uint64_t t = 0; t < tiles; ++t) {
          const uint64_t run = a.array->same_tile_run(op, t);
          ASSERT_GE(run, 1u);
          ASSERT_LE(t + run, tiles);
          const WeightTile first = a.array->tile(op, t);
          for (uint64_t i = t + 1; i < t + run; ++i) {
            const WeightTile x = a.array->tile(op, i);
            ASSERT_EQ(x.bytes, first.bytes) << ac.yaml << " tile " << i;
            ASSERT_EQ(x.k_extent, first.k_extent);
            ASSERT_EQ(x.n_extent, first.n_extent);
            ASSERT_EQ(x.nonzeros, first.nonzeros);
          }
          longest = std::max(longest, run);
        }
      }
  }
  EXPECT_EQ(longest, 5u);  // k = 41 on 8 rows: tiles 0..4 full, tile 5 ragged
}

}  // namespace
}  // namespace ternsim
