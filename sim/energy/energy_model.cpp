#include "sim/energy/energy_model.hpp"

#include <map>
#include <memory>

#include "models/memory/memory_cell.hpp"
#include "sim/config/config_error.hpp"
#include "sim/energy/fpga_cost.hpp"

namespace ternsim {
namespace {

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }
bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}
std::string after(const std::string& s, const std::string& p) { return s.substr(p.size()); }

// Pipeline/weight/accumulator register bits: any "<...>_reg_bit" or the array's "acc_bit".
bool is_register_bit(const std::string& key) { return ends_with(key, "_reg_bit") || key == "array.acc_bit"; }

// Accumulator precision of the ternary cells, from the inventory key "array.ternary_cell.<prec>".
std::string ternary_acc_prec(const EventCounts& units) {
  const std::string p = "array.ternary_cell.";
  for (const auto& [k, v] : units.counts)
    if (starts_with(k, p)) return after(k, p);
  return "";
}

const SramParams* sram_buffer(const ArchConfig& arch, const std::string& name) {
  if (name == "weight_buffer") return &arch.ctx.weight_buffer;
  if (name == "act_buffer") return &arch.ctx.act_buffer;
  return nullptr;
}

double kib(const SramParams& p) { return double(p.capacity_bytes) / 1024.0; }

// Area of one core's memory hierarchy: each kind prices its summed capacity (linear in capacity;
// summing first gives the two-buffer arch's area bit for bit). A level shared by c cores of a
// chip (share = c) adds 1/c of its area to each, so a chip counts it, and its leakage, once.
double memory_hierarchy_um2(const MemoryHierarchy& h, const TechTable& tech) {
  std::map<std::string, uint64_t> bytes_by_kind;
  double shared_um2 = 0;
  for (const auto& l : h.levels)
    if (l.share > 1)
      shared_um2 += MemoryCellRegistry::make(l.kind)->area_um2(tech, l.capacity_bytes) / double(l.share);
    else
      bytes_by_kind[l.kind] += l.capacity_bytes;
  double um2 = 0;
  for (const auto& [kind, bytes] : bytes_by_kind) um2 += MemoryCellRegistry::make(kind)->area_um2(tech, bytes);
  return um2 + shared_um2;
}

// Weight bits of a narrow-weight MAC ("int4" -> 4 for "array.mac.int4"), 0 for table entries.
uint32_t narrow_mac_bits(const std::string& prec) { return prec == "int4" ? 4 : prec == "int2" ? 2 : 0; }

}  // namespace

std::string energy_category(const std::string& key) {
  if (starts_with(key, "array.")) return "compute";
  if (starts_with(key, "sram.")) return "sram";
  if (starts_with(key, "dram.")) return "dram";
  if (starts_with(key, "vector.")) return "vector";
  return "other";
}

double dram_bits(const RunResult& r) {
  double bits = 0;
  for (const auto& [k, n] : r.events.counts)
    if (energy_category(k) == "dram") bits += n;
  return bits;
}

AsicEnergyModel::AsicEnergyModel(const ArchConfig& arch, const TechTable& tech) : arch_(arch), tech_(tech) {
  EventCounts units;
  arch.array->hardware_units(units);
  acc_prec_ = ternary_acc_prec(units);
  lut_table_kib_ = units.get("array.lut.table_bit") / 8192.0;
  double array_um2 = 0;
  for (const auto& [k, n] : units.counts) array_um2 += n * unit_area_um2(k);
  area_["array"] = array_um2 * 1e-6;
  area_["sram"] = (kib(arch.ctx.weight_buffer) + kib(arch.ctx.act_buffer)) * tech.sram_um2_per_kib() * 1e-6;
  if (arch.memory) area_["sram"] = memory_hierarchy_um2(*arch.memory, tech) * 1e-6;
  area_["vector"] = double(arch.vector.lanes) * tech.vector_lane_um2() * 1e-6;
  // An MLGRU lane needs the same fp16 multiply/add and sigmoid datapath as a vector lane.
  area_["recurrent"] = double(arch.recurrent.lanes) * tech.vector_lane_um2() * 1e-6;
}

