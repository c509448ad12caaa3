#include "models/memory/dram_calibration.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "sim/config/config_error.hpp"

namespace ternsim {

namespace {
const char* const kPatternNames[kDramPatterns] = {"weight_stream", "kv_read", "read_write", "multi_master"};

std::string number(double v, int digits = 6) {
  char b[40];
  std::snprintf(b, sizeof b, "%.*g", digits, v);
  return b;
}
}  // namespace

// yaml-cpp turns a double into text when it is assigned, with 17 digits ("0.78346700000000002");
// ten significant digits keep the file readable and read back the values calibrate rounded.
YAML::Node yaml_number(double v) { return YAML::Node(number(v, 10)); }

namespace {
}  // namespace

const char* pattern_name(DramPattern p) { return kPatternNames[size_t(p)]; }

std::map<std::string, double> DramEnergyCal::parts_pj(double read_bits, double write_bits, double seconds,
                                                      double precharged_ns, double reopened_gaps) const {
  const double ns = seconds * 1e9;  // mW x ns = pJ
  double background = background_mw * ns, activate = (read_bits + write_bits) * activate_pj_per_bit;
  if (idle) {
    background -= (background_mw - precharged_mw) * precharged_ns;
    activate += reopened_gaps * reopen_activate_pj;
  }
  return {{"activate_precharge", activate},
          {"read", read_bits * read_pj_per_bit},
          {"write", write_bits * write_pj_per_bit},
          {"refresh", refresh_mw * ns},
          {"background", background}};
}

double DramEnergyCal::closed_after_gap(double gap, double open, double spread) {
  if (gap <= 0) return 0;
  const double a = open - spread / 2;
  if (spread <= 0) return gap >= open ? 1.0 : 0.0;
  return std::clamp((gap - a) / spread, 0.0, 1.0);
}

double DramEnergyCal::precharged_in_gap(double gap, double open, double spread) {
  if (gap <= 0) return 0;
  const double a = open - spread / 2, b = open + spread / 2;
  if (gap <= a) return 0;
  if (gap >= b) return gap - open;
  return (gap - a) * (gap - a) / (2 * spread);  // spread > 0 here: a < gap < b
}

DramSource dram_source(const std::string* name) {
  if (!name) return {};
  auto starts = [&](const char* prefix) { return name->rfind(prefix, 0) == 0; };
  if (starts("weights:")) return {DramMaster::dma, DramPattern::weight_stream};
  if (starts("kv:")) return {DramMaster::dma, DramPattern::kv_read};
  if (starts("spill.")) return {DramMaster::array, DramPattern::read_write};
  if (starts("vector.")) return {DramMaster::vector, DramPattern::read_write};
  if (starts("state:")) return {DramMaster::recurrent, DramPattern::read_write};
  return {};
}

std::string DramCalibration::describe_backend() const {
  return "preset " + preset + " (" + standard + ", " + std::to_string(channels) + " channel" +
         (channels == 1 ? "" : "s") + ", mapping " + address_mapping + ", " + row_policy + ", " + scheduler + ")";
}

std::string DramCalibration::describe_organisation() const {
  return std::to_string(channels) + " channel" + (channels == 1 ? "" : "s") + " x " + number(peak_gb_per_s / channels) +
         " GB/s, " + std::to_string(burst_bytes) + " B bursts";
}

std::shared_ptr<const DramCalibration> DramCalibration::load(const std::string& path) {
  ConfigNode root = ConfigNode::load_file(path);
  auto c = std::make_shared<DramCalibration>();
  c->file = path;
  const int64_t version = root.integer("ternsim_dram_calibration", 1, 1);
  (void)version;
  root.allow("method");  // how it was measured: for the reader, not used
  ConfigNode m = root.child("measured_on");
  c->backend = m.choice("backend", {"dramsim3", "ramulator2"});
  c->backend_commit = m.string("commit");
  c->standard = m.string("standard");
  c->preset = m.string("preset");
  c->address_mapping = m.string("address_mapping");
  // dramsim3's names, then ramulator2's (dram.<backend>.row_policy / scheduler).
  c->row_policy = m.choice("row_policy", {"open", "close", "closed"});
  c->scheduler = m.choice("scheduler", {"per_bank", "per_rank", "frfcfs", "frfcfs_rowhit"});
  c->channels = static_cast<uint32_t>(m.integer("channels", 1, 1024));
  c->burst_bytes = static_cast<uint32_t>(m.integer("burst_bytes", 1, 1 << 20));
  c->peak_gb_per_s = m.real("peak_gb_per_s", 1e-3, 1e8);
  m.allow("tck_ns");
  m.finish();
  ConfigNode p = root.child("patterns");
  for (size_t i = 0; i < kDramPatterns; ++i) {
    ConfigNode one = p.child(kPatternNames[i]);
    c->patterns[i].efficiency = one.real("efficiency", 1e-3, 1.0);
    c->patterns[i].latency_ns = one.real("latency_ns", 0.0, 1e6);
    one.allow("measured");  // the raw times the fit came from
    one.finish();
  }
  p.finish();
  if (root.has("energy")) {
    ConfigNode e = root.child("energy");
    c->energy.present = true;
    c->energy.activate_pj_per_bit = e.real("activate_pj_per_bit", 0.0, 1e6);
    c->energy.read_pj_per_bit = e.real("read_pj_per_bit", 0.0, 1e6);
    c->energy.write_pj_per_bit = e.real("write_pj_per_bit", 0.0, 1e6);
    c->energy.background_mw = e.real("background_mw", 0.0, 1e9);
    c->energy.refresh_mw = e.real("refresh_mw", 0.0, 1e9);
    if (e.has("precharged_mw") || e.has("open_after_access_ns") || e.has("reopen_activate_pj")) {
      c->energy.idle = true;
      c->energy.precharged_mw = e.real("precharged_mw", 0.0, 1e9);
      c->energy.open_after_access_ns = e.real("open_after_access_ns", 0.0, 1e9);
      // At most twice the mean (the rows cannot close before the access); an all-bank refresh's
      // spread when not given.
      c->energy.open_spread_ns =
          e.real("open_spread_ns", 2 * c->energy.open_after_access_ns, 0.0, 2 * c->energy.open_after_access_ns);
      c->energy.reopen_activate_pj = e.real("reopen_activate_pj", 0.0, 1e12);
    }
    e.allow("measured");  // the backend's energy parts the values came from
    e.finish();
  }
  root.finish();
  return c;
}

std::string DramCalibration::to_yaml(const YAML::Node& method, const std::array<YAML::Node, kDramPatterns>& measured,
                                     const YAML::Node& energy_measured) const {
  YAML::Node root(YAML::NodeType::Map);
  root["ternsim_dram_calibration"] = 1;
  YAML::Node m(YAML::NodeType::Map);
  m["backend"] = backend;
  m["commit"] = backend_commit;
  m["standard"] = standard;
  m["preset"] = preset;
  m["address_mapping"] = address_mapping;
  m["row_policy"] = row_policy;
  m["scheduler"] = scheduler;
  m["channels"] = channels;
  m["burst_bytes"] = burst_bytes;
  m["peak_gb_per_s"] = yaml_number(peak_gb_per_s);
  root["measured_on"] = m;
  root["method"] = method;
  YAML::Node ps(YAML::NodeType::Map);
  for (size_t i = 0; i < kDramPatterns; ++i) {
    YAML::Node one(YAML::NodeType::Map);
    one["efficiency"] = yaml_number(patterns[i].efficiency);
    one["latency_ns"] = yaml_number(patterns[i].latency_ns);
    if (measured[i].IsDefined() && !measured[i].IsNull()) one["measured"] = measured[i];
    ps[kPatternNames[i]] = one;
  }
  root["patterns"] = ps;
  if (energy.present) {
    YAML::Node e(YAML::NodeType::Map);
    e["activate_pj_per_bit"] = yaml_number(energy.activate_pj_per_bit);
    e["read_pj_per_bit"] = yaml_number(energy.read_pj_per_bit);
    e["write_pj_per_bit"] = yaml_number(energy.write_pj_per_bit);
    e["background_mw"] = yaml_number(energy.background_mw);
    e["refresh_mw"] = yaml_number(energy.refresh_mw);
    if (energy.idle) {
      e["precharged_mw"] = yaml_number(energy.precharged_mw);
      e["open_after_access_ns"] = yaml_number(energy.open_after_access_ns);
      e["open_spread_ns"] = yaml_number(energy.open_spread_ns);
      e["reopen_activate_pj"] = yaml_number(energy.reopen_activate_pj);
    }
    if (energy_measured.IsDefined() && !energy_measured.IsNull()) e["measured"] = energy_measured;
    root["energy"] = e;
  }
  return "# Written by `ternsim calibrate-dram`: every value below was measured on the backend named in\n"
         "# measured_on (docs/dram.md, \"Calibrating the fast path\"). An arch uses it with\n"
         "# dram.calibration: <this file>; its analytic dram must have the same organisation.\n" +
         yaml_to_string(root);
}

}  // namespace ternsim
