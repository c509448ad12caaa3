#include "sim/energy/fpga_cost.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "models/compute/lut_array.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/config_node.hpp"
#include "sim/energy/tech_table.hpp"

namespace ternsim {
namespace {

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

int int_width(const std::string& prec) {
  if (prec.size() < 4 || prec.compare(0, 3, "int") != 0) return 0;
  try {
    return std::stoi(prec.substr(3));
  } catch (...) {
    return 0;
  }
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Block RAMs for one buffer: each bank needs enough blocks for its bits and for its width.
double blocks(const SramParams& p, double block_kbit, double block_width_bits) {
  const double bank_bits = 8.0 * double(p.capacity_bytes) / p.banks;
  const double by_size = std::ceil(bank_bits / (block_kbit * 1024.0));
  const double by_width = std::ceil(double(p.width_bits) * p.ports / block_width_bits);
  return double(p.banks) * std::max(by_size, by_width);
}

// Logic elements of one output bit of an E-to-1 select built as a tree of 4:1 muxes (a 4:1 mux
// is a 6-input function: one LUT6 / one ALM). On AMD the MUXF7/MUXF8 of the CLB join four LUT
// outputs for free (UG574), so every second level of the tree costs no LUTs.
double mux_tree(uint64_t entries, uint64_t inputs_per_element, bool free_odd_levels) {
  double total = 0;
  uint64_t n = entries;
  for (int level = 0; n > 1; ++level) {
    n = (n + inputs_per_element - 1) / inputs_per_element;
    if (!(free_odd_levels && level % 2 == 1)) total += double(n);
  }
  return total;
}

}  // namespace

FpgaCost::FpgaCost(const ArchConfig& arch) {
  device_file_ = arch.fpga_device_path;
  namespace fs = std::filesystem;
  cost_file_ = (fs::path(device_file_).parent_path().parent_path() / "cost_model.yaml").string();

  // ---- device ----
  ConfigNode dev = ConfigNode::load_file(device_file_);
  device_ = dev.string("name");
  vendor_ = dev.choice("vendor", {"amd", "intel"});
  dev.allow("family");
  dev.allow("source");
  dev.allow("memory");
  ConfigNode dres = dev.child("resources");
  const std::vector<std::string> names = vendor_ == "amd" ? std::vector<std::string>{"lut", "ff", "dsp", "bram36", "uram"}
                                                          : std::vector<std::string>{"alm", "ff", "dsp", "m20k"};
  for (const auto& n : names) res_[n].available = double(dres.integer(n, 0, 0, int64_t(1) << 40));
  dres.finish();
  static_w_ = dev.real("static_power_w", 0.0, 1e4);
  dev.real("max_clock_mhz", 1e-3, 1e5);
  dev.finish();

  // ---- cost model: only the vendor's section is read; the other is allowed as is ----
  ConfigNode cm = ConfigNode::load_file(cost_file_);
  cm.allow("name");
  cm.allow("source");
  cm.allow(vendor_ == "amd" ? "intel" : "amd");
  ConfigNode v = cm.child(vendor_);
  const bool amd = vendor_ == "amd";
  const std::string logic = amd ? "lut" : "alm";

  EventCounts units;
  arch.array->hardware_units(units);
  ConfigNode cell = v.child("ternary_cell");
  logic_per_bit_ = cell.real(amd ? "lut_per_bit" : "alm_per_bit", 0.0, 1e3);
  const double ff_per_bit = cell.real("ff_per_bit", 0.0, 1e3);
  const double ff_fixed = cell.real("ff_fixed", 0.0, 1e3);
  const double logic_fixed = amd ? cell.real("lut_fixed", 0.0, 1e3) : 0.0;
  cell.finish();
  ConfigNode mac = v.child("int8_mac");
  const double int8_dsp = mac.real("dsp", 0.0, 1e3);
  mac.allow("dsp_unpacked");
  mac.allow(amd ? "lut_if_no_dsp" : "alm_if_no_dsp");
  mac.allow("ff_if_no_dsp");
  mac.finish();
  // Zero-skip operand mux (per cell, act_bits wide) and base-3 unpacker (per byte/cycle):
  // derivations in cost_model.yaml. Read only when the array has them, so a cost model
  // without these entries still prices arrays that do not use them.
  auto zero_skip_mux = [&](double n) {
    ConfigNode z = v.child("zero_skip_mux");
    const YAML::Node ab = arch.doc ? arch.doc->resolved["array"]["act_bits"] : YAML::Node();
    if (!ab) throw ConfigError(cost_file_ + ": zero_skip_mux is priced per activation bit, but the array has no act_bits");
    const double act_bits = ab.as<double>();
    add(logic, n * act_bits * z.real(amd ? "lut_per_act_bit" : "alm_per_act_bit", 0.0, 1e3));
    add("ff", n * z.real("ff_fixed", 0.0, 1e3));
    z.finish();
  };
  auto base3_unpacker = [&](double bytes_per_cycle) {
    ConfigNode b = v.child("base3_unpacker");
    const double out_bits = b.real("output_bits", 1.0, 64.0);
    add(logic, bytes_per_cycle * out_bits * b.real(amd ? "lut_per_output_bit" : "alm_per_output_bit", 0.0, 1e3));
    add("ff", bytes_per_cycle * out_bits * b.real("ff_per_output_bit", 0.0, 1e3));
    b.finish();
  };
  // New-array units (docs/arrays.md): the LUT array's cells, table store and builder, narrow
  // MACs and the weight unpacker. Each entry is read only when the array has the unit.
  const auto* lut = dynamic_cast<const LutArray*>(arch.array.get());
  auto lut_cell = [&](const std::string& prec, double n) {
    ConfigNode c = v.child("lut_cell");
    const int w = int_width(prec);
    if (w == 0 || !lut) throw ConfigError(cost_file_ + ": cannot cost hardware unit 'array.lut_cell." + prec + "'");
    const uint64_t per = uint64_t(c.real(amd ? "select_inputs_per_lut" : "select_inputs_per_alm", 2.0, 64.0));
    const bool muxf = amd && c.boolean("muxf_levels_free");
    lut_select_per_bit_ = mux_tree(lut->format().entries(), per, muxf);
    add(logic, n * (w * c.real(amd ? "lut_per_acc_bit" : "alm_per_acc_bit", 0.0, 1e3) +
                    lut->table_bits() * lut_select_per_bit_));
    add("ff", n * c.real("ff_fixed", 0.0, 1e3));
    c.finish();
  };
  auto lut_tables = [&](double bits) {
    ConfigNode t = v.child("lut_table");
    const double max_kib = t.real("distributed_max_kib", 0.0, 1e6);
    const double bits_per = t.real(amd ? "lutram_bits_per_lut" : "mlab_bits_per_alm", 1.0, 1e4);
    const double block_kib = t.real(amd ? "bram36_kib" : "m20k_kib", 1e-3, 1e6);
    table_in_lutram_ = bits <= max_kib * 8192.0;
    if (table_in_lutram_)
      add(logic, std::ceil(bits / bits_per));
    else
      add(amd ? "bram36" : "m20k", std::ceil(bits / (block_kib * 1024.0)));
    t.finish();
  };
  auto builder_add = [&](const std::string& prec, double n) {
    ConfigNode b = v.child("lut_builder_add");
    const int w = int_width(prec);
    if (w == 0) throw ConfigError(cost_file_ + ": cannot cost hardware unit 'array.lut.builder_add." + prec + "'");
    add(logic, n * w * b.real(amd ? "lut_per_bit" : "alm_per_bit", 0.0, 1e3));
    add("ff", n * w * b.real("ff_per_bit", 0.0, 1e3));
    b.finish();
  };
  auto narrow_mac = [&](const std::string& prec, double n) {
    ConfigNode m = v.child(prec + "_mac");
    add("dsp", n * m.real("dsp", 0.0, 1e3));
    const double l = m.real(amd ? "lut" : "alm", 0.0, 1e4);
    if (prec == "int2") int2_mac_logic_ = l;
    add(logic, n * l);
    add("ff", n * m.real("ff", 0.0, 1e4));
    m.allow(amd ? "lut_if_no_dsp" : "alm_if_no_dsp");
    m.finish();
  };
  auto unpacker = [&](double n) {
    ConfigNode u = v.child("weight_unpacker");
    add(logic, n * u.real(amd ? "lut_per_weight" : "alm_per_weight", 0.0, 1e3));
    unpack_ff_per_weight_ = u.real("ff_per_weight", 0.0, 1e3);
    add("ff", n * unpack_ff_per_weight_);
    u.finish();
  };
  auto has_prefix = [&](const std::string& p) {
    for (const auto& kv : units.counts)
      if (starts_with(kv.first, p)) return true;
    return false;
  };
  if (!has_prefix("array.lut_cell.")) v.allow("lut_cell");
  if (!units.counts.count("array.lut.table_bit")) v.allow("lut_table");
  if (!has_prefix("array.lut.builder_add.")) v.allow("lut_builder_add");
  if (!units.counts.count("array.mac.int4")) v.allow("int4_mac");
  if (!units.counts.count("array.mac.int2")) v.allow("int2_mac");
  if (!units.counts.count("array.unpacker_weight_per_cycle")) v.allow("weight_unpacker");
  if (!units.counts.count("array.zero_skip_mux")) v.allow("zero_skip_mux");
  if (!units.counts.count("array.base3_unpacker_byte_per_cycle")) v.allow("base3_unpacker");
  double cells = 0;
  for (const auto& [k, n] : units.counts) {
    const std::string tc = "array.ternary_cell.";
    if (starts_with(k, tc)) {
      acc_prec_ = k.substr(tc.size());
      const int w = int_width(acc_prec_);
      if (w == 0) throw ConfigError(cost_file_ + ": cannot cost hardware unit '" + k + "' (accumulator is not intN)");
      cells += n;
      add(logic, n * (logic_per_bit_ * w + logic_fixed));
      add("ff", n * (ff_per_bit * w + ff_fixed));
    }
  }
  for (const auto& [k, n] : units.counts) {
    if (starts_with(k, "array.ternary_cell.")) continue;
    if (k == "array.weight_reg_bit") {
      add("ff", std::max(0.0, n - ff_fixed * cells));  // beyond the cell's own weight register: shadow copies
    } else if (k == "array.zero_skip_mux") {
      zero_skip_mux(n);
    } else if (k == "array.base3_unpacker_byte_per_cycle") {
      base3_unpacker(n);
    } else if (starts_with(k, "array.lut_cell.")) {
      lut_cell(k.substr(15), n);
    } else if (k == "array.lut.table_bit") {
      lut_tables(n);
    } else if (starts_with(k, "array.lut.builder_add.")) {
      builder_add(k.substr(22), n);
    } else if (k == "array.mac.int4" || k == "array.mac.int2") {
      narrow_mac(k.substr(10), n);
    } else if (k == "array.unpacker_weight_per_cycle") {
      unpacker(n);
    } else if (k == "array.mac.int8") {
      add("dsp", n * int8_dsp);
    } else if (k == "array.acc_reg_bit" || (k.size() > 8 && k.compare(k.size() - 8, 8, "_reg_bit") == 0)) {
      add("ff", n);
    } else {
      throw ConfigError(cost_file_ + ": cannot cost hardware unit '" + k + "' on an FPGA (no entry in the " + vendor_ +
                        " cost model)");
    }
  }
  ConfigNode lane = v.child("vector_lane_16b");
  const double lanes = double(arch.vector.lanes) + double(arch.recurrent.lanes);  // MLGRU lanes: same datapath
  add("dsp", lanes * lane.real("dsp", 0.0, 1e3));
  add(logic, lanes * lane.real(logic, 0.0, 1e6));
  add("ff", lanes * lane.real("ff", 0.0, 1e6));
  if (amd) add("bram36", lanes * lane.real("bram36", 0.0, 1e3));
  lane.finish();

  ConfigNode mem = v.child("memory_bits");
  const SramParams* bufs[] = {&arch.ctx.weight_buffer, &arch.ctx.act_buffer};
  const char* buf_names[] = {"weight_buffer", "act_buffer"};
  if (amd) {
    const double bk = mem.real("bram36_kib", 1e-3, 1e6), bw = mem.real("bram36_max_width_bits", 1.0, 1e4);
    const double uk = mem.real("uram_kib", 1e-3, 1e6), uw = mem.real("uram_width_bits", 1.0, 1e4);
    ram_width_bits_ = bw;
    uram_width_bits_ = uw;
    double bram = res_["bram36"].used;
    for (const auto* b : bufs) bram += blocks(*b, bk, bw);
    // Buffers move to URAM, largest first, while block RAM is over capacity and URAM exists.
    std::vector<int> order = {0, 1};
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return bufs[a]->capacity_bytes > bufs[b]->capacity_bytes; });
    for (int i : order) {
      if (bram <= res_["bram36"].available || res_["uram"].available <= 0) break;
      bram -= blocks(*bufs[i], bk, bw);
      add("uram", blocks(*bufs[i], uk, uw));
      in_uram_[buf_names[i]] = true;
    }
    res_["bram36"].used = bram;
  } else {
    const double mk = mem.real("m20k_kib", 1e-3, 1e6), mw = mem.real("m20k_max_width_bits", 1.0, 1e4);
    ram_width_bits_ = mw;
    for (const auto* b : bufs) add("m20k", blocks(*b, mk, mw));
  }
  mem.finish();

