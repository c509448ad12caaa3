// A Ramulator 2 backend built from a shipped preset, for the tests that drive it directly
// (test_dram_ramulator2.cpp, test_ramulator2_fast_forward.cpp).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "models/memory/ramulator2_dram.hpp"
#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

namespace ternsim::test {

// The `dram:` section: model ramulator2 on arch_configs/dram/<preset>, `extra` appended inside
// its ramulator2 map (", channels: 1, refresh: false"). dram.kind picks the tech table's pJ/bit;
// it has no DDR5 row (no sourced value), so DDR5 runs price bits as DDR4 (docs/dram.md).
inline std::string ramulator2_section(const std::string& standard, const std::string& preset, const std::string& extra) {
  const std::string kind = standard == "ddr5" ? "ddr4" : standard;
  return "dram: {kind: " + kind + ", model: ramulator2, ramulator2: {standard: " + standard +
         ", preset: " + source_path("arch_configs/dram/" + preset) + extra + "}}\n";
}

// What loading `yaml`'s dram: section (named t.yaml) says: "accepted", or the error line.
inline std::string dram_config_error(const std::string& yaml) {
  ConfigNode root = ConfigNode::load_string(yaml, "t.yaml");
  try {
    DramParams::from_config(root.child("dram"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "accepted";
}

// The error line for `yaml`, checked to be one line at t.yaml:1, without its "t.yaml:1:C: "
// location (the column depends on the length of paths in it).
inline std::string dram_config_error_text(const std::string& yaml) {
  const std::string e = dram_config_error(yaml);
  EXPECT_EQ(e.rfind("t.yaml:1:", 0), 0u) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  const size_t at = e.find(": ");
  return at == std::string::npos ? e : e.substr(at + 2);
}

inline std::unique_ptr<Ramulator2Dram> load_ramulator2(const std::string& standard, const std::string& preset,
                                                       const std::string& extra) {
  ConfigNode root = ConfigNode::load_string(ramulator2_section(standard, preset, extra), "t.yaml");
  DramParams p = DramParams::from_config(root.child("dram"));
  return std::unique_ptr<Ramulator2Dram>(dynamic_cast<Ramulator2Dram*>(make_dram(p, 1000).release()));
}

}  // namespace ternsim::test
