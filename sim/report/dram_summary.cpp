#include "sim/report/dram_summary.hpp"

namespace ternsim {

nlohmann::ordered_json dram_backend_summary(const RunResult& r) {
  const auto& m = r.dram_backend;
  auto get = [&](const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? 0.0 : it->second;
  };
  nlohmann::ordered_json j;
  const double hits = get("row_hits"), misses = get("row_misses");
  j["row_buffer_hit_rate"] = hits + misses > 0 ? hits / (hits + misses) : 0.0;
  nlohmann::ordered_json ch = nlohmann::ordered_json::array();
  for (uint32_t i = 0; m.count("channel_bytes." + std::to_string(i)); ++i)
    ch.push_back(r.seconds > 0 ? get("channel_bytes." + std::to_string(i)) / r.seconds / 1e9 : 0.0);
  j["channel_bandwidth_gbps"] = ch;
  for (const char* k : {"activates", "precharges", "refreshes"}) j[k] = get(k);
  nlohmann::ordered_json e;
  double total = 0;
  for (const auto& [k, v] : m)
    if (k.rfind("energy_pj.", 0) == 0) {
      e[k.substr(10)] = v * 1e-12;
      total += v * 1e-12;
    }
  e["total"] = total;
  j["energy_j"] = e;  // from the backend's power model; the tech-table DRAM energy is unchanged
  return j;
}

}  // namespace ternsim
