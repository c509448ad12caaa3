#pragma once
// Counted hardware events ("array.add.int24", "dram.read_bit", ...). Models add to these at
// tile/transaction granularity; the energy model prices each key from the technology table.
#include <functional>  // std::less<>
#include <map>
#include <string>
#include <string_view>

namespace ternsim {

struct EventCounts {
  // Transparent comparison: add() with a literal key finds it without building a std::string
  // (models add a dozen events per DMA chunk; most keys are longer than the small-string buffer).
  std::map<std::string, double, std::less<>> counts;
  void add(std::string_view key, double n) {
    if (n == 0) return;
    auto it = counts.find(key);
    if (it != counts.end())
      it->second += n;
    else
      counts.emplace(std::string(key), n);
  }
  void merge(const EventCounts& o) {
    for (const auto& [k, v] : o.counts) counts[k] += v;
  }
  double get(std::string_view key) const {
    auto it = counts.find(key);
    return it == counts.end() ? 0.0 : it->second;
  }
};

}  // namespace ternsim
