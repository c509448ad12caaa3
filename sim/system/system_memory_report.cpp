#include "sim/system/system_memory_report.hpp"

#include <nlohmann/json.hpp>

namespace ternsim {

std::string system_memory_json(const std::vector<WorkerMemory>& workers) {
  if (workers.empty() || workers.front().part->memory_json.empty()) return "";
  if (workers.size() == 1 && workers.front().stands_for == 1 && !workers.front().prefix_ops)
    return workers.front().part->memory_json;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  nlohmann::ordered_json ops = nlohmann::ordered_json::array();
  for (const WorkerMemory& w : workers) {
    nlohmann::ordered_json m = nlohmann::ordered_json::parse(w.part->memory_json);
    for (auto& o : m.at("ops")) {
      if (w.prefix_ops) o["name"] = w.name + "." + o.at("name").get<std::string>();
      ops.push_back(o);
    }
    m.erase("ops");
    nlohmann::ordered_json e;
    e["name"] = w.name;
    e["stands_for"] = w.stands_for;
    for (auto& [k, v] : m.items()) e[k] = v;
    list.push_back(e);
  }
  nlohmann::ordered_json j;
  j["workers"] = list;
  j["ops"] = ops;
  return j.dump();
}

}  // namespace ternsim
