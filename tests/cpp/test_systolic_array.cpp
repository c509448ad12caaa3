// The systolic array end to end: per-op compute_cycles in ops.csv equal SCALE-Sim v2 for
// every row of the reference table (timing=scalesim), hand-derived closed forms for decode,
// ragged, oversized-array and multi-pass cases, pipelined never slower, and `ternsim compare`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

#include "sim/config/config_error.hpp"
#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

struct RefRow {
  uint64_t m, n, k, r, c;
  std::string df;
  uint64_t folds, scalesim, pipelined;
  double mapping_eff_pct, compute_util_pct;
};

std::vector<RefRow> reference_rows() {
  std::ifstream in(source_path("tests/cpp/data/scalesim_reference.csv"));
  std::vector<RefRow> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) { header = false; continue; }
    std::vector<std::string> v;
    std::stringstream ss(line);
    std::string tok;
    while (std::getline(ss, tok, ',')) v.push_back(tok);
    // M,N,K,R,C,dataflow,folds,scalesim_total_cycles,stall,ours_scalesim,ours_pipelined,overall,mapping,compute
    rows.push_back({std::stoull(v[0]), std::stoull(v[1]), std::stoull(v[2]), std::stoull(v[3]), std::stoull(v[4]),
                    v[5], std::stoull(v[6]), std::stoull(v[7]), std::stoull(v[10]), std::stod(v[12]),
                    std::stod(v[13])});
  }
  return rows;
}

std::string arch() { return source_path("arch_configs/scalesim_compare.yaml"); }

RunResult run_one(uint64_t m, uint64_t n, uint64_t k, std::vector<std::string> sets,
                  const std::string& weight = "ternary") {
  std::string wl = write_temp("sys_wl.yaml", "name: one_gemm\nops:\n  - {name: g, kind: gemm, m: " + std::to_string(m) +
                                                 ", n: " + std::to_string(n) + ", k: " + std::to_string(k) +
                                                 ", weight: " + weight + "}\n");
  return simulate(RunRequest{arch(), wl, std::move(sets)});
}

std::vector<std::string> geometry(uint64_t r, uint64_t c, const std::string& df, const std::string& timing) {
  return {"array.rows=" + std::to_string(r), "array.cols=" + std::to_string(c), "array.dataflow=" + df,
          "array.timing=" + timing};
}

}  // namespace

