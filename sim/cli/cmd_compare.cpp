// `ternsim compare`: the same workload on several architectures, one table with a column
// per architecture and ratios to the first. Each run is forked (simulate()), so any number
// of architectures run from one process.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <iostream>
#include <map>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/config/config_error.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/report/atomic_output.hpp"
#include "sim/report/compare_table.hpp"
#include "sim/report/result_json.hpp"

namespace ternsim::cli {
namespace {

struct CompareOptions {
  std::vector<std::string> archs;
  std::string workload;
  std::vector<std::string> overrides;  // applied to every architecture
  std::string normalize = "none";
  std::string out;
};

struct ArraySize {
  uint64_t rows = 0, cols = 0;
  double peak_macs_per_s = 0;
};

ArraySize array_size(const std::string& arch, const std::vector<std::string>& overrides) {
  ArchConfig a = load_arch_file(arch, overrides);
  ArraySize s;
  const YAML::Node arr = a.doc->resolved["array"];
  if (!arr || !arr["rows"] || !arr["cols"])
    throw ConfigError(arch + ": array: --normalize needs an array with rows and cols keys");
  s.rows = arr["rows"].as<uint64_t>();
  s.cols = arr["cols"].as<uint64_t>();
  s.peak_macs_per_s = a.array->peak_macs_per_cycle() * a.clock_mhz * 1e6;
  return s;
}

// Cells scaled by `factor` keeping the aspect ratio, each side rounded to the nearest integer.
std::vector<std::string> scaled(const ArraySize& s, double factor) {
  const double side = std::sqrt(factor);
  auto r = std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(double(s.rows) * side)));
  auto c = std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(double(s.cols) * side)));
  return {"array.rows=" + std::to_string(r), "array.cols=" + std::to_string(c)};
}

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::string probe_workload() {
  // Area does not depend on the workload: a one-MAC GEMM runs in a few cycles. Ternary weights,
  // which every array kind accepts (a lut array takes nothing else).
  static std::string path = [] {
    std::string p = (std::filesystem::temp_directory_path() /
                     ("ternsim_compare_probe_" + std::to_string(::getpid()) + ".yaml")).string();
    write_file_atomic(p, "name: area_probe\nops:\n  - {name: g, kind: gemm, m: 1, n: 1, k: 1, weight: ternary}\n");
    return p;
  }();
  return path;
}

double area_of(const std::string& arch, const std::vector<std::string>& overrides) {
  auto j = summary_json(simulate(RunRequest{arch, probe_workload(), overrides}));
  if (!j.contains("area_mm2"))
    throw ConfigError(arch + ": --normalize iso-area needs an area estimate, which needs a technology table "
                             "(top-level key `tech:`) in every architecture");
  return j.at("area_mm2").get<double>();
}

// Whole-workload runs, memoized: iso-power probes the real workload and its last probe is
// often the run the table shows.
class RunCache {
 public:
  const nlohmann::ordered_json& summary(const std::string& arch, const std::string& wl,
                                        const std::vector<std::string>& sets) {
    std::string key = arch + "\n" + wl;
    for (const auto& s : sets) key += "\n" + s;
    auto it = runs_.find(key);
    if (it == runs_.end()) it = runs_.emplace(key, summary_json(simulate(RunRequest{arch, wl, sets}))).first;
    return it->second;
  }

 private:
  std::map<std::string, nlohmann::ordered_json> runs_;
};

double power_of(RunCache& cache, const std::string& arch, const std::string& wl, const std::vector<std::string>& sets) {
  const auto& j = cache.summary(arch, wl, sets);
  if (!j.contains("power_w"))
    throw ConfigError(arch + ": --normalize iso-power needs the average power, which needs a technology table "
                             "(top-level key `tech:`) in every architecture");
  return j.at("power_w").get<double>();
}

uint64_t side(const std::string& set) { return std::stoull(set.substr(set.find('=') + 1)); }

