#pragma once
// Per-op simulation state shared by the units: the op, its mapping, its record, and the
// event that fires when it completes (dependencies are waited on through these events).
#include <systemc>

#include <memory>
#include <vector>

#include "sim/mapping/gemm_plan.hpp"
#include "sim/stats/op_record.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

struct OpState {
  const Op* op = nullptr;
  GemmPlan plan;  // gemm only
  OpRecord rec;
  sc_core::sc_event done_event;
  bool done = false;
};

class OpTable {
 public:
  explicit OpTable(const Workload& w);
  OpState& operator[](size_t i) { return *states_[i]; }
  size_t size() const { return states_.size(); }
  // Blocks the calling thread until every dependency of op i is done; returns the cycle
  // the last one finished.
  uint64_t wait_for_deps(size_t i);
  void mark_done(size_t i);

 private:
  std::vector<std::unique_ptr<OpState>> states_;
};

}  // namespace ternsim
