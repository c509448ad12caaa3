#include "sim/engine/op_table.hpp"

#include <algorithm>

#include "sim/engine/sim_time.hpp"

namespace ternsim {

OpTable::OpTable(const Workload& w) {
  for (const auto& op : w.ops) {
    auto s = std::make_unique<OpState>();
    s->op = &op;
    s->rec.name = op.name;
    s->rec.kind = to_string(op.kind);
    states_.push_back(std::move(s));
  }
}

uint64_t OpTable::wait_for_deps(size_t i) {
  uint64_t ready = 0;
  for (size_t d : states_[i]->op->deps) {
    while (!states_[d]->done) sc_core::wait(states_[d]->done_event);
    ready = std::max(ready, states_[d]->rec.end_cycle);
  }
  return ready;
}

void OpTable::mark_done(size_t i) {
  states_[i]->done = true;
  states_[i]->publish_rows(states_[i]->op->m);
  states_[i]->done_event.notify(sc_core::SC_ZERO_TIME);
}

void OpTable::wait_for_rows(size_t dep, uint64_t rows) {
  OpState& d = *states_[dep];
  while (d.rows_done < rows) sc_core::wait(d.progress_event);
}

}  // namespace ternsim
