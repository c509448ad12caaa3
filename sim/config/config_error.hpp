#pragma once
// One error type for every bad input ternsim reads (arch, workload, tech, sweep):
// the message is already "where: what", ready to print as a single line.
#include <stdexcept>
#include <string>

namespace ternsim {

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& message) : std::runtime_error(message) {}
};

// Raised when a workload op cannot be mapped onto the hardware at all
// (e.g. not even one tile fits in the buffers).
class MappingError : public std::runtime_error {
 public:
  explicit MappingError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace ternsim
