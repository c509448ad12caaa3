// Energy, power and area: sums, hand-derived prices from the 45 nm table, scaling, stalls,
// sanity relations of the table, the FPGA fit error, and MMfreeLM-1.3B decode attribution.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "sim/config/config_error.hpp"
#include "sim/energy/energy_model.hpp"
#include "sim/energy/tech_table.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/report/result_json.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

const std::string kTech45 = source_path("arch_configs/tech/45nm.yaml");

// small_arch_yaml() (8x8 ternary, acc 24 bits, 64 KiB buffers, DDR4) priced with the 45 nm table.
std::string arch45(const std::string& extra = "") {
  return write_temp("energy_arch45" + std::to_string(std::hash<std::string>{}(extra)) + ".yaml",
                    small_arch_yaml() + "tech: " + kTech45 + "\n" + extra);
}
const std::string kGemm = write_temp("energy_gemm.yaml", gemm_workload_yaml(4, 16, 16));

RunResult run(const std::string& arch, const std::string& wl, std::vector<std::string> sets = {}) {
  return simulate(RunRequest{arch, wl, std::move(sets)});
}

}  // namespace

TEST(Energy, BreakdownSumsToTheTotalExactly) {
  RunResult r = run(arch45(), kGemm);
  ASSERT_TRUE(r.energy);
  const EnergyStats& e = *r.energy;
  std::vector<std::string> cats;
  double sum = 0;
  for (const auto& [c, v] : e.energy_breakdown_j) {
    cats.push_back(c);
    sum += v;
  }
  EXPECT_THAT(cats, ::testing::ElementsAre("compute", "dram", "leakage", "other", "sram", "vector"));
  EXPECT_EQ(sum, e.energy_j);  // exact: the total is defined as this sum
  EXPECT_GT(e.energy_j, 0);
  // Per-op dynamic energies add up to the run's dynamic energy (leakage is run-level only).
  double ops = 0;
  for (const auto& o : r.op_records) ops += o.energy_j;
  EXPECT_NEAR(ops, e.dynamic_j, 1e-9 * e.dynamic_j);
  EXPECT_DOUBLE_EQ(e.power_w, e.energy_j / r.seconds);
  EXPECT_DOUBLE_EQ(e.energy_per_token_j, e.energy_j / double(r.tokens * r.batch));
  // The forked run carried everything through the pipe; summary.json has the fields.
  auto s = summary_json(r);
  EXPECT_EQ(s["energy_j"].get<double>(), e.energy_j);
  EXPECT_TRUE(s.contains("area_breakdown_mm2"));
  EXPECT_TRUE(s.contains("tops_per_w"));
}

TEST(Energy, AbsentWithoutATechTable) {
  RunResult r = run(write_temp("energy_notech.yaml", small_arch_yaml()), kGemm);
  EXPECT_FALSE(r.energy);
  EXPECT_FALSE(summary_json(r).contains("energy_j"));
}

TEST(Energy, GemmComputeEnergyIsCountedAddsTimesTheTableEntry) {
  // 4x16x16 dense ternary GEMM on an 8x8 array with 24-bit accumulators: 2x2 = 4 weight tiles.
  RunResult r = run(arch45(), kGemm);
  ASSERT_TRUE(r.energy);
  const double adds = 4.0 * 16 * 16;         // every weight nonzero: one int24 add per MAC
  const double wreg = 2.0 * 16 * 16;         // 2-bit weight register written once per weight
  const double acc = 4 * (4.0 * 8 * 24);     // per tile: 4 rows x 8 columns x 24-bit read-modify-write
  EXPECT_EQ(r.events.get("array.add.int24"), adds);
  EXPECT_EQ(r.events.get("array.weight_reg_bit"), wreg);
  EXPECT_EQ(r.events.get("array.acc_bit"), acc);
  EXPECT_EQ(r.events.get("array.zero_slot"), 0);
  // 45 nm: int24 add 0.075 pJ, register bit 0.004 pJ.
  const double want_pj = adds * 0.075 + (wreg + acc) * 0.004;  // 76.8 + 14.336 = 91.136 pJ
  EXPECT_NEAR(r.energy->energy_breakdown_j.at("compute"), want_pj * 1e-12, 1e-24);
  EXPECT_NEAR(want_pj, 91.136, 1e-9);
  // DRAM: 4x16 int8 activations in... whatever the model moved, priced at DDR4 20 pJ/bit.
  const double dram_bits = 8.0 * double(r.dram_bytes());
  EXPECT_NEAR(r.energy->energy_breakdown_j.at("dram"), dram_bits * 20e-12, 1e-21);
}

