// A memory-hierarchy level shared by the cores of a chip (`shared: chip`, docs/memory_hierarchy.md,
// "Levels shared by a chip's cores"): each of c cores gets 1/c of its capacity and bandwidth, and a
// chip pays its area and leakage once. Every expected value is derived by hand in comments.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/config/config_error.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/mapping/level_mapper.hpp"
#include "sim/report/report_writer.hpp"
#include "sim/report/result_json.hpp"
#include "level_test_util.hpp"

namespace ternsim {
namespace {

// The small arch of test_util.hpp (8x8 ternary array, 1 GHz) with a hierarchy whose innermost
// level `gb` (4 KiB, one bank of 4 B/cycle, activations only) is `gb_extra` (e.g. shared: chip),
// inside 64 KiB homes of 16 B/cycle.
std::string arch(const std::string& gb_extra, const std::string& system = "", bool tech = false) {
  std::string a = test::arch_with_levels(
            "  - {name: gb, capacity_kib: 4, banks: 1, ports: 1, width_bytes: 4, " + gb_extra + "holds: [activations]}\n"
            "  - {name: wb, capacity_kib: 64, banks: 1, ports: 1, width_bytes: 16, holds: [weights]}\n"
            "  - {name: ab, capacity_kib: 64, banks: 1, ports: 1, width_bytes: 16, holds: [activations, outputs, state]}\n",
      tech);
  return a + system;
}

// One chip of 4 cores (tensor parallel over them), linked by a ring.
const std::string kFourCores =
    "system:\n  chips: 1\n  cores_per_chip: 4\n"
    "  interconnect: {topology: ring, link: {bandwidth_gb_per_s: 64, latency_ns: 100, energy_pj_per_bit: 2}}\n";

Op gemm(uint64_t m, uint64_t n, uint64_t k) { return test::ternary_gemm_op(m, n, k); }
using test::plan_levels;

ArchConfig load(const std::string& yaml) { return load_arch(ConfigNode::load_string(yaml, "arch.yaml")); }

TEST(SharedLevel, CoresSeeAQuarterOfTheCapacity) {
  const ArchConfig lone = load(arch("shared: chip, "));
  const ArchConfig four = load(arch("shared: chip, ", kFourCores));
  const ArchConfig own = load(arch("", kFourCores));  // per core (the default): every core a whole gb
  EXPECT_EQ(lone.memory->levels[0].share, 1u);
  EXPECT_EQ(four.memory->levels[0].share, 4u);
  EXPECT_EQ(own.memory->levels[0].share, 1u);
  EXPECT_EQ(four.memory->levels[0].core_capacity_bytes(), 1024u);
  // m=32, k=64: a pass's inputs are 32 x 64 x 1 B = 2048 B: they fit the whole 4 KiB gb (lone
  // chip, or a core owning its gb) but not a core's quarter (1 KiB): they spill to the home ab.
  EXPECT_EQ(plan_levels(lone, gemm(32, 64, 64)).place[1].level, 0);
  EXPECT_EQ(plan_levels(own, gemm(32, 64, 64)).place[1].level, 0);
  const LevelPlan spilled = plan_levels(four, gemm(32, 64, 64));
  EXPECT_EQ(spilled.place[1].level, 2);
  EXPECT_FALSE(spilled.place[1].resident);
  EXPECT_EQ(spilled.fill_cycles, 0u);
  // m=16: 16 x 64 = 1024 B, exactly a quarter: still resident in the shared gb.
  EXPECT_EQ(plan_levels(four, gemm(16, 64, 64)).place[1].level, 0);
}

TEST(SharedLevel, FillTakesFourTimesTheCyclesWhenTheSharedLevelIsTheBottleneck) {
  // m=16, k=64: 1024 B filled from ab (16 B/cycle: 64 cycles) into gb (4 B/cycle: 256 cycles).
  // gb is the slower end: 256 cycles on a lone chip; a core of four gets 1 B/cycle of it: 1024.
  const LevelPlan lone = plan_levels(load(arch("shared: chip, ")), gemm(16, 64, 64));
  const LevelPlan four = plan_levels(load(arch("shared: chip, ", kFourCores)), gemm(16, 64, 64));
  EXPECT_EQ(lone.fill_cycles, 256u);
  EXPECT_EQ(four.fill_cycles, 1024u);
  EXPECT_EQ(four.fill_cycles, 4 * lone.fill_cycles);
  MemoryLevel l;
  l.banks = 8, l.ports = 1, l.width_bytes = 16, l.share = 4;
  EXPECT_EQ(level_transfer_cycles(l, 1024, 8), 32u);  // 1024 / (128 / 4) B per cycle
  EXPECT_EQ(level_transfer_cycles(l, 1000, 1), 250u);  // 1000 / (16 / 4)
}

// In a run: m=16, k=64, n=32 over 4 cores (tensor parallel: n=8 each, 8 tiles along K). The
// fill (1024 cycles) is far longer than a core's array work, so the GEMM takes the fill's cycles.
TEST(SharedLevel, SharedFillBoundsTheOpInASystemRun) {
  const std::string wl = test::gemm_workload_yaml(16, 32, 64);
  const RunResult four = test::run_yaml(arch("shared: chip, ", kFourCores), wl);
  const RunResult own = test::run_yaml(arch("", kFourCores), wl);
  const auto g = [](const RunResult& r) -> const OpRecord& {
    for (const auto& o : r.op_records)
      if (o.kind == "gemm") return o;
    throw std::runtime_error("no gemm");
  };
  EXPECT_EQ(g(four).compute_cycles, 1024u);
  EXPECT_EQ(g(own).compute_cycles, 256u);
  EXPECT_EQ(four.cycles - own.cycles, 1024u - 256u);
}

TEST(SharedLevel, AreaAndLeakageCountOncePerChip) {
  // 28 nm: area.sram_per_kib 6950 um2, leakage 13.45 mW/mm2. Each core owns wb + ab = 128 KiB.
  // Shared: one 4 KiB gb per chip; per core: four of them.
  const std::string wl = test::gemm_workload_yaml(16, 32, 64);
  const RunResult shared = test::run_yaml(arch("shared: chip, ", kFourCores, true), wl);
  const RunResult own = test::run_yaml(arch("", kFourCores, true), wl);
  const RunResult lone = test::run_yaml(arch("shared: chip, ", "", true), wl);
  ASSERT_TRUE(shared.energy && own.energy && lone.energy);
  EXPECT_NEAR(shared.energy->area_breakdown_mm2.at("sram"), (4 * 128 + 4) * 6950.0 * 1e-6, 1e-9);
  EXPECT_NEAR(own.energy->area_breakdown_mm2.at("sram"), 4 * (128 + 4) * 6950.0 * 1e-6, 1e-9);
  EXPECT_NEAR(lone.energy->area_breakdown_mm2.at("sram"), (128 + 4) * 6950.0 * 1e-6, 1e-9);
  // Leakage follows the area: 13.45 mW/mm2 x the system's area for the whole run.
  EXPECT_NEAR(shared.energy->energy_breakdown_j.at("leakage"),
              13.45e-3 * *shared.energy->area_mm2 * shared.seconds, 1e-15);
  EXPECT_NEAR(*own.energy->area_mm2 - *shared.energy->area_mm2, 3 * 4 * 6950.0 * 1e-6, 1e-9);
}

TEST(SharedLevel, LoneChipIsByteIdenticalWithoutTheFlag) {
  const std::string wl = test::gemm_workload_yaml(16, 32, 64);
  for (const std::string& system : {std::string(""), std::string("system: {chips: 1}\n")}) {
    const RunResult a = test::run_yaml(arch("", system, true), wl);
    const RunResult b = test::run_yaml(arch("shared: chip, ", system, true), wl);
    EXPECT_EQ(summary_json(a).dump(2), summary_json(b).dump(2)) << system;
    std::ostringstream ca, cb;
    write_ops_csv(a, ca);
    write_ops_csv(b, cb);
    EXPECT_EQ(ca.str(), cb.str()) << system;
  }
}

// The per-level report of a system run: per simulated worker (the four identical cores are
// simulated once, standing for four), its levels' bits and energies; the system's sram energy is
// the sum over workers of stands_for x theirs; ops.csv carries the level columns.
TEST(SharedLevel, SystemRunsReportTheLevelsPerWorker) {
  const RunResult r = test::run_yaml(arch("shared: chip, ", kFourCores, true), test::gemm_workload_yaml(16, 32, 64));
  ASSERT_FALSE(r.memory_json.empty());
  const auto m = nlohmann::json::parse(r.memory_json);
  ASSERT_EQ(m.at("workers").size(), 1u);
  const auto& w = m.at("workers")[0];
  EXPECT_EQ(w.at("name"), "chip0_core0");
  EXPECT_EQ(w.at("stands_for"), 4);
  EXPECT_EQ(w.at("levels")[0].at("name"), "gb");
  EXPECT_EQ(w.at("levels")[0].at("cores_sharing"), 4);
  EXPECT_EQ(w.at("levels")[1].count("cores_sharing"), 0u);
  EXPECT_EQ(w.at("gemm_placement").at("activations").at("gb"), 1);
  // The core's 16 x 64 B of inputs filled into gb once: 8192 bits written there.
  EXPECT_EQ(w.at("levels")[0].at("write_bits"), 8192);
  EXPECT_EQ(w.at("fill_cycles"), 1024);
  double sram = 0;
  for (const auto& l : w.at("levels")) sram += 4 * l.at("energy_j").get<double>();
  EXPECT_NEAR(sram, r.energy->energy_breakdown_j.at("sram"), 1e-18);
  EXPECT_EQ(m.at("ops").size(), r.op_records.size());
  std::ostringstream csv;
  write_ops_csv(r, csv);
  EXPECT_NE(csv.str().find(",wb,gb,ab,0,1024\n"), std::string::npos) << csv.str();
  EXPECT_EQ(summary_json(r).at("memory_hierarchy").at("workers")[0].at("stands_for"), 4);
}

std::string load_error(const std::string& yaml) {
  try {
    load(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(SharedLevel, BadInputNamesFileKeyAndExpectation) {
  EXPECT_EQ(load_error(arch("shared: socket, ")),
            "arch.yaml:6:69: memory_hierarchy[0].shared: expected one of core | chip, got 'socket'");
  std::string home = arch("");
  home.replace(home.find("holds: [weights]"), 16, "shared: chip, holds: [weights]");
  EXPECT_EQ(load_error(home),
            "arch.yaml:7:71: memory_hierarchy[1].shared: expected shared: chip only on a staging level, not on the "
            "weight home 'wb' (a home shared by a chip's cores is not modelled yet)");
}

}  // namespace
}  // namespace ternsim
