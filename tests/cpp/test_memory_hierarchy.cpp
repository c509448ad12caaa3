// Memory hierarchy (docs/memory_hierarchy.md): the bank-conflict closed form, the level
// mapper's choices, the cycles and energy they add, and that spelling today's two buffers as
// a two-level hierarchy changes nothing. Every expected value is derived by hand in comments.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "models/memory/memory_level.hpp"
#include "sim/config/config_error.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/mapping/level_mapper.hpp"
#include "sim/report/report_writer.hpp"
#include "level_test_util.hpp"

namespace ternsim {
namespace {

using test::arch_with_levels;

// Today's two buffers of the small arch, as levels.
const std::string kTwoLevels =
    "  - {name: weight_buffer, capacity_kib: 64, banks: 1, ports: 1, width_bytes: 16, holds: [weights]}\n"
    "  - {name: act_buffer, capacity_kib: 64, banks: 1, ports: 1, width_bytes: 16, holds: [activations, outputs, state]}\n";

// A 1 KiB two-bank activation scratchpad inside them (homes renamed wb/ab).
const std::string kThreeLevels =
    "  - {name: rf, capacity_kib: 1, banks: 2, ports: 1, width_bytes: 16, holds: [activations]}\n"
    "  - {name: wb, capacity_kib: 64, banks: 1, ports: 1, width_bytes: 16, holds: [weights]}\n"
    "  - {name: ab, capacity_kib: 64, banks: 1, ports: 1, width_bytes: 16, holds: [activations, outputs, state]}\n";

Op gemm(uint64_t m, uint64_t n, uint64_t k) { return test::ternary_gemm_op(m, n, k); }
using test::plan_levels;

TEST(MemoryHierarchy, ConflictFreeBanksByHand) {
  // 8 banks of 16 B. One 16 B tile row per gather row (r = 1 word):
  // pitch 256 B = 16 words: gcd(16, 8) = 8, every row starts in bank 0 -> D = 8/8 * 1 = 1.
  EXPECT_EQ(conflict_free_banks(16, 256, 8, 16), 1u);
  // pitch 272 B = 17 words: gcd(17, 8) = 1 -> the rows walk all banks, D = 8.
  EXPECT_EQ(conflict_free_banks(16, 272, 8, 16), 8u);
  // pitch 64 B = 4 words: gcd = 4, starts in banks {0, 4}, each row 1 bank -> D = 2.
  EXPECT_EQ(conflict_free_banks(16, 64, 8, 16), 2u);
  // 32 B rows (r = 2) at 256 B: starts all in bank 0, each covers banks 0-1 -> D = 2.
  EXPECT_EQ(conflict_free_banks(32, 256, 8, 16), 2u);
  // 128 B rows (r = 8 >= g = 8) cover every bank -> D = 8.
  EXPECT_EQ(conflict_free_banks(128, 256, 8, 16), 8u);
  // A pitch that is not whole words is rounded up: 130 B -> 9 words, gcd(9, 8) = 1 -> 8.
  EXPECT_EQ(conflict_free_banks(2, 130, 8, 16), 8u);
  EXPECT_EQ(conflict_free_banks(16, 256, 1, 16), 1u);  // one bank cannot conflict with itself
  MemoryLevel l;
  l.banks = 8, l.ports = 1, l.width_bytes = 16;
  EXPECT_EQ(level_transfer_cycles(l, 1024, 8), 8u);   // 1024 / 128 B per cycle
  EXPECT_EQ(level_transfer_cycles(l, 1024, 1), 64u);  // 1024 / 16
  l.ports = 2;
  EXPECT_EQ(level_transfer_cycles(l, 1000, 2), 16u);  // ceil(1000 / 64)
}

TEST(MemoryHierarchy, HomesAndEnergySources) {
  const ArchConfig a = load_arch(ConfigNode::load_string(arch_with_levels(kThreeLevels, true), "arch.yaml"));
  ASSERT_TRUE(a.memory);
  EXPECT_EQ(a.memory->weight_home, 1u);
  EXPECT_EQ(a.memory->act_home, 2u);
  EXPECT_EQ(a.ctx.weight_buffer.capacity_bytes, 64u * 1024);
  EXPECT_EQ(a.ctx.act_buffer.width_bits, 128u);
  // 28 nm SRAM curve: E(C) = 0.07916 pJ/bit x sqrt(C / 8 KiB); the 1 KiB scratchpad: x sqrt(1/8).
  EXPECT_NEAR(a.memory->levels[0].read_pj_per_bit, 0.07916 * std::sqrt(1.0 / 8), 1e-12);
  EXPECT_NEAR(a.memory->levels[0].write_pj_per_bit, 0.1109 * std::sqrt(1.0 / 8), 1e-12);
  EXPECT_NE(a.memory->levels[0].energy_source.find("energy.sram curve at 1 KiB"), std::string::npos);
}

TEST(MemoryHierarchy, RegfileKindPricedAsFlops) {
  std::string levels = kThreeLevels;
  levels.replace(levels.find("name: rf,"), 9, "name: rf, kind: regfile,");
  const std::string wl = test::gemm_workload_yaml(1, 64, 64);
  const RunResult r = test::run_yaml(arch_with_levels(levels, true), wl);
  // 28 nm: energy.register_bit 0.002026 pJ, area.register_bit 1.703 um2, area.sram_per_kib 6950 um2.
  const auto m = nlohmann::json::parse(r.memory_json);
  EXPECT_EQ(m.at("levels")[0].at("read_pj_per_bit"), 0.002026);
  EXPECT_EQ(m.at("levels")[0].at("write_pj_per_bit"), 0.002026);
  // SRAM 64 + 64 KiB, flops 1 KiB = 8192 bits.
  EXPECT_NEAR(r.energy->area_breakdown_mm2.at("sram"), (128 * 6950.0 + 8192 * 1.703) * 1e-6, 1e-12);
  // 4096 bits read + 512 written in rf, at 0.002026 pJ each.
  EXPECT_NEAR(m.at("levels")[0].at("energy_j").get<double>(), 4608 * 0.002026e-12, 1e-24);
}

TEST(MemoryHierarchy, LevelChoiceByHand) {
  const ArchConfig a = load_arch(ConfigNode::load_string(arch_with_levels(kThreeLevels), "arch.yaml"));
  // m=1, k=64: the whole input row is 64 B <= 1 KiB -> resident in rf. rf holds no weights or
  // outputs, so those stay in their homes wb and ab.
  LevelPlan lp = plan_levels(a, gemm(1, 64, 64));
  EXPECT_EQ(lp.place[0].level, 1);
  EXPECT_EQ(lp.place[1].level, 0);
  EXPECT_TRUE(lp.place[1].resident);
  EXPECT_EQ(lp.place[1].footprint, 64u);
  EXPECT_EQ(lp.place[2].level, 2);
  // Fill of the 64 B: ab gives 16 B/cycle (4 cycles), rf takes 32 B/cycle (2): the slower, 4.
  EXPECT_EQ(lp.fill_cycles, 4u);
  EXPECT_EQ(lp.conflict_cycles, 0u);
  // m=32: a pass's inputs are 32 x 64 = 2048 B > 1 KiB: they spill to ab (a tile would fit, but
  // K-inner tile order reads each byte once per N column: staging it would save nothing).
  lp = plan_levels(a, gemm(32, 64, 64));
  EXPECT_EQ(lp.place[1].level, 2);
  EXPECT_FALSE(lp.place[1].resident);
  EXPECT_EQ(lp.fill_cycles, 0u);
  // m=16: 16 x 64 = 1024 B = exactly 1 KiB: resident. Fill 1024 B: 64 cycles at ab's 16 B/cycle.
  lp = plan_levels(a, gemm(16, 64, 64));
  EXPECT_EQ(lp.place[1].level, 0);
  EXPECT_EQ(lp.fill_cycles, 64u);
  EXPECT_EQ(lp.extra_cycles(64), 0u);
  EXPECT_EQ(lp.extra_cycles(10), 54u);
  LevelPlan x;
  x.fill_cycles = 30, x.conflict_cycles = 5;
  EXPECT_EQ(x.extra_cycles(10), 25u);  // fills overlap the 10 compute cycles; stalls do not
  EXPECT_EQ(x.extra_cycles(40), 5u);
}

TEST(MemoryHierarchy, TwoLevelSpellingGivesTodaysNumbers) {
  const std::string wl = test::gemm_workload_yaml(24, 40, 72);
  std::string flat = test::small_arch_yaml() + "tech: " + test::source_path("arch_configs/tech/28nm.yaml") + "\n";
  const RunResult a = test::run_yaml(flat, wl);
  const RunResult b = test::run_yaml(arch_with_levels(kTwoLevels, true), wl);
  EXPECT_EQ(a.cycles, b.cycles);
  EXPECT_EQ(a.events.counts, b.events.counts);
  ASSERT_TRUE(a.energy && b.energy);
  EXPECT_EQ(a.energy->energy_breakdown_j, b.energy->energy_breakdown_j);
  EXPECT_EQ(a.energy->area_mm2, b.energy->area_mm2);
  ASSERT_EQ(a.op_records.size(), b.op_records.size());
  EXPECT_EQ(a.op_records[0].end_cycle, b.op_records[0].end_cycle);
  EXPECT_EQ(a.op_records[0].energy_j, b.op_records[0].energy_j);
  EXPECT_TRUE(a.memory_json.empty());
  EXPECT_FALSE(b.memory_json.empty());
}

TEST(MemoryHierarchy, ShippedArchAsTwoLevelsOnALayer) {
  // ternary_asic.yaml with its sram: section spelled as two levels, on a whole decode layer
  // (GEMMs, vector ops, the MLGRU with its state): the same cycles, events and energy.
  std::string text = test::read_file(test::source_path("arch_configs/ternary_asic.yaml"));
  text.replace(text.find("tech/28nm.yaml"), 14, test::source_path("arch_configs/tech/28nm.yaml"));
  const size_t b = text.find("sram:"), e = text.find("dram:");
  std::string two = text;
  two.replace(b, e - b,
              "memory_hierarchy:\n"
              "  - {name: weight_buffer, capacity_kib: 512, banks: 8, ports: 1, width_bytes: 16, holds: [weights]}\n"
              "  - {name: act_buffer, capacity_kib: 1024, banks: 8, ports: 1, width_bytes: 16, "
              "holds: [activations, outputs, state]}\n");
  const std::string wl = test::source_path("workloads/examples/mmfreelm-1.3b_layer_decode.yaml");
  const RunResult x = simulate(RunRequest{test::write_temp("flat.yaml", text), wl, {}});
  const RunResult y = simulate(RunRequest{test::write_temp("two.yaml", two), wl, {}});
  EXPECT_EQ(x.cycles, y.cycles);
  EXPECT_EQ(x.events.counts, y.events.counts);
  ASSERT_TRUE(x.energy && y.energy);
  EXPECT_EQ(x.energy->energy_j, y.energy->energy_j);
  ASSERT_EQ(x.op_records.size(), y.op_records.size());
  for (size_t i = 0; i < x.op_records.size(); ++i) {
    EXPECT_EQ(x.op_records[i].end_cycle, y.op_records[i].end_cycle) << x.op_records[i].name;
    EXPECT_EQ(x.op_records[i].energy_j, y.op_records[i].energy_j) << x.op_records[i].name;
  }
}

TEST(MemoryHierarchy, ScratchpadEnergyByHand) {
  // m=1, n=64, k=64 on the 8x8 array: 64 tiles, each reading 1 row x 8 K x 8 bit = 64 activation
  // bits -> 4096 bits, today all from the 64 KiB act buffer. With the scratchpad resident: the
  // array reads the 4096 bits from rf, and rf is filled once with the 64 x 8 = 512 input bits
  // (512 bits read from ab, 512 written to rf).
  const std::string wl = test::gemm_workload_yaml(1, 64, 64);
  const RunResult flat = test::run_yaml(arch_with_levels(kTwoLevels, true), wl);
  const RunResult hier = test::run_yaml(arch_with_levels(kThreeLevels, true), wl);
  EXPECT_EQ(flat.events.get("sram.act_buffer.read_bit"), 4096);
  EXPECT_EQ(hier.events.get("sram.rf.read_bit"), 4096);
  EXPECT_EQ(hier.events.get("sram.rf.write_bit"), 512);
  EXPECT_EQ(hier.events.get("sram.ab.read_bit"), 512);
  EXPECT_EQ(hier.events.get("sram.act_buffer.read_bit"), 0);
  EXPECT_EQ(hier.events.get("sram.wb.read_bit"), flat.events.get("sram.weight_buffer.read_bit"));
  // Energy: r(C) = 0.07916 sqrt(C/8), w(C) = 0.1109 sqrt(C/8) pJ/bit, C in KiB.
  const double r1 = 0.07916 * std::sqrt(1.0 / 8), w1 = 0.1109 * std::sqrt(1.0 / 8), r64 = 0.07916 * std::sqrt(8.0);
  const double delta_pj = 4096 * r1 + 512 * w1 + 512 * r64 - 4096 * r64;
  EXPECT_NEAR(hier.energy->energy_breakdown_j.at("sram") - flat.energy->energy_breakdown_j.at("sram"),
              delta_pj * 1e-12, 1e-18);
  // The levels' energies add up to the breakdown's sram share.
  const auto m = nlohmann::json::parse(hier.memory_json);
  double sum = 0;
  for (const auto& l : m.at("levels")) sum += l.at("energy_j").get<double>();
  EXPECT_NEAR(sum, hier.energy->energy_breakdown_j.at("sram"), 1e-15);
  EXPECT_EQ(m.at("gemm_placement").at("activations").at("rf"), 1);
  // Time: the 4-cycle fill hides under the GEMM's compute: same cycles as without rf.
  EXPECT_EQ(hier.cycles, flat.cycles);
}

TEST(MemoryHierarchy, RowMajorWeightsConflictByHand) {
  // n=512, k=64: 8 x 64 = 512 tiles of 8x8 2-bit weights (16 B each, 2 B per tile row). In a
  // row_major weight home the rows of a tile are a weight row apart: 64 tiles across N x 2 B =
  // 128 B = 8 words = 8 banks x 16 B: every tile row lands in the same bank (D = 1). The array
  // reads all 8192 B once (one pass): 8192/16 = 512 cycles instead of 8192/128 = 64: 448 stall cycles.
  auto levels = [](const std::string& layout) {
    return "  - {name: wb, capacity_kib: 64, banks: 8, ports: 1, width_bytes: 16, layout: " + layout +
           ", holds: [weights]}\n"
           "  - {name: ab, capacity_kib: 64, banks: 1, ports: 1, width_bytes: 16, holds: [activations, outputs]}\n";
  };
  const std::string wl = test::gemm_workload_yaml(1, 512, 64);
  const RunResult tiled = test::run_yaml(arch_with_levels(levels("tiled")), wl);
  const RunResult rowm = test::run_yaml(arch_with_levels(levels("row_major")), wl);
  EXPECT_EQ(rowm.cycles - tiled.cycles, 448u);
  EXPECT_EQ(nlohmann::json::parse(rowm.memory_json).at("bank_conflict_cycles"), 448);
  std::ostringstream csv;
  write_ops_csv(rowm, csv);
  EXPECT_NE(csv.str().find(",weights_level,activations_level,outputs_level,bank_conflict_cycles,fill_cycles\n"),
            std::string::npos);
  EXPECT_NE(csv.str().find(",wb,ab,ab,448,0\n"), std::string::npos) << csv.str();
  // n=520 (65 tiles across, pitch 130 B -> 9 words, gcd(9, 8) = 1): no conflicts.
  const RunResult odd = test::run_yaml(arch_with_levels(levels("row_major")), test::gemm_workload_yaml(1, 520, 64));
  EXPECT_EQ(nlohmann::json::parse(odd.memory_json).at("bank_conflict_cycles"), 0);
}

TEST(MemoryHierarchy, SlowFillBoundsTheOp) {
  // A one-byte-wide scratchpad: m=1, k=512 -> 512 B of inputs, resident in the 1 KiB rf, filled
  // at min(16, 1) = 1 B/cycle: 512 cycles. The GEMM's array work (n=8: 64 tiles along K) is
  // shorter, so the op takes the fill's 512 cycles: longer by 512 - compute.
  const std::string narrow =
      "  - {name: rf, capacity_kib: 1, banks: 1, ports: 1, width_bytes: 1, holds: [activations]}\n"
      "  - {name: wb, capacity_kib: 64, banks: 1, ports: 1, width_bytes: 16, holds: [weights]}\n"
      "  - {name: ab, capacity_kib: 64, banks: 1, ports: 1, width_bytes: 16, holds: [activations, outputs]}\n";
  const std::string wl = test::gemm_workload_yaml(1, 8, 512);
  const RunResult flat = test::run_yaml(arch_with_levels(kTwoLevels), wl);
  const RunResult hier = test::run_yaml(arch_with_levels(narrow), wl);
  const uint64_t compute = flat.op_records[0].compute_cycles;
  ASSERT_LT(compute, 512u);
  EXPECT_EQ(hier.cycles - flat.cycles, 512u - compute);
  EXPECT_EQ(hier.op_records[0].compute_cycles, 512u);
  EXPECT_EQ(nlohmann::json::parse(hier.memory_json).at("fill_cycles"), 512);
}

std::string load_error(const std::string& levels, const std::string& extra = "") {
  try {
    load_arch(ConfigNode::load_string(arch_with_levels(levels) + extra, "arch.yaml"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(MemoryHierarchy, BadInputNamesFileKeyAndExpectation) {
  EXPECT_EQ(load_error("  - {name: wb, capacity_kib: 64, holds: [weights, kv]}\n"
                       "  - {name: ab, capacity_kib: 64, holds: [activations]}\n"),
            "arch.yaml:6:34: memory_hierarchy[0].holds: expected operands from [weights, activations, outputs, state], got 'kv'");
  EXPECT_EQ(load_error("  - {name: ab, capacity_kib: 64, holds: [activations]}\n"),
            "arch.yaml:5:1: memory_hierarchy: expected a level whose holds: lists weights (the DMA's weight home)");
  EXPECT_EQ(load_error("  - {name: g, capacity_kib: 64, holds: [weights, activations]}\n"),
            "arch.yaml:6:33: memory_hierarchy[0].holds: expected the outermost level holding weights and the outermost "
            "holding activations to differ (one shared home level is not supported yet: split it into two levels)");
  EXPECT_EQ(load_error(kTwoLevels, "sram: {}\n"),
            "arch.yaml:10:1: sram: expected either sram: or memory_hierarchy:, not both (the hierarchy's homes replace the two buffers)");
  EXPECT_EQ(load_error("  - {name: a.b, capacity_kib: 64, holds: [weights]}\n"
                       "  - {name: ab, capacity_kib: 64, holds: [activations]}\n"),
            "arch.yaml:6:6: memory_hierarchy[0].name: expected a level name without dots, commas or spaces (it names "
            "energy events sram.<name>.*), got 'a.b'");
  EXPECT_EQ(load_error("  - {name: wb, capacity_kib: 64, holds: [weights], layout: columns}\n"
                       "  - {name: ab, capacity_kib: 64, holds: [activations]}\n"),
            "arch.yaml:6:52: memory_hierarchy[0].layout: expected one of tiled | row_major, got 'columns'");
  // A home holding the other role's operand, and state outside the activation home.
  EXPECT_EQ(load_error("  - {name: wb, capacity_kib: 64, holds: [weights, outputs]}\n"
                       "  - {name: ab, capacity_kib: 64, holds: [activations]}\n"),
            "arch.yaml:6:34: memory_hierarchy[0].holds: expected only weights in the weight home 'wb' (its capacity is the DMA's)");
  EXPECT_EQ(load_error("  - {name: rf, capacity_kib: 1, holds: [activations, state]}\n" + kTwoLevels),
            "arch.yaml:6:33: memory_hierarchy[0].holds: expected state only in the activation home 'act_buffer' (the MLGRU "
            "state is reserved there for the whole run)");
}

}  // namespace
}  // namespace ternsim
