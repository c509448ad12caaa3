// `ternsim compare`: the same workload on several architectures, one table with a column
// per architecture and ratios to the first. Each run is forked (simulate()), so any number
// of architectures run from one process.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/config/config_error.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/engine/simulate.hpp"
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
  // Area does not depend on the workload: a one-MAC GEMM runs in a few cycles.
  static std::string path = [] {
    std::string p = (std::filesystem::temp_directory_path() /
                     ("ternsim_compare_probe_" + std::to_string(::getpid()) + ".yaml")).string();
    std::ofstream(p) << "name: area_probe\nops:\n  - {name: g, kind: gemm, m: 1, n: 1, k: 1, weight: int8}\n";
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

// Extra overrides for architecture i so that it matches architecture 0, and a note saying so.
std::vector<std::string> normalize(const CompareOptions& o, size_t i, std::string& note) {
  if (o.normalize == "none" || i == 0) return {};
  const ArraySize s = array_size(o.archs[i], o.overrides);
  double factor = 1;
  if (o.normalize == "iso-peak") {
    const ArraySize base = array_size(o.archs[0], o.overrides);
    factor = base.peak_macs_per_s / s.peak_macs_per_s;
  } else {  // iso-area: area is affine in the cell count (SRAM, vector unit... are fixed)
    const double target = area_of(o.archs[0], o.overrides);
    const double a1 = area_of(o.archs[i], o.overrides);
    const double a2 = area_of(o.archs[i], plus(o.overrides, {"array.rows=" + std::to_string(2 * s.rows)}));
    const double per_cell = (a2 - a1) / double(s.rows * s.cols);
    const double fixed = a1 - per_cell * double(s.rows * s.cols);
    if (per_cell <= 0 || target <= fixed)
      throw ConfigError(o.archs[i] + ": --normalize iso-area: its area without the array (" + std::to_string(fixed) +
                        " mm2) already reaches " + o.archs[0] + "'s total (" + std::to_string(target) + " mm2)");
    factor = (target - fixed) / per_cell / double(s.rows * s.cols);
  }
  std::vector<std::string> set = scaled(s, factor);
  note = o.archs[i] + ": " + o.normalize + " rescaled array " + std::to_string(s.rows) + "x" + std::to_string(s.cols) +
         " -> " + set[0].substr(set[0].find('=') + 1) + "x" + set[1].substr(set[1].find('=') + 1);
  return set;
}

int run_compare(const CompareOptions& o) {
  if (o.archs.size() < 2) throw ConfigError("compare: give at least two --arch files");
  std::vector<std::string> labels;
  std::vector<nlohmann::ordered_json> summaries;
  std::vector<std::string> notes;
  for (size_t i = 0; i < o.archs.size(); ++i) {
    std::string note;
    std::vector<std::string> extra = normalize(o, i, note);
    if (!note.empty()) notes.push_back(note);
    RunResult r = simulate(RunRequest{o.archs[i], o.workload, plus(o.overrides, extra)});
    std::string label = r.arch.empty() ? std::filesystem::path(o.archs[i]).stem().string() : r.arch;
    for (const auto& l : labels)
      if (l == label) label += "#" + std::to_string(i + 1);  // same name twice: keep columns apart
    labels.push_back(label);
    summaries.push_back(summary_json(r));
  }
  CompareTable t = build_compare_table(labels, summaries);
  t.notes = notes;
  std::cout << "ternsim compare: " << summaries[0].value("workload", o.workload) << ", ratios to " << labels[0]
            << "\n\n";
  print_compare_table(t, std::cout);
  if (!o.out.empty()) {
    std::filesystem::create_directories(o.out);
    std::ofstream csv(o.out + "/compare.csv");
    write_compare_csv(t, csv);
    std::ofstream(o.out + "/compare.json") << compare_json(t).dump(2) << "\n";
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
                  "none | iso-peak (scale each later array to the first's peak MACs/s) | iso-area (to its area)")
      ->check(CLI::IsMember({"none", "iso-peak", "iso-area"}));
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
