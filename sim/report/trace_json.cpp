#include "sim/report/trace_json.hpp"

#include <cctype>
#include <cmath>
#include <map>
#include <set>

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
  if (track == "link") return 50;  // a system worker's link
  return 100;
}

// Where a track goes: a system's "chip<c>[_core<k>].<unit>" tracks into one process per chip
// (pid 2 + c), one thread group per core; everything else into the run's process (pid 1).
struct Place {
  int pid = 1, tid = 0;
  std::string thread;
};
Place place_of(const std::string& track) {
  const size_t dot = track.find('.');
  if (track.rfind("chip", 0) != 0 || dot == std::string::npos || dot < 5 || !std::isdigit(static_cast<unsigned char>(track[4])))
    return {1, tid_of(track), track};
  const std::string worker = track.substr(0, dot), unit = track.substr(dot + 1);
  const size_t core = worker.find("_core");
  Place p;
  p.pid = 2 + std::stoi(worker.substr(4));
  const int k = core == std::string::npos ? -1 : std::stoi(worker.substr(core + 5));
  p.tid = (k + 1) * 1000 + tid_of(unit);
  p.thread = (k >= 0 ? "core" + std::to_string(k) + "." : "") + unit;
  return p;
}

// A counter track ("ph": "C") from step changes: value(t) = sum of the deltas at or before t.
void add_counter(nlohmann::json& ev, int pid, const std::string& name, const std::string& series,
                 std::map<uint64_t, double> deltas, double us_per_cycle) {
  double v = 0;
  for (const auto& [cycle, d] : deltas) {
    v += d;
    if (std::abs(v) < 1e-12) v = 0;  // sums of +x/-x must come back to exactly 0
    ev.push_back({{"ph", "C"}, {"pid", pid}, {"name", name}, {"ts", double(cycle) * us_per_cycle},
                  {"args", {{series, v}}}});
  }
}

}  // namespace

