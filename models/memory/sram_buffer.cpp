#include "models/memory/sram_buffer.hpp"

namespace ternsim {

SramParams SramParams::from_config(ConfigNode n) {
  SramParams p;
  // Up to 64 GiB: anything larger is a typo, and keeps byte counts far from 64-bit overflow.
  p.capacity_bytes = static_cast<uint64_t>(n.integer("capacity_kib", 1, int64_t(1) << 26)) * 1024;
  p.banks = static_cast<uint32_t>(n.integer("banks", 1, 1, 4096));
  p.ports = static_cast<uint32_t>(n.integer("ports", 1, 1, 16));
  p.width_bits = static_cast<uint32_t>(n.integer("width_bits", 128, 8, 1 << 16));
  n.finish();
  return p;
}

}  // namespace ternsim
