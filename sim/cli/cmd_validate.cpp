// `ternsim validate`: one simulation compared with board measurements (sim/report/validation.hpp);
// `ternsim validate --published`: the published-design suite (python/ternsim/validate_published.py,
// validation/designs.yaml) that regenerates docs/validation.md.
#include <filesystem>
#include <sstream>
#include <iostream>
#include <optional>

#include "sim/cli/commands.hpp"
#include "sim/cli/python_exec.hpp"
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
  auto* cmd = app.add_subcommand("validate",
                                 "Compare board measurements (CSV) with a simulation, per op or layer; or, with "
                                 "--published, rerun the published-design suite and rewrite docs/validation.md");
  auto req = std::make_shared<RunRequest>();
  auto measured = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto check = std::make_shared<std::string>();
  auto published = std::make_shared<bool>(false);
  auto dram_backend = std::make_shared<bool>(false);
  auto* arch = cmd->add_option("--arch,-a", req->arch_path, "Architecture YAML (required without --published)");
  auto* wl = cmd->add_option("--workload,-w", req->workload_path, "Workload IR YAML (required without --published)");
  auto* meas = cmd->add_option("--measured,-m", *measured,
                               "CSV: name (op, layer prefix or 'total') and any of cycles, seconds, power_w, "
                               "tokens_per_s (required without --published)");
  auto* set = cmd->add_option("--set,-s", req->overrides, "Override an arch key: dotted.key=value (repeatable)");
  cmd->add_option("--out,-o", *out,
                  "Directory for validation.csv and validation.md; with --published: the document to write "
                  "(default docs/validation.md, '-' = stdout)");
  auto* pub = cmd->add_flag("--published", *published,
                            "Run validation/designs.yaml (published designs, their assumptions at x0.5 / x1.5) and "
                            "rewrite docs/validation.md");
  cmd->add_option("--check", *check, "With --published: write nothing, exit 1 if FILE differs from the regenerated text")
      ->needs(pub);
  cmd->add_flag("--dram-backend", *dram_backend,
                "With --published: also run the designs marked opt_in: dram_backend (cycle-accurate DRAM, slow) "
                "and record them in validation/results/")
      ->needs(pub);
  pub->excludes(arch)->excludes(wl)->excludes(meas)->excludes(set);
  return [=]() {
    if (*published) {
      std::vector<std::string> args;
      if (!out->empty()) args.insert(args.end(), {"--out", *out});
      if (!check->empty()) args.insert(args.end(), {"--check", *check});
      if (*dram_backend) args.push_back("--dram-backend");
      return exec_ternsim_module("ternsim.validate_published", args);
    }
    if (req->arch_path.empty() || req->workload_path.empty() || measured->empty()) {
      std::cerr << "error: validate: --arch, --workload and --measured are required (or use --published)\n";
      return 2;
    }
    try {
      // The CSV is checked against the workload's op names before the simulation runs.
      Workload wl = load_workload_file(req->workload_path);
      std::vector<std::string> names;
      for (const auto& op : wl.ops) names.push_back(op.name);
      MeasuredTable m = load_measured_csv(*measured, names);
      if (!out->empty()) OutputDir::check(*out);
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