  ConfigNode de = v.child("dynamic_energy_pj");
  logic_toggle_pj_ = de.real(amd ? "lut_toggle" : "alm_toggle", 0.0, 1e6);
  ff_toggle_pj_ = de.real("ff_toggle", 0.0, 1e6);
  clock_per_ff_pj_ = de.real("clock_per_ff_per_cycle", 0.0, 0.0, 1e6);
  dsp_op_pj_ = de.real("dsp_op", 0.0, 1e6);
  if (amd) {
    ram_access_pj_ = de.real("bram36_access", 0.0, 1e6);
    uram_access_pj_ = de.real("uram_access", 0.0, 1e6);
  } else {
    ram_access_pj_ = de.real("m20k_access", 0.0, 1e6);
  }
  de.finish();
  v.finish();
  cm.finish();
  // Whole units: half a DSP or a fraction of a block cannot be placed.
  for (auto& [n, r] : res_) r.used = std::ceil(r.used - 1e-9);
}

void FpgaCost::check_fit(uint32_t copies) const {
  for (const std::string n : {"lut", "alm", "ff", "dsp", "bram36", "uram", "m20k"}) {
    auto it = res_.find(n);
    if (it == res_.end() || double(copies) * it->second.used <= it->second.available) continue;
    std::ostringstream m;
    m << std::fixed;
    m.precision(0);
    m << "design does not fit on " << device_ << ": needs ";
    if (copies > 1) m << copies << " cores x " << it->second.used << " " << upper(n) << " = ";
    m << double(copies) * it->second.used << " " << upper(n) << ", device has " << it->second.available << " ("
      << device_file_ << ")";
    throw MappingError(m.str());
  }
}