TEST(Energy, DoublingTheArrayRowsDoublesItsCells) {
  RunResult a = run(arch45(), kGemm), b = run(arch45(), kGemm, {"array.rows=16"});
  ASSERT_TRUE(a.energy && b.energy);
  const double area_a = a.energy->area_breakdown_mm2.at("array"), area_b = b.energy->area_breakdown_mm2.at("array");
  // 45 nm by hand, 8x8: cell = int24 adder 102 + ternary overhead 30.32 - its 2-bit weight register
  // (counted as weight_reg_bit) 2 x 4.522 = 123.276 um2; weight registers 4 bits/cell (double
  // buffered) x 4.522; column accumulators 8 x 24 bits x 4.522 (they scale with cols, not rows).
  const double cell = 102 + 30.32 - 2 * 4.522, acc_regs = 8 * 24 * 4.522;
  EXPECT_NEAR(area_a, (64 * (cell + 4 * 4.522) + acc_regs) * 1e-6, 1e-12);
  EXPECT_NEAR(area_b, (128 * (cell + 4 * 4.522) + acc_regs) * 1e-6, 1e-12);
  // Everything made of cells doubles exactly.
  EXPECT_NEAR(area_b - acc_regs * 1e-6, 2 * (area_a - acc_regs * 1e-6), 1e-12);
  // SRAM area is 128 KiB x 18450 um2/KiB, untouched by the array.
  EXPECT_NEAR(a.energy->area_breakdown_mm2.at("sram"), 128 * 18450e-6, 1e-9);
  EXPECT_EQ(a.energy->area_breakdown_mm2.at("sram"), b.energy->area_breakdown_mm2.at("sram"));
}

TEST(Energy, StallsAddLeakageButNoDynamicEnergy) {
  const std::string wl = write_temp("energy_stall.yaml", gemm_workload_yaml(1, 512, 512));
  RunResult fast = run(arch45(), wl), slow = run(arch45(), wl, {"dram.bandwidth_gbps=0.5"});
  ASSERT_TRUE(fast.energy && slow.energy);
  ASSERT_GT(slow.cycles, 2 * fast.cycles);
  for (const std::string c : {"compute", "sram", "dram", "vector", "other"})
    EXPECT_EQ(slow.energy->energy_breakdown_j.at(c), fast.energy->energy_breakdown_j.at(c)) << c;
  EXPECT_EQ(slow.energy->dynamic_j, fast.energy->dynamic_j);
  const double lf = fast.energy->energy_breakdown_j.at("leakage"), ls = slow.energy->energy_breakdown_j.at("leakage");
  EXPECT_GT(ls, lf);
  EXPECT_NEAR(ls / lf, double(slow.cycles) / fast.cycles, 1e-9);
}

TEST(Energy, TechTable45nmSanity) {
  TechTable t = TechTable::load(kTech45);
  EXPECT_GT(t.mac_pj("int8"), t.add_pj("int8"));
  EXPECT_GT(t.add_pj("int32"), t.add_pj("int8"));
  for (const std::string k : {"ddr4", "lpddr4", "lpddr5", "gddr6", "hbm2", "hbm2e", "hbm3"}) {
    const double ratio = t.dram_pj_per_bit(k) / t.add_pj("int8");
    EXPECT_GE(ratio, 100.0) << k;
    EXPECT_LE(ratio, 1000.0) << k;
  }
  // Widths between entries interpolate linearly (the table's own int24 rule).
  EXPECT_NEAR(t.add_pj("int20"), 0.05 + (0.075 - 0.05) * 4 / 8, 1e-12);
  // SRAM energy by capacity: 0.1562 x (512/8)^0.5 = 1.2496 pJ/bit.
  EXPECT_NEAR(t.sram_read_pj_per_bit(512), 0.1562 * 8, 1e-12);
}

