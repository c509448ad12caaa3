// Simulated cycles equal the closed forms of the ternary array, DRAM and vector unit.
#include <gtest/gtest.h>

#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {
RunResult run(const std::string& arch, const std::string& wl, std::vector<std::string> sets = {}) {
  return run_yaml(arch, wl, std::move(sets));
}
}  // namespace

// GEMM whose weights fit on chip, compute-bound.
// M=32, K=N=16 on 8x8: 2x2 = 4 tiles of 64 weights = 16 B each (2 bits/weight), one chunk of 64 B.
//   load = ceil(128 bits / 128) = 1;  S = 32 rows x ceil(8*8 / 128) = 32;  D = log2(8) + 1 = 4
//   compute = 1 + 4 x max(32, 1) + 4 = 133   (last tile: max(32, 0) = 32)
//   DRAM: 64 B = 1 burst at 64 B/cycle = 1 cycle + 10 latency -> chunk ready at 11
//   op end = 11 + 133 = 144
TEST(TernaryTiming, ComputeBoundGemmMatchesClosedForm) {
  RunResult r = run(small_arch_yaml(), gemm_workload_yaml(32, 16, 16));
  ASSERT_EQ(r.op_records.size(), 1u);
  const OpRecord& g = r.op_records[0];
  EXPECT_EQ(g.compute_cycles, 133u);
  EXPECT_EQ(g.stall_cycles, 11u);
  EXPECT_EQ(r.cycles, 144u);
  EXPECT_EQ(g.folds, 4u);
  EXPECT_EQ(g.dram_read_bytes, 64u);
  // 4 tiles x 64 weights x 32 rows, no zeros: every cell adds.
  EXPECT_DOUBLE_EQ(r.events.get("array.add.int24"), 4 * 64 * 32.0);
}

// Ragged tiles: K=20, N=12 -> tiles (8,8) (8,8) (4,8) (8,4) (8,4) (4,4): 6 tiles, the array still
// takes S per tile. compute = 1 + 6 x 32 + 4 = 197.
TEST(TernaryTiming, RaggedTilesCostFullStreams) {
  RunResult r = run(small_arch_yaml(), gemm_workload_yaml(32, 12, 20));
  EXPECT_EQ(r.op_records[0].folds, 6u);
  EXPECT_EQ(r.op_records[0].compute_cycles, 197u);
  // 20 x 12 weights = 240 x 2 bits; tiles are packed separately: 4 x 16 B + 8 B + 8 B... = per tile ceil(elems/4)
  EXPECT_EQ(r.op_records[0].dram_read_bytes, 16u + 16u + 8u + 8u + 8u + 4u);
}

// Decode GEMV that is purely DRAM-bound: M=1, K=N=1024 ternary = 262144 B on a 64x64 array.
// 16 GB/s at 1 GHz = 16 B/cycle, latency 100. Tiles of 1024 B, 32 KiB slots (64 KiB / 2) -> 8 chunks
// of 32 tiles. Chunk compute: load = 8192 bits / 1024 = 8; S = 1; D = 7
//   = 8 + 31 x 8 + 1 + 7 = 264.
// The DMA keeps the channel busy back to back (a slot frees before the channel does), so
// chunk i is ready at 100 + (i+1) x 2048 and the run ends at bytes/bandwidth + latency + the
// last chunk's compute = 16384 + 100 + 264.
TEST(TernaryTiming, DramBoundGemvIsBytesOverBandwidthPlusLatency) {
  std::string arch = R"(name: gemv
clock_mhz: 1000
array: {kind: ternary, rows: 64, cols: 64}
sram:
  weight_buffer: {capacity_kib: 64, banks: 8, ports: 1, width_bits: 128}
  act_buffer: {capacity_kib: 64, banks: 8, ports: 1, width_bits: 128}
dram: {kind: ddr4, channels: 1, bandwidth_gbps: 16, latency_ns: 100, burst_bytes: 64}
)";
  RunResult r = run(arch, gemm_workload_yaml(1, 1024, 1024));
  EXPECT_EQ(r.dram_read_bytes, 262144u);
  EXPECT_EQ(r.cycles, 16384u + 100u + 264u);
  EXPECT_EQ(r.op_records[0].compute_cycles, 8u * 264u);
  EXPECT_EQ(r.op_records[0].stall_cycles, r.cycles - 8u * 264u);
}

