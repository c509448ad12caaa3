// FPGA resources of the issue-16 units (cost_model.yaml: lut_cell, lut_table, lut_builder_add,
// int4_mac, int2_mac, weight_unpacker), hand-derived, on an AMD and an Intel device; and the
// example FPGA configs of each new kind load and run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/config/config_error.hpp"
#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

const std::string kAmd = source_path("arch_configs/fpga/devices/xck26.yaml");
const std::string kIntel = source_path("arch_configs/fpga/devices/stratix10_sx2800_d5005.yaml");

// small_arch_yaml() with its array line replaced; 45 nm table for DRAM pJ; the FPGA device.
// Common resources (both cases): 64 vector + 64 MLGRU lanes, two 64 KiB x 128-bit buffers.
//   AMD:   lanes 128 DSP, 128 x 250 = 32000 LUT, 128 x 96 = 12288 FF;
//          buffers 2 x max(ceil(524288 / 36864), ceil(128 / 72)) = 2 x 15 = 30 BRAM36.
//   Intel: lanes 128 DSP, 128 x 150 = 19200 ALM, 12288 FF;
//          buffers 2 x max(ceil(524288 / 20480), ceil(128 / 40)) = 2 x 26 = 52 M20K.
std::string arch(const std::string& array, const std::string& device) {
  std::string base = small_arch_yaml();
  const std::string old = "array: {kind: ternary, rows: 8, cols: 8, act_bits: 8, acc_bits: 24}";
  base.replace(base.find(old), old.size(), "array: " + array);
  return write_temp("fpga_new_units" + std::to_string(std::hash<std::string>{}(array + device)) + ".yaml",
                    base + "tech: " + source_path("arch_configs/tech/45nm.yaml") + "\nfpga: {device: " + device + "}\n");
}
const std::string kGemm = write_temp("fpga_new_units_gemm.yaml", gemm_workload_yaml(4, 16, 16));

RunResult run(const std::string& a) { return simulate(RunRequest{a, kGemm, {}}); }
double used(const RunResult& r, const std::string& res) { return r.fpga->resources.at(res).used; }

}  // namespace

// LUT array: g = 3, G = 4 tables per lane, L = 8 lanes, mirrored base-3 -> E = (27 + 1) / 2 = 14
// entries of 10 bits, index 5 bits (27 <= 32), acc 24, builder 4 tables x 14 entries per cycle,
// tables 2 x 4 x 14 x 10 = 1120 bits (default: one tile's tables, double buffered) -> LUTRAM.
TEST(FpgaNewUnits, LutArrayAmdAndIntel) {
  const std::string a =
      "{kind: lut, group_size: 3, rows: 4, cols: 8, index_encoding: base3, mirror: true, act_bits: 8, table_bits: 10, "
      "acc_bits: 24}";
  // AMD: cells 32 x (24 x 1 adder + 10 bits x 4 select LUT (14 -> 4 LUT6 4:1, then MUXF7/8 free)) = 2048;
  //      table ceil(1120 / 64) = 18 LUTRAM LUTs; builder 56 x 10 = 560 LUT + 560 FF;
  //      FF: 560 + index latch 32 x 5 x 2 = 320 + acc 8 x 24 = 192 + lanes 12288 = 13360.
  RunResult r = run(arch(a, kAmd));
  ASSERT_TRUE(r.fpga && r.energy);
  EXPECT_EQ(used(r, "lut"), 2048 + 18 + 560 + 32000);
  EXPECT_EQ(used(r, "lut"), 34626);
  EXPECT_EQ(used(r, "ff"), 13360);
  EXPECT_EQ(used(r, "dsp"), 128);
  EXPECT_EQ(used(r, "bram36"), 30);
  EXPECT_GT(r.energy->energy_breakdown_j.at("compute"), 0);
  // Intel: cells 32 x (24 x 0.5 + 10 x 5 (4 ALM 4:1 + 1 ALM 4:1, no free levels)) = 1984;
  //        table ceil(1120 / 64) = 18 MLAB ALMs; builder 56 x 10 x 0.5 = 280.
  RunResult q = run(arch(a, kIntel));
  ASSERT_TRUE(q.fpga && q.energy);
  EXPECT_EQ(used(q, "alm"), 1984 + 18 + 280 + 19200);
  EXPECT_EQ(used(q, "ff"), 13360);
  EXPECT_EQ(used(q, "m20k"), 52);
  // Above 4 KiB the tables go to block RAM: 8 KiB = 65536 bits -> ceil(65536 / 36864) = 2 BRAM36,
  // ceil(65536 / 20480) = 4 M20K; the LUTRAM/MLAB share leaves the logic count.
  const std::string big = a.substr(0, a.size() - 1) + ", table_kib: 8}";
  RunResult rb = run(arch(big, kAmd));
  EXPECT_EQ(used(rb, "bram36"), 32);
  EXPECT_EQ(used(rb, "lut"), 34626 - 18);
  RunResult qb = run(arch(big, kIntel));
  EXPECT_EQ(used(qb, "m20k"), 56);
  EXPECT_EQ(used(qb, "alm"), 21482 - 18);
}

