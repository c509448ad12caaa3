#include "sim/report/trace_json.hpp"

#include <map>

#include "sim/config/config_error.hpp"
#include "sim/report/atomic_output.hpp"

namespace ternsim {

namespace {

// Fixed thread ids so the tracks keep the pipeline order: DMA feeds the array, DRAM last.
int tid_of(const std::string& track) {
  static const std::map<std::string, int> fixed = {{"dma", 1}, {"array", 2}, {"vector", 3}, {"mlgru", 4}};
  auto it = fixed.find(track);
  if (it != fixed.end()) return it->second;
  if (track.rfind("dram.ch", 0) == 0) return 10 + std::stoi(track.substr(7));
  return 100;
}

}  // namespace

nlohmann::json chrome_trace(const Timeline& t, const RunResult& r) {
  nlohmann::json ev = nlohmann::json::array();
  const int pid = 1;
  ev.push_back({{"ph", "M"}, {"pid", pid}, {"tid", 0}, {"name", "process_name"},
                {"args", {{"name", "ternsim: " + r.workload + " on " + r.arch}}}});
  std::map<int, std::string> tracks = {{1, "dma"}, {2, "array"}, {3, "vector"}, {4, "mlgru"}};
  for (uint32_t c = 0; c < r.dram_channels; ++c) tracks[10 + int(c)] = "dram.ch" + std::to_string(c);
  for (const auto& s : t.spans()) tracks[tid_of(s.track)] = s.track;
  for (const auto& [tid, name] : tracks) {
    ev.push_back({{"ph", "M"}, {"pid", pid}, {"tid", tid}, {"name", "thread_name"}, {"args", {{"name", name}}}});
    ev.push_back({{"ph", "M"}, {"pid", pid}, {"tid", tid}, {"name", "thread_sort_index"}, {"args", {{"sort_index", tid}}}});
  }
  const double us_per_cycle = 1.0 / r.clock_mhz;
  for (const auto& s : t.spans())
    ev.push_back({{"ph", "X"}, {"pid", pid}, {"tid", tid_of(s.track)}, {"name", s.name}, {"cat", s.track},
                  {"ts", double(s.start) * us_per_cycle}, {"dur", double(s.dur) * us_per_cycle},
                  {"args", {{"start_cycle", s.start}, {"cycles", s.dur}}}});
  return {{"traceEvents", ev}, {"displayTimeUnit", "ns"}};
}

void write_chrome_trace(const Timeline& t, const RunResult& r, const std::string& path) {
  write_file_atomic(path, chrome_trace(t, r).dump() + "\n");
}

}  // namespace ternsim