// DRAM closed form with several channels: 1000 B = 16 bursts over 4 channels = 4 bursts each
// = 256 B per channel at 8 B/cycle = 32 cycles, + 20 cycles latency.
TEST(TernaryTiming, DramChannelsInterleaveBursts) {
  std::string arch = small_arch_yaml();
  RunResult r = run(arch, "name: emb\nops:\n  - {name: e, kind: embedding, m: 1, n: 500, bits: 16}\n",
                    {"dram.channels=4", "dram.bandwidth_gbps=8", "dram.latency_ns=20"});
  // embedding: compute 1 pass x 1 x ceil(500/64) + 2 = 10 cycles, DRAM 32 + 20 = 52 dominates.
  EXPECT_EQ(r.cycles, 52u);
  EXPECT_EQ(r.dram_read_bytes, 1000u);
}

// Vector op closed form: rmsnorm, 4 rows of 100 on 64 lanes = 2 passes x 4 x ceil(100/64) + 12 = 28.
TEST(TernaryTiming, VectorOpClosedForm) {
  RunResult r = run(small_arch_yaml(), "name: v\nops:\n  - {name: n, kind: rmsnorm, m: 4, n: 100}\n");
  EXPECT_EQ(r.cycles, 28u);
  EXPECT_EQ(r.op_records[0].compute_cycles, 28u);
}

// Zero skipping: K=64, z=0.5 on 8x8 packs 32 nonzero rows into 4 tiles along K instead of 8.
// N=8 -> 4 tiles; each tile spans 16 original rows: bitmap 16x8 + 64 signs = 192 bits = 24 B.
// compute = load(24 B = 192 bits -> 2 cycles) + 3 x max(S+o, 2) + (S+o) + D, S = 4, o = 1
//         = 2 + 3 x 5 + 5 + 4 = 26; without skipping 8 tiles: 1 + 8 x 4 + 4 = 37.
TEST(TernaryTiming, ZeroSkippingShrinksTilesAtAModeledCost) {
  std::string wl = gemm_workload_yaml(4, 8, 64, ", zero_fraction: 0.5");
  RunResult skip = run(small_arch_yaml(), wl, {"array.zero_skip=true"});
  RunResult dense = run(small_arch_yaml(), wl);
  EXPECT_EQ(skip.op_records[0].folds, 4u);
  EXPECT_EQ(skip.op_records[0].compute_cycles, 26u);
  EXPECT_EQ(skip.op_records[0].dram_read_bytes, 4u * 24u);
  EXPECT_EQ(dense.op_records[0].folds, 8u);
  EXPECT_EQ(dense.op_records[0].compute_cycles, 37u);
  EXPECT_EQ(dense.op_records[0].dram_read_bytes, 8u * 16u);
  // Same useful adds either way; dense also spends slots on the zeros.
  EXPECT_DOUBLE_EQ(skip.events.get("array.add.int24"), 4 * 64 * 8 * 0.5);
  EXPECT_DOUBLE_EQ(dense.events.get("array.add.int24"), 4 * 64 * 8 * 0.5);
  EXPECT_DOUBLE_EQ(dense.events.get("array.zero_slot"), 4 * 64 * 8 * 0.5);
  EXPECT_DOUBLE_EQ(skip.events.get("array.zero_slot"), 0.0);
}

// Base-3 packing: 5 weights per byte, unpacked at base3_unpack_bytes_per_cycle.
// M=32, K=N=16: 4 tiles of 64 weights = ceil(64/5) = 13 B each. With 1 B/cycle unpacking,
// load = max(ceil(104/128), 13) = 13 cycles < S = 32, so compute = 13 + 4 x 32 + 4 = 145.
TEST(TernaryTiming, Base3PackingCostsUnpackTime) {
  RunResult r = run(small_arch_yaml(), gemm_workload_yaml(32, 16, 16),
                    {"array.weight_packing=base3", "array.base3_unpack_bytes_per_cycle=1"});
  EXPECT_EQ(r.op_records[0].dram_read_bytes, 4u * 13u);
  EXPECT_EQ(r.op_records[0].compute_cycles, 145u);
}

// Dependencies: a vector op that depends on the GEMM starts when it ends; an independent one
// overlaps with it on the vector unit.
TEST(TernaryTiming, DependenciesOrderAndIndependentOpsOverlap) {
  std::string wl = R"(name: deps
ops:
  - {name: g, kind: gemm, m: 32, n: 16, k: 16, weight: ternary}
  - {name: free, kind: add, m: 1, n: 64, deps: []}
  - {name: after, kind: add, m: 1, n: 64, deps: [g]}
)";
  RunResult r = run(small_arch_yaml(), wl);
  EXPECT_EQ(r.op_records[1].start_cycle, 0u);  // overlaps the GEMM on the vector unit
  EXPECT_EQ(r.op_records[1].end_cycle, 3u);    // 1 pass x 1 row x ceil(64/64) + latency 2
  EXPECT_EQ(r.op_records[2].start_cycle, 144u);
  EXPECT_EQ(r.op_records[2].end_cycle, 147u);
  EXPECT_EQ(r.cycles, 147u);
}
