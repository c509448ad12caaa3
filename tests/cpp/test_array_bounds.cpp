// Roofline bounds in summary.json and `ternsim compare` (sim/report/roofline_bounds.hpp): the
// DRAM- and compute-bound times, the binding unit, and the named overheads that explain the gap,
// on a hand-sized case and on 1.3B decode across the four array kinds.
#include <gtest/gtest.h>

#include "sim/report/result_json.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {
const std::string kDecode = source_path("workloads/examples/mmfreelm-1.3b_decode_bitlinear_head.yaml");
std::string arch(const std::string& name) { return source_path("arch_configs/" + name + ".yaml"); }
}  // namespace

// The dot array's ragged case of test_new_arrays.cpp on small_arch_yaml (1 GHz, DRAM 64 B/cycle):
// DRAM bound = 240 B / 64 = 3.75 cycles; compute bound = 3 x 240 MACs / 64 = 11.25 cycles: the
// array binds. Its 25 busy cycles = 11.25 + fill/drain 5 + weight load 2 + mapping 6.75 (ragged
// tiles leave lanes idle).
TEST(ArrayBounds, HandSizedDotCase) {
  std::string a = small_arch_yaml();
  a.replace(a.find("{kind: ternary"), a.find('}', a.find("{kind: ternary")) - a.find("{kind: ternary") + 1,
            "{kind: dot, rows: 8, cols: 8}");
  const auto b = summary_json(run_yaml(a, gemm_workload_yaml(3, 12, 20)))["bounds"];
  EXPECT_DOUBLE_EQ(b["dram_bound_s"].get<double>(), 3.75e-9);
  EXPECT_DOUBLE_EQ(b["compute_bound_s"].get<double>(), 11.25e-9);
  EXPECT_EQ(b["binding_unit"], "array");
  EXPECT_DOUBLE_EQ(b["array_busy_s"].get<double>(), 25e-9);
  EXPECT_DOUBLE_EQ(b["array_overheads"]["fill_drain_s"].get<double>(), 5e-9);
  EXPECT_DOUBLE_EQ(b["array_overheads"]["weight_load_s"].get<double>(), 2e-9);
  EXPECT_NEAR(b["array_overheads"]["mapping_s"].get<double>(), 6.75e-9, 1e-18);
}

// 1.3B decode on the dot array with int2 storage: 64 x 64 int2 weights = 8192 bits per tile at
// the weight buffer's 1024 bits/cycle = 8 cycles per tile = 128 B/cycle, exactly the DRAM's
// 102.4 GB/s at 800 MHz. So the array is busy for the DRAM bound plus its stated fill/drain (at
// most: a chunk's drain overlaps the next chunk's DRAM wait), and the run ends within 3.1 % of the
// DRAM bound (the rest is vector/recurrent ops and DRAM latency between dependent ops).
TEST(ArrayBounds, DotInt2DecodeRunsAtTheDramRoofline) {
  const auto s = summary_json(simulate(RunRequest{arch("npu_dot"), kDecode, {}}));
  const auto& b = s["bounds"];
  EXPECT_EQ(b["binding_unit"], "dram");
  EXPECT_EQ(s["dram_read_bytes"].get<uint64_t>(), 324669440u);  // 2 bits per weight, as the ternary array
  const double dram = b["dram_bound_s"], fill = b["array_overheads"]["fill_drain_s"], busy = b["array_busy_s"];
  EXPECT_DOUBLE_EQ(dram, 324669440.0 / 128 / 800e6);
  EXPECT_GE(busy, dram);
  EXPECT_LE(busy, dram + fill);
  EXPECT_GT(fill, 0.0);
  EXPECT_LT(s["seconds"].get<double>(), dram * 1.031);
  EXPECT_DOUBLE_EQ(b["array_overheads"]["unpack_s"].get<double>(), 0.0);  // a tile per cycle
}

