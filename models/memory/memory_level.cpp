#include "models/memory/memory_level.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include "models/memory/memory_cell.hpp"
#include "sim/config/config_error.hpp"
#include "sim/energy/tech_table.hpp"

namespace ternsim {

const char* operand_name(Operand o) {
  switch (o) {
    case Operand::Weights: return "weights";
    case Operand::Activations: return "activations";
    case Operand::Outputs: return "outputs";
    case Operand::State: return "state";
  }
  return "?";
}

SramParams MemoryLevel::as_sram() const {
  SramParams p;
  p.capacity_bytes = capacity_bytes;
  p.banks = banks;
  p.ports = ports;
  p.width_bits = width_bytes * 8;
  return p;
}

const MemoryLevel* MemoryHierarchy::find(const std::string& name) const {
  for (const auto& l : levels)
    if (l.name == name) return &l;
  return nullptr;
}

namespace {

MemoryLevel read_level(ConfigNode& n, const std::optional<TechTable>& tech) {
  MemoryLevel l;
  l.name = n.string("name");
  if (l.name.empty() || l.name.find_first_of(". ,\t") != std::string::npos)
    n.fail("name", "expected a level name without dots, commas or spaces (it names energy events sram.<name>.*), got '" +
                       l.name + "'");
  l.kind = n.choice("kind", "sram", MemoryCellRegistry::names());
  // Same bounds as sram.*: up to 64 GiB keeps byte counts far from 64-bit overflow.
  l.capacity_bytes = static_cast<uint64_t>(n.integer("capacity_kib", 1, int64_t(1) << 26)) * 1024;
  l.banks = static_cast<uint32_t>(n.integer("banks", 1, 1, 4096));
  l.ports = static_cast<uint32_t>(n.integer("ports", 1, 1, 16));
  l.width_bytes = static_cast<uint32_t>(n.integer("width_bytes", 16, 1, 8192));
  l.row_major = n.choice("layout", "tiled", {"tiled", "row_major"}) == "row_major";
  // Read only when written, so a hierarchy without it resolves exactly as before.
  if (n.has("shared")) l.shared_by_chip = n.choice("shared", "core", {"core", "chip"}) == "chip";
  const auto holds = n.string_list("holds", {});
  if (holds.empty())
    n.fail("holds", "expected a non-empty list of operands from [weights, activations, outputs, state]");
  for (const auto& h : holds) {
    int i = h == "weights" ? 0 : h == "activations" ? 1 : h == "outputs" ? 2 : h == "state" ? 3 : -1;
    if (i < 0) n.fail("holds", "expected operands from [weights, activations, outputs, state], got '" + h + "'");
    l.holds[i] = true;
  }
  const bool r = n.has("read_pj_per_bit"), w = n.has("write_pj_per_bit");
  if (r != w) n.fail(r ? "write_pj_per_bit" : "read_pj_per_bit", "expected read_pj_per_bit and write_pj_per_bit together");
  if (r) {
    l.read_pj_per_bit = n.real("read_pj_per_bit", 0.0, 1e6);
    l.write_pj_per_bit = n.real("write_pj_per_bit", 0.0, 1e6);
    l.energy_known = true;
    l.energy_source = "arch: " + n.path_prefix() + ".read_pj_per_bit/write_pj_per_bit";
  } else if (tech) {
    const auto cell = MemoryCellRegistry::make(l.kind);
    l.read_pj_per_bit = cell->read_pj_per_bit(*tech, l.capacity_bytes);
    l.write_pj_per_bit = cell->write_pj_per_bit(*tech, l.capacity_bytes);
    l.energy_source = cell->energy_source(*tech, l.capacity_bytes);
    l.energy_known = true;
  }
  n.finish();
  return l;
}

}  // namespace

MemoryHierarchy MemoryHierarchy::from_config(ConfigNode& root, const std::string& tech_path) {
  MemoryHierarchy h;
  std::optional<TechTable> tech;
  if (!tech_path.empty()) tech = TechTable::load(tech_path);
  std::vector<ConfigNode> nodes = root.list("memory_hierarchy");
  if (nodes.empty()) root.fail("memory_hierarchy", "expected at least one level (innermost first)");
  if (nodes.size() > 16) root.fail("memory_hierarchy", "expected at most 16 levels, got " + std::to_string(nodes.size()));
  std::set<std::string> names;
  for (auto& n : nodes) {
    h.levels.push_back(read_level(n, tech));
    if (!names.insert(h.levels.back().name).second)
      n.fail("name", "expected a name unique among the levels, got '" + h.levels.back().name + "' twice");
  }
  auto outermost = [&](Operand o) -> int {
    for (int i = int(h.levels.size()) - 1; i >= 0; --i)
      if (h.levels[i].holds[int(o)]) return i;
    return -1;
  };
  const int w = outermost(Operand::Weights), a = outermost(Operand::Activations);
  if (w < 0) root.fail("memory_hierarchy", "expected a level whose holds: lists weights (the DMA's weight home)");
  if (a < 0) root.fail("memory_hierarchy", "expected a level whose holds: lists activations (the activation home)");
  if (w == a)
    nodes[w].fail("holds", "expected the outermost level holding weights and the outermost holding activations to "
                           "differ (one shared home level is not supported yet: split it into two levels)");
  h.weight_home = size_t(w);
  h.act_home = size_t(a);
  // A home's capacity belongs to its role (plan_gemm sizes chunks/passes by all of it), so it
  // cannot also stage the other role's operands; outputs and state live in the activation home.
  if (h.levels[w].holds[int(Operand::Activations)] || h.levels[w].holds[int(Operand::Outputs)] ||
      h.levels[w].holds[int(Operand::State)])
    nodes[w].fail("holds", "expected only weights in the weight home '" + h.levels[w].name + "' (its capacity is the DMA's)");
  if (h.levels[a].holds[int(Operand::Weights)])
    nodes[a].fail("holds", "expected no weights in the activation home '" + h.levels[a].name + "'");
  for (size_t i = 0; i < h.levels.size(); ++i) {
    const MemoryLevel& l = h.levels[i];
    // A home's capacity and bandwidth size every core's DMA chunks, passes and tile loads
    // (ArrayContext); splitting them between cores is not modelled yet.
    if (l.shared_by_chip && (i == h.weight_home || i == h.act_home))
      nodes[i].fail("shared", "expected shared: chip only on a staging level, not on the " +
                                  std::string(i == h.weight_home ? "weight" : "activation") + " home '" + l.name +
                                  "' (a home shared by a chip's cores is not modelled yet)");
    if (l.holds[int(Operand::State)] && i != h.act_home)
      nodes[i].fail("holds", "expected state only in the activation home '" + h.levels[a].name +
                                 "' (the MLGRU state is reserved there for the whole run)");
    if (l.holds[int(Operand::Outputs)] && i > h.act_home)
      nodes[i].fail("holds", "expected outputs only in the activation home or a level inside it");
  }
  return h;
}

uint32_t conflict_free_banks(uint64_t row_bytes, uint64_t pitch_bytes, uint32_t banks, uint32_t width_bytes) {
  if (banks <= 1 || row_bytes == 0) return banks;
  const uint64_t r = (row_bytes + width_bytes - 1) / width_bytes;
  const uint64_t d = (std::max(pitch_bytes, row_bytes) + width_bytes - 1) / width_bytes;
  const uint64_t g = std::gcd(d, uint64_t(banks));
  if (r >= g) return banks;
  return static_cast<uint32_t>(uint64_t(banks) / g * r);
}

uint64_t level_transfer_cycles(const MemoryLevel& level, uint64_t bytes, uint32_t active_banks) {
  const uint64_t bw = uint64_t(active_banks) * level.ports * level.width_bytes;
  const uint64_t b = bytes * level.share;
  return (b + bw - 1) / bw;
}

}  // namespace ternsim
