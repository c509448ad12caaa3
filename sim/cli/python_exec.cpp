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
constexpr const char* kPython = "/usr/bin/python3";

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
  std::string path;
  for (const auto& d : pythonpath)
    if (is_dir(d)) path += (path.empty() ? "" : ":") + d;
  if (const char* old = std::getenv("PYTHONPATH"); old && *old) path += (path.empty() ? "" : ":") + std::string(old);
  ::setenv("PYTHONPATH", path.c_str(), 1);
  std::vector<std::string> full{kPython, "-m", module};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execv(kPython, argv.data());
  std::cerr << "error: cannot run " << kPython << " -m " << module << ": " << std::strerror(errno) << "\n";
  return 2;
}

int exec_ternsim_module(const std::string& module, const std::vector<std::string>& args) {
  return exec_python_module(module, args,
                            {exe_dir() + "/python",                           // <build>/python/_ternsim*.so
                             std::string(TERNSIM_SOURCE_DIR) + "/python"});   // <repo>/python/ternsim/
}

int exec_python_cli(const std::vector<std::string>& args) { return exec_ternsim_module("ternsim.sweep_cli", args); }

}  // namespace ternsim::cli
