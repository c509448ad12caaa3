#include "sim/report/result_json.hpp"

#include "sim/report/roofline_bounds.hpp"
#include "sim/report/dram_summary.hpp"

namespace ternsim {
namespace {

nlohmann::json op_to_json(const OpRecord& o) {
  return {{"name", o.name},
          {"kind", o.kind},
          {"unit", o.unit},
          {"ready_cycle", o.ready_cycle},
          {"start_cycle", o.start_cycle},
          {"end_cycle", o.end_cycle},
          {"compute_cycles", o.compute_cycles},
          {"stall_cycles", o.stall_cycles},
          {"dram_read_bytes", o.dram_read_bytes},
          {"dram_write_bytes", o.dram_write_bytes},
          {"arith_ops", o.ops},
          {"ops", o.ops},  // deprecated alias of arith_ops (docs/results.md), removed after 0.1
          {"folds", o.folds},
          {"passes", o.passes},
          {"mapping_efficiency", o.mapping_efficiency},
          {"compute_utilization", o.compute_utilization},
          {"events", o.events.counts},
          {"energy_j", o.energy_j},
          {"count", o.count},
          {"first_step", o.first_step},
          {"last_step", o.last_step}};
}

OpRecord op_from_json(const nlohmann::json& j) {
  OpRecord o;
  o.name = j.at("name");
  o.kind = j.at("kind");
  o.unit = j.at("unit");
  o.ready_cycle = j.at("ready_cycle");
  o.start_cycle = j.at("start_cycle");
  o.end_cycle = j.at("end_cycle");
  o.compute_cycles = j.at("compute_cycles");
  o.stall_cycles = j.at("stall_cycles");
  o.dram_read_bytes = j.at("dram_read_bytes");
  o.dram_write_bytes = j.at("dram_write_bytes");
  o.ops = j.at("ops");
  o.folds = j.at("folds");
  o.passes = j.at("passes");
  o.mapping_efficiency = j.at("mapping_efficiency");
  o.compute_utilization = j.at("compute_utilization");
  o.events.counts = j.at("events").get<decltype(o.events.counts)>();
  o.energy_j = j.value("energy_j", 0.0);
  o.count = j.value("count", uint64_t(1));
  o.first_step = j.value("first_step", int64_t(-1));
  o.last_step = j.value("last_step", int64_t(-1));
  return o;
}

// Energy fields, flat as they appear in summary.json; absent (not zero) without a tech table.
template <class Json>
void put_energy(Json& j, const RunResult& r) {
  if (r.energy) {
    const EnergyStats& e = *r.energy;
    j["energy_j"] = e.energy_j;
    j["energy_breakdown_j"] = e.energy_breakdown_j;
    j["dynamic_energy_j"] = e.dynamic_j;
    j["power_w"] = e.power_w;
    if (e.area_mm2) {
      j["area_mm2"] = *e.area_mm2;
      j["area_breakdown_mm2"] = e.area_breakdown_mm2;
    }
    j["energy_per_token_j"] = e.energy_per_token_j;
    j["tops_per_w"] = e.tops_per_w;
    if (!e.dram_breakdown_j.empty()) j["dram_energy_breakdown_j"] = e.dram_breakdown_j;
  }
  if (r.fpga) {
    j["fpga_device"] = r.fpga->device;
    Json res = Json::object();
    for (const auto& [n, u] : r.fpga->resources)
      res[n] = {{"used", u.used}, {"available", u.available}, {"utilization", u.utilization()}};
    j["fpga_resources"] = res;
  }
}

// How a repeat: loop was simulated (docs/workload_ir.md, "Loops").
template <class Json>
void put_loop(Json& j, const RunResult& r) {
  if (!r.loop) return;
  const LoopStats& l = *r.loop;
  Json o = Json::object();
  o["steps"] = l.steps;
  o["method"] = l.method;
  o["simulated_steps"] = l.simulated_steps;
  o["extrapolated_steps"] = l.extrapolated_steps;
  if (l.steady_from_step >= 0) {
    o["steady_from_step"] = l.steady_from_step;
    if (l.method != "sampled") o["step_cycles"] = l.step_cycles;
  }
  if (!l.reason.empty()) o["reason"] = l.reason;
  if (l.method == "sampled") {
    o["sample_every"] = l.sample_every;
    o["interpolated_steps"] = l.interpolated_steps;
    Json b = Json::object();
    b["cycles"] = l.bound_cycles;
    b["dram_bytes"] = l.bound_dram_bytes;
    b["energy_j"] = l.bound_energy_j;
    o["bound"] = b;
  }
  j["loop"] = o;
}

void get_loop(const nlohmann::json& j, RunResult& r) {
  if (!j.contains("loop")) return;
  const auto& o = j.at("loop");
  LoopStats l;
  l.steps = o.at("steps");
  l.method = o.at("method");
  l.simulated_steps = o.at("simulated_steps");
  l.extrapolated_steps = o.at("extrapolated_steps");
  l.steady_from_step = o.value("steady_from_step", int64_t(-1));
  l.step_cycles = o.value("step_cycles", uint64_t(0));
  l.reason = o.value("reason", std::string());
  if (o.contains("bound")) {
    l.sample_every = o.at("sample_every");
    l.interpolated_steps = o.at("interpolated_steps");
    l.bound_cycles = o.at("bound").at("cycles");
    l.bound_dram_bytes = o.at("bound").at("dram_bytes");
    l.bound_energy_j = o.at("bound").at("energy_j");
  }
  r.loop = l;
}

void get_energy(const nlohmann::json& j, RunResult& r) {
  if (j.contains("energy_j")) {
    EnergyStats e;
    e.energy_j = j.at("energy_j");
    e.energy_breakdown_j = j.at("energy_breakdown_j").get<std::map<std::string, double>>();
    e.dynamic_j = j.at("dynamic_energy_j");
    e.power_w = j.at("power_w");
    if (j.contains("area_mm2")) {
      e.area_mm2 = j.at("area_mm2").get<double>();
      e.area_breakdown_mm2 = j.at("area_breakdown_mm2").get<std::map<std::string, double>>();
    }
    e.energy_per_token_j = j.at("energy_per_token_j");
    e.tops_per_w = j.at("tops_per_w");
    if (j.contains("dram_energy_breakdown_j"))
      e.dram_breakdown_j = j.at("dram_energy_breakdown_j").get<std::map<std::string, double>>();
    r.energy = e;
  }
  if (j.contains("fpga_device")) {
    FpgaStats f;
    f.device = j.at("fpga_device");
    for (const auto& [n, u] : j.at("fpga_resources").items())
      f.resources[n] = FpgaResourceUse{u.at("used"), u.at("available")};
    r.fpga = f;
  }
}

}  // namespace

nlohmann::ordered_json summary_json(const RunResult& r) {
  nlohmann::ordered_json j;
  j["arch"] = r.arch;
  j["workload"] = r.workload;
  j["phase"] = r.phase;
  j["clock_mhz"] = r.clock_mhz;
  j["cycles"] = r.cycles;
  j["seconds"] = r.seconds;
  j["tokens"] = r.tokens;
  j["batch"] = r.batch;
  j["tokens_per_s"] = r.seconds > 0 ? double(r.tokens * r.batch) / r.seconds : 0.0;
  j["dram_read_bytes"] = r.dram_read_bytes;
  j["dram_write_bytes"] = r.dram_write_bytes;
  j["dram_bytes"] = r.dram_bytes();
  // GB/s = 1e9 bytes/s. The *_gbps names (read as gigabits) stay one release as aliases.
  j["dram_bandwidth_gb_per_s"] = r.seconds > 0 ? double(r.dram_bytes()) / r.seconds / 1e9 : 0.0;
  j["dram_peak_gb_per_s"] = r.dram_peak_bytes_per_cycle * r.clock_mhz * 1e6 / 1e9;
  j["dram_bandwidth_gbps"] = j["dram_bandwidth_gb_per_s"];
  j["dram_peak_gbps"] = j["dram_peak_gb_per_s"];
  // Share of the run the DRAM channels spent transferring: bandwidth use.
  j["dram_bandwidth_utilization"] =
      r.cycles ? double(r.dram_busy_cycles) / (double(r.cycles) * r.dram_channels) : 0.0;
  // Calibrated idle standby only (docs/dram.md "Calibrated energy"): the share of the channels'
  // time booked at the precharged standby power.
  if (r.dram_idle.precharged_cycles > 0)
    j["dram_precharged_fraction"] = r.cycles ? r.dram_idle.precharged_cycles / (double(r.cycles) * r.dram_channels) : 0.0;
  if (!r.dram_backend.empty()) j["dram_backend"] = dram_backend_summary(r);
  j["utilization"] = r.utilization();
  j["arith_ops"] = r.ops;  // arithmetic operations (2 per MAC); "ops" is also the workload's op list
  j["ops"] = r.ops;        // deprecated alias of arith_ops, removed after 0.1
  j["achieved_tops"] = r.seconds > 0 ? r.ops / r.seconds / 1e12 : 0.0;
  j["peak_tops"] = 2.0 * r.peak_macs_per_cycle * r.clock_mhz * 1e6 / 1e12;
  // Roofline: GEMM ops per DRAM byte against the machine balance (peak ops per byte).
  // With no DRAM traffic (weights resident on chip) the intensity is unbounded: JSON null, and
  // the run is compute-bound at the array's peak.
  double gemm_ops = 2.0 * r.useful_macs;
  const bool no_dram = r.dram_bytes() == 0;
  double intensity = no_dram ? 0.0 : gemm_ops / double(r.dram_bytes());
  double balance = 2.0 * r.peak_macs_per_cycle / r.dram_peak_bytes_per_cycle;
  const double attainable_ops = no_dram ? 2.0 * r.peak_macs_per_cycle
                                        : std::min(2.0 * r.peak_macs_per_cycle, intensity * r.dram_peak_bytes_per_cycle);
  j["roofline"] = {{"intensity_ops_per_byte", no_dram ? nlohmann::ordered_json() : nlohmann::ordered_json(intensity)},
                   {"balance_ops_per_byte", balance},
                   {"bound", !no_dram && intensity < balance ? "memory" : "compute"},
                   {"attainable_tops", attainable_ops * r.clock_mhz * 1e6 / 1e12}};
  j["bounds"] = roofline_bounds_json(r);
  nlohmann::ordered_json units;
  for (const auto& [name, u] : r.units)
    units[name] = {{"busy_cycles", u.busy_cycles},
                   {"busy_fraction", r.cycles ? double(u.busy_cycles) / r.cycles : 0.0},
                   {"op_count", u.ops},   // workload ops run on the unit
                   {"ops", u.ops}};       // deprecated alias of op_count, removed after 0.1
  j["units"] = units;
  std::map<std::string, uint64_t> by_kind;
  for (const auto& o : r.op_records) by_kind[o.kind] += o.total_cycles();
  j["cycles_by_kind"] = by_kind;
  put_loop(j, r);
  put_energy(j, r);
  j["events"] = r.events.counts;
  if (!r.system_json.empty()) j["system"] = nlohmann::ordered_json::parse(r.system_json);
  if (!r.memory_json.empty()) {
    nlohmann::ordered_json m = nlohmann::ordered_json::parse(r.memory_json);
    m.erase("ops");  // per op: ops.csv columns
    j["memory_hierarchy"] = m;
  }
  return j;
}

nlohmann::json result_to_json(const RunResult& r, bool with_ops) {
  nlohmann::json j;
  j["arch"] = r.arch;
  j["workload"] = r.workload;
  j["phase"] = r.phase;
  j["clock_mhz"] = r.clock_mhz;
  j["tokens"] = r.tokens;
  j["batch"] = r.batch;
  j["cycles"] = r.cycles;
  j["seconds"] = r.seconds;
  j["dram_read_bytes"] = r.dram_read_bytes;
  j["dram_write_bytes"] = r.dram_write_bytes;
  j["dram_busy_cycles"] = r.dram_busy_cycles;
  if (r.dram_idle.precharged_cycles > 0 || r.dram_idle.reopened_gaps > 0)
    j["dram_idle"] = {r.dram_idle.precharged_cycles, r.dram_idle.reopened_gaps};
  j["dram_channels"] = r.dram_channels;
  j["dram_peak_bytes_per_cycle"] = r.dram_peak_bytes_per_cycle;
  j["peak_macs_per_cycle"] = r.peak_macs_per_cycle;
  j["useful_macs"] = r.useful_macs;
  j["ops"] = r.ops;
  nlohmann::json units;
  for (const auto& [n, u] : r.units) units[n] = {{"busy_cycles", u.busy_cycles}, {"ops", u.ops}};
  j["units"] = units;
  j["events"] = r.events.counts;
  put_loop(j, r);
  if (!r.dram_backend.empty()) j["dram_backend"] = r.dram_backend;
  put_energy(j, r);
  if (!r.system_json.empty()) j["system_json"] = r.system_json;
  if (!r.memory_json.empty()) j["memory_json"] = r.memory_json;
  if (with_ops) {
    j["op_records"] = nlohmann::json::array();
    for (const auto& o : r.op_records) j["op_records"].push_back(op_to_json(o));
  }
  return j;
}

RunResult result_from_json(const nlohmann::json& j) {
  RunResult r;
  r.arch = j.at("arch");
  r.workload = j.at("workload");
  r.phase = j.at("phase");
  r.clock_mhz = j.at("clock_mhz");
  r.tokens = j.at("tokens");
  r.batch = j.at("batch");
  r.cycles = j.at("cycles");
  r.seconds = j.at("seconds");
  r.dram_read_bytes = j.at("dram_read_bytes");
  r.dram_write_bytes = j.at("dram_write_bytes");
  r.dram_busy_cycles = j.at("dram_busy_cycles");
  if (j.contains("dram_idle")) r.dram_idle = {j.at("dram_idle").at(0), j.at("dram_idle").at(1)};
  r.dram_channels = j.at("dram_channels");
  r.dram_peak_bytes_per_cycle = j.at("dram_peak_bytes_per_cycle");
  r.peak_macs_per_cycle = j.at("peak_macs_per_cycle");
  r.useful_macs = j.at("useful_macs");
  r.ops = j.at("ops");
  for (const auto& [n, u] : j.at("units").items()) r.units[n] = UnitStats{u.at("busy_cycles"), u.at("ops")};
  r.events.counts = j.at("events").get<decltype(r.events.counts)>();
  if (j.contains("dram_backend")) r.dram_backend = j.at("dram_backend").get<std::map<std::string, double>>();
  get_energy(j, r);
  get_loop(j, r);
  if (j.contains("system_json")) r.system_json = j.at("system_json");
  if (j.contains("memory_json")) r.memory_json = j.at("memory_json");
  if (j.contains("op_records"))
    for (const auto& o : j.at("op_records")) r.op_records.push_back(op_from_json(o));
  return r;
}

}  // namespace ternsim
