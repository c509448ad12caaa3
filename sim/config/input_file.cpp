#include "sim/config/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "sim/config/config_error.hpp"

namespace ternsim {

uint64_t max_input_bytes() {
  const char* env = std::getenv("TERNSIM_MAX_INPUT_BYTES");
  if (!env || !*env) return kDefaultMaxInputBytes;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(env, &end, 10);
  if (errno != 0 || *end != '\0' || v == 0 || env[0] == '-')
    throw ConfigError(std::string("TERNSIM_MAX_INPUT_BYTES=") + env + ": expected a positive integer (bytes)");
  return v;
}

std::string read_input_file(const std::string& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be rejected.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw ConfigError(path + ": cannot open file: " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw ConfigError(path + ": cannot open file: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw ConfigError(path + ": is a directory, expected a file");
  if (!S_ISREG(st.st_mode))
    throw ConfigError(path + ": is not a regular file (a FIFO, device or socket); expected a file");
  const uint64_t limit = max_input_bytes();
  if (static_cast<uint64_t>(st.st_size) > limit)
    throw ConfigError(path + ": file is " + std::to_string(st.st_size) + " bytes, more than the input limit of " +
                      std::to_string(limit) + " bytes (raise it with TERNSIM_MAX_INPUT_BYTES)");
  std::string out;
  out.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ConfigError(path + ": cannot read file: " + std::strerror(errno));
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    // The file may grow while it is read.
    if (out.size() > limit)
      throw ConfigError(path + ": file is more than the input limit of " + std::to_string(limit) +
                        " bytes (raise it with TERNSIM_MAX_INPUT_BYTES)");
  }
  return out;
}

}  // namespace ternsim
