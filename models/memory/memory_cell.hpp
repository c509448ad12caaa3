#pragma once
// The storage technology of a memory-hierarchy level (`kind:` of a level, memory_level.hpp):
// how it is priced from a technology table. Registered by name like arrays and DRAM models;
// a new kind (eDRAM, a latch array, ...) is one class and one TERNSIM_REGISTER_MEMORY_CELL line.
#include <cstdint>
#include <memory>
#include <string>

#include "sim/energy/tech_table.hpp"
#include "sim/kernel/registry.hpp"

namespace ternsim {

class MemoryCell {
 public:
  virtual ~MemoryCell() = default;
  virtual double read_pj_per_bit(const TechTable& tech, uint64_t capacity_bytes) const = 0;
  virtual double write_pj_per_bit(const TechTable& tech, uint64_t capacity_bytes) const = 0;
  // Which table entry priced it, for summary.json (memory_hierarchy.levels[].energy_source).
  virtual std::string energy_source(const TechTable& tech, uint64_t capacity_bytes) const = 0;
  // Area of `capacity_bytes` of this kind; linear in capacity, so the energy model sums the
  // capacity of each kind first (the two-buffer arch's area, bit for bit).
  virtual double area_um2(const TechTable& tech, uint64_t capacity_bytes) const = 0;
};

using MemoryCellRegistry = Registry<MemoryCell>;

#define TERNSIM_REGISTER_MEMORY_CELL(name, Type)                                                     \
  static const bool ternsim_memory_cell_registered_##Type =                                          \
      ::ternsim::MemoryCellRegistry::add(name, [] { return std::unique_ptr<::ternsim::MemoryCell>(new Type()); })

}  // namespace ternsim