// iso-power: average power on this workload is not affine in the array size (it saturates
// once the workload turns memory-bound: a bigger array then only adds leakage), so it is found
// on the real workload: double or halve the cell count until the target power is bracketed,
// then bisect (geometrically) until the power is within 0.5% or the rounded array repeats.
// Power is taken to grow with the array; the run closest to the target wins.
std::vector<std::string> iso_power(const CompareOptions& o, size_t i, RunCache& cache, const ArraySize& s,
                                   double& achieved, double& target) {
  target = power_of(cache, o.archs[0], o.workload, o.overrides);
  struct Point {
    double factor, power;
    std::vector<std::string> set;
  };
  std::vector<Point> pts;
  pts.reserve(64);  // at most ~20 doublings/halvings + 30 bisections: pointers into it stay valid
  auto probe = [&](double f) -> const Point* {
    std::vector<std::string> set = scaled(s, f);
    for (const auto& p : pts)
      if (p.set == set) return nullptr;  // rounding landed on an array already run
    pts.push_back({f, power_of(cache, o.archs[i], o.workload, plus(o.overrides, set)), set});
    return &pts.back();
  };
  auto close = [&](const Point& p) { return std::fabs(p.power - target) <= 0.005 * target; };
  const double one = 1.0 / double(s.rows * s.cols);  // factor of a 1x1 array
  const Point* p = probe(1.0);
  double lo = 0, hi = 0;  // factors with power below / above the target
  if (p->power < target) {
    lo = 1.0;
    for (double f = 2.0; !close(*p); f *= 2) {
      if (f > 1e6)
        throw ConfigError(o.archs[i] + ": --normalize iso-power: even a " + std::to_string(uint64_t(f / 2)) +
                          "x larger array stays below " + o.archs[0] + "'s power (" + std::to_string(target) + " W)");
      const Point* q = probe(f);
      if (!q) break;
      p = q;
      if (p->power >= target) {
        hi = f;
        break;
      }
      lo = f;
    }
  } else {
    hi = 1.0;
    for (double f = 0.5; !close(*p); f /= 2) {
      const double fc = std::max(f, one);
      const Point* q = probe(fc);
      if (!q) break;
      p = q;
      if (p->power <= target) {
        lo = fc;
        break;
      }
      hi = fc;
      if (fc == one)
        throw ConfigError(o.archs[i] + ": --normalize iso-power: even a 1x1 array exceeds " + o.archs[0] +
                          "'s power (" + std::to_string(target) + " W)");
    }
  }
  for (int step = 0; step < 30 && lo > 0 && hi > 0 && !close(*p); ++step) {
    const double f = std::sqrt(lo * hi);
    const Point* q = probe(f);
    if (!q) break;
    p = q;
    (p->power < target ? lo : hi) = f;
  }
  const Point& best = *std::min_element(pts.begin(), pts.end(), [&](const Point& a, const Point& b) {
    return std::fabs(a.power - target) < std::fabs(b.power - target);
  });
  achieved = best.power;
  return best.set;
}

std::string fmt_g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// Extra overrides for architecture i so that it matches architecture 0, and a note saying so
// (with the achieved value where it is a fit: area or power).
std::vector<std::string> normalize(const CompareOptions& o, size_t i, RunCache& cache, std::string& note) {
  if (o.normalize == "none" || i == 0) return {};
  const ArraySize s = array_size(o.archs[i], o.overrides);
  std::vector<std::string> set;
  std::string achieved_note;
  if (o.normalize == "iso-peak") {
    const ArraySize base = array_size(o.archs[0], o.overrides);
    set = scaled(s, base.peak_macs_per_s / s.peak_macs_per_s);
  } else if (o.normalize == "iso-area") {  // area is affine in the cell count (SRAM, vector unit... are fixed)
    const double target = area_of(o.archs[0], o.overrides);
    const double a1 = area_of(o.archs[i], o.overrides);
    const double a2 = area_of(o.archs[i], plus(o.overrides, {"array.rows=" + std::to_string(2 * s.rows)}));
    const double per_cell = (a2 - a1) / double(s.rows * s.cols);
    const double fixed = a1 - per_cell * double(s.rows * s.cols);
    if (per_cell <= 0 || target <= fixed)
      throw ConfigError(o.archs[i] + ": --normalize iso-area: its area without the array (" + std::to_string(fixed) +
                        " mm2) already reaches " + o.archs[0] + "'s total (" + std::to_string(target) + " mm2)");
    set = scaled(s, (target - fixed) / per_cell / double(s.rows * s.cols));
    const double got = area_of(o.archs[i], plus(o.overrides, set));
    achieved_note = ": area " + fmt_g(got) + " mm2 vs " + fmt_g(target) + " mm2 (" + fmt_g(100 * (got / target - 1)) + "%)";
  } else {
    double got = 0, target = 0;
    set = iso_power(o, i, cache, s, got, target);
    achieved_note = ": power " + fmt_g(got) + " W vs " + fmt_g(target) + " W (" + fmt_g(100 * (got / target - 1)) +
                    "%; arrays come in whole rows and columns)";
  }
  note = o.archs[i] + ": " + o.normalize + " rescaled array " + std::to_string(s.rows) + "x" + std::to_string(s.cols) +
         " -> " + std::to_string(side(set[0])) + "x" + std::to_string(side(set[1])) + achieved_note;
  return set;
}

