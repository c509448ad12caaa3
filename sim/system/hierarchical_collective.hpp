#pragma once
// The time, traffic and energy of one collective in a system. Without `system.noc` every worker
// is a node of the one interconnect (interconnect.hpp). With it, cores talk over their chip's
// on-chip network and chips over the chip links, and a collective whose members sit on several
// chips runs in phases (as NCCL's hierarchical algorithms do), S = bytes per participant, c =
// members per chip, n = chips:
//   all-reduce      reduce-scatter on each chip's NoC (S over c), all-reduce of S between the
//                   chips (the c shards share the chip's link), all-gather on the NoC (S over c)
//   all-gather      all-gather of S between the chips, then on the NoC
//   reduce-scatter  on the NoC, then between the chips
//   point to point  the NoC within a chip, the chip link between chips
// Each phase is the interconnect's closed form (ring or tree, system.interconnect.algorithm).
// ASSUMPTION: a core reaches its chip's link port at no NoC cost; the chips' NoC phases run in
// parallel; a chip's link carries only this collective while it runs (concurrent collectives of
// other cores of the chip are not charged against each other on that link).
#include <cstdint>
#include <vector>

#include "sim/system/interconnect.hpp"
#include "sim/system/system_params.hpp"

namespace ternsim {

struct SystemCollectiveCost {
  double seconds = 0;
  double energy_j = 0;
  std::vector<double> sent_bytes;  // per member: what it sends on its NoC port and its share of the chip link
};

SystemCollectiveCost collective_cost(const SystemParams& s, CollectiveKind kind, double bytes,
                                     const std::vector<uint32_t>& members);

}  // namespace ternsim
