#pragma once
// Energy, power and area from counted events and a technology table (docs/energy_model.md):
//   energy = sum over events (count x table energy) + static power x simulated seconds.
// ASIC static power = leakage_mw_per_mm2 x area; FPGA static power = the device's static_power_w
// (plus the clock tree, reported as "other"). No technology numbers live here: every price
// comes from the tech table or the FPGA cost model.
#include <map>
#include <string>

#include "sim/energy/tech_table.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/stats/run_result.hpp"

namespace ternsim {

// Breakdown category of an event key: compute (array.*), sram, dram, vector, or other.
std::string energy_category(const std::string& event_key);
// The DRAM bits run r moved: its events of category dram.
double dram_bits(const RunResult& r);

// Prices the events and the silicon of one ASIC arch.
class AsicEnergyModel {
 public:
  AsicEnergyModel(const ArchConfig& arch, const TechTable& tech);
  // pJ per occurrence of `event_key`; ConfigError for an event the table cannot price.
  double event_pj(const std::string& event_key) const;
  // array, recurrent, sram, vector in mm².
  const std::map<std::string, double>& area_breakdown_mm2() const { return area_; }
  double area_mm2() const;
  double leakage_w() const;

 private:
  double unit_area_um2(const std::string& unit_key) const;
  const ArchConfig& arch_;
  const TechTable& tech_;
  std::string acc_prec_;  // accumulator precision of the ternary cells ("int24"), "" if none
  double lut_table_kib_ = 0;  // table SRAM of a lut array (array.lut.table_bit / 8192), 0 if none
  std::map<std::string, double> area_;
};

// Before simulating: for FPGA targets, throws MappingError if the design does not fit.
// `copies`: identical cores sharing the device (a system's cores_per_chip).
void check_fpga_fit(const ArchConfig& arch, uint32_t copies = 1);
// After simulating: fills r.energy and every op's energy_j. Leaves r.energy empty when the
// arch names no technology table (`tech:`) — energy is then absent, not zero.
// `dram_parts_pj`: DRAM energy by part to book instead of dram_energy_parts_pj(arch, r) (a
// core's share of the DRAM its chip's cores share, sim/system/shared_dram_energy.hpp).
void apply_energy_model(const ArchConfig& arch, RunResult& r, const std::map<std::string, double>* dram_parts_pj = nullptr);

// DRAM energy of run r by part (pJ: activate_precharge, read, write, refresh, background): the
// backend's power model (r.dram_backend), or the calibrated analytic model's parts from r's DRAM
// bits and r.seconds (docs/dram.md, "Calibrated energy"). Empty when the tech table prices DRAM
// bits instead.
std::map<std::string, double> dram_energy_parts_pj(const ArchConfig& arch, const RunResult& r);

}  // namespace ternsim
