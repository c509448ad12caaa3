// `ternsim plot DIR`: PNG plots of a sweep's results (python/ternsim/plots.py).
#include "sim/cli/commands.hpp"
#include "sim/cli/python_exec.hpp"

namespace ternsim::cli {
namespace {

std::function<int()> setup_plot(CLI::App& app) {
  auto* cmd = app.add_subcommand("plot", "Plot a sweep's results (Pareto front, energy vs area, breakdown) as PNG");
  struct Opts {
    std::string results, x = "seconds", y = "energy_j", plots;
    std::vector<std::string> maximize, minimize;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("results", o->results, "Sweep output directory (with results.csv)")->required();
  cmd->add_option("--x", o->x, "Metric on the x axis")->capture_default_str();
  cmd->add_option("--y", o->y, "Metric on the y axis")->capture_default_str();
  cmd->add_option("--plots", o->plots, "Directory for the PNGs (default RESULTS/plots)");
  cmd->add_option("--maximize", o->maximize, "Metric where higher is better (Pareto sense; default: the spec's objectives)")
      ->allow_extra_args(false);
  cmd->add_option("--minimize", o->minimize, "Metric where lower is better (Pareto sense; default: the spec's objectives)")
      ->allow_extra_args(false);
  return [=]() {
    std::vector<std::string> args{"plot", o->results, "--x", o->x, "--y", o->y};
    if (!o->plots.empty()) args.insert(args.end(), {"--plots", o->plots});
    for (const auto& m : o->maximize) args.insert(args.end(), {"--maximize", m});
    for (const auto& m : o->minimize) args.insert(args.end(), {"--minimize", m});
    return exec_python_cli(args);
  };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("plot", setup_plot);
}  // namespace ternsim::cli