double AsicEnergyModel::unit_area_um2(const std::string& key) const {
  const std::string cell = "array.ternary_cell.";
  // The table's ternary_cell_overhead includes the cell's 2-bit weight register; the inventory
  // counts weight register bits separately (array.weight_reg_bit), so they are taken out here.
  const double select_um2 = tech_.ternary_cell_overhead_um2() - 2 * tech_.register_bit_um2();
  if (starts_with(key, cell)) return tech_.adder_um2(after(key, cell)) + select_um2;
  if (is_register_bit(key)) return tech_.register_bit_um2();
  // A zero-skip cell's operand mux is the same kind of act-width select as the ternary negate/zero select.
  if (key == "array.zero_skip_mux") return select_um2;
  // Base-3 unpacker, per byte/cycle: decode logic ~ one int8 adder, 5 trits x 2 bits registered.
  if (key == "array.base3_unpacker_byte_per_cycle") return tech_.adder_um2("int8") + 10 * tech_.register_bit_um2();
  // New-array units (docs/arrays.md, "Costs"), each composed from table entries:
  // int4/int2 x int8 MAC: an array multiplier's partial products scale with the product of the
  // operand widths (w x 8 of int8's 8 x 8), plus the int32 accumulate adder.
  if (starts_with(key, "array.mac.") && narrow_mac_bits(after(key, "array.mac.")))
    return (tech_.mac_um2("int8") - tech_.adder_um2("int32")) * narrow_mac_bits(after(key, "array.mac.")) / 8.0 +
           tech_.adder_um2("int32");
  // LUT cell: the entry select of a lookup lane, the same act-width select as a ternary cell,
  // plus its adder-tree adder at the accumulator width.
  if (starts_with(key, "array.lut_cell.")) return tech_.adder_um2(after(key, "array.lut_cell.")) + select_um2;
  if (key == "array.lut.table_bit") return tech_.sram_um2_per_kib() / 8192.0;  // table SRAM, per bit
  if (starts_with(key, "array.lut.builder_add.")) return tech_.adder_um2(after(key, "array.lut.builder_add."));
  // Unpacker, per weight/cycle: the widened 8-bit weight register plus a select of the same
  // size (ASSUMPTION: a 4:1/2:1 bit-field select ~ one flop per output bit).
  if (key == "array.unpacker_weight_per_cycle") return 2 * 8 * tech_.register_bit_um2();
  for (const std::string p : {"array.mac_cell.", "array.mac."})
    if (starts_with(key, p)) return tech_.mac_um2(after(key, p));
  throw ConfigError(tech_.file() + ": cannot price the area of hardware unit '" + key +
                    "' (no rule in sim/energy/energy_model.cpp maps it to a tech table entry)");
}

double AsicEnergyModel::area_mm2() const {
  double s = 0;
  for (const auto& [k, v] : area_) s += v;
  return s;
}

double AsicEnergyModel::leakage_w() const { return tech_.leakage_mw_per_mm2() * area_mm2() * 1e-3; }

