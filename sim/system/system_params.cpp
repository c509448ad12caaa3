#include "sim/system/system_params.hpp"

namespace ternsim {

SystemParams SystemParams::from_config(ConfigNode n) {
  SystemParams s;
  s.chips = static_cast<uint32_t>(n.integer("chips", 1, 1, 4096));
  s.cores_per_chip = static_cast<uint32_t>(n.integer("cores_per_chip", 1, 1, 1024));
  s.weights_resident = n.choice("weights", "stream", {"stream", "resident"}) == "resident";
  s.simulate_all_workers = n.boolean("simulate_all_workers", false);

  ConfigNode par = n.child_or_empty("parallel");
  s.pp = static_cast<uint32_t>(par.integer("pp", 1, 1, 1 << 20));
  s.dp = static_cast<uint32_t>(par.integer("dp", 1, 1, 1 << 20));
  // tp takes the workers pp and dp leave, so --set system.chips=N or parallel.dp=N just works.
  const uint64_t rest = uint64_t(s.pp) * s.dp;
  const uint32_t tp_default = s.workers() % rest == 0 ? static_cast<uint32_t>(s.workers() / rest) : s.workers();
  s.tp = static_cast<uint32_t>(par.integer("tp", tp_default, 1, 1 << 20));
  s.micro_batches = static_cast<uint32_t>(par.integer("micro_batches", 1, 1, 1 << 16));
  if (uint64_t(s.tp) * s.pp * s.dp != s.workers())
    n.fail("parallel", "tp x pp x dp = " + std::to_string(s.tp) + " x " + std::to_string(s.pp) + " x " +
                           std::to_string(s.dp) + " = " + std::to_string(uint64_t(s.tp) * s.pp * s.dp) +
                           " but the system has chips x cores_per_chip = " + std::to_string(s.chips) + " x " +
                           std::to_string(s.cores_per_chip) + " = " + std::to_string(s.workers()) + " workers");
  par.finish();

  ConfigNode ic = n.child_or_empty("interconnect");
  const std::string topology = ic.choice("topology", "ring", InterconnectRegistry::names());
  s.algorithm = ic.choice("algorithm", "ring", {"ring", "tree"}) == "tree" ? CollectiveAlgorithm::Tree
                                                                            : CollectiveAlgorithm::Ring;
  // A one-worker system never uses its link, so it may leave it out.
  LinkParams link;
  if (s.workers() > 1 || ic.has("link")) link = LinkParams::from_config(ic.child("link"));
  const bool has_noc = n.has("noc");
  s.interconnect = InterconnectRegistry::make(topology, ic, has_noc ? s.chips : s.workers(), link);
  ic.finish();
  if (has_noc) {
    ConfigNode noc = n.child("noc");
    const std::string noc_topology = noc.choice("topology", "ring", InterconnectRegistry::names());
    LinkParams noc_link;
    if (s.cores_per_chip > 1 || noc.has("link")) noc_link = LinkParams::from_config(noc.child("link"));
    s.noc = InterconnectRegistry::make(noc_topology, noc, s.cores_per_chip, noc_link);
    noc.finish();
  }
  n.finish();
  return s;
}

}  // namespace ternsim
