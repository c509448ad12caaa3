#pragma once
// An on-chip memory hierarchy of any depth (arch YAML `memory_hierarchy:`, docs/memory_hierarchy.md),
// in the spirit of Timeloop: an ordered list of levels from the innermost (per-core register
// file, next to the array) to the outermost (the chip's shared global buffer). Each level has a
// capacity, banks, ports, a port width, an energy per bit read/written, and the operands it may
// hold (Timeloop's keep/bypass). An arch without the section keeps today's two buffers
// (`sram.weight_buffer`, `sram.act_buffer`) untouched.
//
// Two levels play the roles today's engine knows: the outermost level holding weights is the
// weight home (the DMA fills it from DRAM; plan_gemm sizes chunks by it) and the outermost level
// holding activations is the activation home (passes, vector ops, MLGRU state). Levels inside a
// home are staging levels the level mapper (sim/mapping/level_mapper.hpp) may place an op's
// operand in.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/memory/sram_buffer.hpp"
#include "sim/config/config_node.hpp"

namespace ternsim {

enum class Operand { Weights = 0, Activations = 1, Outputs = 2, State = 3 };
constexpr int kOperands = 4;
const char* operand_name(Operand o);

struct MemoryLevel {
  std::string name;
  std::string kind = "sram";       // a registered MemoryCell (memory_cell.hpp): sram | regfile
  uint64_t capacity_bytes = 0;
  uint32_t banks = 1;
  uint32_t ports = 1;              // per bank
  uint32_t width_bytes = 16;       // per port per cycle
  bool row_major = false;          // layout: row_major (operands keep their matrix layout) | tiled
  bool holds[kOperands] = {false, false, false, false};
  // `shared: chip`: one level per chip, shared by its cores (default `core`: every core owns
  // one). In a system of c cores per chip each core sees `share` = c: 1/c of the capacity and
  // 1/c of the bandwidth, a static partition (ASSUMPTION: no event-level contention between
  // cores for its banks); its area and leakage count once per chip. 1 on a lone chip.
  bool shared_by_chip = false;
  uint32_t share = 1;
  // Energy per bit, pJ; resolved at load (tech table by default) and where it came from.
  double read_pj_per_bit = 0, write_pj_per_bit = 0;
  bool energy_known = false;       // false when the arch names no tech table and the YAML gives none
  std::string energy_source;

  uint64_t peak_bytes_per_cycle() const { return uint64_t(banks) * ports * width_bytes; }
  // One core's part of the capacity (all of it unless shared by several cores).
  uint64_t core_capacity_bytes() const { return capacity_bytes / share; }
  // The same level as the SramParams the rest of the engine times and sizes with.
  SramParams as_sram() const;
};

struct MemoryHierarchy {
  std::vector<MemoryLevel> levels;  // innermost first
  size_t weight_home = 0;           // index of the outermost level holding weights
  size_t act_home = 0;              // index of the outermost level holding activations
  // Level by name, or nullptr.
  const MemoryLevel* find(const std::string& name) const;
  // Reads the `memory_hierarchy:` list of `root`; `tech_path` ("" for none) prices levels
  // without explicit energies. Bad input: ConfigError naming file, key and expected value.
  static MemoryHierarchy from_config(ConfigNode& root, const std::string& tech_path);
};

// ---- bank conflicts (closed form; docs/memory_hierarchy.md, "Bank conflicts") ----
// Words are interleaved over banks: word w lives in bank w mod B. A gather of rows of
// `row_bytes` each, rows `pitch_bytes` apart (rows start on a word boundary: the pitch is
// rounded up to whole words), reads r = ceil(row/W) consecutive words per row; row i starts at
// word i*d, d = ceil(pitch/W). The row starts hit B/g distinct banks, g = gcd(d, B), each row
// covering r consecutive banks, so a long gather keeps busy
//     D = B                         when r >= g (the rows' windows tile every bank)
//     D = (B/g) * r                 when r <  g
// banks, and runs at D*P*W bytes per cycle instead of B*P*W. D = B means conflict-free.
uint32_t conflict_free_banks(uint64_t row_bytes, uint64_t pitch_bytes, uint32_t banks, uint32_t width_bytes);
// Cycles to move `bytes` through `active_banks` banks of `level` (ceil(bytes / (D*P*W))); a
// level shared by `share` cores gives each 1/share of that: ceil(bytes * share / (D*P*W)).
uint64_t level_transfer_cycles(const MemoryLevel& level, uint64_t bytes, uint32_t active_banks);

}  // namespace ternsim