// Iso-peak compare (every array at the 64 x 64 ternary array's 4096 MAC-equivalents per cycle) of
// ternary, lut, dot-int2, systolic-int2 and systolic-int8 on 1.3B decode. All are DRAM-bound on
// the roofline; the table shows what each pays beyond it:
//  - bytes: lut stores 1.6 bits per weight (0.80x, plus ragged groups), int2 storage 2 bits (1x),
//    int8 8 bits (4x);
//  - datapath: the systolic array loads each 64 x 64 fold for 64 cycles and uses it for one row,
//    where the others take 8 cycles per 64 x 64 tile: ~8x the time at the same bytes, all of it
//    named as weight load.
TEST(ArrayBounds, IsoPeakCompareOfFourKindsShowsEachBound) {
  const std::string out = temp_dir() + "/iso_peak_bounds";
  CliResult r = run_cli("compare --arch " + arch("ternary_asic") + " --arch " + arch("lut_asic") + " --arch " +
                        arch("npu_dot") + " --arch " + arch("npu_systolic_int2") + " --arch " + arch("npu_systolic") +
                        " --workload " + kDecode + " --normalize iso-peak --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* row : {"DRAM-bound s", "compute-bound s", "s above bound", "weight load s", "table build s"})
    EXPECT_NE(r.out.find(row), std::string::npos) << row << "\n" << r.out;
  EXPECT_NE(r.out.find("note: npu_systolic_int2_28nm: bound by dram"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(read_file(out + "/compare.json"));
  auto sum = [&](const char* a) -> const nlohmann::json& { return j.at("summaries").at(a); };
  auto bytes = [&](const char* a) { return sum(a)["dram_read_bytes"].get<double>(); };
  auto secs = [&](const char* a) { return sum(a)["seconds"].get<double>(); };
  for (const char* a : {"ternary_asic_28nm", "lut_asic_28nm", "npu_dot_28nm", "npu_systolic_int2_28nm", "npu_systolic_28nm"}) {
    const auto& b = sum(a)["bounds"];
    EXPECT_EQ(b["binding_unit"], "dram") << a;
    EXPECT_DOUBLE_EQ(b["dram_bound_s"].get<double>(), bytes(a) / 128 / 800e6) << a;
    EXPECT_GT(b["dram_bound_s"].get<double>(), 5 * b["compute_bound_s"].get<double>()) << a;
    EXPECT_NEAR(b["gap_s"].get<double>(), secs(a) - b["dram_bound_s"].get<double>(), 1e-12) << a;
  }
  const double t = bytes("ternary_asic_28nm");
  EXPECT_EQ(t, 324669440.0);
  EXPECT_GT(bytes("lut_asic_28nm") / t, 0.80);
  EXPECT_LT(bytes("lut_asic_28nm") / t, 0.805);
  EXPECT_EQ(bytes("npu_dot_28nm"), t);
  EXPECT_EQ(bytes("npu_systolic_int2_28nm"), t);
  // int8: 4x, less the bytes by which 2-bit packing per tile rounds up ragged tiles (12,288 B).
  EXPECT_EQ(bytes("npu_systolic_28nm"), 4 * t - 12288);
  // Same bytes, different datapath: the dot array keeps up with DRAM, the systolic array does not.
  EXPECT_NEAR(secs("npu_dot_28nm") / secs("ternary_asic_28nm"), 1.0, 0.01);
  const double sys = secs("npu_systolic_int2_28nm") / secs("ternary_asic_28nm");
  EXPECT_GT(sys, 7.5);
  EXPECT_LT(sys, 8.1);
  const auto& sb = sum("npu_systolic_int2_28nm")["bounds"];
  EXPECT_GT(sb["array_overheads"]["weight_load_s"].get<double>(), sb["gap_s"].get<double>());
  // Fewer bytes make the lut array faster than the ternary one, though less than 0.8x: its
  // per-op DRAM waits do not shrink with the bytes.
  EXPECT_LT(secs("lut_asic_28nm"), secs("ternary_asic_28nm"));
}

// iso-area probes each arch's area with a one-MAC ternary GEMM, which a lut array accepts: the
// answer is then about area (its 192 KiB of tables alone outgrow the ternary chip), not weights.
TEST(ArrayBounds, IsoAreaProbesEveryKind) {
  const std::string wl = source_path("workloads/examples/mmfreelm-1.3b_layer_decode.yaml");
  CliResult r = run_cli("compare --arch " + arch("ternary_asic") + " --arch " + arch("lut_asic") + " --workload " + wl +
                        " --normalize iso-area");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("lut_asic.yaml: --normalize iso-area: its area without the array"), std::string::npos) << r.out;
  // With 8 KiB of tables it fits, and the array is resized to the ternary chip's area.
  std::string small = read_file(arch("lut_asic"));
  small.replace(small.find("table_kib: 192"), 14, "table_kib: 8");
  small.replace(small.find("tech: tech/28nm.yaml"), 20, "tech: " + source_path("arch_configs/tech/28nm.yaml"));
  const std::string lut8 = write_temp("lut8.yaml", small);
  CliResult ok = run_cli("compare --arch " + arch("ternary_asic") + " --arch " + lut8 + " --workload " + wl +
                         " --normalize iso-area");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("lut8.yaml: iso-area rescaled array 16x64 ->"), std::string::npos) << ok.out;
}