double AsicEnergyModel::event_pj(const std::string& key) const {
  std::string rest;
  if (starts_with(key, "cycles.")) return 0;  // where array cycles went, not hardware activity
  if (starts_with(key, "array.add.")) return tech_.add_pj(after(key, "array.add."));
  if (starts_with(key, "array.mac.") && narrow_mac_bits(after(key, "array.mac.")))  // see unit_area_um2
    return tech_.mul_pj("int8") * narrow_mac_bits(after(key, "array.mac.")) / 8.0 + tech_.add_pj("int32");
  if (starts_with(key, "array.mac.")) return tech_.mac_pj(after(key, "array.mac."));
  // LUT array: a lookup reads table_bits bits of the table SRAM (sized by its capacity); the
  // mirror negate is priced as an add at the entry width (conservative: the +1 usually rides
  // the adder tree's carry-in); a table entry is built with one add and one write.
  if (starts_with(key, "array.lut.lookup.int"))
    return std::stod(after(key, "array.lut.lookup.int")) * tech_.sram_read_pj_per_bit(lut_table_kib_);
  if (starts_with(key, "array.lut.negate.")) return tech_.add_pj(after(key, "array.lut.negate."));
  if (starts_with(key, "array.lut.build_add.")) return tech_.add_pj(after(key, "array.lut.build_add."));
  if (key == "array.lut.table_write_bit") return tech_.sram_write_pj_per_bit(lut_table_kib_);
  // Unpacking one weight: writing the widened 8-bit weight (ASSUMPTION: the bit-field select
  // costs no more than the register it feeds).
  if (key == "array.unpack.weight") return 8 * tech_.register_bit_pj();
  if (starts_with(key, "array.mul.")) return tech_.mul_pj(after(key, "array.mul."));
  if (starts_with(key, "array.fp_add.")) return tech_.fp_add_pj(after(key, "array.fp_add."));
  if (key == "array.zero_slot" || key == "array.zero_skip_select") {
    // A gated zero slot (or the select that skips it) costs a fraction of the accumulator add.
    if (acc_prec_.empty())
      throw ConfigError(tech_.file() + ": cannot price event '" + key + "': the array has no ternary cells to take "
                        "the accumulator width from");
    return tech_.zero_skip_fraction() * tech_.add_pj(acc_prec_);
  }
  if (is_register_bit(key)) return tech_.register_bit_pj();
  if (starts_with(key, "sram.")) {
    const std::string r = after(key, "sram.");
    const size_t dot = r.find('.');
    const std::string buf = r.substr(0, dot), op = dot == std::string::npos ? "" : r.substr(dot + 1);
    if (arch_.memory)  // levels carry their energy per bit, resolved at load (memory_level.cpp)
      if (const MemoryLevel* l = arch_.memory->find(buf)) {
        if (op == "read_bit") return l->read_pj_per_bit;
        if (op == "write_bit") return l->write_pj_per_bit;
      }
    const SramParams* p = sram_buffer(arch_, buf);
    if (p && op == "read_bit") return tech_.sram_read_pj_per_bit(kib(*p));
    if (p && op == "write_bit") return tech_.sram_write_pj_per_bit(kib(*p));
  }
  if (starts_with(key, "dram.read_bit.")) return tech_.dram_pj_per_bit(after(key, "dram.read_bit."));
  if (starts_with(key, "dram.write_bit.")) return tech_.dram_pj_per_bit(after(key, "dram.write_bit."));
  // One lane operation goes through the lane's fp16 multiplier and fp16 adder.
  if (key == "vector.alu_op") return tech_.mul_pj("fp16") + tech_.fp_add_pj("fp16");
  if (key == "vector.special_fn") return tech_.special_fn_pj();
  throw ConfigError(tech_.file() + ": cannot price event '" + key +
                    "' (no rule in sim/energy/energy_model.cpp maps it to a tech table entry)");
}

void check_fpga_fit(const ArchConfig& arch, uint32_t copies) {
  if (!arch.fpga_device_path.empty()) FpgaCost(arch).check_fit(copies);
}

std::map<std::string, double> dram_energy_parts_pj(const ArchConfig& arch, const RunResult& r) {
  // A DRAM backend with a power model (docs/dram.md): its parts as it measured them.
  std::map<std::string, double> parts;
  for (const auto& [k, v] : r.dram_backend)
    if (k.compare(0, 10, "energy_pj.") == 0) parts[k.substr(10)] = v;
  // The analytic model calibrated with energy (docs/dram.md, "Calibrated energy"): the same
  // parts from the bits moved and the run's time, as the backend it was measured on books them.
  const DramParams& dp = arch.dram;
  if (parts.empty() && dp.model == "analytic" && dp.calibration && dp.calibration->energy.present) {
    double read_bits = 0, write_bits = 0;
    for (const auto& [k, n] : r.events.counts) {
      if (k.rfind("dram.read_bit.", 0) == 0) read_bits += n;
      if (k.rfind("dram.write_bit.", 0) == 0) write_bits += n;
    }
    // Precharged time averaged over the channels, in ns.
    const double precharged_ns =
        r.dram_channels ? r.dram_idle.precharged_cycles / r.dram_channels * 1000.0 / r.clock_mhz : 0.0;
    parts = dp.calibration->energy.parts_pj(read_bits, write_bits, r.seconds, precharged_ns, r.dram_idle.reopened_gaps);
  }
  return parts;
}

