#include "sim/system/interconnect.hpp"

#include <algorithm>

namespace ternsim {

LinkParams LinkParams::from_config(ConfigNode n) {
  LinkParams p;
  // 1 MB/s .. 100 TB/s, 0 .. 1 s, 0 .. 1 uJ/bit: anything outside is a unit mistake.
  p.bandwidth_gb_per_s = n.real("bandwidth_gb_per_s", 1e-3, 1e5);
  p.latency_ns = n.real("latency_ns", 0, 1e9);
  p.energy_pj_per_bit = n.real("energy_pj_per_bit", 0, 0, 1e6);
  n.finish();
  return p;
}

const char* to_string(CollectiveKind k) {
  switch (k) {
    case CollectiveKind::AllReduce: return "all_reduce";
    case CollectiveKind::AllGather: return "all_gather";
    case CollectiveKind::ReduceScatter: return "reduce_scatter";
    case CollectiveKind::PointToPoint: return "point_to_point";
  }
  return "?";
}

CollectiveCost Interconnect::cost(CollectiveKind kind, double bytes, const std::vector<uint32_t>& members,
                                  CollectiveAlgorithm algorithm) const {
  CollectiveCost c;
  c.sent_bytes.assign(members.size(), 0.0);
  if (kind == CollectiveKind::PointToPoint) {
    const uint32_t h = hops(members.at(0), members.at(1));
    c.seconds = bytes / link_.bytes_per_s() + link_.latency_s() * h;
    c.link_bytes = bytes * h;
    c.sent_bytes[0] = bytes;
    return c;
  }
  if (members.size() < 2) return c;
  return algorithm == CollectiveAlgorithm::Ring ? ring(kind, bytes, members) : tree(kind, bytes, members);
}

CollectiveCost Interconnect::ring(CollectiveKind kind, double bytes, const std::vector<uint32_t>& members) const {
  const std::vector<uint32_t> order = ring_order(members);
  const size_t p = order.size();
  uint32_t worst = 0;
  double hop_sum = 0;
  for (size_t i = 0; i < p; ++i) {
    const uint32_t h = hops(order[i], order[(i + 1) % p]);
    worst = std::max(worst, h);
    hop_sum += h;
  }
  const double steps = kind == CollectiveKind::AllReduce ? 2.0 * (p - 1) : double(p - 1);
  const double chunk = bytes / double(p);
  CollectiveCost c;
  c.seconds = steps * (chunk / link_.bytes_per_s() + link_.latency_s() * worst);
  c.link_bytes = steps * chunk * hop_sum;
  c.sent_bytes.assign(members.size(), steps * chunk);
  return c;
}

CollectiveCost Interconnect::tree(CollectiveKind kind, double bytes, const std::vector<uint32_t>& members) const {
  const size_t p = members.size();
  CollectiveCost c;
  c.sent_bytes.assign(p, 0.0);
  for (size_t stride = 1; stride < p; stride *= 2) {
    uint32_t worst = 0;
    double step_bytes = 0;
    for (size_t i = 0; i < p; ++i) {
      const size_t partner = i ^ stride;
      if (partner >= p) continue;
      if (kind == CollectiveKind::AllReduce) {
        // Reduce: i sends its partial sum to i - stride when i is an odd multiple of stride;
        // the broadcast sends the same bytes back down the same pairs.
        if (i % (2 * stride) != stride) continue;
        step_bytes = bytes;
        const uint32_t h = hops(members[i], members[i - stride]);
        worst = std::max(worst, h);
        c.link_bytes += 2.0 * bytes * h;
        c.sent_bytes[i] += bytes;
        c.sent_bytes[i - stride] += bytes;
      } else {
        step_bytes = bytes * double(stride) / double(p);
        const uint32_t h = hops(members[i], members[partner]);
        worst = std::max(worst, h);
        c.link_bytes += step_bytes * h;
        c.sent_bytes[i] += step_bytes;
      }
    }
    const double t = step_bytes / link_.bytes_per_s() + link_.latency_s() * worst;
    c.seconds += kind == CollectiveKind::AllReduce ? 2.0 * t : t;
  }
  return c;
}

}  // namespace ternsim
