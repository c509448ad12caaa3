// Error catalogue: a table of bad inputs, each with the exact error line it must produce
// (file:line:col, key, what was expected). The loaders are called in-process (no SystemC
// elaboration), so the whole table runs in milliseconds; test_input_errors.cpp checks that
// the CLI prints these same messages as one line with exit code 2.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/config_node.hpp"
#include "sim/energy/tech_table.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/mapping/gemm_plan.hpp"
#include "sim/workload/workload_loader.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

enum class Parser { Arch, Workload, Mapping, Tech };

struct Case {
  const char* name;
  Parser parser;
  std::string text;                    // arch / workload / tech YAML (Mapping: the workload)
  std::vector<std::string> overrides;  // --set assignments (Arch: on the arch; Mapping: on the arch)
  std::string expected;                // the whole message; "@" stands for the tech file's path
};

// small_arch_yaml() with one substring replaced. Its lines: 1 name, 2 clock_mhz, 3 array,
// 4 vector, 5 sram, 6 weight_buffer, 7 act_buffer, 8 dram, 9 dma.
std::string arch_with(const std::string& from, const std::string& to) {
  std::string a = small_arch_yaml();
  auto pos = a.find(from);
  if (pos == std::string::npos) ADD_FAILURE() << "not in small_arch_yaml: " << from;
  return a.replace(pos, from.size(), to);
}

std::string tech_with(const std::string& from, const std::string& to) {
  std::string t = read_file(source_path("arch_configs/tech/28nm.yaml"));
  auto pos = t.find(from);
  if (pos == std::string::npos) ADD_FAILURE() << "not in 28nm.yaml: " << from;
  return t.replace(pos, from.size(), to);
}

const std::string kOp = "name: w\nops:\n  - {name: a, kind: add, m: 1, n: 4}\n";

std::string gemm_wl(const std::string& fields) {
  return "name: w\nops:\n  - {name: g, kind: gemm, " + fields + "}\n";
}

ArchConfig parse_arch(const std::string& text, const std::vector<std::string>& overrides) {
  ConfigNode root = ConfigNode::load_string(text, "arch.yaml");
  for (const auto& o : overrides) root.apply_override(o);
  return load_arch(root);
}

// Runs one case and returns the error message ("" when nothing was thrown).
std::string error_of(const Case& c, const std::string& tech_file) {
  try {
    switch (c.parser) {
      case Parser::Arch:
        parse_arch(c.text, c.overrides);
        break;
      case Parser::Workload:
        load_workload(ConfigNode::load_string(c.text, "wl.yaml"));
        break;
      case Parser::Mapping: {
        ArchConfig a = parse_arch(small_arch_yaml(), c.overrides);
        Workload w = load_workload(ConfigNode::load_string(c.text, "wl.yaml"));
        for (const Op& op : w.ops) plan_gemm(op, *a.array, a.ctx.weight_buffer, a.dma.buffers, a.ctx.act_buffer);
        break;
      }
      case Parser::Tech:
        TechTable::load(tech_file);
        break;
    }
  } catch (const ConfigError& e) {
    return e.what();
  } catch (const MappingError& e) {
    return e.what();
  }
  return "";
}

