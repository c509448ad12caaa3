// `ternsim sweep SPEC --out DIR`: design-space sweep (python/ternsim/runner.py does the work).
#include "sim/cli/commands.hpp"
#include "sim/cli/python_exec.hpp"

namespace ternsim::cli {
namespace {

std::function<int()> setup_sweep(CLI::App& app) {
  auto* cmd = app.add_subcommand("sweep", "Run a design-space sweep spec (YAML); results appended to DIR/results.jsonl");
  struct Opts {
    std::string spec, out, scheduler;
    int jobs = 0;
    bool quiet = false, retry_failed = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("spec", o->spec, "Sweep spec YAML")->required();
  cmd->add_option("--out,-o", o->out, "Results directory (rerunning skips finished points)")->required();
  cmd->add_option("--jobs,-j", o->jobs, "Parallel simulations on this machine (default: all cores)");
  cmd->add_option("--scheduler", o->scheduler, "Dask scheduler address, e.g. tcp://host:8786");
  cmd->add_flag("--quiet,-q", o->quiet, "No progress bar or summary");
  cmd->add_flag("--retry-failed", o->retry_failed, "Run again the points recorded as failed");
  return [=]() {
    std::vector<std::string> args{"sweep", o->spec, "--out", o->out};
    if (o->jobs > 0) args.insert(args.end(), {"--jobs", std::to_string(o->jobs)});
    if (!o->scheduler.empty()) args.insert(args.end(), {"--scheduler", o->scheduler});
    if (o->quiet) args.push_back("--quiet");
    if (o->retry_failed) args.push_back("--retry-failed");
    return exec_python_cli(args);
  };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("sweep", setup_sweep);
}  // namespace ternsim::cli