int run_compare(const CompareOptions& o) {
  if (o.archs.size() < 2) throw ConfigError("compare: give at least two --arch files");
  if (!o.out.empty()) OutputDir::check(o.out);  // before the simulations
  std::vector<std::string> labels;
  std::vector<nlohmann::ordered_json> summaries;
  std::vector<std::string> notes;
  RunCache cache;
  for (size_t i = 0; i < o.archs.size(); ++i) {
    std::string note;
    std::vector<std::string> extra = normalize(o, i, cache, note);
    if (!note.empty()) notes.push_back(note);
    const auto& sum = cache.summary(o.archs[i], o.workload, plus(o.overrides, extra));
    const std::string arch = sum.value("arch", std::string());
    std::string label = arch.empty() ? std::filesystem::path(o.archs[i]).stem().string() : arch;
    for (const auto& l : labels)
      if (l == label) label += "#" + std::to_string(i + 1);  // same name twice: keep columns apart
    labels.push_back(label);
    summaries.push_back(sum);
  }
  CompareTable t = build_compare_table(labels, summaries);
  t.notes = notes;
  for (size_t i = 0; i < summaries.size(); ++i)  // the roofline unit each arch is bound by
    if (summaries[i].contains("bounds"))
      t.notes.push_back(labels[i] + ": bound by " + summaries[i]["bounds"].value("binding_unit", std::string("?")));
  std::cout << "ternsim compare: " << summaries[0].value("workload", o.workload) << ", ratios to " << labels[0]
            << "\n\n";
  print_compare_table(t, std::cout);
  if (!o.out.empty()) {
    OutputDir dir(o.out, {"compare.csv", "compare.json"});
    std::ostringstream csv;
    write_compare_csv(t, csv);
    dir.write("compare.csv", csv.str());
    dir.write("compare.json", compare_json(t).dump(2) + "\n");
    dir.commit();
    std::cout << "\n  results in " << o.out << "/ (compare.csv, compare.json)\n";
  }
  return 0;
}

std::function<int()> setup_compare(CLI::App& app) {
  auto* cmd = app.add_subcommand("compare", "Run one workload on several architectures and compare them side by side");
  auto o = std::make_shared<CompareOptions>();
  cmd->add_option("--arch,-a", o->archs, "Architecture YAML (repeat; the first is the baseline of the ratios)")
      ->required();
  cmd->add_option("--workload,-w", o->workload, "Workload IR YAML")->required();
  cmd->add_option("--set,-s", o->overrides, "Override a key of every arch: dotted.key=value (repeatable)");
  cmd->add_option("--normalize", o->normalize,
                  "none | iso-peak (scale each later array to the first's peak MACs/s) | iso-area (to its area) | "
                  "iso-power (to its average power on this workload)")
      ->check(CLI::IsMember({"none", "iso-peak", "iso-area", "iso-power"}));
  cmd->add_option("--out,-o", o->out, "Directory for compare.csv and compare.json");
  return [o]() {
    try {
      return run_compare(*o);
    } catch (const std::exception& e) {
      return report_error(e);
    }
  };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("compare", setup_compare);
}  // namespace ternsim::cli
