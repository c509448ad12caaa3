// SPDX-License-Identifier: Apache-2.0
// test_rtl_cosim.cpp -- the verilated tile vs. the functional model (bit for bit) and the
// closed form (cycles), on every verilated build; array.impl=rtl timing; `ternsim cosim`.
//
// SystemC elaborates once per process: main() builds one instance of every catalogue build
// before RUN_ALL_TESTS(); the tests drive them with run(). `ternsim cosim` runs as a child.
#include <gtest/gtest.h>

#include <systemc>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "models/rtl/rtl_cosim.hpp"
#include "models/rtl/rtl_tile_timing.hpp"
#include "sim/workload/workload_loader.hpp"
#include "tests/cpp/test_util.hpp"

namespace {

using namespace ternsim;
using namespace ternsim::rtl;
using I8 = std::vector<int8_t>;

std::vector<std::unique_ptr<RtlTernaryTile>>& tiles() {
  static std::vector<std::unique_ptr<RtlTernaryTile>> t;
  return t;
}

// Names for the parameterised tests, fixed before main() builds the tiles (same order).
std::string build_name(const ::testing::TestParamInfo<size_t>& i) { return rtl_tile_catalogue().at(i.param).name; }

class Cosim : public ::testing::TestWithParam<size_t> {
 protected:
  RtlTernaryTile& tile() { return *tiles().at(GetParam()); }
  const RtlTileConfig& cfg() { return rtl_tile_catalogue().at(GetParam()).cfg; }
};

// Random tiles of every extent (short tiles padded with zeros), several M.
TEST_P(Cosim, RandomTilesAgreeBitForBitAndInCycles) {
  const unsigned R = cfg().rows, C = cfg().cols;
  std::mt19937 rng(1234 + GetParam());
  std::uniform_int_distribution<int> act(-128, 127), wt(-1, 1);
  for (uint64_t k_ext : {uint64_t(1), uint64_t(R)})
    for (uint64_t n_ext : {uint64_t(1), uint64_t(C)})
      for (uint64_t m : {1, 2, 5}) {
        I8 w(R * C, 0), x(m * R, 0);
        for (uint64_t r = 0; r < k_ext; ++r)
          for (uint64_t c = 0; c < n_ext; ++c) w[r * C + c] = static_cast<int8_t>(wt(rng));
        for (uint64_t i = 0; i < m; ++i)
          for (uint64_t r = 0; r < k_ext; ++r) x[i * R + r] = static_cast<int8_t>(act(rng));
        const TileCheck tc = cosim_tile(tile(), w, x, m, k_ext, n_ext);
        SCOPED_TRACE("k_ext " + std::to_string(k_ext) + " n_ext " + std::to_string(n_ext) + " m " + std::to_string(m));
        EXPECT_EQ(tc.mismatches, 0u) << tc.first_mismatch;
        EXPECT_EQ(tc.outputs, (m + 1) * n_ext);  // m row jobs + the chain job
        EXPECT_EQ(tc.rtl_cycles, R + m + rtl_tile_clog2(R) + 1);
        EXPECT_TRUE(tc.row_timing_ok);
      }
}

// All-extreme operands drive the accumulator out of range: x = 127 with w = +1 adds 127*R per
// vector, x = -128 with w = +1 subtracts 128*R. Enough vectors to pass 2^(ACC_W-1) twice.
TEST_P(Cosim, OverflowWrapsOrSaturatesLikeTheFunctionalModel) {
  const unsigned R = cfg().rows, C = cfg().cols, A = cfg().acc_width;
  if (A > 16) GTEST_SKIP() << "ACC_W " << A << " needs > 2^16 vectors to overflow";
  const uint64_t m = ((uint64_t(1) << (A - 1)) / (127 * R)) * 2 + 3;
  for (int sign : {+1, -1}) {
    I8 w(R * C, 1), x(m * R, static_cast<int8_t>(sign > 0 ? 127 : -128));
    w[C - 1] = -1;  // one column gets a different first-row contribution
    const TileCheck tc = cosim_tile(tile(), w, x, m, R, C);
    EXPECT_EQ(tc.mismatches, 0u) << tc.first_mismatch;
    EXPECT_GT(tc.overflows, 0u);  // the case really overflows
    EXPECT_EQ(tc.rtl_cycles, rtl_tile_cycles(R, C, m));
  }
}

INSTANTIATE_TEST_SUITE_P(Builds, Cosim, ::testing::Range<size_t>(0, 7), build_name);

TEST(CosimCatalogue, SevenBuildsAndALookup) {
  ASSERT_EQ(rtl_tile_catalogue().size(), 7u);  // = the tiles main() builds (Range above)
  ASSERT_NE(find_rtl_tile(8, 8, 24, false), nullptr);
  EXPECT_STREQ(find_rtl_tile(8, 8, 24, false)->name, "tile_r8c8_a24");
  EXPECT_EQ(find_rtl_tile(8, 8, 24, true), nullptr);
}

const char* kSmallWorkload = R"(name: cosim_small
phase: decode
tokens: 1
batch: 1
ops:
- {name: q, kind: quantize, m: 3, n: 20, deps: []}
- {name: g0, kind: gemm, m: 3, n: 12, k: 20, weight: ternary, act_bits: 8, b_operand: weights, deps: [q]}
- {name: g1, kind: gemm, m: 1, n: 8, k: 8, weight: ternary, act_bits: 8, b_operand: weights, deps: [g0]}
)";

