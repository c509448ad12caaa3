#pragma once
// Counted hardware events ("array.add.int24", "dram.read_bit", ...). Models add to these at
// tile/transaction granularity; the energy model prices each key from the technology table.
#include <map>
#include <string>

namespace ternsim {

struct EventCounts {
  std::map<std::string, double> counts;
  void add(const std::string& key, double n) {
    if (n != 0) counts[key] += n;
  }
  void merge(const EventCounts& o) {
    for (const auto& [k, v] : o.counts) counts[k] += v;
  }
  double get(const std::string& key) const {
    auto it = counts.find(key);
    return it == counts.end() ? 0.0 : it->second;
  }
};

}  // namespace ternsim
