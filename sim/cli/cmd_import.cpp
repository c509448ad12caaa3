// `ternsim import scalesim --cfg X.cfg --topology T.csv -o DIR`: converts another tool's inputs
// into ternsim's arch YAML and workload IR (python/ternsim/importers). Every argument after
// `import` goes unchanged to `python3 -m ternsim.importers`, so options and `--help` are its own.
#include "sim/cli/commands.hpp"
#include "sim/cli/python_exec.hpp"

namespace ternsim::cli {
namespace {

std::function<int()> setup_import(CLI::App& app) {
  auto* cmd = app.add_subcommand("import", "Convert a SCALE-Sim .cfg + topology CSV into an arch and a workload YAML "
                                           "(`ternsim import scalesim --help`)");
  cmd->set_help_flag();
  cmd->prefix_command();
  cmd->allow_extras();
  return [cmd]() { return exec_ternsim_module("ternsim.importers", cmd->remaining()); };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("import", setup_import);

}  // namespace ternsim::cli