// array.impl=rtl: every tile is one un-overlapped RTL job. ternary_asic with rows = cols = 8:
// g0 has ceil(20/8) * ceil(12/8) = 6 tiles, each 8 + 3 + ceil(log2 8) + 1 = 15 cycles (no
// bubbles: a 128-bit tile loads in 1 < 8 cycles from the 1024 bit/cycle weight buffer, a 64-bit
// vector streams in 1 cycle) = 90. The TL model overlaps loads: 1 + 6 * max(3, 1) + 4 = 23.
TEST(ArrayImpl, RtlTimesEachTileWithTheRtlClosedForm) {
  const std::string asic = test::source_path("arch_configs/ternary_asic.yaml");
  Workload wl = load_workload_file(test::write_temp("cosim_small.yaml", kSmallWorkload));
  const Op& g0 = wl.ops.at(1);
  ArchConfig rtl = load_arch_file(asic, {"array.rows=8", "array.cols=8", "array.impl=rtl"});
  ArchConfig tl = load_arch_file(asic, {"array.rows=8", "array.cols=8"});
  ASSERT_EQ(rtl.array->tile_count(g0), 6u);
  EXPECT_EQ(rtl.array->compute_cycles(g0, 0, 6, 3), 90u);
  EXPECT_EQ(tl.array->compute_cycles(g0, 0, 6, 3), 23u);
  // Chunks of tiles add up exactly (nothing overlaps across RTL jobs).
  EXPECT_EQ(rtl.array->compute_cycles(g0, 0, 2, 3) + rtl.array->compute_cycles(g0, 2, 4, 3), 90u);
}

TEST(ArrayImpl, RtlRejectsWhatTheRtlTileCannotDo) {
  const std::string asic = test::source_path("arch_configs/ternary_asic.yaml");
  try {
    load_arch_file(asic, {"array.impl=rtl", "array.zero_skip=true"});
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("no zero skipping"), std::string::npos) << e.what();
  }
  try {
    load_arch_file(asic, {"array.impl=verilog"});
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("impl"), std::string::npos) << e.what();
  }
}

TEST(CosimCli, SmallArchAndWorkloadAgreeFully) {
  const std::string wl = test::write_temp("cosim_cli.yaml", kSmallWorkload);
  const std::string out = test::temp_dir() + "/cosim_out";
  auto r = test::run_cli("cosim --arch " + test::source_path("arch_configs/ternary_asic.yaml") + " --workload " + wl +
                         " --set array.rows=8 --set array.cols=8 --max-tiles 20 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("full agreement"), std::string::npos) << r.out;
  std::ifstream csv(out + "/cosim.csv");
  std::stringstream ss;
  ss << csv.rdbuf();
  // g0: 10 tiles budgeted per op, 6 exist; m = 3 (4 jobs per tile); 20 = 2 full + 1 short K tile.
  // outputs: per tile (3 + 1) * n_ext, n_ext 8 / 4: K-tiles x (4*8 + 4*4) = 3 * 48 = 144.
  // Cycles: RTL 8 + 3 + 3 + 1 = 15; TL tile alone: load 1 + stream 3 + drain 4 = 8.
  EXPECT_NE(ss.str().find("g0,compared,6,6,3,144,0,"), std::string::npos) << ss.str();
  EXPECT_NE(ss.str().find(",yes,15,15,8,1,3,4,3,yes"), std::string::npos) << ss.str();
  EXPECT_NE(ss.str().find("g1,compared,1,1,1,16,0,0,yes,13,13,6,1,1,4,1,yes"), std::string::npos) << ss.str();
}

TEST(CosimCli, NoMatchingBuildListsTheAvailableOnes) {
  const std::string wl = test::write_temp("cosim_cli2.yaml", kSmallWorkload);
  auto r = test::run_cli("cosim --arch " + test::source_path("arch_configs/ternary_asic.yaml") + " --workload " + wl);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("no verilated RTL tile with R=64 C=64 ACC_W=24 wrap"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tile_r8c8_a24 (R=8 C=8 ACC_W=24 wrap)"), std::string::npos) << r.out;
}

TEST(CosimCli, ShippedFpgaPrototypeHasAMatchingBuild) {
  const std::string wl = test::write_temp("cosim_cli3.yaml", kSmallWorkload);
  auto r = test::run_cli("cosim --arch " + test::source_path("arch_configs/fpga_mmfree_prototype.yaml") +
                         " --workload " + wl + " --max-tiles 4 --vcd " + test::temp_dir() + "/cosim.vcd");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("tile_r1c4_a24"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("full agreement"), std::string::npos) << r.out;
  // tile_r1c4_a24 is a TRACE build: the waveform file has the tile's signals.
  std::ifstream vcd(test::temp_dir() + "/cosim.vcd");
  std::stringstream v;
  v << vcd.rdbuf();
  EXPECT_NE(v.str().find("$enddefinitions"), std::string::npos);
  EXPECT_NE(v.str().find("res_data"), std::string::npos);
}

}  // namespace

// ternsim_core already defines sc_main (a stub, sim/engine/sc_main_stub.cpp) and ternsim drives
// sc_start() itself, so this binary has its own main(), like the ternsim CLI.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  ::testing::InitGoogleTest(&argc, argv);
  for (const auto& b : rtl_tile_catalogue())
    tiles().push_back(b.make((std::string("cosim_") + b.name).c_str(), sc_core::sc_time(1, sc_core::SC_NS)));
  const int rc = RUN_ALL_TESTS();
  tiles().clear();  // before static destruction tears down Verilator's context
  return rc;
}
