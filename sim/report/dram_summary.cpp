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
  // Refresh and turnaround losses, from the backend's counts and the preset's timing
  // (Dramsim3Dram::stats): each refresh blocks one rank for tRFC; each read->write switch
  // costs the data bus RL - WL + tRTRS clocks, each write->read switch WL + tWTR_S.
  const double clocks = get("dram_clocks"), tck_s = get("tck_ns") * 1e-9, channels = double(ch.size());
  const double rank_time = clocks * channels * get("ranks_per_channel");
  nlohmann::ordered_json refresh;
  refresh["rank_clocks"] = get("refresh_rank_clocks");
  refresh["rank_seconds"] = get("refresh_rank_clocks") * tck_s;
  refresh["fraction_of_rank_time"] = rank_time > 0 ? get("refresh_rank_clocks") / rank_time : 0.0;
  j["refresh_loss"] = refresh;
  nlohmann::ordered_json turn;
  turn["read_to_write"] = get("read_to_write");
  turn["write_to_read"] = get("write_to_read");
  turn["bus_clocks"] = get("turnaround_clocks");
  turn["bus_seconds"] = get("turnaround_clocks") * tck_s;
  // Of the data buses' time: one per channel, or per pseudo-channel (Ramulator 2's HBM channels).
  const double buses = channels * (m.count("data_buses_per_channel") ? get("data_buses_per_channel") : 1.0);
  turn["fraction_of_channel_time"] = clocks * buses > 0 ? get("turnaround_clocks") / (clocks * buses) : 0.0;
  j["turnaround_loss"] = turn;
  nlohmann::ordered_json e;
  double total = 0;
  for (const auto& [k, v] : m)
    if (k.rfind("energy_pj.", 0) == 0) {
      e[k.substr(10)] = v * 1e-12;
      total += v * 1e-12;
    }
  e["total"] = total;
  // From the backend's power model; also energy_breakdown_j.dram. null when the backend has none
  // (ramulator2): DRAM energy is then the tech table's pJ/bit, not a backend figure.
  j["energy_j"] = e.size() > 1 ? e : nlohmann::ordered_json();
  // Which mode ran (docs/dram.md, "Sampled mode") and how much of it DRAMsim3 simulated.
  nlohmann::ordered_json smp;
  if (get("sampling.sampled") > 0) {
    smp["mode"] = "sampled";
    smp["window_bursts"] = get("sampling.window_bursts");
    const double total_bursts = get("sampling.bursts_total"), total_clocks = get("sampling.clocks_total");
    smp["sampled_burst_fraction"] = total_bursts > 0 ? get("sampling.bursts_simulated") / total_bursts : 0.0;
    smp["simulated_clock_fraction"] = total_clocks > 0 ? get("sampling.clocks_ticked") / total_clocks : 0.0;
    smp["reactivations_after_refresh"] = get("sampling.reactivations");  // ACTs booked, not simulated
  } else {
    smp["mode"] = "full";
  }
  j["sampling"] = smp;
  // Interleaved arbitration only (docs/dram.md "Two masters"): how many requests met another
  // in the controller's queues. Absent in order, so in-order summaries are unchanged.
  if (get("arbitration.interleaved") > 0) {
    nlohmann::ordered_json arb;
    arb["mode"] = "interleaved";
    arb["requests"] = get("arbitration.requests");
    arb["overlapped_requests"] = get("arbitration.overlapped_requests");
    j["arbitration"] = arb;
  }
  return j;
}

}  // namespace ternsim
