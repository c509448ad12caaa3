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
  // Progress: rows of the op's output (its `m`, in row order) already produced. Units that
  // finish rows in blocks (the array, pass by pass) publish each block so that consumers
  // working token by token (the MLGRU) can start before the whole op is done. Units that
  // do not publish reach rows_done = m when the op is marked done.
  uint64_t rows_done = 0;
  sc_core::sc_event progress_event;
  void publish_rows(uint64_t rows) {
    rows_done = rows;
    progress_event.notify(sc_core::SC_ZERO_TIME);
  }
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
  // Blocks until op `dep` has produced at least `rows` rows (one wake-up per published
  // block, not per row).
  void wait_for_rows(size_t dep, uint64_t rows);

 private:
  std::vector<std::unique_ptr<OpState>> states_;
};

}  // namespace ternsim