const std::vector<Case>& catalogue() {
  static const std::vector<Case> cases = {
      // ---- arch YAML: limits ----
      {"arch_zero_rows", Parser::Arch, arch_with("rows: 8", "rows: 0"), {},
       "arch.yaml:3:24: array.rows: expected an integer in [1, 65536], got 0"},
      {"arch_negative_cols", Parser::Arch, arch_with("cols: 8", "cols: -8"), {},
       "arch.yaml:3:33: array.cols: expected an integer in [1, 65536], got -8"},
      {"arch_absurd_array", Parser::Arch, arch_with("rows: 8", "rows: 1000000"), {},
       "arch.yaml:3:24: array.rows: expected an integer in [1, 65536], got 1000000"},
      {"arch_clock_zero", Parser::Arch, arch_with("clock_mhz: 1000", "clock_mhz: 0"), {},
       "arch.yaml:2:1: clock_mhz: expected a number in [0.001, 100000], got 0"},
      {"arch_clock_nan", Parser::Arch, arch_with("clock_mhz: 1000", "clock_mhz: .nan"), {},
       "arch.yaml:2:1: clock_mhz: expected a number in [0.001, 100000], got '.nan' (not finite)"},
      {"arch_clock_inf", Parser::Arch, arch_with("clock_mhz: 1000", "clock_mhz: .inf"), {},
       "arch.yaml:2:1: clock_mhz: expected a number in [0.001, 100000], got '.inf' (not finite)"},
      {"arch_clock_overflowing_literal", Parser::Arch, arch_with("clock_mhz: 1000", "clock_mhz: 1e309"), {},
       "arch.yaml:2:1: clock_mhz: expected a number in [0.001, 100000], got '1e309'"},
      {"arch_bandwidth_negative", Parser::Arch, arch_with("bandwidth_gbps: 64", "bandwidth_gbps: -1"), {},
       "arch.yaml:8:33: dram.bandwidth_gbps: expected a number in [0.001, 100000], got -1"},
      {"arch_sram_zero", Parser::Arch, arch_with("capacity_kib: 64", "capacity_kib: 0"), {},
       "arch.yaml:6:19: sram.weight_buffer.capacity_kib: expected an integer in [1, 67108864], got 0"},
      {"arch_sram_above_int64", Parser::Arch, arch_with("capacity_kib: 64", "capacity_kib: 99999999999999999999"), {},
       "arch.yaml:6:19: sram.weight_buffer.capacity_kib: expected an integer in [1, 67108864], got "
       "'99999999999999999999' (out of 64-bit range)"},
      {"arch_dma_zero_buffers", Parser::Arch, arch_with("buffers: 2", "buffers: 0"), {},
       "arch.yaml:9:7: dma.buffers: expected an integer in [1, 64], got 0"},
      {"arch_acc_bits_too_wide", Parser::Arch, arch_with("acc_bits: 24", "acc_bits: 65"), {},
       "arch.yaml:3:55: array.acc_bits: expected an integer in [8, 64], got 65"},
      {"arch_width_bits_too_narrow", Parser::Arch, arch_with("width_bits: 128}\n  act", "width_bits: 7}\n  act"), {},
       "arch.yaml:6:57: sram.weight_buffer.width_bits: expected an integer in [8, 65536], got 7"},
      // ---- arch YAML: keys and types ----
      {"arch_wrong_type", Parser::Arch, arch_with("rows: 8", "rows: eight"), {},
       "arch.yaml:3:24: array.rows: expected an integer in [1, 65536], got 'eight'"},
      {"arch_unknown_key_did_you_mean", Parser::Arch, arch_with("acc_bits: 24", "acc_bit: 24"), {},
       "arch.yaml:3:55: array.acc_bit: unknown key (did you mean 'acc_bits'?)"},
      {"arch_unknown_section_did_you_mean", Parser::Arch, arch_with("vector:", "vectr:"), {},
       "arch.yaml:4:1: vectr: unknown key (did you mean 'vector'?)"},
      {"arch_duplicate_key", Parser::Arch, arch_with("clock_mhz: 1000\n", "clock_mhz: 1000\nclock_mhz: 500\n"), {},
       "arch.yaml:3:1: clock_mhz: duplicate key (first at arch.yaml:2:1)"},
      {"arch_duplicate_nested_key_in_flow_map", Parser::Arch, arch_with("banks: 1, ports: 1, width_bits: 128}\n  act",
                                                                       "banks: 1, ports: 1, banks: 2, width_bits: 128}\n  act"), {},
       "arch.yaml:6:57: sram.weight_buffer.banks: duplicate key (first at arch.yaml:6:37)"},
      {"arch_duplicate_key_in_set_value", Parser::Arch, small_arch_yaml(), {"dma={buffers: 2, buffers: 3}"},
       "--set dma={buffers: 2, buffers: 3}: dma.buffers: duplicate key"},
      {"arch_misspelt_required_key", Parser::Arch, arch_with("rows: 8", "rwos: 8"), {},
       "arch.yaml:3:8: array.rows: required key is missing (is 'rwos' a misspelling of it?)"},
      {"arch_missing_name", Parser::Arch, arch_with("name: small\n", ""), {},
       "arch.yaml:1:1: name: required key is missing"},
      {"arch_bad_dram_kind", Parser::Arch, arch_with("kind: ddr4", "kind: ddr5"), {},
       "arch.yaml:8:8: dram.kind: expected one of ddr4 | lpddr4 | lpddr5 | gddr6 | hbm2 | hbm2e | hbm3, got "
       "'ddr5' (did you mean 'ddr4'?)"},
      {"arch_bad_array_kind", Parser::Arch, arch_with("kind: ternary", "kind: tenary"), {},
       "arch.yaml:3:9: array.kind: expected one of dot | lut | systolic | ternary, got 'tenary' (did you mean 'ternary'?)"},
      {"arch_section_not_a_map", Parser::Arch, arch_with("dma: {buffers: 2}", "dma: 2"), {},
       "arch.yaml:9:1: dma: expected a mapping, got '2'"},
      {"arch_yaml_syntax", Parser::Arch, "name: x\narray: {kind: ternary, rows: [1, 2\n", {},
       "arch.yaml:3:1: YAML syntax error: end of sequence flow not found"},
      // ---- --set overrides ----
      {"set_clock_zero", Parser::Arch, small_arch_yaml(), {"clock_mhz=0"},
       "--set clock_mhz=0: clock_mhz: expected a number in [0.001, 100000], got 0"},
      {"set_clock_nan", Parser::Arch, small_arch_yaml(), {"clock_mhz=.nan"},
       "--set clock_mhz=.nan: clock_mhz: expected a number in [0.001, 100000], got '.nan' (not finite)"},
      {"set_unknown_key", Parser::Arch, small_arch_yaml(), {"array.colls=4"},
       "--set array.colls=4: array.colls: unknown key (did you mean 'cols'?)"},
      {"set_negative_sram", Parser::Arch, small_arch_yaml(), {"sram.weight_buffer.capacity_kib=-1"},
       "--set sram.weight_buffer.capacity_kib=-1: sram.weight_buffer.capacity_kib: expected an integer in [1, "
       "67108864], got -1"},
      {"set_rows_above_2_31", Parser::Arch, small_arch_yaml(), {"array.rows=4294967296"},
       "--set array.rows=4294967296: array.rows: expected an integer in [1, 65536], got 4294967296"},
      {"set_without_value", Parser::Arch, small_arch_yaml(), {"clock_mhz"},
       "--set clock_mhz: expected key.path=value"},
      // ---- workload IR ----
      {"wl_duplicate_key_in_op", Parser::Workload, "name: w\nops:\n  - name: a\n    kind: add\n    m: 1\n    n: 4\n    m: 2\n", {},
       "wl.yaml:7:5: ops[0].m: duplicate key (first at wl.yaml:5:5)"},
      {"wl_zero_m", Parser::Workload, gemm_wl("m: 0, n: 16, k: 16, weight: ternary"), {},
       "wl.yaml:3:27: ops[0].m: expected an integer in [1, 2147483648], got 0"},
      {"wl_negative_n", Parser::Workload, gemm_wl("m: 4, n: -16, k: 16, weight: ternary"), {},
       "wl.yaml:3:33: ops[0].n: expected an integer in [1, 2147483648], got -16"},
      {"wl_k_above_2_31", Parser::Workload, gemm_wl("m: 4, n: 16, k: 2147483649, weight: ternary"), {},
       "wl.yaml:3:40: ops[0].k: expected an integer in [1, 2147483648], got 2147483649"},
      {"wl_zero_fraction_nan", Parser::Workload, gemm_wl("m: 4, n: 16, k: 16, weight: ternary, zero_fraction: .nan"),
       {}, "wl.yaml:3:64: ops[0].zero_fraction: expected a number in [0, 1], got '.nan' (not finite)"},
      {"wl_zero_fraction_above_one", Parser::Workload,
       gemm_wl("m: 4, n: 16, k: 16, weight: ternary, zero_fraction: 1.5"), {},
       "wl.yaml:3:64: ops[0].zero_fraction: expected a number in [0, 1], got 1.5"},
      {"wl_act_bits_too_wide", Parser::Workload, gemm_wl("m: 4, n: 16, k: 16, weight: ternary, act_bits: 33"), {},
       "wl.yaml:3:64: ops[0].act_bits: expected an integer in [1, 32], got 33"},
      {"wl_bad_weight", Parser::Workload, gemm_wl("m: 4, n: 16, k: 16, weight: int4"), {},
       "wl.yaml:3:47: ops[0].weight: expected one of ternary | int8 | fp16 | bf16, got 'int4' (did you mean 'int8'?)"},
      {"wl_misspelt_required_key", Parser::Workload, gemm_wl("m: 4, n: 16, k: 16, wieght: ternary"), {},
       "wl.yaml:3:5: ops[0].weight: required key is missing (is 'wieght' a misspelling of it?)"},
      {"wl_unknown_op_key", Parser::Workload, gemm_wl("m: 4, n: 16, k: 16, weight: ternary, zero_fractoin: 0.5"), {},
       "wl.yaml:3:64: ops[0].zero_fractoin: unknown key (did you mean 'zero_fraction'?)"},
      {"wl_unknown_kind", Parser::Workload, "name: w\nops:\n  - {name: a, kind: rmsnrom, m: 1, n: 4}\n", {},
       "wl.yaml:3:15: ops[0].kind: expected one of gemm | rmsnorm | silu | sigmoid | mul | add | quantize | "
       "softmax | embedding | kv_append | mlgru, got 'rmsnrom' (did you mean 'rmsnorm'?)"},
      {"wl_empty_ops", Parser::Workload, "name: w\nops: []\n", {}, "wl.yaml:2:1: ops: expected at least one op"},
      {"wl_ops_not_a_list", Parser::Workload, "name: w\nops: 5\n", {}, "wl.yaml:2:1: ops: expected a list, got '5'"},
      {"wl_duplicate_op_name", Parser::Workload, kOp + "  - {name: a, kind: add, m: 1, n: 4}\n", {},
       "wl.yaml:4:6: ops[1].name: duplicate op name 'a'"},
      {"wl_dep_on_later_op", Parser::Workload,
       "name: w\nops:\n  - {name: a, kind: add, m: 1, n: 4, deps: [b]}\n  - {name: b, kind: add, m: 1, n: 4}\n", {},
       "wl.yaml:3:38: ops[0].deps: 'b' is not the name of an earlier op"},
      {"wl_unknown_dep", Parser::Workload, kOp + "  - {name: b, kind: add, m: 1, n: 4, deps: [aa]}\n", {},
       "wl.yaml:4:38: ops[1].deps: 'aa' is not the name of an earlier op (did you mean 'a'?)"},
      {"wl_tile_zero_fractions_wrong_count", Parser::Workload,
       gemm_wl("m: 1, n: 16, k: 16, weight: ternary, tile_zero_fractions: {tile_k: 8, tile_n: 8, values: [0.5, "
               "0.5, 0.5]}"),
       {}, "wl.yaml:3:108: ops[0].tile_zero_fractions.values: expected 4 values (ceil(k/tile_k) x ceil(n/tile_n)), got 3"},
      {"wl_tile_zero_fractions_on_int8", Parser::Workload,
       gemm_wl("m: 1, n: 8, k: 8, weight: int8, tile_zero_fractions: {tile_k: 8, tile_n: 8, values: [0.5]}"), {},
       "wl.yaml:3:59: ops[0].tile_zero_fractions: only meaningful for ternary weights"},
      {"wl_zero_tokens", Parser::Workload, "name: w\ntokens: 0\n" + kOp.substr(8), {},
       "wl.yaml:2:1: tokens: expected an integer in [1, 2147483648], got 0"},
      {"wl_unknown_top_level_key", Parser::Workload, "name: w\nphaze: decode\n" + kOp.substr(8), {},
       "wl.yaml:2:1: phaze: unknown key (did you mean 'phase'?)"},
      // ---- mapping (plan_gemm) ----
      {"map_sram_smaller_than_one_tile", Parser::Mapping, gemm_wl("m: 1, n: 64, k: 64, weight: ternary"),
       {"array.rows=64", "array.cols=64", "sram.weight_buffer.capacity_kib=1"},
       "op 'g': one weight tile needs 1024 bytes but one DMA slot of the weight buffer holds 512 bytes "
       "(sram.weight_buffer.capacity_kib / dma.buffers)"},
      {"map_act_buffer_smaller_than_one_row", Parser::Mapping, gemm_wl("m: 1, n: 8, k: 2048, weight: ternary"),
       {"sram.act_buffer.capacity_kib=1"},
       "op 'g': one activation row (input + output) needs 2064 bytes but sram.act_buffer holds 1024 bytes"},
      // ---- technology table ----
      {"tech_vdd_out_of_range", Parser::Tech, tech_with("vdd: 0.9", "vdd: 9"), {},
       "@:5:1: vdd: expected a number in [0.1, 5], got 9"},
      {"tech_negative_energy", Parser::Tech, tech_with("int8: 0.0152", "int8: -0.0152"), {},
       "@:10:5: energy_pj.add.int8: expected a number in [0, 1000], got -0.0152"},
      {"tech_nan_energy", Parser::Tech, tech_with("register_bit: 0.002026", "register_bit: .nan"), {},
       "@:26:3: energy_pj.register_bit: expected a number in [0, 1000], got '.nan' (not finite)"},
  };
  return cases;
}

