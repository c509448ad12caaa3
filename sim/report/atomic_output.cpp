#include "sim/report/atomic_output.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "sim/config/config_error.hpp"

namespace ternsim {
namespace {

[[noreturn]] void fail(const std::string& path, int err) {
  throw ConfigError(path + ": cannot write output file: " + std::strerror(err));
}

void write_all(int fd, std::string_view text, const std::string& path) {
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, errno);
    if (n == 0) fail(path, EIO);
    p += n;
    left -= static_cast<size_t>(n);
  }
}

// mkstemp creates 0600 files; results get the mode any other file the user creates gets.
mode_t file_mode() {
  static const mode_t mode = [] {
    mode_t m = ::umask(0);
    ::umask(m);
    return static_cast<mode_t>(0666 & ~m);
  }();
  return mode;
}

std::string parent_of(const std::string& path) {
  auto pos = path.find_last_of('/');
  if (pos == std::string::npos) return ".";
  return pos == 0 ? "/" : path.substr(0, pos);
}

std::string base_of(const std::string& path) {
  auto pos = path.find_last_of('/');
  return pos == std::string::npos ? path : path.substr(pos + 1);
}

}  // namespace

void write_file_atomic(const std::string& path, std::string_view text) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) throw ConfigError(path + ": cannot write output file: it is a directory");
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail(path, errno);
    try {
      write_all(fd, text, path);
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) fail(path, errno);
    return;
  }
  std::string tmp = parent_of(path) + "/." + base_of(path) + ".tmp-XXXXXX";
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) fail(path, errno);
  auto undo = [&](int err) {
    ::unlink(tmp.c_str());
    fail(path, err);
  };
  try {
    write_all(fd, text, path);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::fchmod(fd, file_mode()) != 0) {
    int err = errno;
    ::close(fd);
    undo(err);
  }
  if (::close(fd) != 0) undo(errno);
  if (::rename(tmp.c_str(), path.c_str()) != 0) undo(errno);
}

void OutputDir::check(const std::string& target) {
  // Nothing is created: a run that fails or is interrupted later leaves no empty directory.
  // The target, or else its nearest existing ancestor, must be a directory this process can
  // write into (the constructor creates what is missing below it).
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p = target.empty() ? fs::path(".") : fs::path(target);
  while (!fs::exists(fs::symlink_status(p, ec)) && p.has_relative_path() && p.has_parent_path() && p != p.parent_path())
    p = p.parent_path();
  if (!fs::exists(p, ec)) p = ".";
  if (!fs::is_directory(p, ec)) throw ConfigError(target + ": cannot create output directory: " + std::strerror(ENOTDIR));
  if (::access(p.c_str(), W_OK | X_OK) != 0)
    throw ConfigError(target + ": cannot create output directory: " + std::strerror(errno));
}

OutputDir::OutputDir(std::string target, std::vector<std::string> owned_names)
    : target_(std::move(target)), owned_(std::move(owned_names)) {
  std::error_code ec;
  std::filesystem::create_directories(target_, ec);
  if (ec) throw ConfigError(target_ + ": cannot create output directory: " + ec.message());
  if (!std::filesystem::is_directory(target_, ec))
    throw ConfigError(target_ + ": cannot create output directory: it exists and is not a directory");
  stage_ = target_ + "/.ternsim-staging-XXXXXX";
  if (!::mkdtemp(stage_.data()))
    throw ConfigError(target_ + ": cannot create output directory: " + std::strerror(errno));
}

OutputDir::~OutputDir() {
  if (committed_) return;
  std::error_code ec;
  std::filesystem::remove_all(stage_, ec);  // best effort: the error that got us here is reported
}

std::string OutputDir::staged(const std::string& name) const { return stage_ + "/" + name; }

void OutputDir::write(const std::string& name, std::string_view text) {
  // Staged files are private to this run; the name shown on failure is the final one.
  const std::string path = staged(name);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail(target_ + "/" + name, errno);
  try {
    write_all(fd, text, target_ + "/" + name);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) fail(target_ + "/" + name, errno);
  if (std::find(written_.begin(), written_.end(), name) == written_.end()) written_.push_back(name);
}

void OutputDir::commit() {
  int dfd = ::open(target_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) fail(target_, errno);
  // Serialises commits of concurrent runs; a file system without locks still gets whole files.
  while (::flock(dfd, LOCK_EX) != 0 && errno == EINTR) {
  }
  auto fail_locked = [&](const std::string& path, int err) {
    ::close(dfd);
    fail(path, err);
  };
  for (const auto& name : written_)
    if (::rename(staged(name).c_str(), (target_ + "/" + name).c_str()) != 0) fail_locked(target_ + "/" + name, errno);
  for (const auto& name : owned_)
    if (std::find(written_.begin(), written_.end(), name) == written_.end())
      if (::unlink((target_ + "/" + name).c_str()) != 0 && errno != ENOENT) fail_locked(target_ + "/" + name, errno);
  ::close(dfd);  // releases the lock
  committed_ = true;
  std::error_code ec;
  std::filesystem::remove_all(stage_, ec);
}

}  // namespace ternsim
