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
  bool done = false;
  // Progress: rows of the op's output (its `m`, in row order) already produced. Units that
  // finish rows in blocks (the array, pass by pass) publish each block so that consumers
  // working token by token (the MLGRU) can start before the whole op is done. Units that
  // do not publish reach rows_done = m when the op is marked done.
  uint64_t rows_done = 0;
  void publish_rows(uint64_t rows) {
    rows_done = rows;
    if (progress_event_) progress_event_->notify(sc_core::SC_ZERO_TIME);
  }
  void publish_done() {
    done = true;
    publish_rows(op->m);
    if (done_event_) done_event_->notify(sc_core::SC_ZERO_TIME);
  }
  // Blocks the calling thread until the op is done / has `rows` rows.
  void wait_done() {
    while (!done) sc_core::wait(event(done_event_));
  }
  void wait_rows(uint64_t rows) {
    while (rows_done < rows) sc_core::wait(event(progress_event_));
  }

 private:
  // An op's events are made on the first wait, during simulation: most ops are done before
  // anyone waits for them, and registering two named events per op at elaboration was 7 %
  // of a 2.7B decode run (issue 10). A wait always checks the state first, so a notify
  // skipped because nobody had made the event yet is never missed.
  static sc_core::sc_event& event(std::unique_ptr<sc_core::sc_event>& e) {
    if (!e) e = std::make_unique<sc_core::sc_event>();
    return *e;
  }
  std::unique_ptr<sc_core::sc_event> done_event_;
  std::unique_ptr<sc_core::sc_event> progress_event_;
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
