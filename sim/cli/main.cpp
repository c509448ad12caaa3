// ternsim command line: `ternsim <command> --help` for each command.
#include <cstdlib>
#include <iostream>
#include <map>

#include "sim/cli/commands.hpp"
#include "sim/config/one_line.hpp"

namespace ternsim::cli {

static std::vector<std::pair<std::string, CommandSetup>>& table() {
  static std::vector<std::pair<std::string, CommandSetup>> t;
  return t;
}

bool register_command(const std::string& name, CommandSetup setup) {
  table().emplace_back(name, std::move(setup));
  return true;
}

const std::vector<std::pair<std::string, CommandSetup>>& commands() { return table(); }

int report_error(const std::exception& e) {
  // One line even when the message echoes input holding a newline (a path, a --set value).
  std::cerr << "error: " << ternsim::one_line(e.what(), std::string::npos) << "\n";
  return 2;
}

}  // namespace ternsim::cli

int main(int argc, char** argv) {
  // SystemC prints a banner on first use; results on stdout must stay clean.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  CLI::App app{"ternsim: cycle-level simulator for ternary (MatMul-free) LLM accelerators and NPU baselines"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("ternsim ") + TERNSIM_VERSION);
  std::map<std::string, std::function<int()>> actions;
  auto cmds = ternsim::cli::commands();
  std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.first < b.first; });
  for (auto& [name, setup] : cmds) actions[name] = setup(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0; a real usage error is bad input: one
    // line and exit 2 like every other (CLI11's own codes are 100+ and add a second line).
    if (e.get_exit_code() == 0) return app.exit(e);
    if (argc > 1 && argv[1][0] != '-' && !actions.count(argv[1])) {
      std::string names;
      for (const auto& [name, action] : actions) names += (names.empty() ? "" : ", ") + name;
      std::cerr << "error: unknown command '" << ternsim::one_line(argv[1], 80) << "'; expected one of: " << names << "\n";
      return 2;
    }
    const std::string where = argc > 1 && actions.count(argv[1]) ? std::string(" ") + argv[1] : "";
    std::cerr << "error: " << ternsim::one_line(e.what(), std::string::npos) << " (ternsim" << where << " --help lists the options)\n";
    return 2;
  }
  for (auto* sub : app.get_subcommands()) return actions.at(sub->get_name())();
  return 1;
}
