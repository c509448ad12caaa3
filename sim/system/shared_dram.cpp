#include "sim/system/shared_dram.hpp"

#include <algorithm>

namespace ternsim {

uint64_t SharedDramPort::request(uint64_t addr, uint64_t bytes, bool write) {
  count(bytes, write);
  const uint64_t before = chip_.busy_cycles();
  // The twins' requests one after another at the same cycle, as they would arrive (one
  // request of twins x bytes would round to bursts differently).
  uint64_t done = 0;
  for (uint32_t i = 0; i < twins_; ++i) done = std::max(done, chip_.request(addr, bytes, write));
  busy_cycles_ += (chip_.busy_cycles() - before) / twins_;
  return done;
}

}  // namespace ternsim
