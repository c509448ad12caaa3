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
    states_[d]->wait_done();
    ready = std::max(ready, states_[d]->rec.end_cycle);
  }
  return ready;
}

void OpTable::mark_done(size_t i) {
  states_[i]->publish_done();
}

void OpTable::wait_for_rows(size_t dep, uint64_t rows) {
  states_[dep]->wait_rows(rows);
}

}  // namespace ternsim
