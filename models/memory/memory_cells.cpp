// The level kinds a memory_hierarchy may use (memory_cell.hpp).
#include "models/memory/memory_cell.hpp"

namespace ternsim {
namespace {

double kib(uint64_t bytes) { return double(bytes) / 1024.0; }

// An SRAM macro: energy per bit from the table's CACTI-like curve E_ref * (C / C_ref)^exponent,
// area from its area per KiB (the same pricing as sram.weight_buffer / act_buffer).
class SramCell : public MemoryCell {
 public:
  double read_pj_per_bit(const TechTable& t, uint64_t c) const override { return t.sram_read_pj_per_bit(kib(c)); }
  double write_pj_per_bit(const TechTable& t, uint64_t c) const override { return t.sram_write_pj_per_bit(kib(c)); }
  std::string energy_source(const TechTable& t, uint64_t c) const override {
    return "tech: " + t.file() + " energy.sram curve at " + std::to_string(c / 1024) + " KiB";
  }
  double area_um2(const TechTable& t, uint64_t c) const override { return kib(c) * t.sram_um2_per_kib(); }
};
TERNSIM_REGISTER_MEMORY_CELL("sram", SramCell);

// A flip-flop register file: each bit read or written costs one register bit's energy and area.
// ASSUMPTION: the read mux tree is not priced (small next to the flops for the few-KiB files
// this kind is meant for).
class RegfileCell : public MemoryCell {
 public:
  double read_pj_per_bit(const TechTable& t, uint64_t) const override { return t.register_bit_pj(); }
  double write_pj_per_bit(const TechTable& t, uint64_t) const override { return t.register_bit_pj(); }
  std::string energy_source(const TechTable& t, uint64_t) const override {
    return "tech: " + t.file() + " energy.register_bit (flip-flop register file)";
  }
  double area_um2(const TechTable& t, uint64_t c) const override { return double(c) * 8 * t.register_bit_um2(); }
};
TERNSIM_REGISTER_MEMORY_CELL("regfile", RegfileCell);

}  // namespace
}  // namespace ternsim
