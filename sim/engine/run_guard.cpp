#include "sim/engine/run_guard.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "sim/config/config_error.hpp"
#include "sim/engine/fd_io.hpp"

namespace ternsim {
namespace {

std::atomic<int> g_report_fd{-1};

uint64_t env_u64(const char* name, uint64_t def) {
  const char* v = std::getenv(name);
  if (!v || !*v) return def;
  char* end = nullptr;
  errno = 0;
  unsigned long long x = std::strtoull(v, &end, 10);
  if (errno != 0 || *end != '\0' || x == 0 || v[0] == '-')
    throw ConfigError(std::string(name) + "=" + v + ": expected a positive integer");
  return x;
}

uint64_t resident_mb() {
  // /proc/self/statm: size resident shared text lib data dt, in pages.
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long size = 0, resident = 0;
  int got = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (got != 2) return 0;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE)) >> 20;
}

[[noreturn]] void stop(const std::string& message, bool tty) {
  const int fd = g_report_fd.load();
  if (fd >= 0) {
    nlohmann::json msg;
    msg["error"] = {{"type", "ConfigError"}, {"message", message}};
    const std::vector<uint8_t> wire = nlohmann::json::to_msgpack(msg);
    write_all(fd, std::string(wire.begin(), wire.end()));
    ::_exit(0);
  }
  const std::string line = std::string(tty ? "\r\033[K" : "") + "error: " + message + "\n";
  write_all(2, line);
  ::_exit(2);
}

}  // namespace

RunLimits run_limits() {
  RunLimits l;
  const uint64_t phys_mb =
      static_cast<uint64_t>(::sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE)) >> 20;
  l.max_memory_mb = env_u64("TERNSIM_MAX_MEMORY_MB", phys_mb ? phys_mb * 3 / 4 : 16384);
  l.max_seconds = static_cast<double>(env_u64("TERNSIM_MAX_SECONDS", 86400));
  return l;
}

struct RunGuard::State {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread watchdog;
};

void RunGuard::report_to_pipe(int fd) { g_report_fd = fd; }

RunGuard::RunGuard() : s_(std::make_unique<State>()) {
  const RunLimits limits = run_limits();  // a malformed value fails before the run starts
  const bool tty = ::isatty(2) == 1;
  s_->watchdog = std::thread([this, limits, tty] {
    const auto t0 = std::chrono::steady_clock::now();
    bool progress_shown = false;
    std::unique_lock<std::mutex> lock(s_->mu);
    while (!s_->cv.wait_for(lock, std::chrono::milliseconds(200), [this] { return s_->done; })) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const uint64_t mb = resident_mb();
      if (mb > limits.max_memory_mb)
        stop("simulation stopped after " + std::to_string(static_cast<uint64_t>(secs)) + " s: it uses more than " +
             std::to_string(limits.max_memory_mb) +
             " MiB of memory (the limit; raise it with TERNSIM_MAX_MEMORY_MB=<MiB>)", tty);
      if (secs > limits.max_seconds)
        stop("simulation stopped: it ran longer than " + std::to_string(static_cast<uint64_t>(limits.max_seconds)) +
             " s (the limit; raise it with TERNSIM_MAX_SECONDS=<seconds>)", tty);
      if (tty && secs >= 10) {
        char line[96];
        std::snprintf(line, sizeof line, "\rternsim: simulating: %.0f s, %.1f GiB resident ", secs, mb / 1024.0);
        write_all(2, line);
        progress_shown = true;
      }
    }
    if (progress_shown) write_all(2, "\r\033[K");
  });
}

RunGuard::~RunGuard() {
  {
    std::lock_guard<std::mutex> lock(s_->mu);
    s_->done = true;
  }
  s_->cv.notify_all();
  s_->watchdog.join();
}

}  // namespace ternsim
