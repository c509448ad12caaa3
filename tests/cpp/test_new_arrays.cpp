// The dot-product (`dot`) and table-lookup (`lut`) arrays and low-bit weight storage: simulated
// cycles and events equal the closed forms in dot_array.hpp / lut_array.hpp, derived by hand.
#include <gtest/gtest.h>

#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {
// small_arch_yaml's memory system (128-bit weight and act buffer ports) with another array.
std::string with_array(const std::string& array) {
  std::string a = small_arch_yaml();
  const size_t b = a.find("array:"), e = a.find('\n', b);
  return a.substr(0, b) + "array: " + array + a.substr(e);
}
const std::string kDot = with_array("{kind: dot, rows: 8, cols: 8}");
const std::string kLut = with_array("{kind: lut, group_size: 4, rows: 2, cols: 8}");
// M = 3, K = 20, N = 12 on 8 x 8 tiles: (8,8) (8,8) (4,8) | (8,4) (8,4) (4,4) in K x N.
const std::string kRagged = gemm_workload_yaml(3, 12, 20);
}  // namespace

// dot, int8 storage: S = 3 x ceil(8 x 8 / 128) = 3; W = ceil(bits / 128): 512 bits -> 4, 256 -> 2,
// 256 -> 2, 128 -> 1; tiles max(S, W) = 4 + 4 + 3 + 3 + 3 + 3 = 20; D = 1 + log2 8 + 1 = 5.
TEST(DotArray, RaggedClosedForm) {
  RunResult r = run_yaml(kDot, kRagged);
  const OpRecord& g = r.op_records[0];
  EXPECT_EQ(g.folds, 6u);
  EXPECT_EQ(g.compute_cycles, 25u);
  EXPECT_EQ(g.dram_read_bytes, 240u);  // one byte per weight
  EXPECT_DOUBLE_EQ(r.events.get("array.mac.int8"), 3 * 240.0);  // zeros take a MAC too
  EXPECT_DOUBLE_EQ(r.events.get("cycles.fill_drain"), 5.0);
  EXPECT_DOUBLE_EQ(r.events.get("cycles.weight_load"), 2.0);  // the two full tiles: 4 - 3 each
  EXPECT_DOUBLE_EQ(r.events.get("sram.weight_buffer.read_bit"), 240 * 8.0);
  EXPECT_DOUBLE_EQ(r.peak_macs_per_cycle, 64.0);
}

// int2 storage, 16 weights/cycle unpacker: bytes 16 16 8 8 8 4 (W = 1 each); U = ceil(elems/16)
// = 4 4 2 2 2 1; tiles max(3, W, U) = 4 + 4 + 3 + 3 + 3 + 3 = 20; D = 1 + 1 + 3 + 1 = 6.
TEST(DotArray, Int2StorageMovesQuarterBytesAndCountsTheUnpacker) {
  RunResult r = run_yaml(kDot, kRagged, {"array.weight_storage=int2", "array.unpack_weights_per_cycle=16"});
  const OpRecord& g = r.op_records[0];
  EXPECT_EQ(g.compute_cycles, 26u);
  EXPECT_EQ(g.dram_read_bytes, 60u);
  EXPECT_DOUBLE_EQ(r.events.get("array.unpack.weight"), 240.0);
  EXPECT_DOUBLE_EQ(r.events.get("cycles.unpack"), 2.0);
  EXPECT_DOUBLE_EQ(r.events.get("cycles.weight_load"), 0.0);
  // The default unpacker takes a whole tile per cycle: the int8 MACs then run at S.
  RunResult fast = run_yaml(kDot, kRagged, {"array.weight_storage=int2"});
  EXPECT_EQ(fast.op_records[0].compute_cycles, 6u * 3u + 6u);
}