class ErrorCatalogue : public ::testing::TestWithParam<size_t> {};

TEST_P(ErrorCatalogue, ExactMessage) {
  const Case& c = catalogue()[GetParam()];
  std::string tech_file;
  if (c.parser == Parser::Tech) tech_file = write_temp(std::string(c.name) + ".yaml", c.text);
  std::string expected = c.expected;
  if (auto at = expected.find('@'); at != std::string::npos) expected.replace(at, 1, tech_file);
  EXPECT_EQ(error_of(c, tech_file), expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(All, ErrorCatalogue, ::testing::Range<size_t>(0, catalogue().size()),
                         [](const ::testing::TestParamInfo<size_t>& i) { return std::string(catalogue()[i.param].name); });

// The catalogue must stay at least the size the reliability issue asks for, with distinct cases.
TEST(ErrorCatalogueSize, AtLeastThirtyDistinctInputs) {
  std::set<std::string> names, inputs;
  for (const Case& c : catalogue()) {
    names.insert(c.name);
    std::string key = c.text;
    for (const auto& o : c.overrides) key += "\n--set " + o;
    inputs.insert(key);
  }
  EXPECT_EQ(names.size(), catalogue().size());
  EXPECT_EQ(inputs.size(), catalogue().size());
  EXPECT_GE(catalogue().size(), 30u);
}

}  // namespace
