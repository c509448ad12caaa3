#pragma once
// Collectives in SystemC. Every simulated worker program has two link ports: `link_out` runs
// its all-reduces, all-gathers, reduce-scatters and sends in program order, `link_in` its
// receives (so a pipeline stage receives the next micro-batch while it computes). A port
// reaching a collective joins the system-wide rendezvous; once every simulated program taking
// part has arrived, the transfer starts when the link sides it needs are free (a side already
// busy with another collective delays it: contention; links are full duplex), lasts the interconnect's closed form, and
// books every member link until it ends.
#include <systemc>

#include <memory>
#include <vector>

#include "sim/engine/exec_unit.hpp"
#include "sim/system/system_plan.hpp"

namespace ternsim {

struct LinkStats {
  uint64_t busy_cycles = 0;
  double bytes = 0;     // sent by this worker
  double energy_j = 0;  // its share of the link energy
  uint64_t collectives = 0;
};

class CollectiveRendezvous {
 public:
  CollectiveRendezvous(const SystemPlan& plan, const SystemParams& sys, double clock_mhz);
  // Blocks the calling thread until collective `id` has completed; returns its start cycle.
  uint64_t join(uint64_t id);
  const std::vector<LinkStats>& links() const { return links_; }  // by worker id
  // Closed-form cycles of a collective (rounded up to whole cycles).
  uint64_t cycles_of(const CollectiveSpec& c) const;

 private:
  struct State {
    uint32_t arrived = 0;
    bool scheduled = false;
    uint64_t start = 0, end = 0;
    sc_core::sc_event done;
  };
  const SystemPlan& plan_;
  const SystemParams& sys_;
  double clock_mhz_;
  std::vector<std::unique_ptr<State>> state_;
  std::vector<uint64_t> tx_busy_until_, rx_busy_until_;  // by worker: each side of its link
  std::vector<LinkStats> links_;
};

// The link ports of one program (a child module of its chip).
class LinkPorts : public sc_core::sc_module {
 public:
  LinkPorts(sc_core::sc_module_name name, OpTable& ops, const std::vector<size_t>& collective_ops,
            const WorkerProgram& program, const SystemPlan& plan, CollectiveRendezvous& rendezvous);

 private:
  std::unique_ptr<ExecUnit> out_, in_;
};

}  // namespace ternsim