// Dot array, int4 x int8 MACs: 4 lanes x 8 wide = 32 MACs, two per DSP (WP486 packing; Stratix 10
// 18x19 pair) = 16 DSP. FF: weight latch 32 x 4 x 2 = 256 + acc 4 x 32 = 128 + lanes 12288 = 12672.
TEST(FpgaNewUnits, DotInt4ArrayAmdAndIntel) {
  const std::string a = "{kind: dot, rows: 8, cols: 4, mac: int4, acc_bits: 32}";
  RunResult r = run(arch(a, kAmd));
  ASSERT_TRUE(r.fpga);
  EXPECT_EQ(used(r, "dsp"), 16 + 128);
  EXPECT_EQ(used(r, "lut"), 32000);
  EXPECT_EQ(used(r, "ff"), 12672);
  EXPECT_EQ(used(r, "bram36"), 30);
  RunResult q = run(arch(a, kIntel));
  ASSERT_TRUE(q.fpga);
  EXPECT_EQ(used(q, "dsp"), 16 + 128);
  EXPECT_EQ(used(q, "alm"), 19200);
  EXPECT_EQ(used(q, "ff"), 12672);
  // int2 MACs are LUT-built: 32 x 32 LUT (AMD) = 1024, 32 x 16 ALM (Intel) = 512, no DSP;
  // weight latch 32 x 2 x 2 = 128 FF.
  const std::string a2 = "{kind: dot, rows: 8, cols: 4, mac: int2, acc_bits: 32}";
  RunResult r2 = run(arch(a2, kAmd));
  EXPECT_EQ(used(r2, "dsp"), 128);
  EXPECT_EQ(used(r2, "lut"), 32000 + 1024);
  EXPECT_EQ(used(r2, "ff"), 128 + 128 + 12288);
  RunResult q2 = run(arch(a2, kIntel));
  EXPECT_EQ(used(q2, "alm"), 19200 + 512);
}

// Systolic 8x8 WS pipelined int8 with int2 storage, unpacker 8 weights/cycle: 64 int8 MACs = 32 DSP;
// FF: weight 64 x 8 x 2 = 1024 + act 64 x 8 = 512 + acc 64 x 32 = 2048 + unpacker 8 x 8 = 64 + lanes
// 12288 = 15936; the unpacker's field select is wiring (0 LUT).
TEST(FpgaNewUnits, SystolicInt2StorageAmdAndIntel) {
  const std::string a =
      "{kind: systolic, rows: 8, cols: 8, dataflow: ws, timing: pipelined, mac: int8, acc_bits: 32, weight_storage: "
      "int2, unpack_weights_per_cycle: 8}";
  RunResult r = run(arch(a, kAmd));
  ASSERT_TRUE(r.fpga && r.energy);
  EXPECT_EQ(used(r, "dsp"), 32 + 128);
  EXPECT_EQ(used(r, "lut"), 32000);
  EXPECT_EQ(used(r, "ff"), 15936);
  RunResult q = run(arch(a, kIntel));
  ASSERT_TRUE(q.fpga && q.energy);
  EXPECT_EQ(used(q, "dsp"), 32 + 128);
  EXPECT_EQ(used(q, "alm"), 19200);
  EXPECT_EQ(used(q, "ff"), 15936);
}

// The example FPGA configs of the new kinds load, fit and run a GEMM with FPGA energy.
TEST(FpgaNewUnits, ExampleConfigsRun) {
  for (const std::string f : {"fpga_lut_xck26.yaml", "fpga_dot_int4_xck26.yaml", "fpga_systolic_int2_stratix10.yaml"}) {
    RunResult r = simulate(RunRequest{source_path("arch_configs/" + f), kGemm, {}});
    ASSERT_TRUE(r.fpga) << f;
    ASSERT_TRUE(r.energy) << f;
    EXPECT_GT(r.cycles, 0u) << f;
    EXPECT_GT(r.energy->energy_j, 0) << f;
  }
  // xck26 LUT config: 8 vector + 8 MLGRU lanes -> 16 x 250 = 4000 LUT + the lut array's 2626.
  RunResult r = simulate(RunRequest{source_path("arch_configs/fpga_lut_xck26.yaml"), kGemm, {}});
  EXPECT_EQ(r.fpga->resources.at("lut").used, 4000 + 2626);
}
