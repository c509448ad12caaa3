#include "sim/system/hierarchical_collective.hpp"

#include <algorithm>
#include <map>

namespace ternsim {
namespace {

double energy_of(const Interconnect& ic, const CollectiveCost& c) {
  return c.link_bytes * 8 * ic.link().energy_pj_per_bit * 1e-12;
}

SystemCollectiveCost flat(const Interconnect& ic, CollectiveKind kind, double bytes, const std::vector<uint32_t>& nodes,
                          CollectiveAlgorithm algorithm) {
  const CollectiveCost c = ic.cost(kind, bytes, nodes, algorithm);
  return {c.seconds, energy_of(ic, c), c.sent_bytes};
}

}  // namespace

SystemCollectiveCost collective_cost(const SystemParams& s, CollectiveKind kind, double bytes,
                                     const std::vector<uint32_t>& members) {
  if (!s.noc) return flat(*s.interconnect, kind, bytes, members, s.algorithm);
  const uint32_t cores = s.cores_per_chip;
  std::map<uint32_t, std::vector<uint32_t>> by_chip;  // chip -> its members' core indices
  for (uint32_t w : members) by_chip[w / cores].push_back(w % cores);
  if (kind == CollectiveKind::PointToPoint || by_chip.size() == 1) {
    if (by_chip.size() == 1) return flat(*s.noc, kind, bytes, by_chip.begin()->second, s.algorithm);
    return flat(*s.interconnect, kind, bytes, {members.at(0) / cores, members.at(1) / cores}, s.algorithm);
  }
  std::vector<uint32_t> chips;
  size_t c = 0;
  for (const auto& [chip, local] : by_chip) {
    chips.push_back(chip);
    c = std::max(c, local.size());
  }
  const std::vector<uint32_t>& local = std::max_element(by_chip.begin(), by_chip.end(), [](const auto& a, const auto& b) {
                                         return a.second.size() < b.second.size();
                                       })->second;
  CollectiveCost inter, noc_first, noc_last;
  switch (kind) {
    case CollectiveKind::AllReduce:
      noc_first = s.noc->cost(CollectiveKind::ReduceScatter, bytes, local, s.algorithm);
      inter = s.interconnect->cost(CollectiveKind::AllReduce, bytes, chips, s.algorithm);
      noc_last = s.noc->cost(CollectiveKind::AllGather, bytes, local, s.algorithm);
      break;
    case CollectiveKind::AllGather:
      inter = s.interconnect->cost(CollectiveKind::AllGather, bytes, chips, s.algorithm);
      noc_last = s.noc->cost(CollectiveKind::AllGather, bytes, local, s.algorithm);
      break;
    case CollectiveKind::ReduceScatter:
      noc_first = s.noc->cost(CollectiveKind::ReduceScatter, bytes, local, s.algorithm);
      inter = s.interconnect->cost(CollectiveKind::ReduceScatter, bytes, chips, s.algorithm);
      break;
    case CollectiveKind::PointToPoint: break;  // handled above
  }
  SystemCollectiveCost r;
  r.seconds = noc_first.seconds + inter.seconds + noc_last.seconds;
  // Every chip runs the NoC phases; the chip links carry the inter-chip phase once.
  r.energy_j = double(chips.size()) * (energy_of(*s.noc, noc_first) + energy_of(*s.noc, noc_last)) +
               energy_of(*s.interconnect, inter);
  r.sent_bytes.assign(members.size(), 0.0);
  auto at = [](const CollectiveCost& k, size_t i) { return i < k.sent_bytes.size() ? k.sent_bytes[i] : 0.0; };
  for (size_t m = 0; m < members.size(); ++m) {
    const uint32_t chip = members[m] / cores, core = members[m] % cores;
    const auto& mine = by_chip.at(chip);
    const size_t li = size_t(std::find(mine.begin(), mine.end(), core) - mine.begin());
    const size_t ci = size_t(std::find(chips.begin(), chips.end(), chip) - chips.begin());
    r.sent_bytes[m] = at(noc_first, li) + at(noc_last, li) + at(inter, ci) / double(mine.size());
  }
  return r;
}

}  // namespace ternsim
