// Collective closed forms of the interconnect topologies against hand-derived values.
#include <gtest/gtest.h>

#include "sim/config/config_error.hpp"
#include "sim/system/hierarchical_collective.hpp"
#include "sim/system/interconnect.hpp"
#include "sim/system/system_params.hpp"

using namespace ternsim;

namespace {
// S = 1 MB, B = 10 GB/s, a = 1 us per hop: S/B = 100 us.
constexpr double kS = 1e6;
std::unique_ptr<Interconnect> make(const std::string& topology, uint32_t nodes, const std::string& extra = "") {
  ConfigNode n = ConfigNode::load_string("{" + extra + "}", "ic.yaml");
  LinkParams l;
  l.bandwidth_gb_per_s = 10;
  l.latency_ns = 1000;
  l.energy_pj_per_bit = 5;
  return InterconnectRegistry::make(topology, n, nodes, l);
}
std::vector<uint32_t> iota(uint32_t p) {
  std::vector<uint32_t> v(p);
  for (uint32_t i = 0; i < p; ++i) v[i] = i;
  return v;
}
}  // namespace

// Ring all-reduce, p = 4: 2(p-1)/p S/B + 2(p-1) a = 1.5 x 100 us + 6 x 1 us = 156 us, on a ring
// and on a fully connected topology (the ring algorithm uses one neighbour link per step).
TEST(Interconnect, RingAllReduceIsTwoPMinusOneOverPTimesSOverBPlusLatency) {
  for (const char* topo : {"ring", "fully_connected"}) {
    auto ic = make(topo, 4);
    CollectiveCost c = ic->cost(CollectiveKind::AllReduce, kS, iota(4), CollectiveAlgorithm::Ring);
    EXPECT_NEAR(c.seconds, 156e-6, 1e-12) << topo;
    // 6 steps x 250 kB x 4 neighbour hops; each worker sends 6 x 250 kB.
    EXPECT_NEAR(c.link_bytes, 6e6, 1e-6) << topo;
    EXPECT_NEAR(c.sent_bytes[2], 1.5e6, 1e-6) << topo;
  }
}

// All-gather and reduce-scatter: (p-1)/p S/B + (p-1) a = 75 + 3 = 78 us.
TEST(Interconnect, RingAllGatherAndReduceScatterAreHalfAnAllReduce) {
  auto ic = make("ring", 4);
  EXPECT_NEAR(ic->cost(CollectiveKind::AllGather, kS, iota(4), CollectiveAlgorithm::Ring).seconds, 78e-6, 1e-12);
  EXPECT_NEAR(ic->cost(CollectiveKind::ReduceScatter, kS, iota(4), CollectiveAlgorithm::Ring).seconds, 78e-6, 1e-12);
}

// A switch puts two links between any pair: 150 us + 6 x 2 us = 162 us.
TEST(Interconnect, SwitchDoublesTheHopLatency) {
  auto ic = make("switch", 4);
  EXPECT_NEAR(ic->cost(CollectiveKind::AllReduce, kS, iota(4), CollectiveAlgorithm::Ring).seconds, 162e-6, 1e-12);
}

// Four contiguous workers of an 8-ring: the closing edge 3 -> 0 is 3 hops, and every ring step
// waits for it: 150 us + 6 x 3 us = 168 us.
TEST(Interconnect, RingGroupOfABiggerRingPaysItsLongestEdge) {
  auto ic = make("ring", 8);
  EXPECT_NEAR(ic->cost(CollectiveKind::AllReduce, kS, {0, 1, 2, 3}, CollectiveAlgorithm::Ring).seconds, 168e-6, 1e-12);
}

// Tree (binomial) all-reduce on 4 fully connected workers: 2 steps up, 2 down, whole tensor
// each: 4 x (100 + 1) us = 404 us; the ring is cheaper for large S.
TEST(Interconnect, TreeAllReduceIsTwoLogPSteps) {
  auto ic = make("fully_connected", 4);
  CollectiveCost c = ic->cost(CollectiveKind::AllReduce, kS, iota(4), CollectiveAlgorithm::Tree);
  EXPECT_NEAR(c.seconds, 404e-6, 1e-12);
  // Up: 1->0, 3->2, then 2->0; down the same 3 pairs: 6 messages of 1 MB, one hop each.
  EXPECT_NEAR(c.link_bytes, 6e6, 1e-6);
}

// Point to point 0 -> 5 on an 8-ring: the short way is 3 hops: 100 + 3 = 103 us.
TEST(Interconnect, PointToPointTakesTheShortWayRound) {
  auto ic = make("ring", 8);
  EXPECT_NEAR(ic->cost(CollectiveKind::PointToPoint, kS, {0, 5}, CollectiveAlgorithm::Ring).seconds, 103e-6, 1e-12);
}