// (a) Every SCALE-Sim run in the reference table, through the whole simulator. The GEMMs of
// one array geometry run as independent ops of one workload (they serialize on the one
// array; each op's own compute_cycles is what SCALE-Sim reports). The same runs in
// pipelined mode give the closed form of systolic_timing.hpp (one weight chunk per op) and
// are never slower, strictly faster with more than one fold (c).
TEST(SystolicArray, OpsCsvComputeCyclesEqualScaleSimForEveryReferenceRow) {
  std::map<std::tuple<uint64_t, uint64_t, std::string>, std::vector<RefRow>> groups;
  const auto rows = reference_rows();
  ASSERT_EQ(rows.size(), 128u);
  for (const auto& r : rows) groups[{r.r, r.c, r.df}].push_back(r);
  size_t checked = 0;
  for (const auto& [geo, list] : groups) {
    std::string wl = "name: ref\nops:\n";
    for (size_t i = 0; i < list.size(); ++i)
      wl += "  - {name: g" + std::to_string(i) + ", kind: gemm, m: " + std::to_string(list[i].m) +
            ", n: " + std::to_string(list[i].n) + ", k: " + std::to_string(list[i].k) +
            ", weight: int8, deps: []}\n";
    std::string path = write_temp("sys_ref.yaml", wl);
    const auto& [R, C, df] = geo;
    RunResult s = simulate(RunRequest{arch(), path, geometry(R, C, df, "scalesim")});
    RunResult p = simulate(RunRequest{arch(), path, geometry(R, C, df, "pipelined")});
    ASSERT_EQ(s.op_records.size(), list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      const RefRow& ref = list[i];
      SCOPED_TRACE(std::to_string(ref.m) + "x" + std::to_string(ref.n) + "x" + std::to_string(ref.k) + " on " +
                   std::to_string(R) + "x" + std::to_string(C) + " " + df);
      const OpRecord& so = s.op_records[i];
      const OpRecord& po = p.op_records[i];
      EXPECT_EQ(so.passes, 1u);
      EXPECT_EQ(so.compute_cycles, ref.scalesim);
      EXPECT_EQ(so.folds, ref.folds);
      EXPECT_NEAR(so.mapping_efficiency * 100, ref.mapping_eff_pct, 1e-9);
      EXPECT_NEAR(so.compute_utilization * 100, ref.compute_util_pct, 1e-9);
      EXPECT_EQ(po.compute_cycles, ref.pipelined);
      EXPECT_LE(po.compute_cycles, so.compute_cycles);
      // Strictly faster with several folds, except OS with C == 1 and min(T, R) == 1 where
      // SCALE-Sim's fold already has no bubble (systolic_timing.cpp, section 2).
      const uint64_t T = ref.k;  // OS streams K
      const bool no_bubble = df == "os" && C == 1 && std::min(T, R) == 1;
      if (ref.folds > 1 && !no_bubble) {
        EXPECT_LT(po.compute_cycles, so.compute_cycles);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 128u);
}

// (b) Decode GEMV, M=1, K=N=64 on 32x32 WS: F = 2 x 2 = 4 folds.
//   scalesim  = F (2R + C + T - 2) - 1 = 4 x 95 - 1 = 379
//   pipelined = R + (F-1) max(T, R) + (R + C + T - 2) - 1 = 32 + 3 x 32 + 63 - 1 = 190
// Weights move as int8: 64 x 64 = 4096 bytes (a ternary model costs 8 bits per weight).
TEST(SystolicArray, DecodeGemvClosedForm) {
  RunResult s = run_one(1, 64, 64, geometry(32, 32, "ws", "scalesim"));
  EXPECT_EQ(s.op_records[0].compute_cycles, 379u);
  EXPECT_EQ(s.op_records[0].folds, 4u);
  EXPECT_EQ(s.dram_read_bytes, 4096u);
  RunResult p = run_one(1, 64, 64, geometry(32, 32, "ws", "pipelined"));
  EXPECT_EQ(p.op_records[0].compute_cycles, 190u);
  EXPECT_LT(p.cycles, s.cycles);
}

// Ragged folds: M=10, N=40, K=50 on R=16, C=32.
//   WS: Sr=K=50 -> 4 row folds, Sc=N=40 -> 2 column folds, T=10: 8 x (32+32+10-2) - 1 = 575,
//       mapping efficiency 50 x 40 / (8 x 16 x 32) = 0.48828125; weights read once: 2000 B.
//   OS: Sr=M=10 -> 1, Sc=N=40 -> 2, T=K=50: 2 x (16+32+50-2) - 1 = 191; folds read K x cols:
//       50 x 32 + 50 x 8 = 2000 B.
//   IS: Sr=K=50 -> 4, Sc=M=10 -> 1, T=N=40: 4 x (32+32+40-2) - 1 = 407; folds read rows x N:
//       (16+16+16+2) x 40 = 2000 B.
TEST(SystolicArray, RaggedFoldsClosedForm) {
  RunResult ws = run_one(10, 40, 50, geometry(16, 32, "ws", "scalesim"));
  EXPECT_EQ(ws.op_records[0].compute_cycles, 575u);
  EXPECT_EQ(ws.op_records[0].folds, 8u);
  EXPECT_DOUBLE_EQ(ws.op_records[0].mapping_efficiency, 0.48828125);
  EXPECT_EQ(ws.dram_read_bytes, 2000u);
  RunResult os = run_one(10, 40, 50, geometry(16, 32, "os", "scalesim"));
  EXPECT_EQ(os.op_records[0].compute_cycles, 191u);
  EXPECT_EQ(os.dram_read_bytes, 2000u);
  RunResult is = run_one(10, 40, 50, geometry(16, 32, "is", "scalesim"));
  EXPECT_EQ(is.op_records[0].compute_cycles, 407u);
  EXPECT_EQ(is.dram_read_bytes, 2000u);
  // 10 x 40 x 50 MACs, all on int8 MAC cells.
  EXPECT_DOUBLE_EQ(ws.events.get("array.mac.int8"), 20000.0);
  EXPECT_DOUBLE_EQ(os.events.get("array.mac.int8"), 20000.0);
  EXPECT_DOUBLE_EQ(is.events.get("array.mac.int8"), 20000.0);
}

// An array larger than the matrix still pays the full skew: M=N=K=4 on 32x32 WS, one fold:
// 2 x 32 + 32 + 4 - 2 - 1 = 97 in both modes; 16 of 1024 PEs used.
TEST(SystolicArray, ArrayLargerThanMatrix) {
  RunResult s = run_one(4, 4, 4, geometry(32, 32, "ws", "scalesim"));
  RunResult p = run_one(4, 4, 4, geometry(32, 32, "ws", "pipelined"));
  EXPECT_EQ(s.op_records[0].compute_cycles, 97u);
  EXPECT_EQ(p.op_records[0].compute_cycles, 97u);
  EXPECT_DOUBLE_EQ(s.op_records[0].mapping_efficiency, 16.0 / 1024.0);
}

// OS re-reads a weight column block for every row fold: M=64, N=32, K=16 on 32x32 gives two
// row folds over the same 16 x 32 weights: 2 x 512 B.
TEST(SystolicArray, OutputStationaryRereadsWeightsPerFold) {
  RunResult os = run_one(64, 32, 16, geometry(32, 32, "os", "scalesim"));
  EXPECT_EQ(os.op_records[0].folds, 2u);
  EXPECT_EQ(os.dram_read_bytes, 1024u);
  EXPECT_EQ(os.op_records[0].compute_cycles, 2u * (32 + 32 + 16 - 2) - 1);
}

// Activation passes: M=64, N=8, K=9 OS on 32x32 with a 1 KiB act buffer. One row = 9 B in +
// 8 x 16 bit out = 25 B -> 40 rows fit, rounded down to whole row folds (granularity R): 32.
// Two passes, each its own SCALE-Sim run of one fold: 2 x (32 + 32 + 9 - 2 - 1) = 140, one
// cycle less than the single-pass figure 2 x 71 - 1 = 141 (the "- 1" is per run).
TEST(SystolicArray, OutputStationaryPassesHoldWholeRowFolds) {
  auto sets = geometry(32, 32, "os", "scalesim");
  sets.push_back("sram.act_buffer.capacity_kib=1");
  RunResult r = run_one(64, 8, 9, sets);
  EXPECT_EQ(r.op_records[0].passes, 2u);
  EXPECT_EQ(r.op_records[0].folds, 2u);
  EXPECT_EQ(r.op_records[0].compute_cycles, 140u);
  EXPECT_DOUBLE_EQ(r.events.get("array.mac.int8"), 64.0 * 8 * 9);
}

// int8 MACs run ternary and int8 weights; fp16 weights need fp16/bf16 MACs.
TEST(SystolicArray, Fp16WeightsNeedFloatingPointMacs) {
  auto sets = geometry(32, 32, "ws", "scalesim");
  try {
    run_one(4, 4, 4, sets, "fp16");
    FAIL() << "expected MappingError";
  } catch (const MappingError& e) {
    EXPECT_NE(std::string(e.what()).find("fp16 weights on an int8 systolic array"), std::string::npos) << e.what();
  }
  sets.push_back("array.mac=fp16");
  RunResult r = run_one(4, 4, 4, sets, "fp16");
  EXPECT_EQ(r.op_records[0].compute_cycles, 97u);
  EXPECT_EQ(r.dram_read_bytes, 32u);  // 16 weights x 2 bytes
  EXPECT_DOUBLE_EQ(r.events.get("array.mac.fp16"), 64.0);
}

// (d) `ternsim compare`: both columns, the ratio column, compare.csv/json; iso-peak scales
// the 128x128 systolic array down to the 64x64 ternary array's 4096 MACs/cycle (same clock).
TEST(SystolicArray, CompareCliPrintsBothArchitecturesAndRatios) {
  std::string wl = write_temp("sys_cmp_wl.yaml", gemm_workload_yaml(1, 256, 256));
  std::string out = temp_dir() + "/sys_cmp";
  std::string base = "compare --arch " + source_path("arch_configs/ternary_asic.yaml") + " --arch " +
                     source_path("arch_configs/npu_systolic.yaml") + " --workload " + wl;
  CliResult r = run_cli(base + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("ternary_asic_28nm"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("npu_systolic_28nm / ternary_asic_28nm"), std::string::npos) << r.out;
  // 256 x 256 weights: 16384 B at 2 bits vs 65536 B as int8: exactly 4x.
  EXPECT_NE(r.out.find("4.000x"), std::string::npos) << r.out;
  std::string csv = read_file(out + "/compare.csv");
  EXPECT_EQ(csv.rfind("metric,ternary_asic_28nm,npu_systolic_28nm,npu_systolic_28nm/ternary_asic_28nm\n", 0), 0u)
      << csv;
  EXPECT_NE(csv.find("dram_read_bytes,16384,65536,4\n"), std::string::npos) << csv;
  EXPECT_TRUE(std::filesystem::exists(out + "/compare.json"));

  CliResult iso = run_cli(base + " --normalize iso-peak");
  ASSERT_EQ(iso.exit_code, 0) << iso.out;
  EXPECT_NE(iso.out.find("rescaled array 128x128 -> 64x64"), std::string::npos) << iso.out;

  CliResult one = run_cli("compare --arch " + source_path("arch_configs/npu_systolic.yaml") + " --workload " + wl);
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_NE(one.out.find("at least two --arch"), std::string::npos) << one.out;
}

// Weight chunks do not change scalesim timing: 128x64x256 on 32x32 WS has 16 folds of
// 32 x 32 int8 = 1 KiB; a 4 KiB weight buffer with 2 DMA slots streams them 2 per chunk
// (8 chunks), and the chunk sum still equals SCALE-Sim's 3551 (reference table, row 1).
TEST(SystolicArray, ChunkedWeightsKeepScaleSimExact) {
  auto sets = geometry(32, 32, "ws", "scalesim");
  sets.push_back("sram.weight_buffer.capacity_kib=4");
  RunResult r = run_one(128, 64, 256, sets);
  EXPECT_EQ(r.op_records[0].compute_cycles, 3551u);
  EXPECT_EQ(r.dram_read_bytes, 16384u);
}