void apply_energy_model(const ArchConfig& arch, RunResult& r, const std::map<std::string, double>* dram_parts_pj) {
  std::unique_ptr<FpgaCost> fpga;
  if (!arch.fpga_device_path.empty()) {
    fpga = std::make_unique<FpgaCost>(arch);
    r.fpga = FpgaStats{fpga->device(), fpga->resources()};
  }
  if (arch.tech_path.empty()) return;
  const TechTable tech = TechTable::load(arch.tech_path);
  std::unique_ptr<AsicEnergyModel> asic;
  if (!fpga) asic = std::make_unique<AsicEnergyModel>(arch, tech);
  std::map<std::string, double> price;  // pJ per event, each key priced once
  // DRAM energy by part (a backend's power model or a calibration) replaces the tech table's
  // pJ/bit: its total over the bits moved prices every DRAM bit, so the ops' energies add up
  // to it too. ASSUMPTION: background and refresh energy is shared over the ops by the bits
  // each moved.
  const std::map<std::string, double> backend_dram_pj = dram_parts_pj ? *dram_parts_pj : dram_energy_parts_pj(arch, r);
  if (!backend_dram_pj.empty()) {
    const double bits = dram_bits(r);
    double total_pj = 0;
    for (const auto& [k, v] : backend_dram_pj) total_pj += v;
    for (const auto& [k, n] : r.events.counts)
      if (energy_category(k) == "dram") price[k] = bits > 0 ? total_pj / bits : 0.0;
  }
  auto pj = [&](const std::string& key) {
    auto it = price.find(key);
    if (it != price.end()) return it->second;
    double v = fpga ? fpga->event_pj(key, tech) : asic->event_pj(key);
    price.emplace(key, v);
    return v;
  };

  EnergyStats e;
  std::map<std::string, double> pj_by_cat = {{"compute", 0}, {"sram", 0}, {"dram", 0},
                                             {"vector", 0}, {"other", 0}};
  for (const auto& [k, n] : r.events.counts) pj_by_cat[energy_category(k)] += n * pj(k);
  for (auto& o : r.op_records) {
    double s = 0;
    for (const auto& [k, n] : o.events.counts) s += n * pj(k);
    o.energy_j = s * 1e-12;
  }
  double static_w;
  if (fpga) {
    static_w = fpga->static_w();
    pj_by_cat["other"] += fpga->clock_pj_per_cycle() * double(r.cycles);  // clock tree, every cycle
  } else {
    static_w = asic->leakage_w();
    e.area_mm2 = asic->area_mm2();
    e.area_breakdown_mm2 = asic->area_breakdown_mm2();
  }
  if (!backend_dram_pj.empty()) {
    // The category is the sum of its parts, exactly (no rounding from the per-bit price).
    pj_by_cat["dram"] = 0;
    for (const auto& [k, v] : backend_dram_pj) {
      e.dram_breakdown_j[k] = v * 1e-12;
      pj_by_cat["dram"] += v;
    }
  }
  for (const auto& [c, v] : pj_by_cat) e.energy_breakdown_j[c] = v * 1e-12;
  e.energy_breakdown_j["leakage"] = static_w * r.seconds;
  // The total is the sum of the breakdown in its own (map) order, so it adds up exactly.
  for (const auto& [c, v] : e.energy_breakdown_j) e.energy_j += v;
  for (const auto& [c, v] : e.energy_breakdown_j)
    if (c != "leakage") e.dynamic_j += v;
  e.power_w = r.seconds > 0 ? e.energy_j / r.seconds : 0.0;
  e.energy_per_token_j = e.energy_j / double(r.tokens * r.batch);
  e.tops_per_w = e.energy_j > 0 ? r.ops / e.energy_j / 1e12 : 0.0;
  r.energy = e;
}

}  // namespace ternsim
