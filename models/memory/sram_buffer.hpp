#pragma once
// On-chip SRAM buffer parameters: capacity, banks, ports and port width. They bound what a
// tile may hold (capacity) and how fast data can leave it (banks x ports x width bits per
// cycle). Accesses are counted as events "sram.<buffer>.read_bit" / ".write_bit" by the
// models that move the data, and priced by the energy model by this buffer's size.
#include <cstdint>
#include "sim/config/config_node.hpp"

namespace ternsim {

struct SramParams {
  uint64_t capacity_bytes = 0;
  uint32_t banks = 1;
  uint32_t ports = 1;
  uint32_t width_bits = 128;
  static SramParams from_config(ConfigNode node);
  uint64_t bits_per_cycle() const { return uint64_t(banks) * ports * width_bits; }
};

// Cycles to move `bits` through all banks and ports at full width.
inline uint64_t sram_transfer_cycles(const SramParams& p, uint64_t bits) {
  uint64_t bw = p.bits_per_cycle();
  return (bits + bw - 1) / bw;
}

}  // namespace ternsim
