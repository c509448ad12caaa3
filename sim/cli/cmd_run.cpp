// `ternsim run`: one simulation in this process, report on stdout, files in --out.
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/cli/run_extras.hpp"
#include "sim/config/config_error.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/report/report_writer.hpp"
#include "sim/report/result_json.hpp"

namespace ternsim::cli {
namespace {

std::function<int()> setup_run(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Simulate one workload on one architecture");
  auto req = std::make_shared<RunRequest>();
  auto out = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("--arch,-a", req->arch_path, "Architecture YAML")->required();
  cmd->add_option("--workload,-w", req->workload_path, "Workload IR YAML")->required();
  cmd->add_option("--set,-s", req->overrides, "Override an arch key: dotted.key=value (repeatable)");
  cmd->add_option("--out,-o", *out, "Directory for summary.json, ops.csv, resolved_arch.yaml");
  cmd->add_flag("--json", *json, "Print summary.json instead of the table");
  cmd->add_flag("--per-step", req->per_step,
                "Workloads with a repeat: loop: one ops.csv row per op per step (default: one per body op)");
  auto extras = std::make_shared<RunExtras>();
  add_run_extras(cmd, *extras);
  return [=]() {
    try {
      begin_run_extras(*extras);
      if (!out->empty()) OutputDir::check(*out);  // a bad --out fails before the simulation, not after
      RunResult r = simulate_in_process(*req);
      // Every file is staged and checked, and lands in --out only when all of them are whole.
      std::unique_ptr<OutputDir> dir;
      if (!out->empty()) {
        dir = std::make_unique<OutputDir>(*out, run_output_names());
        write_run_outputs(r, *dir, req->workload_path);
      }
      if (*json)
        std::cout << summary_json(r).dump(2) << "\n";
      else
        print_report(r, std::cout);
      finish_run_extras(*extras, *req, r, dir.get(), *json ? std::cerr : std::cout);
      if (dir) dir->commit();
      if (!out->empty() && !*json) std::cout << "\n  results in " << *out << "/ (summary.json, ops.csv, resolved_arch.yaml)\n";
      return 0;
    } catch (const std::exception& e) {
      return report_error(e);
    }
  };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("run", setup_run);
}  // namespace ternsim::cli