TEST(Energy, UnpriceableEventsAreErrorsNotZero) {
  TechTable t = TechTable::load(kTech45);
  try {
    t.mac_pj("int4");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("has no energy_pj.mac.int4 (it has: bf16, fp16, fp32, int8)"));
  }
  EXPECT_THROW(t.dram_pj_per_bit("ddr9"), ConfigError);
}

TEST(Energy, TechTableRejectsUnknownKeysAndNegatives) {
  std::string text = read_file(kTech45);
  std::string bad = text;
  bad.replace(bad.find("leakage_mw_per_mm2: 10.0"), 24, "leakage_mw_per_mm2: -1.0");
  try {
    TechTable::load(write_temp("neg_tech.yaml", bad));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("neg_tech.yaml:"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("leakage_mw_per_mm2"));
  }
  try {
    TechTable::load(write_temp("typo_tech.yaml", text + "leakge: 3\n"));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("leakge"));
  }
}

TEST(Energy, FpgaCoresOfAChipFitTogetherAndShareTheDevicesStaticPower) {
  // The 8x8 design above (33536 LUT, 128 DSP per core) as cores of one xck26 (117120 LUT, 0.6 W static):
  // 3 cores use 100608 LUT and fit; 4 need 134144 LUT and do not.
  const std::string arch = arch45("fpga: {device: " + source_path("arch_configs/fpga/devices/xck26.yaml") + "}\n");
  const std::vector<std::string> link = {"system.interconnect.link.bandwidth_gb_per_s=10",
                                         "system.interconnect.link.latency_ns=10",
                                         "system.interconnect.link.energy_pj_per_bit=1"};
  auto with_cores = [&](int n) {
    std::vector<std::string> s = link;
    s.push_back("system.cores_per_chip=" + std::to_string(n));
    return s;
  };
  try {
    run(arch, kGemm, with_cores(4));
    FAIL() << "expected MappingError";
  } catch (const MappingError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("design does not fit on xck26: needs 4 cores x 33536 LUT = 134144 LUT, "
                                               "device has 117120"));
  }
  RunResult r = run(arch, kGemm, with_cores(3));
  ASSERT_TRUE(r.fpga && r.energy);
  EXPECT_EQ(r.fpga->resources.at("lut").used, 3 * 33536);
  EXPECT_EQ(r.fpga->resources.at("dsp").used, 3 * 128);
  // one device: its static power once for the chip, not once per core
  EXPECT_NEAR(r.energy->energy_breakdown_j.at("leakage"), 0.6 * r.seconds, 1e-15);
  double sum = 0;
  for (const auto& [k, v] : r.energy->energy_breakdown_j) sum += v;
  EXPECT_NEAR(r.energy->energy_j, sum, 1e-15);
}

TEST(Energy, FpgaDesignThatDoesNotFitIsAMappingError) {
  // 256x256 ternary cells x 24 LUT (1 LUT per accumulator bit) + (64 vector + 64 MLGRU lanes) x 250 LUT.
  const std::string arch = arch45("fpga: {device: " + source_path("arch_configs/fpga/devices/xck26.yaml") + "}\n");
  try {
    run(arch, kGemm, {"array.rows=256", "array.cols=256"});
    FAIL() << "expected MappingError";
  } catch (const MappingError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("design does not fit on xck26: needs 1604864 LUT, device has 117120"));
  }
  // The 8x8 design fits and reports its resources: 64 x 24 + 128 x 250 = 33536 LUT.
  RunResult r = run(arch, kGemm);
  ASSERT_TRUE(r.fpga);
  EXPECT_EQ(r.fpga->device, "xck26");
  EXPECT_EQ(r.fpga->resources.at("lut").used, 33536);
  EXPECT_EQ(r.fpga->resources.at("lut").available, 117120);
  EXPECT_EQ(r.fpga->resources.at("dsp").used, 128);
  ASSERT_TRUE(r.energy);
  EXPECT_FALSE(r.energy->area_mm2);
  EXPECT_NEAR(r.energy->energy_breakdown_j.at("leakage"), 0.6 * r.seconds, 1e-15);  // xck26 static 0.6 W
  EXPECT_TRUE(summary_json(r)["fpga_resources"].contains("uram"));
}

