#pragma once
// Each CLI subcommand lives in its own file and registers itself on the app here.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace ternsim::cli {

// A subcommand: adds its options to `app` and returns the action run when it is chosen.
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

bool register_command(const std::string& name, CommandSetup setup);
const std::vector<std::pair<std::string, CommandSetup>>& commands();

// Prints "error: <message>" the same way for every command.
int report_error(const std::exception& e);

}  // namespace ternsim::cli

#define TERNSIM_REGISTER_COMMAND(NAME, FN) \
  static const bool ternsim_command_registered_##FN = ::ternsim::cli::register_command(NAME, FN)
