#pragma once
// FPGA targets (`fpga: {device: ...}` in the arch): resources from arch_configs/fpga/cost_model.yaml
// and the hardware inventory, the capacity check against the device table, and the price of
// each counted event in FPGA terms (LUT/ALM and FF toggles, DSP ops, block-RAM accesses).
// The cost model is found beside the device directory: <device dir>/../cost_model.yaml.
#include <map>
#include <string>

#include "sim/engine/arch_config.hpp"
#include "sim/stats/energy_stats.hpp"

namespace ternsim {

class TechTable;

class FpgaCost {
 public:
  // Loads the device and cost model and counts the resources the arch needs.
  explicit FpgaCost(const ArchConfig& arch);

  const std::string& device() const { return device_; }
  const std::map<std::string, FpgaResourceUse>& resources() const { return res_; }
  // MappingError "design does not fit on <device>: needs N LUT, device has M" for the first
  // resource over capacity. `copies` > 1: that many identical cores on the one device (a system's
  // cores_per_chip), "needs 72 cores x 9798 ALM = 705456 ALM".
  void check_fit(uint32_t copies = 1) const;
  // Dynamic energy of one event in pJ; DRAM bits and the zero-slot fraction come from `tech`.
  double event_pj(const std::string& key, const TechTable& tech) const;
  double static_w() const { return static_w_; }
  // Clock-tree energy per cycle for every used flip-flop (0 where the cost model has no entry).
  double clock_pj_per_cycle() const;

 private:
  void add(const std::string& res, double n) { res_[res].used += n; }
  std::string vendor_, device_, device_file_, cost_file_;
  std::map<std::string, FpgaResourceUse> res_;
  std::map<std::string, bool> in_uram_;  // buffer -> mapped to URAM (AMD) instead of BRAM36
  std::string acc_prec_;                 // "int24" of the ternary cells, "" if none
  double static_w_ = 0;
  // cost model coefficients used for pricing
  double logic_per_bit_ = 0, logic_toggle_pj_ = 0, ff_toggle_pj_ = 0, clock_per_ff_pj_ = 0, dsp_op_pj_ = 0;
  double lut_select_per_bit_ = 0, int2_mac_logic_ = 0, unpack_ff_per_weight_ = 0;  // new-array units
  bool table_in_lutram_ = false;
  double ram_access_pj_ = 0, uram_access_pj_ = 0, ram_width_bits_ = 1, uram_width_bits_ = 1;
};

}  // namespace ternsim
