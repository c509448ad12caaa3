#include "sim/system/link_unit.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/sim_time.hpp"
#include "sim/stats/timeline.hpp"
#include "sim/system/hierarchical_collective.hpp"

namespace ternsim {

CollectiveRendezvous::CollectiveRendezvous(const SystemPlan& plan, const SystemParams& sys, double clock_mhz)
    : plan_(plan), sys_(sys), clock_mhz_(clock_mhz), tx_busy_until_(sys.workers(), 0), rx_busy_until_(sys.workers(), 0), links_(sys.workers()) {
  for (size_t i = 0; i < plan.collectives.size(); ++i) state_.push_back(std::make_unique<State>());
}

uint64_t CollectiveRendezvous::cycles_of(const CollectiveSpec& c) const {
  const double s = collective_cost(sys_, c.kind, c.bytes, c.members).seconds;
  return static_cast<uint64_t>(std::ceil(s * clock_mhz_ * 1e6 - 1e-9));
}

uint64_t CollectiveRendezvous::join(uint64_t id) {
  State& st = *state_.at(id);
  const CollectiveSpec& c = plan_.collectives[id];
  if (++st.arrived == c.arrivals) {
    // The simulated members, then their twins (the same collective among the workers they
    // stand for, on those workers' own links at the same time: booked, never simulated).
    std::vector<const std::vector<uint32_t>*> groups{&c.members};
    for (const auto& m : c.mirrors) groups.push_back(&m);
    // Links are full duplex: a send needs the source's transmit side and the destination's
    // receive side; the other collectives use both sides of every member.
    const bool p2p = c.kind == CollectiveKind::PointToPoint;
    auto uses_tx = [&](size_t i) { return !p2p || i == 0; };
    auto uses_rx = [&](size_t i) { return !p2p || i == 1; };
    uint64_t start = now_cycles();
    for (const auto* g : groups)
      for (size_t i = 0; i < g->size(); ++i) {
        if (uses_tx(i)) start = std::max(start, tx_busy_until_[(*g)[i]]);
        if (uses_rx(i)) start = std::max(start, rx_busy_until_[(*g)[i]]);
      }
    uint64_t end = start;
    for (size_t gi = 0; gi < groups.size(); ++gi) {
      const std::vector<uint32_t>& g = *groups[gi];
      const SystemCollectiveCost cost = collective_cost(sys_, c.kind, c.bytes, g);
      const uint64_t dur = static_cast<uint64_t>(std::ceil(cost.seconds * clock_mhz_ * 1e6 - 1e-9));
      if (gi == 0) end = start + dur;  // what the simulated members wait for
      const double energy = cost.energy_j;
      double sent = 0;
      for (double b : cost.sent_bytes) sent += b;
      for (size_t i = 0; i < g.size(); ++i) {
        LinkStats& l = links_[g[i]];
        if (uses_tx(i)) tx_busy_until_[g[i]] = start + dur;
        if (uses_rx(i)) rx_busy_until_[g[i]] = start + dur;
        l.busy_cycles += dur;
        l.bytes += cost.sent_bytes[i];
        l.energy_j += sent > 0 ? energy * cost.sent_bytes[i] / sent : 0;
        l.collectives += 1;
        if (Timeline* tl = Timeline::active())
          if (dur) tl->add(worker_name(sys_, g[i]) + ".link", c.name, start, dur);
      }
    }
    st.start = start;
    st.end = end;
    st.scheduled = true;
    st.done.notify(sc_core::SC_ZERO_TIME);
  }
  while (!st.scheduled) sc_core::wait(st.done);
  wait_until(st.end);
  return st.start;
}

namespace {

class CollectiveUnit : public ExecUnit {
 public:
  CollectiveUnit(sc_core::sc_module_name name, OpTable& ops, CollectiveRendezvous& rv) : ExecUnit(name, ops), rv_(rv) {}

 protected:
  uint64_t execute(OpState& s) override {
    const uint64_t start = rv_.join(s.op->collective_id);
    return now_cycles() - start;  // the transfer; waiting for the others is stall
  }

 private:
  CollectiveRendezvous& rv_;
};

}  // namespace

LinkPorts::LinkPorts(sc_core::sc_module_name name, OpTable& ops, const std::vector<size_t>& collective_ops,
                     const WorkerProgram& program, const SystemPlan& plan, CollectiveRendezvous& rendezvous)
    : sc_module(name) {
  out_ = std::make_unique<CollectiveUnit>("link_out", ops, rendezvous);
  in_ = std::make_unique<CollectiveUnit>("link_in", ops, rendezvous);
  for (size_t i : collective_ops) {
    const CollectiveSpec& c = plan.collectives.at(ops[i].op->collective_id);
    const bool receive = c.kind == CollectiveKind::PointToPoint &&
                         std::find(program.workers.begin(), program.workers.end(), c.members[0]) == program.workers.end();
    (receive ? in_ : out_)->enqueue(i);
  }
}

}  // namespace ternsim
