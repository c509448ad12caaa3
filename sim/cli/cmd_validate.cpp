// `ternsim validate`: one simulation compared with board measurements (sim/report/validation.hpp).
#include <filesystem>
#include <sstream>
#include <iostream>
#include <optional>

#include "sim/cli/commands.hpp"
#include "sim/config/config_error.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/report/atomic_output.hpp"
#include "sim/report/result_json.hpp"
#include "sim/report/validation.hpp"
#include "sim/workload/workload_loader.hpp"

namespace ternsim::cli {
namespace {

// Average power, if the run's summary carries one (the energy model adds it when the arch
// has a tech table).
std::optional<double> simulated_power(const RunResult& r) {
  const auto j = summary_json(r);
  for (const char* k : {"power_w", "average_power_w"})
    if (j.contains(k) && j[k].is_number()) return j[k].get<double>();
  if (j.contains("energy") && j["energy"].is_object())
    for (const char* k : {"power_w", "average_power_w"})
      if (j["energy"].contains(k) && j["energy"][k].is_number()) return j["energy"][k].get<double>();
  return std::nullopt;
}

std::function<int()> setup_validate(CLI::App& app) {
  auto* cmd = app.add_subcommand("validate", "Compare board measurements (CSV) with a simulation, per op or layer");
  auto req = std::make_shared<RunRequest>();
  auto measured = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--arch,-a", req->arch_path, "Architecture YAML")->required();
  cmd->add_option("--workload,-w", req->workload_path, "Workload IR YAML")->required();
  cmd->add_option("--measured,-m", *measured,
                  "CSV: name (op, layer prefix or 'total') and any of cycles, seconds, power_w, tokens_per_s")
      ->required();
  cmd->add_option("--set,-s", req->overrides, "Override an arch key: dotted.key=value (repeatable)");
  cmd->add_option("--out,-o", *out, "Directory for validation.csv and validation.md");
  return [=]() {
    try {
      // The CSV is checked against the workload's op names before the simulation runs.
      Workload wl = load_workload_file(req->workload_path);
      std::vector<std::string> names;
      for (const auto& op : wl.ops) names.push_back(op.name);
      MeasuredTable m = load_measured_csv(*measured, names);
      RunResult r = simulate_in_process(*req);
      Validation v = validate(m, r, simulated_power(r));
      std::cout << "ternsim validate: " << r.workload << " on " << r.arch << " vs " << *measured << "\n\n";
      print_validation(v, std::cout);
      if (!out->empty()) {
        OutputDir dir(*out, {"validation.csv", "validation.md"});
        std::ostringstream csv, md;
        write_validation_csv(v, csv);
        write_validation_md(v, r, md);
        dir.write("validation.csv", csv.str());
        dir.write("validation.md", md.str());
        dir.commit();
        std::cout << "\n  results in " << *out << "/ (validation.csv, validation.md)\n";
      }
      return 0;
    } catch (const std::exception& e) {
      return report_error(e);
    }
  };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("validate", setup_validate);
}  // namespace ternsim::cli
