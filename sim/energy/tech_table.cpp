#include "sim/energy/tech_table.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/config_node.hpp"

namespace ternsim {
namespace {

// Largest value any entry may take: 1000 pJ per event or 1e9 µm² per unit is a unit mistake.
constexpr double kMaxPj = 1e3;
constexpr double kMaxUm2 = 1e9;

// A map of precision -> non-negative number ("int8: 0.03"); every key is read, so none is unknown.
std::map<std::string, double> read_map(ConfigNode n, double hi) {
  std::map<std::string, double> m;
  for (const auto& k : n.keys()) m[k] = n.real(k, 0.0, hi);
  n.finish();
  return m;
}

// Integer width of "int24" (0 if the name is not intN).
int int_width(const std::string& prec) {
  if (prec.size() < 4 || prec.compare(0, 3, "int") != 0) return 0;
  int w = 0;
  for (size_t i = 3; i < prec.size(); ++i) {
    if (prec[i] < '0' || prec[i] > '9') return 0;
    w = w * 10 + (prec[i] - '0');
    if (w > 4096) return 0;
  }
  return w;
}

}  // namespace

TechTable TechTable::load(const std::string& path) {
  ConfigNode root = ConfigNode::load_file(path);
  TechTable t;
  t.file_ = path;
  t.name_ = root.string("name");
  root.real("node_nm", 1.0, 1000.0);
  root.real("vdd", 0.1, 5.0);
  root.allow("source");
  root.allow("scaling");
  ConfigNode e = root.child("energy_pj");
  t.add_ = read_map(e.child("add"), kMaxPj);
  t.mac_ = read_map(e.child_or_empty("mac"), kMaxPj);
  t.mul_ = read_map(e.child_or_empty("mul"), kMaxPj);
  t.fp_add_ = read_map(e.child_or_empty("fp_add"), kMaxPj);
  t.register_bit_pj_ = e.real("register_bit", 0.0, kMaxPj);
  t.special_fn_pj_ = e.real("special_fn", 0.0, kMaxPj);
  ConfigNode s = e.child("sram");
  t.sram_ref_kib_ = s.real("ref_capacity_kib", 1e-3, 1e9);
  t.sram_read_ = s.real("read_pj_per_bit", 0.0, kMaxPj);
  t.sram_write_ = s.real("write_pj_per_bit", 0.0, kMaxPj);
  t.sram_exponent_ = s.real("exponent", 0.0, 2.0);
  s.finish();
  t.dram_ = read_map(e.child("dram_pj_per_bit"), kMaxPj);
  t.zero_skip_fraction_ = e.real("zero_skip_fraction", 0.0, 1.0);
  e.finish();
  t.leakage_mw_per_mm2_ = root.real("leakage_mw_per_mm2", 0.0, 1e6);
  ConfigNode a = root.child("area_um2");
  t.adder_area_ = read_map(a.child("adder"), kMaxUm2);
  t.mac_area_ = read_map(a.child_or_empty("mac"), kMaxUm2);
  t.register_bit_um2_ = a.real("register_bit", 0.0, kMaxUm2);
  t.sram_per_kib_um2_ = a.real("sram_per_kib", 0.0, kMaxUm2);
  t.vector_lane_um2_ = a.real("vector_lane", 0.0, kMaxUm2);
  t.ternary_cell_overhead_um2_ = a.real("ternary_cell_overhead", 0.0, kMaxUm2);
  a.finish();
  root.finish();
  return t;
}

void TechTable::missing(const std::string& what) const {
  throw ConfigError(file_ + ": tech table '" + name_ + "' has no " + what);
}

double TechTable::exact(const std::map<std::string, double>& m, const std::string& section,
                        const std::string& prec) const {
  auto it = m.find(prec);
  if (it == m.end()) {
    std::string have;
    for (const auto& [k, v] : m) have += (have.empty() ? "" : ", ") + k;
    missing(section + "." + prec + " (it has: " + (have.empty() ? "none" : have) + ")");
  }
  return it->second;
}

double TechTable::by_width(const std::map<std::string, double>& m, const std::string& section,
                           const std::string& prec) const {
  auto it = m.find(prec);
  if (it != m.end()) return it->second;
  const int w = int_width(prec);
  std::vector<std::pair<int, double>> pts;
  for (const auto& [k, v] : m)
    if (int wk = int_width(k)) pts.emplace_back(wk, v);
  if (w == 0 || pts.empty()) return exact(m, section, prec);  // throws with the list
  std::sort(pts.begin(), pts.end());
  if (w < pts.front().first) return pts.front().second * w / pts.front().first;
  if (w > pts.back().first) return pts.back().second * w / pts.back().first;
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    auto [w0, v0] = pts[i];
    auto [w1, v1] = pts[i + 1];
    if (w >= w0 && w <= w1) return v0 + (v1 - v0) * double(w - w0) / double(w1 - w0);
  }
  return exact(m, section, prec);
}

double TechTable::add_pj(const std::string& prec) const { return by_width(add_, "energy_pj.add", prec); }
double TechTable::mac_pj(const std::string& prec) const { return exact(mac_, "energy_pj.mac", prec); }
double TechTable::mul_pj(const std::string& prec) const { return exact(mul_, "energy_pj.mul", prec); }
double TechTable::fp_add_pj(const std::string& prec) const { return exact(fp_add_, "energy_pj.fp_add", prec); }
double TechTable::dram_pj_per_bit(const std::string& kind) const {
  return exact(dram_, "energy_pj.dram_pj_per_bit", kind);
}
double TechTable::adder_um2(const std::string& prec) const { return by_width(adder_area_, "area_um2.adder", prec); }
double TechTable::mac_um2(const std::string& prec) const { return exact(mac_area_, "area_um2.mac", prec); }

double TechTable::sram_read_pj_per_bit(double capacity_kib) const {
  return sram_read_ * std::pow(capacity_kib / sram_ref_kib_, sram_exponent_);
}
double TechTable::sram_write_pj_per_bit(double capacity_kib) const {
  return sram_write_ * std::pow(capacity_kib / sram_ref_kib_, sram_exponent_);
}

}  // namespace ternsim