TEST(Energy, MmfreeDecodeIsDominatedByWeightMovement) {
  const std::string wl = source_path("workloads/examples/mmfreelm-1.3b_decode.yaml");
  RunResult t = run(source_path("arch_configs/ternary_asic.yaml"), wl);
  ASSERT_TRUE(t.energy);
  const auto& b = t.energy->energy_breakdown_j;
  const double movement = b.at("dram") + b.at("sram");
  std::printf("[ energy ] MMfreeLM-1.3B decode on %s: %.6g J/token (DRAM %.1f%%, SRAM %.1f%%, compute %.1f%%, "
              "leakage %.1f%%), %.3f mm2\n",
              t.arch.c_str(), t.energy->energy_per_token_j, 100 * b.at("dram") / t.energy->energy_j,
              100 * b.at("sram") / t.energy->energy_j, 100 * b.at("compute") / t.energy->energy_j,
              100 * b.at("leakage") / t.energy->energy_j, *t.energy->area_mm2);
  EXPECT_GT(movement, 0.5 * t.energy->energy_j);
}


// The last check on the whole MMfreeLM-1.3B decode step (24 layers + head, context 128).
// The released fp16 LM head does not map on an int8 MAC array, and tracegen's int8 head keeps
// 16-bit activations (W8A16), which an int8 array rejects too; so both archs run the reference
// code's BitLinear head (--head-weight ternary: 8-bit activations, ternary weights, which the
// systolic array stores and multiplies as int8). Equal peak throughput: the 128x128 int8 array
// shrunk to 64x64 does as many MACs per cycle as the 64x64 ternary array at the same clock.
TEST(Energy, MmfreeFullDecodeTernaryBeatsInt8SystolicPerToken) {
  const std::string wl = temp_dir() + "/mmfree13_decode_bitlinear_head.yaml";
  CliResult gen = run_cli("trace decode --model " + source_path("workloads/models/mmfreelm-1.3b.json") +
                          " --context 128 --head-weight ternary -o " + wl);
  ASSERT_EQ(gen.exit_code, 0) << gen.out;
  RunResult t = run(source_path("arch_configs/ternary_asic.yaml"), wl);
  RunResult s = run(source_path("arch_configs/npu_systolic.yaml"), wl, {"array.rows=64", "array.cols=64"});
  ASSERT_TRUE(t.energy && s.energy);
  EXPECT_EQ(s.peak_macs_per_cycle, t.peak_macs_per_cycle);
  EXPECT_EQ(t.peak_macs_per_cycle, 4096);
  const auto& b = t.energy->energy_breakdown_j;
  std::printf("[ energy ] MMfreeLM-1.3B decode (BitLinear head) on %s: %.6g J/token (DRAM+SRAM %.1f%%), %.4g s\n",
              t.arch.c_str(), t.energy->energy_per_token_j,
              100 * (b.at("dram") + b.at("sram")) / t.energy->energy_j, t.seconds);
  std::printf("[ energy ] same decode on %s at 64x64: %.6g J/token, %.4g s (int8 / ternary = %.3f)\n", s.arch.c_str(),
              s.energy->energy_per_token_j, s.seconds, s.energy->energy_per_token_j / t.energy->energy_per_token_j);
  EXPECT_GT(b.at("dram") + b.at("sram"), 0.5 * t.energy->energy_j);
  // The int8 array moves 8 bits per weight against 2: its DRAM energy alone is about 4x.
  EXPECT_GT(s.energy->energy_breakdown_j.at("dram"), 3.5 * b.at("dram"));
  EXPECT_GT(s.energy->energy_per_token_j, t.energy->energy_per_token_j);
}

