#pragma once
// Energy, power and area of one run (sim/energy/energy_model.cpp computes them from the
// counted events and the technology table). Absent from RunResult when the arch has no `tech:`.
#include <map>
#include <optional>
#include <string>

namespace ternsim {

struct FpgaResourceUse {
  double used = 0;
  double available = 0;
  double utilization() const { return available > 0 ? used / available : 0.0; }
};

struct EnergyStats {
  double energy_j = 0;                              // = sum of energy_breakdown_j (same order)
  std::map<std::string, double> energy_breakdown_j; // compute, dram, leakage, other, sram, vector
  double dynamic_j = 0;                             // everything but leakage
  double power_w = 0;                               // energy_j / seconds
  std::optional<double> area_mm2;                   // ASIC targets
  std::map<std::string, double> area_breakdown_mm2; // array, recurrent, sram, vector
  double energy_per_token_j = 0;                    // energy_j / (tokens x batch)
  double tops_per_w = 0;                            // achieved ops per joule / 1e12
  // With a DRAM backend that has a power model (dram.model: dramsim3): energy_breakdown_j's
  // "dram" split into activate_precharge, read, write, refresh, background; empty otherwise.
  std::map<std::string, double> dram_breakdown_j;
};

// FPGA targets: what the design uses of the device (present even without a tech table).
struct FpgaStats {
  std::string device;
  std::map<std::string, FpgaResourceUse> resources;  // lut/ff/dsp/bram36/uram or alm/ff/dsp/m20k
};

}  // namespace ternsim