double FpgaCost::clock_pj_per_cycle() const {
  auto it = res_.find("ff");
  return it == res_.end() ? 0.0 : clock_per_ff_pj_ * it->second.used;
}

double FpgaCost::event_pj(const std::string& key, const TechTable& tech) const {
  auto add_pj = [&](const std::string& prec) {
    const int w = int_width(prec);
    if (w == 0) throw ConfigError(cost_file_ + ": cannot price FPGA event for '" + prec + "' (not intN)");
    return w * logic_per_bit_ * logic_toggle_pj_;  // the accumulator flops are priced by array.acc_bit
  };
  if (starts_with(key, "cycles.")) return 0;  // where array cycles went, not hardware activity
  if (starts_with(key, "array.add.")) return add_pj(key.substr(10));
  if (key == "array.zero_slot" || key == "array.zero_skip_select") {
    if (acc_prec_.empty()) throw ConfigError(cost_file_ + ": cannot price event '" + key + "' without ternary cells");
    return tech.zero_skip_fraction() * add_pj(acc_prec_);
  }
  if (key == "array.acc_bit" || (key.size() > 8 && key.compare(key.size() - 8, 8, "_reg_bit") == 0))
    return ff_toggle_pj_;
  // LUT array: a lookup toggles the entry select of table_bits output bits; the negate and the
  // builder's add are adds at the entry width; a table write is a LUTRAM/MLAB bit write (priced
  // as a logic toggle) or a block-RAM bit. int2 MACs are LUT-built (cost_model.yaml).
  if (starts_with(key, "array.lut.lookup.int"))
    return std::stod(key.substr(20)) * lut_select_per_bit_ * logic_toggle_pj_;
  if (starts_with(key, "array.lut.negate.")) return add_pj(key.substr(17));
  if (starts_with(key, "array.lut.build_add.")) return add_pj(key.substr(20));
  if (key == "array.lut.table_write_bit") return table_in_lutram_ ? logic_toggle_pj_ : ram_access_pj_ / ram_width_bits_;
  if (key == "array.unpack.weight") return unpack_ff_per_weight_ * ff_toggle_pj_;
  if (key == "array.mac.int2") return int2_mac_logic_ * logic_toggle_pj_;
  if (starts_with(key, "array.mac.")) return dsp_op_pj_;
  if (starts_with(key, "sram.")) {
    const bool uram = (starts_with(key, "sram.weight_buffer.") && in_uram_.count("weight_buffer")) ||
                      (starts_with(key, "sram.act_buffer.") && in_uram_.count("act_buffer"));
    if (starts_with(key, "sram.weight_buffer.") || starts_with(key, "sram.act_buffer."))
      return uram ? uram_access_pj_ / uram_width_bits_ : ram_access_pj_ / ram_width_bits_;
  }
  if (starts_with(key, "dram.read_bit.")) return tech.dram_pj_per_bit(key.substr(14));
  if (starts_with(key, "dram.write_bit.")) return tech.dram_pj_per_bit(key.substr(15));
  if (key == "vector.alu_op") return dsp_op_pj_;
  // A special function is a degree-3 polynomial: three multiply-adds, as in the tech tables.
  if (key == "vector.special_fn") return 3 * dsp_op_pj_;
  throw ConfigError(cost_file_ + ": cannot price event '" + key + "' on an FPGA (no rule in sim/energy/fpga_cost.cpp)");
}

}  // namespace ternsim