// lut, g = 4, G = 2 (R = 8), L = 8, base3 + mirror: E = (81 + 1) / 2 = 41 entries of
// table_bits = 8 + 2 = 10; index 7 bits per group. Default table SRAM = 2 x 2 x 41 x 10 bits
// = 1640 bits < 3 rows x 5 groups x 410 bits: not resident, every tile builds its tables.
// tables_per_cycle 1: B = 3 x max(ceil(groups / 1), ceil(k x 8 / 128)) = 6 (k = 8) or 3 (k = 4);
// Lk = 3 x ceil(8 / 8) = 3; W = 1 (at most 112 bits); tiles 6 6 3 6 6 3 = 30; D = 3 + 1 = 4.
TEST(LutArray, RaggedClosedFormRebuildingTables) {
  RunResult r = run_yaml(kLut, kRagged, {"array.tables_per_cycle=1"});
  const OpRecord& g = r.op_records[0];
  EXPECT_EQ(g.folds, 6u);
  EXPECT_EQ(g.compute_cycles, 34u);
  // Index bytes: ceil(groups x n x 7 / 8) = 14 14 7 7 7 4.
  EXPECT_EQ(g.dram_read_bytes, 53u);
  // Lookups = M x groups x n = 48 + 48 + 24 + 24 + 24 + 12; tables built = M x groups = 30.
  EXPECT_DOUBLE_EQ(r.events.get("array.lut.lookup.int10"), 180.0);
  EXPECT_DOUBLE_EQ(r.events.get("array.lut.negate.int10"), 180.0);
  EXPECT_DOUBLE_EQ(r.events.get("array.add.int24"), 180.0);
  EXPECT_DOUBLE_EQ(r.events.get("array.lut.build_add.int10"), 30 * 41.0);
  EXPECT_DOUBLE_EQ(r.events.get("array.lut.table_write_bit"), 30 * 41 * 10.0);
  EXPECT_DOUBLE_EQ(r.events.get("cycles.table_build"), 4 * 3.0);
  EXPECT_DOUBLE_EQ(r.events.get("cycles.fill_drain"), 4.0);
  EXPECT_DOUBLE_EQ(r.peak_macs_per_cycle, 64.0);  // 8 lanes x 2 lookups x 4 weights
}

// With 1 KiB of tables (8192 >= 6150 bits) they stay resident: only the first column block's
// three tiles build (6 6 3), the other block only looks up (3 3 3): 24 + 4 = 28; 15 tables.
TEST(LutArray, ResidentTablesAreBuiltOncePerOp) {
  RunResult r = run_yaml(kLut, kRagged, {"array.tables_per_cycle=1", "array.table_kib=1"});
  EXPECT_EQ(r.op_records[0].compute_cycles, 28u);
  EXPECT_DOUBLE_EQ(r.events.get("array.lut.build_add.int10"), 15 * 41.0);
  EXPECT_DOUBLE_EQ(r.events.get("array.lut.lookup.int10"), 180.0);
}

// Read ports: 4 ports for 8 lanes -> Lk = 3 x 2 = 6 per tile; default builder (2 tables/cycle,
// B = 3): 6 x 6 + 4 = 40. 2bit indices: 8 bits per group, no mirror: 256 entries of 10 bits.
TEST(LutArray, PortsAndEncodings) {
  RunResult p = run_yaml(kLut, kRagged, {"array.table_read_ports=4"});
  EXPECT_EQ(p.op_records[0].compute_cycles, 40u);
  RunResult e = run_yaml(kLut, kRagged, {"array.index_encoding=2bit", "array.mirror=false"});
  EXPECT_EQ(e.op_records[0].compute_cycles, 6u * 3u + 4u);
  // Index bytes ceil(groups x n x 8 / 8) = 16 16 8 8 8 4.
  EXPECT_EQ(e.op_records[0].dram_read_bytes, 60u);
  EXPECT_DOUBLE_EQ(e.events.get("array.lut.negate.int10"), 0.0);
  EXPECT_DOUBLE_EQ(e.events.get("array.lut.build_add.int10"), 30 * 256.0);
}