// 8 workers on a 2 x 4 mesh: the snake 0 1 2 3 7 6 5 4 closes 4 -> 0 in one hop, so every
// step is one hop: 2 x 7/8 x 100 + 14 x 1 = 189 us.
TEST(Interconnect, Mesh2dRingFollowsTheSnake) {
  auto ic = make("mesh2d", 8);
  EXPECT_EQ(ic->hops(0, 7), 4u);  // (0,0) -> (1,3)
  EXPECT_NEAR(ic->cost(CollectiveKind::AllReduce, kS, iota(8), CollectiveAlgorithm::Ring).seconds, 189e-6, 1e-12);
}

TEST(Interconnect, OneParticipantCostsNothing) {
  auto ic = make("ring", 1);
  EXPECT_EQ(ic->cost(CollectiveKind::AllReduce, kS, {0}, CollectiveAlgorithm::Ring).seconds, 0.0);
}

// tp x pp x dp must equal the workers, in one line naming the file and the numbers.
TEST(SystemParams, ParallelProductMustMatchTheWorkers) {
  ConfigNode n = ConfigNode::load_string(
      "system:\n  chips: 8\n  parallel: {tp: 2, pp: 1, dp: 1}\n"
      "  interconnect: {topology: ring, link: {bandwidth_gb_per_s: 10, latency_ns: 100}}\n",
      "sys.yaml");
  try {
    SystemParams::from_config(n.child("system"));
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "sys.yaml:3:3: system.parallel: tp x pp x dp = 2 x 1 x 1 = 2 but the system has chips x cores_per_chip "
              "= 8 x 1 = 8 workers");
  }
}

TEST(SystemParams, TensorParallelOverAllWorkersByDefault) {
  ConfigNode n = ConfigNode::load_string(
      "system: {chips: 4, cores_per_chip: 2, interconnect: {topology: mesh2d, link: {bandwidth_gb_per_s: 10, "
      "latency_ns: 100}}}\n",
      "sys.yaml");
  SystemParams s = SystemParams::from_config(n.child("system"));
  EXPECT_EQ(s.tp, 8u);
  EXPECT_EQ(s.workers(), 8u);
  EXPECT_EQ(s.interconnect->topology(), "mesh2d");
  // With dp given, tp takes the workers left: 8 / 2 = 4.
  ConfigNode d = ConfigNode::load_string(
      "system: {chips: 8, parallel: {dp: 2}, interconnect: {link: {bandwidth_gb_per_s: 10, latency_ns: 100}}}\n",
      "sys.yaml");
  SystemParams sd = SystemParams::from_config(d.child("system"));
  EXPECT_EQ(sd.tp, 4u);
  EXPECT_EQ(sd.dp, 2u);
}

// Hierarchical all-reduce, 2 chips x 2 cores, S = 1 MB. NoC: ring, 100 GB/s, 100 ns per hop;
// chip links: ring, 10 GB/s, 1 us per hop. Reduce-scatter on each NoC: 1/2 x 10 us + 0.1 us,
// all-reduce of S between the 2 chips: 2 x 1/2 x 100 us + 2 x 1 us, all-gather on the NoC:
// 5.1 us -> 112.2 us, against 156 us for the flat ring over all 4 workers on the chip links.
// A collective inside one chip uses only the NoC; a send between chips only the chip link.
TEST(Interconnect, HierarchicalAllReduceIntraThenInterChip) {
  const std::string sys =
      "{chips: 2, cores_per_chip: 2, interconnect: {topology: ring, link: {bandwidth_gb_per_s: 10, latency_ns: 1000, "
      "energy_pj_per_bit: 5}}, noc: {topology: ring, link: {bandwidth_gb_per_s: 100, latency_ns: 100, "
      "energy_pj_per_bit: 0.5}}}";
  const SystemParams s = SystemParams::from_config(ConfigNode::load_string(sys, "sys.yaml"));
  SystemCollectiveCost ar = collective_cost(s, CollectiveKind::AllReduce, kS, {0, 1, 2, 3});
  EXPECT_NEAR(ar.seconds, 5.1e-6 + 102e-6 + 5.1e-6, 1e-12);
  // Energy: each NoC phase moves (p-1) steps of S/p over the 2-core ring's 2 hops = 1 MB per
  // chip: 2 chips x 2 phases x 8e6 bit x 0.5 pJ; the chip links' all-reduce 2(p-1) steps of S/p
  // over 2 hops = 2 MB: 16e6 bit x 5 pJ.
  EXPECT_NEAR(ar.energy_j, 2 * 2 * 8e6 * 0.5e-12 + 16e6 * 5e-12, 1e-15);
  EXPECT_NEAR(collective_cost(s, CollectiveKind::AllReduce, kS, {2, 3}).seconds, 2 * (5e-6 + 0.1e-6), 1e-12);
  EXPECT_NEAR(collective_cost(s, CollectiveKind::PointToPoint, kS, {1, 3}).seconds, 100e-6 + 1e-6, 1e-12);
}
