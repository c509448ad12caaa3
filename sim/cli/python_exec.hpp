#pragma once
// Commands implemented in Python (sweep, plot) run as `/usr/bin/python3 -m ternsim.sweep_cli`
// with PYTHONPATH pointing at the build's python dir (the _ternsim module) and the source
// tree's python dir (the ternsim package), so they work from a build tree without installing.
#include <string>
#include <vector>

namespace ternsim::cli {

// Replaces this process with `/usr/bin/python3 -m <module> <args...>`, with `pythonpath`
// prepended to PYTHONPATH; returns (with a message printed) only on failure.
int exec_python_module(const std::string& module, const std::vector<std::string>& args,
                       const std::vector<std::string>& pythonpath);

// A module of the ternsim package (`ternsim.validate_published`) with the build's and the source
// tree's python dirs.
int exec_ternsim_module(const std::string& module, const std::vector<std::string>& args);

// The sweep/plot CLI (ternsim.sweep_cli).
int exec_python_cli(const std::vector<std::string>& args);

}  // namespace ternsim::cli
