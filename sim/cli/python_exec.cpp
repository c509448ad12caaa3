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

int exec_python_cli(const std::vector<std::string>& args) {
  std::string path;
  auto add = [&](const std::string& d) {
    if (is_dir(d)) path += (path.empty() ? "" : ":") + d;
  };
  add(exe_dir() + "/python");                  // <build>/python/_ternsim*.so
  add(std::string(TERNSIM_SOURCE_DIR) + "/python");  // <repo>/python/ternsim/
  if (const char* old = std::getenv("PYTHONPATH"); old && *old) path += (path.empty() ? "" : ":") + std::string(old);
  ::setenv("PYTHONPATH", path.c_str(), 1);
  std::vector<std::string> full{kPython, "-m", "ternsim.sweep_cli"};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execv(kPython, argv.data());
  std::cerr << "error: cannot run " << kPython << ": " << std::strerror(errno) << "\n";
  return 2;
}

}  // namespace ternsim::cli