nlohmann::json chrome_trace(const Timeline& t, const RunResult& r, const Workload* wl) {
  nlohmann::json ev = nlohmann::json::array();
  const int pid = 1;
  ev.push_back({{"ph", "M"}, {"pid", pid}, {"tid", 0}, {"name", "process_name"},
                {"args", {{"name", "ternsim: " + r.workload + " on " + r.arch}}}});
  std::map<std::pair<int, int>, std::string> tracks;  // (pid, tid) -> thread name
  if (r.system_json.empty()) {  // a lone chip shows its units even when idle
    tracks = {{{pid, 1}, "dma"}, {{pid, 2}, "array"}, {{pid, 3}, "vector"}, {{pid, 4}, "mlgru"}};
    for (uint32_t c = 0; c < r.dram_channels; ++c) tracks[{pid, 10 + int(c)}] = "dram.ch" + std::to_string(c);
  }
  std::map<std::string, Place> places;
  for (const auto& s : t.spans()) {
    auto it = places.find(s.track);
    if (it == places.end()) it = places.emplace(s.track, place_of(s.track)).first;
    tracks[{it->second.pid, it->second.tid}] = it->second.thread;
  }
  std::set<int> chips;
  for (const auto& [key, name] : tracks)
    if (key.first != pid && chips.insert(key.first).second)
      ev.push_back({{"ph", "M"}, {"pid", key.first}, {"tid", 0}, {"name", "process_name"},
                    {"args", {{"name", "chip" + std::to_string(key.first - 2)}}}});
  for (const auto& [key, name] : tracks) {
    const auto [p, tid] = key;
    ev.push_back({{"ph", "M"}, {"pid", p}, {"tid", tid}, {"name", "thread_name"}, {"args", {{"name", name}}}});
    ev.push_back({{"ph", "M"}, {"pid", p}, {"tid", tid}, {"name", "thread_sort_index"}, {"args", {{"sort_index", tid}}}});
  }
  const double us_per_cycle = 1.0 / r.clock_mhz;
  for (const auto& s : t.spans()) {
    const Place& at = places.at(s.track);
    ev.push_back({{"ph", "X"}, {"pid", at.pid}, {"tid", at.tid}, {"name", s.name}, {"cat", s.track},
                  {"ts", double(s.start) * us_per_cycle}, {"dur", double(s.dur) * us_per_cycle},
                  {"args", {{"start_cycle", s.start}, {"cycles", s.dur}}}});
  }
  // Counter tracks. DRAM bandwidth: a DRAM channel span moves data at the channel's peak rate.
  const double ch_gb_per_s =
      r.dram_channels ? r.dram_peak_bytes_per_cycle / r.dram_channels * r.clock_mhz * 1e6 / 1e9 : 0.0;
  std::map<uint64_t, double> bw{{0, 0.0}};
  for (const auto& s : t.spans())
    if ((s.track.rfind("dram.ch", 0) == 0 || s.track.find(".dram.ch") != std::string::npos) && s.dur > 0) {
      bw[s.start] += ch_gb_per_s;
      bw[s.start + s.dur] -= ch_gb_per_s;
    }
  // A cycle-accurate backend (dram.model: dramsim3) records what each request achieved.
  const auto backend_bw = t.steps().find("dram_bandwidth_gbps");
  if (backend_bw != t.steps().end())
    for (const auto& [cycle, d] : backend_bw->second) bw[cycle] += d;
  add_counter(ev, pid, "DRAM bandwidth (GB/s)", "GB/s", bw, us_per_cycle);
  // Weight-buffer occupancy: bytes in the DMA slots, a chunk from its DMA issue to the array's
  // release of its slot (recorded by the modules; absent when weights are resident).
  const auto wb = t.steps().find("weight_buffer");
  if (wb != t.steps().end()) {
    std::map<uint64_t, double> occ = wb->second;
    occ.emplace(0, 0.0);
    add_counter(ev, pid, "weight buffer occupancy (bytes)", "bytes", occ, us_per_cycle);
  }
  // Power: each op's dynamic energy spread evenly over its span, plus leakage for the whole run.
  if (r.energy && r.seconds > 0) {
    const auto leak = r.energy->energy_breakdown_j.find("leakage");
    const double leak_w = leak == r.energy->energy_breakdown_j.end() ? 0.0 : leak->second / r.seconds;
    std::map<uint64_t, double> pw{{0, leak_w}};
    pw[r.cycles] -= leak_w;
    for (const auto& o : r.op_records)
      if (o.cycles() > 0 && o.energy_j > 0) {
        const double w = o.energy_j / (double(o.cycles()) * us_per_cycle * 1e-6);
        pw[o.start_cycle] += w;
        pw[o.end_cycle] -= w;
      }
    add_counter(ev, pid, "power (W)", "W", pw, us_per_cycle);
  }
  // Flow arrows for op dependencies: from the producer's last span (its last cycle) to the
  // consumer's first span, on the units' tracks. Records are in workload order.
  if (wl && wl->ops.size() == r.op_records.size()) {
    std::map<std::pair<std::string, std::string>, std::pair<uint64_t, uint64_t>> extent;  // (track, op) -> first, last
    for (const auto& s : t.spans()) {
      auto [it, fresh] = extent.try_emplace({s.track, s.name}, s.start, s.start + s.dur);
      if (!fresh) {
        it->second.first = std::min(it->second.first, s.start);
        it->second.second = std::max(it->second.second, s.start + s.dur);
      }
    }
    uint64_t id = 0;
    for (size_t i = 0; i < wl->ops.size(); ++i) {
      const OpRecord& to = r.op_records[i];
      auto dst = extent.find({to.unit, to.name});
      if (dst == extent.end()) continue;
      for (size_t d : wl->ops[i].deps) {
        const OpRecord& from = r.op_records[d];
        auto src = extent.find({from.unit, from.name});
        if (src == extent.end() || src->second.second <= src->second.first) continue;
        ++id;
        ev.push_back({{"ph", "s"}, {"pid", pid}, {"tid", tid_of(from.unit)}, {"name", "dep"}, {"cat", "dep"},
                      {"id", id}, {"ts", double(src->second.second - 1) * us_per_cycle}});
        ev.push_back({{"ph", "f"}, {"bp", "e"}, {"pid", pid}, {"tid", tid_of(to.unit)}, {"name", "dep"},
                      {"cat", "dep"}, {"id", id}, {"ts", double(dst->second.first) * us_per_cycle}});
      }
    }
  }
  return {{"traceEvents", ev}, {"displayTimeUnit", "ns"}};
}

void write_chrome_trace(const Timeline& t, const RunResult& r, const std::string& path, const Workload* wl) {
  write_file_atomic(path, chrome_trace(t, r, wl).dump() + "\n");
}

}  // namespace ternsim
