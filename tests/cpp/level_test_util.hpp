#pragma once
// Helpers shared by the memory-hierarchy tests (test_memory_hierarchy.cpp, test_shared_level.cpp).
#include <string>

#include "sim/engine/arch_config.hpp"
#include "sim/mapping/level_mapper.hpp"
#include "test_util.hpp"

namespace ternsim::test {

// The small arch of test_util.hpp with its `sram:` section replaced by `memory_hierarchy:` levels.
inline std::string arch_with_levels(const std::string& levels, bool tech = false) {
  std::string a = small_arch_yaml();
  const size_t b = a.find("sram:"), e = a.find("dram:");
  a.replace(b, e - b, "memory_hierarchy:\n" + levels);
  if (tech) a += "tech: " + source_path("arch_configs/tech/28nm.yaml") + "\n";
  return a;
}

// An m x n x k GEMM with ternary weights and 8-bit activations.
inline Op ternary_gemm_op(uint64_t m, uint64_t n, uint64_t k) {
  Op op;
  op.name = "g";
  op.kind = OpKind::Gemm;
  op.m = m, op.n = n, op.k = k;
  op.act_bits = 8;
  op.weight = WeightPrecision::Ternary;
  return op;
}

// Where the level mapper places the operands of `op` on arch `a`.
inline LevelPlan plan_levels(const ArchConfig& a, const Op& op) {
  const GemmPlan p = plan_gemm(op, *a.array, a.ctx.weight_buffer, a.dma.buffers, a.ctx.act_buffer);
  return map_levels(op, p, *a.array, *a.memory);
}

}  // namespace ternsim::test
