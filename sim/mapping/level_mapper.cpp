#include "sim/mapping/level_mapper.hpp"

#include <algorithm>
#include <vector>

namespace ternsim {
namespace {

uint64_t bytes_of(double elems, uint32_t bits) { return static_cast<uint64_t>((elems * bits + 7) / 8); }

// Banks a weight-tile gather keeps busy at `l`: in a tiled level the fill wrote tiles in the
// order they are read (contiguous, every bank); in a row_major level tile rows are a matrix
// row apart (memory_level.hpp, conflict_free_banks).
uint32_t weight_banks(const MemoryLevel& l, uint64_t row_bytes, uint64_t pitch_bytes) {
  return l.row_major ? conflict_free_banks(row_bytes, pitch_bytes, l.banks, l.width_bytes) : l.banks;
}

// Moves `n` of `from` to `to` (both event keys), dropping a key that reaches zero.
void move(EventCounts& ev, const std::string& from, const std::string& to, double n) {
  if (n == 0 || from == to) return;
  auto it = ev.counts.find(from);
  if (it != ev.counts.end()) {
    it->second -= n;
    if (it->second == 0) ev.counts.erase(it);
  }
  ev.add(to, n);
}

std::string key(const MemoryHierarchy& h, int level, const char* access) {
  return "sram." + h.levels[size_t(level)].name + "." + access;
}

}  // namespace

LevelPlan map_levels(const Op& op, const GemmPlan& plan, const ArrayModel& array, const MemoryHierarchy& h) {
  LevelPlan lp;
  const WeightTile t0 = array.tile(op, 0);
  const uint32_t ob = array.output_bits();
  // Whole operand of one pass, and one tile, per operand (bytes).
  const uint64_t whole[3] = {plan.weight_bytes, bytes_of(double(plan.m_block) * op.k, op.act_bits),
                             bytes_of(double(plan.m_block) * op.n, ob)};
  const size_t home[3] = {h.weight_home, h.act_home, h.act_home};
  std::vector<uint64_t> left(h.levels.size());
  for (size_t i = 0; i < h.levels.size(); ++i) left[i] = h.levels[i].core_capacity_bytes();
  for (int o = 0; o < 3; ++o) {
    OperandPlace& p = lp.place[o];
    p.level = int(home[o]);
    for (size_t i = 0; i < home[o]; ++i) {
      const MemoryLevel& l = h.levels[i];
      if (!l.holds[o] || i == h.weight_home || i == h.act_home) continue;
      // Only where the whole operand of a pass fits: the array walks K inside each N column
      // (array_model.hpp tile order), so a level holding just a tile or two would see every
      // byte once, costing a fill without saving a read. The operand spills outward instead.
      if (whole[o] > left[i]) continue;
      p = OperandPlace{int(i), true, whole[o]};
      left[i] -= p.footprint;
      break;
    }
  }

  // Weight gathers: a tile row is tile.bytes / k_extent bytes; in the matrix layout rows are one
  // full weight row apart (tiles across N side by side).
  const uint64_t row = t0.k_extent ? (t0.bytes + t0.k_extent - 1) / t0.k_extent : t0.bytes;
  const uint64_t tiles_across_n = t0.n_extent ? (op.n + t0.n_extent - 1) / t0.n_extent : 1;
  const uint64_t pitch = row * tiles_across_n;
  const MemoryLevel& ws = h.levels[size_t(lp.place[0].level)];
  lp.weight_active_banks = weight_banks(ws, row, pitch);
  // The array reads every weight once per pass.
  const uint64_t weight_reads = plan.weight_bytes * plan.passes;
  lp.conflict_cycles = level_transfer_cycles(ws, weight_reads, lp.weight_active_banks) -
                       level_transfer_cycles(ws, weight_reads, ws.banks);

  // Fills between a home and the staging level: at the slower of the two ends.
  auto fill = [&](int o, uint64_t bytes, uint32_t src_banks, uint32_t dst_banks) {
    const MemoryLevel& src = h.levels[home[o]];
    const MemoryLevel& dst = h.levels[size_t(lp.place[o].level)];
    lp.fill_cycles += std::max(level_transfer_cycles(src, bytes, src_banks), level_transfer_cycles(dst, bytes, dst_banks));
  };
  if (lp.place[0].level != int(h.weight_home)) {
    const MemoryLevel& src = h.levels[h.weight_home];
    fill(0, lp.place[0].resident ? plan.weight_bytes : weight_reads, weight_banks(src, row, pitch),
         lp.weight_active_banks);
  }
  if (lp.place[1].level != int(h.act_home)) {
    // The array reads the activations once per tile column (each N tile needs all of K).
    const uint64_t act = bytes_of(double(op.m) * op.k, op.act_bits);
    fill(1, lp.place[1].resident ? act : act * tiles_across_n, h.levels[h.act_home].banks,
         h.levels[size_t(lp.place[1].level)].banks);
  }
  if (lp.place[2].level != int(h.act_home))
    fill(2, bytes_of(double(op.m) * op.n, ob), h.levels[h.act_home].banks, h.levels[size_t(lp.place[2].level)].banks);
  return lp;
}

void rename_role_events(const MemoryHierarchy& h, EventCounts& ev) {
  const std::string roles[2] = {"weight_buffer", "act_buffer"};
  const size_t homes[2] = {h.weight_home, h.act_home};
  for (int r = 0; r < 2; ++r) {
    if (h.levels[homes[r]].name == roles[r]) continue;
    for (const char* a : {"read_bit", "write_bit"}) {
      const std::string from = "sram." + roles[r] + "." + a;
      move(ev, from, "sram." + h.levels[homes[r]].name + "." + a, ev.get(from));
    }
  }
}

void place_level_events(const Op& op, const GemmPlan& plan, const LevelPlan& lp, const MemoryHierarchy& h,
                        uint32_t out_bits, uint64_t count, EventCounts& ev) {
  const int wh = int(h.weight_home), ah = int(h.act_home);
  const double c = double(count);
  const double outputs = c * double(op.m) * op.n * out_bits;  // ArrayUnit writes each output once
  if (lp.place[0].level != wh) {
    const int s = lp.place[0].level;
    const double reads = ev.get(key(h, wh, "read_bit"));  // the array's weight reads (the DMA only writes)
    move(ev, key(h, wh, "read_bit"), key(h, s, "read_bit"), reads);
    const double f = lp.place[0].resident ? c * 8.0 * double(plan.weight_bytes) : reads;
    ev.add(key(h, wh, "read_bit"), f);
    ev.add(key(h, s, "write_bit"), f);
  }
  if (lp.place[1].level != ah) {
    const int s = lp.place[1].level;
    // The activation home's reads of a GEMM: the array's activation reads, plus the outputs
    // read back out when passes spill them to DRAM.
    const double reads = ev.get(key(h, ah, "read_bit")) - (plan.spills ? outputs : 0.0);
    move(ev, key(h, ah, "read_bit"), key(h, s, "read_bit"), reads);
    const double f = lp.place[1].resident ? c * double(op.m) * op.k * op.act_bits : reads;
    ev.add(key(h, ah, "read_bit"), f);
    ev.add(key(h, s, "write_bit"), f);
  }
  if (lp.place[2].level != ah) {
    const int s = lp.place[2].level;
    // Written to the staging level by the array, then drained to the activation home.
    ev.add(key(h, s, "write_bit"), outputs);
    ev.add(key(h, s, "read_bit"), outputs);
  }
}

}  // namespace ternsim

