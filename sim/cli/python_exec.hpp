#pragma once
// Commands implemented in Python (sweep, plot, trace, import) run as `<python> -m <module>`.
// From a build tree <python> is the interpreter CMake built the module for (Python_EXECUTABLE,
// /usr/bin/python3 by default) and PYTHONPATH gets the build's python dir (the _ternsim module)
// and the source tree's python and workloads dirs, so they work without installing. A
// pip-installed ternsim sets TERNSIM_PYTHON (ternsim/__main__.py): that interpreter, as is.
#include <string>
#include <vector>

namespace ternsim::cli {

// Replaces this process with `<python> -m <module> <args...>`, with `pythonpath` prepended to
// PYTHONPATH (build tree); returns (with a message printed) only on failure.
int exec_python_module(const std::string& module, const std::vector<std::string>& args,
                       const std::vector<std::string>& pythonpath);

// `python3 -m <module>` with the build's python dir and the source tree's python and workloads
// dirs on PYTHONPATH (the _ternsim module, the ternsim and tracegen packages).
int exec_ternsim_module(const std::string& module, const std::vector<std::string>& args);

// The sweep/plot CLI (ternsim.sweep_cli) with the build's and the source tree's python dirs.
int exec_python_cli(const std::vector<std::string>& args);

}  // namespace ternsim::cli
