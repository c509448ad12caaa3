#pragma once
// Writing a whole buffer to a pipe from a forked child (run results, run-guard reports):
// retries short writes and EINTR; gives up silently on a closed pipe, since the parent that
// would read the message is gone and the child is about to exit anyway.
#include <unistd.h>

#include <cerrno>
#include <string>

namespace ternsim {

inline void write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

}  // namespace ternsim