#include <nlohmann/json.hpp>

namespace ternsim {

void apply_memory_hierarchy(const MemoryHierarchy& h, const std::map<std::string, PlacedGemm>& gemms,
                            uint32_t out_bits, RunResult& r) {
  nlohmann::ordered_json ops = nlohmann::ordered_json::array();
  std::map<std::string, std::map<std::string, uint64_t>> placement;
  uint64_t conflicts = 0, fills = 0;
  const std::string& act_home = h.levels[h.act_home].name;
  for (OpRecord& rec : r.op_records) {
    const EventCounts before = rec.events;
    rename_role_events(h, rec.events);
    nlohmann::ordered_json o;
    o["name"] = rec.name;
    auto it = gemms.find(rec.name);
    if (it != gemms.end() && rec.kind == "gemm") {
      const PlacedGemm& g = it->second;
      GemmPlan plan;
      plan.spills = g.spills;
      plan.weight_bytes = g.weight_bytes;
      place_level_events(g.op, plan, g.levels, h, out_bits, rec.count, rec.events);
      const char* names[3] = {"weights", "activations", "outputs"};
      for (int k = 0; k < 3; ++k) {
        const std::string& lvl = h.levels[size_t(g.levels.place[k].level)].name;
        o[names[k]] = lvl;
        placement[names[k]][lvl] += 1;
      }
      o["bank_conflict_cycles"] = g.levels.conflict_cycles * rec.count;
      o["fill_cycles"] = g.levels.fill_cycles * rec.count;
      conflicts += g.levels.conflict_cycles * rec.count;
      fills += g.levels.fill_cycles * rec.count;
    } else {
      // Vector and recurrent ops work in the activation home (state included).
      o["weights"] = "";
      o["activations"] = act_home;
      o["outputs"] = act_home;
      o["bank_conflict_cycles"] = 0;
      o["fill_cycles"] = 0;
    }
    ops.push_back(o);
    // The run's totals move by exactly what this op's events moved.
    for (const auto& [k, v] : before.counts) r.events.counts[k] -= v;
    for (const auto& [k, v] : rec.events.counts) r.events.counts[k] += v;
  }
  for (auto it = r.events.counts.begin(); it != r.events.counts.end();)
    it = it->second == 0 && it->first.compare(0, 5, "sram.") == 0 ? r.events.counts.erase(it) : std::next(it);

  nlohmann::ordered_json levels = nlohmann::ordered_json::array();
  for (size_t i = 0; i < h.levels.size(); ++i) {
    const MemoryLevel& l = h.levels[i];
    nlohmann::ordered_json j;
    j["name"] = l.name;
    j["kind"] = l.kind;
    j["role"] = i == h.weight_home ? "weight home" : i == h.act_home ? "activation home" : "staging";
    j["capacity_bytes"] = l.capacity_bytes;
    j["banks"] = l.banks;
    j["ports"] = l.ports;
    j["width_bytes"] = l.width_bytes;
    j["layout"] = l.row_major ? "row_major" : "tiled";
    if (l.share > 1) j["cores_sharing"] = l.share;  // shared: chip in a multi-core system
    nlohmann::ordered_json holds = nlohmann::ordered_json::array();
    for (int o = 0; o < kOperands; ++o)
      if (l.holds[o]) holds.push_back(operand_name(Operand(o)));
    j["holds"] = holds;
    j["peak_bytes_per_cycle"] = l.peak_bytes_per_cycle();
    const double rb = r.events.get("sram." + l.name + ".read_bit"), wb = r.events.get("sram." + l.name + ".write_bit");
    j["read_bits"] = rb;
    j["write_bits"] = wb;
    if (l.energy_known) {
      j["read_pj_per_bit"] = l.read_pj_per_bit;
      j["write_pj_per_bit"] = l.write_pj_per_bit;
      // One access = one port's word (width_bytes).
      j["read_pj_per_access"] = l.read_pj_per_bit * 8.0 * l.width_bytes;
      j["write_pj_per_access"] = l.write_pj_per_bit * 8.0 * l.width_bytes;
      j["energy_source"] = l.energy_source;
      j["energy_j"] = (rb * l.read_pj_per_bit + wb * l.write_pj_per_bit) * 1e-12;
    }
    levels.push_back(j);
  }
  nlohmann::ordered_json j;
  j["levels"] = levels;
  j["gemm_placement"] = placement;
  j["bank_conflict_cycles"] = conflicts;
  j["fill_cycles"] = fills;
  j["ops"] = ops;
  r.memory_json = j.dump();
}

}  // namespace ternsim
