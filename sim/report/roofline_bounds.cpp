#include "sim/report/roofline_bounds.hpp"

#include <algorithm>

namespace ternsim {

nlohmann::ordered_json roofline_bounds_json(const RunResult& r) {
  const double hz = r.clock_mhz * 1e6;
  auto s = [&](double cycles) { return hz > 0 ? cycles / hz : 0.0; };
  const double dram = r.dram_peak_bytes_per_cycle > 0 ? double(r.dram_bytes()) / r.dram_peak_bytes_per_cycle : 0.0;
  const double compute = r.peak_macs_per_cycle > 0 ? r.useful_macs / r.peak_macs_per_cycle : 0.0;
  const double bound = std::max(dram, compute);
  nlohmann::ordered_json j;
  j["dram_bound_s"] = s(dram);
  j["compute_bound_s"] = s(compute);
  j["binding_unit"] = dram >= compute ? "dram" : "array";
  j["bound_s"] = s(bound);
  j["simulated_s"] = r.seconds;
  j["gap_s"] = r.seconds - s(bound);
  auto it = r.units.find("array");
  const double busy = it == r.units.end() ? 0.0 : double(it->second.busy_cycles);
  j["array_busy_s"] = s(busy);
  nlohmann::ordered_json over;
  double named = 0;
  for (const char* name : {"fill_drain", "weight_load", "unpack", "table_build"}) {
    const double c = r.events.get(std::string("cycles.") + name);
    named += c;
    over[std::string(name) + "_s"] = s(c);
  }
  over["mapping_s"] = s(std::max(0.0, busy - compute - named));
  j["array_overheads"] = over;
  return j;
}

}  // namespace ternsim
