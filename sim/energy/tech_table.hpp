#pragma once
// A technology table (arch_configs/tech/*.yaml, docs/tech_tables.md): energy per event, leakage
// per mm² and area per unit at one logic node. Loaded with ConfigNode, so every key is
// validated (type, range, finite) and unknown keys are errors. Lookups never return a
// silent zero: an entry the table lacks is a ConfigError naming the table and the entry.
#include <map>
#include <string>

namespace ternsim {

class TechTable {
 public:
  static TechTable load(const std::string& path);

  const std::string& name() const { return name_; }
  const std::string& file() const { return file_; }

  // ---- energy, pJ ----
  // Integer add of `prec` ("int24"). Widths between table entries are interpolated linearly
  // (adder energy ~ width, the rule the table itself uses for int24); outside, scaled
  // proportionally from the nearest entry.
  double add_pj(const std::string& prec) const;
  double mac_pj(const std::string& prec) const;
  double mul_pj(const std::string& prec) const;
  double fp_add_pj(const std::string& prec) const;
  double register_bit_pj() const { return register_bit_pj_; }
  double special_fn_pj() const { return special_fn_pj_; }
  // SRAM access per bit for a macro of `capacity_kib`: E_ref * (C / C_ref)^exponent.
  double sram_read_pj_per_bit(double capacity_kib) const;
  double sram_write_pj_per_bit(double capacity_kib) const;
  double dram_pj_per_bit(const std::string& kind) const;
  double zero_skip_fraction() const { return zero_skip_fraction_; }
  double leakage_mw_per_mm2() const { return leakage_mw_per_mm2_; }

  // ---- area, µm² ----
  double adder_um2(const std::string& prec) const;  // same width rule as add_pj
  double mac_um2(const std::string& prec) const;
  double register_bit_um2() const { return register_bit_um2_; }
  double sram_um2_per_kib() const { return sram_per_kib_um2_; }
  double vector_lane_um2() const { return vector_lane_um2_; }
  double ternary_cell_overhead_um2() const { return ternary_cell_overhead_um2_; }

  // "<file>: tech table has no <what>" as a ConfigError.
  [[noreturn]] void missing(const std::string& what) const;

 private:
  double by_width(const std::map<std::string, double>& m, const std::string& section, const std::string& prec) const;
  double exact(const std::map<std::string, double>& m, const std::string& section, const std::string& prec) const;

  std::string file_, name_;
  std::map<std::string, double> add_, mac_, mul_, fp_add_, dram_, adder_area_, mac_area_;
  double register_bit_pj_ = 0, special_fn_pj_ = 0;
  double sram_ref_kib_ = 0, sram_read_ = 0, sram_write_ = 0, sram_exponent_ = 0;
  double zero_skip_fraction_ = 0, leakage_mw_per_mm2_ = 0;
  double register_bit_um2_ = 0, sram_per_kib_um2_ = 0, vector_lane_um2_ = 0, ternary_cell_overhead_um2_ = 0;
};

}  // namespace ternsim
