// `ternsim trace prefill|decode|info ...`: the trace generator (workloads/tracegen, Python).
// Every argument after `trace` goes unchanged to `python3 -m tracegen`, so the options and
// `--help` are tracegen's own; this process is replaced by the interpreter (exit code and
// output are tracegen's).
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"

namespace ternsim::cli {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

std::function<int()> setup_trace(CLI::App& app) {
  auto* cmd = app.add_subcommand("trace", "Generate a workload trace from a model config (runs tracegen; "
                                          "`ternsim trace --help` for its options)");
  // No options of our own: the help flag and every argument belong to tracegen.
  cmd->set_help_flag();
  cmd->prefix_command();
  cmd->allow_extras();
  return [cmd]() {
    std::vector<std::string> args = {"python3", "-m", "tracegen"};
    for (const auto& a : cmd->remaining()) args.push_back(a);
    const std::string workloads = std::string(TERNSIM_SOURCE_DIR) + "/workloads";
    const char* old = std::getenv("PYTHONPATH");
    const std::string path = old && *old ? workloads + ":" + old : workloads;
    setenv("PYTHONPATH", path.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::cout.flush();
    ::execv(kPython, argv.data());
    std::cerr << "error: cannot run " << kPython << " -m tracegen: " << std::strerror(errno) << "\n";
    return 2;
  };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("trace", setup_trace);

}  // namespace ternsim::cli
