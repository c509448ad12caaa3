#include "sim/cli/python_exec.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace ternsim::cli {
namespace {

// The interpreter the module was built for (python/CMakeLists.txt), not whatever is on PATH.
#ifndef TERNSIM_PYTHON_EXECUTABLE
#define TERNSIM_PYTHON_EXECUTABLE "/usr/bin/python3"
#endif

// A pip-installed ternsim runs this binary through its Python launcher (ternsim/__main__.py),
// which sets TERNSIM_PYTHON to the interpreter the package is installed in: use it, and leave
// PYTHONPATH alone (the packages are importable there).
const char* installed_python() {
  const char* p = std::getenv("TERNSIM_PYTHON");
  return p && *p ? p : nullptr;
}

bool is_dir(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string exe_dir() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string p(buf, static_cast<size_t>(n));
  auto pos = p.find_last_of('/');
  return pos == std::string::npos ? "." : p.substr(0, pos);
}

}  // namespace

int exec_python_module(const std::string& module, const std::vector<std::string>& args,
                       const std::vector<std::string>& pythonpath) {
  const char* installed = installed_python();
  const std::string python = installed ? installed : TERNSIM_PYTHON_EXECUTABLE;
  if (!installed) {
    std::string path;
    for (const auto& d : pythonpath)
      if (is_dir(d)) path += (path.empty() ? "" : ":") + d;
    if (const char* old = std::getenv("PYTHONPATH"); old && *old) path += (path.empty() ? "" : ":") + std::string(old);
    ::setenv("PYTHONPATH", path.c_str(), 1);
  }
  std::vector<std::string> full{python, "-m", module};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execv(python.c_str(), argv.data());
  std::cerr << "error: cannot run " << python << " -m " << module << ": " << std::strerror(errno) << "\n";
  return 2;
}

int exec_ternsim_module(const std::string& module, const std::vector<std::string>& args) {
  return exec_python_module(module, args,
                            {exe_dir() + "/python",                             // <build>/python/_ternsim*.so
                             std::string(TERNSIM_SOURCE_DIR) + "/python",       // <repo>/python/ternsim/
                             std::string(TERNSIM_SOURCE_DIR) + "/workloads"});  // <repo>/workloads/tracegen/
}

int exec_python_cli(const std::vector<std::string>& args) { return exec_ternsim_module("ternsim.sweep_cli", args); }

}  // namespace ternsim::cli