// Systolic with int2 storage: weights move at 2 bits; the default unpacker (one PE row per cycle)
// hides behind the R-cycle stationary load, a slower one shows.
// WS pipelined, 8 x 8, M = 3, K = N = 16: F = 4 folds, P = max(T, R) = 8,
// compute = R + (F-1) P + (R + C + T - 2) - 1 = 8 + 24 + 17 - 1 = 48.
// Unpacker at 4 weights/cycle: ceil(64 / 4) = 16 > R = 8 -> 8 more cycles per fold: 48 + 32.
TEST(SystolicStorage, Int2StorageAndUnpackerStalls) {
  std::string sys = with_array("{kind: systolic, rows: 8, cols: 8}");
  const std::string wl = gemm_workload_yaml(3, 16, 16);
  RunResult base = run_yaml(sys, wl);
  RunResult int2 = run_yaml(sys, wl, {"array.weight_storage=int2"});
  RunResult slow = run_yaml(sys, wl, {"array.weight_storage=int2", "array.unpack_weights_per_cycle=4"});
  EXPECT_EQ(base.op_records[0].compute_cycles, 48u);
  EXPECT_EQ(base.op_records[0].dram_read_bytes, 256u);
  EXPECT_EQ(int2.op_records[0].compute_cycles, 48u);
  EXPECT_EQ(int2.op_records[0].dram_read_bytes, 64u);
  EXPECT_DOUBLE_EQ(int2.events.get("array.unpack.weight"), 256.0);
  EXPECT_EQ(slow.op_records[0].compute_cycles, 80u);
  EXPECT_DOUBLE_EQ(slow.events.get("cycles.unpack"), 32.0);
  // Named overheads: fill/drain R + C - 2 = 14, stationary loads 48 - 4 x 3 - 14 = 22.
  EXPECT_DOUBLE_EQ(base.events.get("cycles.fill_drain"), 14.0);
  EXPECT_DOUBLE_EQ(base.events.get("cycles.weight_load"), 22.0);
}

TEST(NewArrays, ConfigErrorsAreOneLine) {
  CliResult r = run_cli("run --arch " + write_temp("lut_bad.yaml", with_array("{kind: lut, rows: 2, cols: 8, table_bits: 9}")) +
                        " --workload " + write_temp("g.yaml", kRagged));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("array.table_bits: a group of 4 8-bit activations needs 10 bits to be exact"), std::string::npos) << r.out;
  CliResult s = run_cli("run --arch " + write_temp("dot_bad.yaml", with_array("{kind: dot, rows: 8, cols: 8, mac: int4, weight_storage: int8}")) +
                        " --workload " + write_temp("g.yaml", kRagged));
  EXPECT_EQ(s.exit_code, 2) << s.out;
  EXPECT_NE(s.out.find("int8 storage is wider than the 4-bit MAC weight operand"), std::string::npos) << s.out;
  CliResult w = run_cli("run --arch " + write_temp("lut_ok.yaml", with_array("{kind: lut, rows: 2, cols: 8}")) +
                        " --workload " + write_temp("i8.yaml", "name: x\nops:\n  - {name: g, kind: gemm, m: 1, n: 8, k: 8, weight: int8}\n"));
  EXPECT_EQ(w.exit_code, 2) << w.out;
  EXPECT_NE(w.out.find("int8 weights on a lut array"), std::string::npos) << w.out;
  CliResult d = run_cli("run --arch " + write_temp("dot_i2.yaml", with_array("{kind: dot, rows: 8, cols: 8, weight_storage: int2}")) +
                        " --workload " + write_temp("i8.yaml", "name: x\nops:\n  - {name: g, kind: gemm, m: 1, n: 8, k: 8, weight: int8}\n"));
  EXPECT_EQ(d.exit_code, 2) << d.out;
  EXPECT_NE(d.out.find("int8 weights do not fit the int2 weight storage of the dot array"), std::string::npos) << d.out;
}