// Zero skipping and base-3 packing on an FPGA: the two units are priced from cost_model.yaml.
// 8x8 ternary cells (acc 24, act 8), 64 vector + 64 MLGRU lanes, base-3 unpacker 16 bytes/cycle.
TEST(Energy, FpgaZeroSkipAndBase3UnpackerAreCosted) {
  const std::vector<std::string> sets = {"array.zero_skip=true", "array.weight_packing=base3"};
  // AMD xck26: LUT = 64 x 24 (cells) + 128 x 250 (lanes) + 64 x 8 x 1 (zero-skip operand mux, per act bit)
  //                + 16 x 10 x 4 (unpacker: 10 output bits, 4 LUT6 per 8-input function) = 34688.
  // FF = 64 x (24 + 2) + (256 - 128) shadow weight bits + 8 x 24 acc + 128 x 96 + 16 x 10 = 14432.
  const std::string amd = arch45("fpga: {device: " + source_path("arch_configs/fpga/devices/xck26.yaml") + "}\n");
  RunResult r = run(amd, kGemm, sets);
  ASSERT_TRUE(r.fpga);
  EXPECT_EQ(r.fpga->resources.at("lut").used, 64 * 24 + 128 * 250 + 64 * 8 * 1 + 16 * 10 * 4);
  EXPECT_EQ(r.fpga->resources.at("lut").used, 34688);
  EXPECT_EQ(r.fpga->resources.at("ff").used, 64 * 26 + 128 + 192 + 128 * 96 + 160);
  ASSERT_TRUE(r.energy);
  // Intel Stratix 10: ALM = 64 x 24 x 0.5 + 128 x 150 + 64 x 8 x 1 + 16 x 10 x 5 = 21280, and
  // the clock tree (0.02 pJ per FF per cycle) is the whole "other" category.
  const std::string intel =
      arch45("fpga: {device: " + source_path("arch_configs/fpga/devices/stratix10_sx2800_d5005.yaml") + "}\n");
  RunResult q = run(intel, kGemm, sets);
  ASSERT_TRUE(q.fpga && q.energy);
  EXPECT_EQ(q.fpga->resources.at("alm").used, 21280);
  const double ff = q.fpga->resources.at("ff").used;
  EXPECT_EQ(ff, 14432);
  EXPECT_NEAR(q.energy->energy_breakdown_j.at("other"), 0.02e-12 * ff * double(q.cycles), 1e-21);
}

// `ternsim compare --normalize iso-power`: the int8 array is resized until its average power on
// this workload matches the ternary design's; the note prints both powers, the table the
// efficiency rows. Without a technology table it is one clear error.
TEST(Energy, CompareIsoPowerMatchesThePowerOfTheFirstArch) {
  const std::string wl = write_temp("energy_isopower.yaml", gemm_workload_yaml(256, 1024, 1024));
  const std::string out = temp_dir() + "/energy_isopower";
  CliResult r = run_cli("compare --arch " + source_path("arch_configs/ternary_asic.yaml") + " --arch " +
                        source_path("arch_configs/npu_systolic.yaml") + " --workload " + wl +
                        " --normalize iso-power --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::printf("%s", r.out.c_str());
  EXPECT_THAT(r.out, ::testing::HasSubstr("npu_systolic.yaml: iso-power rescaled array 128x128 -> "));
  EXPECT_THAT(r.out, ::testing::HasSubstr(" W vs "));
  for (const std::string row : {"TOPS/W", "tokens/s per W", "tokens/s per mm2", "energy J/token"})
    EXPECT_THAT(r.out, ::testing::HasSubstr(row));
  auto j = nlohmann::json::parse(read_file(out + "/compare.json"));
  const auto& m = j["metrics"];
  const double ratio = m["power_w"]["ratio_to_baseline"]["npu_systolic_28nm"].get<double>();
  EXPECT_NEAR(ratio, 1.0, 0.02);  // whole rows and columns: within 2% (40x40: -0.37%)
  for (const std::string a : {"ternary_asic_28nm", "npu_systolic_28nm"}) {
    const auto& s = j["summaries"][a];
    EXPECT_DOUBLE_EQ(m["tokens_per_s_per_mm2"]["values"][a].get<double>(),
                     s["tokens_per_s"].get<double>() / s["area_mm2"].get<double>());
    EXPECT_DOUBLE_EQ(m["tokens_per_s_per_w"]["values"][a].get<double>(),
                     s["tokens_per_s"].get<double>() / s["power_w"].get<double>());
    EXPECT_DOUBLE_EQ(m["tops_per_w"]["values"][a].get<double>(), s["tops_per_w"].get<double>());
  }
  const std::string notech = write_temp("energy_isopower_notech.yaml", small_arch_yaml());
  CliResult bad = run_cli("compare --arch " + notech + " --arch " + notech + " --workload " + wl +
                          " --normalize iso-power");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_THAT(bad.out, ::testing::HasSubstr("--normalize iso-power needs the average power, which needs a technology "
                                            "table (top-level key `tech:`)"));
}
