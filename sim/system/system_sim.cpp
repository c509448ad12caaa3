#include "sim/system/system_sim.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/config/config_error.hpp"
#include "sim/energy/energy_model.hpp"
#include "sim/engine/accelerator.hpp"
#include "sim/stats/timeline.hpp"
#include "sim/system/link_unit.hpp"
#include "sim/system/shared_dram.hpp"
#include "sim/system/shared_dram_energy.hpp"
#include "sim/system/system_plan.hpp"
#include "sim/system/system_memory_report.hpp"

namespace ternsim {
namespace {

// A weight matrix's identity: the op name without tracegen's "t<j>." step prefix and the
// pipeline's ".mb<j>" micro-batch suffix (those repeat the same weights).
std::string weight_identity(const std::string& name) {
  std::string n = name;
  if (n.size() > 2 && n[0] == 't') {
    size_t i = 1;
    while (i < n.size() && std::isdigit(static_cast<unsigned char>(n[i]))) ++i;
    if (i > 1 && i < n.size() && n[i] == '.') n = n.substr(i + 1);
  }
  const size_t mb = n.rfind(".mb");
  if (mb != std::string::npos && mb + 3 < n.size() &&
      std::all_of(n.begin() + mb + 3, n.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    n = n.substr(0, mb);
  return n;
}

uint64_t resident_weight_bytes(const ArchConfig& arch, const Workload& wl) {
  std::map<std::string, uint64_t> bytes;
  for (const Op& op : wl.ops)
    if (op.kind == OpKind::Gemm && !op.b_is_kv_cache) {
      const uint64_t tiles = arch.array->tile_count(op);
      uint64_t b = 0;
      for (uint64_t t = 0; t < tiles;) {
        const uint64_t run = std::max<uint64_t>(1, std::min(arch.array->same_tile_run(op, t), tiles - t));
        b += run * arch.array->tile(op, t).bytes;
        t += run;
      }
      bytes[weight_identity(op.name)] = b;
    }
  uint64_t total = 0;
  for (const auto& [n, b] : bytes) total += b;
  return total;
}

// --trace in a system: a unit's track is named after the chip (or core) whose process records
// it, "chip1.array", "chip0_core2.vector"; a chip's DRAM is the chip's, "chip0.dram.ch0", even
// when one of its cores issued the request. Link tracks come named ("chip3.link").
std::string worker_track(const std::string& track) {
  if (track.rfind("chip", 0) == 0) return track;
  sc_core::sc_process_handle h = sc_core::sc_get_current_process_handle();
  if (!h.valid()) return track;
  const sc_core::sc_object* top = h.get_parent_object();
  while (top && top->get_parent_object()) top = top->get_parent_object();
  if (!top) return track;
  std::string worker = top->basename();
  if (track.rfind("dram.", 0) == 0) worker = worker.substr(0, worker.find("_core"));
  return worker + "." + track;
}

// The micro-batch an op belongs to: its name carries ".mb<j>" (mapping_pipeline.cpp), at the
// end or before a further ".suffix" (sends, collectives); -1 when it has none.
int micro_batch_of(const std::string& name) {
  for (size_t at = name.find(".mb"); at != std::string::npos; at = name.find(".mb", at + 1)) {
    size_t i = at + 3;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    if (i > at + 3 && (i == name.size() || name[i] == '.')) return std::stoi(name.substr(at + 3, i - at - 3));
  }
  return -1;
}

}  // namespace

void check_weights_resident(const ArchConfig& arch, const Workload& wl, const SystemPlan& plan) {
  const SystemParams& s = *arch.system;
  const uint64_t capacity = arch.ctx.weight_buffer.capacity_bytes;
  for (const WorkerProgram& p : plan.programs) {
    const uint64_t need = resident_weight_bytes(arch, p.workload);
    if (need <= capacity) continue;
    const uint64_t model = resident_weight_bytes(arch, wl);
    const uint64_t chips = (model + capacity * s.cores_per_chip - 1) / (capacity * s.cores_per_chip);
    throw MappingError("system.weights: resident: " + worker_name(s, p.workers.front()) + " needs " +
                       std::to_string(need) + " bytes of weights but its sram.weight_buffer holds " +
                       std::to_string(capacity) + " bytes; the model's " + std::to_string(model) +
                       " bytes of weights need at least " + std::to_string(chips) + " chips of this kind");
  }
}

RunResult simulate_system(const ArchConfig& arch, const Workload& wl) {
  const SystemParams& s = *arch.system;
  // An FPGA chip holds cores_per_chip copies of the core: they must fit on the one device together.
  check_fpga_fit(arch, s.cores_per_chip);
  // Deliberately never destroyed, like the lone chip in simulate_in_process.
  auto* plan = new SystemPlan(plan_system(arch, wl));
  if (s.weights_resident) check_weights_resident(arch, wl, *plan);
  auto* rv = new CollectiveRendezvous(*plan, s, arch.clock_mhz);
  // Cores of one chip share its DRAM: one model per chip that has a simulated core, reached
  // through a port per core that books the requests of the identical cores it stands for.
  const bool shared_dram = s.cores_per_chip > 1;
  auto* chip_dram = new std::map<uint32_t, std::unique_ptr<DramModel>>();  // never destroyed, like the chips
  std::map<uint32_t, uint32_t> ports;  // chip -> simulated cores on it
  auto chip_of = [&s](const WorkerProgram& p) { return p.workers.front() / s.cores_per_chip; };
  // The identical cores of its chip a simulated core stands for, itself included.
  auto twins_on_chip = [&](const WorkerProgram& p) {
    const uint32_t chip = chip_of(p);
    return static_cast<uint32_t>(
        std::count_if(p.workers.begin(), p.workers.end(), [&](uint32_t w) { return w / s.cores_per_chip == chip; }));
  };
  if (shared_dram)
    for (const WorkerProgram& p : plan->programs) {
      auto& d = (*chip_dram)[chip_of(p)];
      if (!d) d = make_dram(arch.dram, arch.clock_mhz);
      ++ports[chip_of(p)];
    }
  std::vector<Accelerator*> chips;
  for (const WorkerProgram& p : plan->programs) {
    LinkUnitFactory link = [&p, plan, rv](OpTable& ops, const std::vector<size_t>& collective_ops) {
      return std::unique_ptr<sc_core::sc_module>(new LinkPorts("link", ops, collective_ops, p, *plan, *rv));
    };
    std::unique_ptr<DramModel> port;
    if (shared_dram) {
      const uint32_t chip = chip_of(p);
      port = std::make_unique<SharedDramPort>(*chip_dram->at(chip), twins_on_chip(p), ports.at(chip));
    }
    chips.push_back(new Accelerator(worker_name(s, p.workers.front()).c_str(), arch, p.workload, link, std::move(port)));
  }
  if (Timeline* tl = Timeline::active(); tl && s.workers() > 1) tl->set_scope(worker_track);
  sc_core::sc_start();

  std::vector<RunResult> parts;
  uint64_t end = 0;
  for (Accelerator* c : chips) {
    parts.push_back(c->collect());
    end = std::max(end, parts.back().cycles);
  }
  const bool many = parts.size() > 1;
  RunResult r;
  r.arch = arch.name;
  r.workload = wl.name;
  r.phase = wl.phase;
  r.clock_mhz = arch.clock_mhz;
  r.tokens = wl.tokens;
  r.batch = wl.batch;
  r.cycles = end;
  r.seconds = double(end) / (arch.clock_mhz * 1e6);
  // One DRAM per chip when its cores share it, else one per worker.
  const uint32_t drams = shared_dram ? s.chips : s.workers();
  const DramModel* one = shared_dram ? chip_dram->begin()->second.get() : nullptr;
  r.dram_channels = (one ? one->channels() : parts[0].dram_channels) * drams;
  r.dram_peak_bytes_per_cycle = (one ? one->bytes_per_cycle() : parts[0].dram_peak_bytes_per_cycle) * drams;
  r.peak_macs_per_cycle = parts[0].peak_macs_per_cycle * s.workers();
  r.resolved_arch_yaml = parts[0].resolved_arch_yaml;

  // What the DRAM measured, when the system has one: the chip's shared one, or the lone worker's.
  if (drams == 1) r.dram_backend = one ? one->stats().as_map() : parts[0].dram_backend;
  // Cores sharing a chip's DRAM book its energy once between them (shared_dram_energy.hpp).
  std::vector<std::map<std::string, double>> dram_share(parts.size());
  if (shared_dram)
    for (const auto& [chip, dram] : *chip_dram) {
      std::vector<size_t> on_chip;
      std::vector<CoreOnChip> cores;
      for (size_t i = 0; i < parts.size(); ++i)
        if (chip_of(plan->programs[i]) == chip) {
          on_chip.push_back(i);
          cores.push_back({&parts[i], twins_on_chip(plan->programs[i])});
        }
      std::vector<std::map<std::string, double>> shares = shared_dram_energy_shares(arch, *dram, cores, r.seconds);
      for (size_t j = 0; j < on_chip.size(); ++j) dram_share[on_chip[j]] = std::move(shares[j]);
    }

  nlohmann::ordered_json workers = nlohmann::ordered_json::array();
  std::vector<nlohmann::ordered_json> worker_rows(s.workers());
  std::optional<EnergyStats> energy;
  for (size_t i = 0; i < parts.size(); ++i) {
    RunResult& p = parts[i];
    const double mult = double(plan->programs[i].workers.size());
    // Every chip leaks until the system is done, not only until its own last op.
    p.cycles = end;
    p.seconds = r.seconds;
    apply_energy_model(arch, p, dram_share[i].empty() ? nullptr : &dram_share[i]);
    const std::string inst = worker_name(s, plan->programs[i].workers.front());
    r.dram_read_bytes += uint64_t(mult) * p.dram_read_bytes;
    r.dram_write_bytes += uint64_t(mult) * p.dram_write_bytes;
    r.dram_busy_cycles += uint64_t(mult) * p.dram_busy_cycles;
    r.useful_macs += mult * p.useful_macs;
    r.ops += mult * p.ops;
    for (const auto& [k, v] : p.events.counts) r.events.add(k, mult * v);
    for (const auto& [u, st] : p.units) {
      UnitStats& t = r.units[many ? inst + "." + u : u];
      t.busy_cycles += st.busy_cycles;
      t.ops += st.ops;
    }
    for (OpRecord rec : p.op_records) {
      if (many) rec.name = inst + "." + rec.name;
      r.op_records.push_back(std::move(rec));
    }
    if (p.energy) {
      if (!energy) energy = EnergyStats{};
      const auto leak = p.energy->energy_breakdown_j.find("leakage");
      const double shared_static = p.fpga && leak != p.energy->energy_breakdown_j.end()
                                       ? (mult - mult / s.cores_per_chip) * leak->second : 0.0;
      energy->energy_j += mult * p.energy->energy_j - shared_static;
      energy->dynamic_j += mult * p.energy->dynamic_j;
      for (const auto& [k, v] : p.energy->energy_breakdown_j)
        // An FPGA's static power is the device's, once per chip however many of its cores there are
        // (an ASIC core's leakage is its own area's, so it adds up per core).
        energy->energy_breakdown_j[k] += (p.fpga && k == "leakage" ? mult / s.cores_per_chip : mult) * v;
      if (p.energy->area_mm2) energy->area_mm2 = energy->area_mm2.value_or(0) + mult * *p.energy->area_mm2;
      for (const auto& [k, v] : p.energy->area_breakdown_mm2) energy->area_breakdown_mm2[k] += mult * v;
      for (const auto& [k, v] : p.energy->dram_breakdown_j) energy->dram_breakdown_j[k] += mult * v;
    }
    if (p.fpga && !r.fpga) {
      r.fpga = p.fpga;  // the chip's use: its cores_per_chip copies of the core
      for (auto& [n, u] : r.fpga->resources) u.used *= s.cores_per_chip;
    }
    uint64_t array_busy = 0;
    for (const auto& [u, st] : p.units)
      if (u == "array") array_busy = st.busy_cycles;
    for (uint32_t w : plan->programs[i].workers)
      worker_rows[w] = {{"name", worker_name(s, w)},
                        {"simulated_as", inst},
                        {"end_cycle", parts[i].op_records.empty() ? 0 : std::max_element(parts[i].op_records.begin(), parts[i].op_records.end(), [](const OpRecord& a, const OpRecord& b) { return a.end_cycle < b.end_cycle; })->end_cycle},
                        {"array_busy_cycles", array_busy},
                        {"dram_bytes", p.dram_bytes()},
                        {"ops", p.ops},
                        {"energy_j", p.energy ? p.energy->energy_j : 0.0}};
  }
  double link_bytes = 0, link_energy = 0;
  nlohmann::ordered_json links = nlohmann::ordered_json::array();
  for (uint32_t w = 0; w < s.workers(); ++w) {
    const LinkStats& l = rv->links()[w];
    link_bytes += l.bytes;
    link_energy += l.energy_j;
    links.push_back({{"name", worker_name(s, w) + ".link"},
                     {"busy_cycles", l.busy_cycles},
                     {"busy_s", double(l.busy_cycles) / (arch.clock_mhz * 1e6)},
                     {"bytes", l.bytes},
                     {"energy_j", l.energy_j},
                     {"collectives", l.collectives}});
  }
  if (energy) {
    energy->energy_j += link_energy;
    energy->dynamic_j += link_energy;
    energy->energy_breakdown_j["link"] += link_energy;
    energy->power_w = r.seconds > 0 ? energy->energy_j / r.seconds : 0;
    energy->energy_per_token_j = energy->energy_j / double(std::max<uint64_t>(1, r.tokens * r.batch));
    energy->tops_per_w = energy->energy_j > 0 ? r.ops / energy->energy_j / 1e12 : 0;
    r.energy = energy;
  }
  // memory_hierarchy: archs report each simulated worker's levels (system_memory_report.hpp).
  std::vector<WorkerMemory> memory;
  for (size_t i = 0; i < parts.size(); ++i)
    memory.push_back({worker_name(s, plan->programs[i].workers.front()),
                      uint32_t(plan->programs[i].workers.size()), &parts[i], many});
  r.memory_json = system_memory_json(memory);
  for (auto& row : worker_rows) workers.push_back(row);
  nlohmann::ordered_json padding = nlohmann::ordered_json::array();
  for (const Padding& p : plan->padding) padding.push_back({{"op", p.op}, {"dim", p.dim}, {"from", p.from}, {"to", p.to}});
  const LinkParams& lp = s.interconnect->link();
  nlohmann::ordered_json j;
  j["chips"] = s.chips;
  j["cores_per_chip"] = s.cores_per_chip;
  j["workers"] = s.workers();
  j["simulated_workers"] = parts.size();
  j["parallel"] = {{"tp", s.tp}, {"pp", s.pp}, {"dp", s.dp}, {"micro_batches", s.micro_batches}};
  j["weights"] = s.weights_resident ? "resident" : "stream";
  j["interconnect"] = {{"topology", s.interconnect->topology()},
                       {"algorithm", s.algorithm == CollectiveAlgorithm::Ring ? "ring" : "tree"},
                       {"bandwidth_gb_per_s", lp.bandwidth_gb_per_s},
                       {"latency_ns", lp.latency_ns},
                       {"energy_pj_per_bit", lp.energy_pj_per_bit}};
  if (s.noc)
    j["noc"] = {{"topology", s.noc->topology()},
                {"bandwidth_gb_per_s", s.noc->link().bandwidth_gb_per_s},
                {"latency_ns", s.noc->link().latency_ns},
                {"energy_pj_per_bit", s.noc->link().energy_pj_per_bit}};
  j["tokens_per_s"] = r.seconds > 0 ? double(r.tokens * r.batch) / r.seconds : 0.0;
  // When each sequence's token comes out: a micro-batch's tokens at the end of its last op,
  // every sequence's at the end of the run without micro-batches. The mean over the batch
  // (equal micro-batches) per generated token.
  std::vector<uint64_t> mb_end(s.micro_batches, 0);
  for (const RunResult& p : parts)
    for (const OpRecord& rec : p.op_records) {
      const int mb = micro_batch_of(rec.name);
      if (mb >= 0 && uint32_t(mb) < mb_end.size()) mb_end[mb] = std::max(mb_end[mb], rec.end_cycle);
    }
  if (s.micro_batches == 1) mb_end = {end};
  nlohmann::ordered_json mb_latency = nlohmann::ordered_json::array();
  double latency_sum = 0;
  for (uint64_t e : mb_end) {
    const double sec = double(e) / (arch.clock_mhz * 1e6) / double(std::max<uint64_t>(1, r.tokens));
    mb_latency.push_back(sec);
    latency_sum += sec;
  }
  j["latency_per_token_s"] = latency_sum / double(mb_end.size());
  j["micro_batch_latency_per_token_s"] = mb_latency;
  j["collectives"] = plan->collectives.size();
  j["link_bytes"] = link_bytes;
  j["link_energy_j"] = link_energy;
  j["padding"] = padding;
  j["worker_stats"] = workers;
  j["links"] = links;
  r.system_json = j.dump();
  return r;
}

}  // namespace ternsim
