// `ternsim trace prefill|decode|info ...`: the trace generator (workloads/tracegen, Python).
// Every argument after `trace` goes unchanged to `python3 -m tracegen`, so the options and
// `--help` are tracegen's own; this process is replaced by the interpreter (exit code and
// output are tracegen's).
#include <string>

#include "sim/cli/commands.hpp"
#include "sim/cli/python_exec.hpp"

namespace ternsim::cli {
namespace {

std::function<int()> setup_trace(CLI::App& app) {
  auto* cmd = app.add_subcommand("trace", "Generate a workload trace from a model config or an ONNX model (runs tracegen; "
                                          "`ternsim trace --help` for its options)");
  // No options of our own: the help flag and every argument belong to tracegen.
  cmd->set_help_flag();
  cmd->prefix_command();
  cmd->allow_extras();
  return [cmd]() {
    return exec_python_module("tracegen", cmd->remaining(), {std::string(TERNSIM_SOURCE_DIR) + "/workloads"});
  };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("trace", setup_trace);

}  // namespace ternsim::cli
