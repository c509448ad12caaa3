#pragma once
// Interconnect: how the workers of a system (chips, or cores of a chip) are linked, and the
// closed-form time of the collectives a parallel mapping inserts. One implementation per
// topology (ring, mesh2d, fully_connected, switch), registered by name and chosen with
// `system.interconnect.topology`; a topology only says how many link hops separate two
// workers and in which order a ring algorithm visits them. Every link has the same
// bandwidth B (bytes/s, each direction), latency a (s per hop, cut-through) and energy per bit.
//
// Closed forms, S = bytes of the whole tensor on each of the p participants:
//  ring all-reduce      2(p-1) steps of S/p bytes: 2(p-1)/p * S/B + 2(p-1) * L
//  ring all-gather, reduce-scatter   (p-1)/p * S/B + (p-1) * L
//     L = a * (largest hop count between ring neighbours); 1 hop on a ring or fully connected
//     topology, 2 through a switch (chip -> switch -> chip).
//  tree all-reduce      binomial reduce then broadcast, d = ceil(log2 p) steps each way, the
//                       whole tensor per step: 2 * sum_s (S/B + L_s), L_s = a * hops at step s
//  tree all-gather / reduce-scatter   recursive doubling / halving: sum_s (S 2^s / p / B + L_s)
//  point-to-point       S/B + a * hops(src, dst)
// ASSUMPTION: links are full duplex and a step's messages use disjoint links (true for ring
// neighbours on ring, fully connected and switch topologies; a mesh ring's closing edge may
// share links, which is not charged).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/config/config_node.hpp"
#include "sim/kernel/registry.hpp"

namespace ternsim {

struct LinkParams {
  double bandwidth_gb_per_s = 0;  // GB/s (1e9 bytes/s), each direction
  double latency_ns = 0;          // per hop
  double energy_pj_per_bit = 0;   // per bit per hop
  static LinkParams from_config(ConfigNode node);
  double bytes_per_s() const { return bandwidth_gb_per_s * 1e9; }
  double latency_s() const { return latency_ns * 1e-9; }
};

enum class CollectiveKind { AllReduce, AllGather, ReduceScatter, PointToPoint };
enum class CollectiveAlgorithm { Ring, Tree };
const char* to_string(CollectiveKind k);

struct CollectiveCost {
  double seconds = 0;
  double link_bytes = 0;  // bytes x hops summed over every message (what the links carry)
  // Bytes each participant sends (indexed like `members`): its own link's traffic.
  std::vector<double> sent_bytes;
};

class Interconnect {
 public:
  Interconnect(uint32_t nodes, const LinkParams& link) : nodes_(nodes), link_(link) {}
  virtual ~Interconnect() = default;
  virtual std::string topology() const = 0;
  // Link hops between workers a and b (0 <= a, b < nodes()).
  virtual uint32_t hops(uint32_t a, uint32_t b) const = 0;
  // The order a ring algorithm visits `members` in (default: as given).
  virtual std::vector<uint32_t> ring_order(const std::vector<uint32_t>& members) const { return members; }
  // Links in the topology (for reports): one per worker egress by default.
  uint32_t nodes() const { return nodes_; }
  const LinkParams& link() const { return link_; }

  // `members`: worker ids taking part (for point-to-point: {source, destination}).
  CollectiveCost cost(CollectiveKind kind, double bytes, const std::vector<uint32_t>& members,
                      CollectiveAlgorithm algorithm) const;

 private:
  CollectiveCost ring(CollectiveKind kind, double bytes, const std::vector<uint32_t>& members) const;
  CollectiveCost tree(CollectiveKind kind, double bytes, const std::vector<uint32_t>& members) const;
  uint32_t nodes_;
  LinkParams link_;
};

// Topologies by `system.interconnect.topology`; a factory reads its own keys from the
// interconnect map (e.g. mesh2d's cols) and gets the worker count and link.
class InterconnectRegistry : public Registry<Interconnect, ConfigNode&, uint32_t, const LinkParams&> {};

#define TERNSIM_REGISTER_INTERCONNECT(NAME, CLASS)                                                 \
  static const bool ternsim_interconnect_registered_##CLASS = ::ternsim::InterconnectRegistry::add( \
      NAME, [](::ternsim::ConfigNode& n, uint32_t nodes, const ::ternsim::LinkParams& l) {        \
        return std::unique_ptr<::ternsim::Interconnect>(new CLASS(n, nodes, l));                   \
      })

}  // namespace ternsim
