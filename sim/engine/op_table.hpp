#pragma once
// Per-op simulation state shared by the units: the op, its mapping, its record, and the
// event that fires when it completes (dependencies are waited on through these events).
#include <systemc>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "sim/mapping/gemm_plan.hpp"
#include "sim/stats/op_record.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

struct OpState {
  const Op* op = nullptr;
  // Indices (in the OpTable) of the ops this one waits for: op->deps for a plain workload;
  // inside a loop, the same step's ops, the previous step's (deps_prev) and ops before the loop.
  std::vector<size_t> deps;
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

// Every op of a run, by index. A plain workload's ops are its op list. With a `repeat:` loop
// the index space is: ops before the loop [0, first), step p's body op b at
// first + p x count + b, ops after the loop from first + steps x count on. Steps are
// materialized on first use and released once they and the next step are done (their
// records handed to on_retire), so memory stays flat however long the generation.
class OpTable {
 public:
  explicit OpTable(const Workload& w);
  OpState& operator[](size_t i);
  size_t size() const { return states_.size(); }  // plain workloads: number of ops
  // Blocks the calling thread until every dependency of op i is done; returns the cycle
  // the last one finished.
  uint64_t wait_for_deps(size_t i);
  void mark_done(size_t i);
  // Blocks until op `dep` has produced at least `rows` rows (one wake-up per published
  // block, not per row).
  void wait_for_rows(size_t dep, uint64_t rows);

  // ---- loops ----
  const Workload& workload() const { return wl_; }
  const RepeatLoop* loop() const { return wl_.loop ? &*wl_.loop : nullptr; }
  // Gemm mapping of an op. Maps every gemm of the workload now (a body op whose shape changes
  // at its first and last step), so mapping errors come before the simulation.
  void set_planner(std::function<GemmPlan(const Op&)> planner);
  size_t body_index(uint64_t step, size_t b) const { return loop_first_ + step * loop_count_ + b; }
  size_t after_loop_index(size_t k) const { return after_base_ + k; }
  bool is_body(size_t i) const { return wl_.loop && i >= loop_first_ && i < after_base_; }
  uint64_t step_of(size_t i) const { return (i - loop_first_) / loop_count_; }
  // Steps this run executes (shrinks when steady-state extrapolation skips steps).
  uint64_t physical_steps() const { return physical_steps_; }
  void set_physical_steps(uint64_t n) { physical_steps_ = n; }
  // Ops after the loop were already touched: the step count is final.
  bool after_loop_touched() const { return after_touched_; }
  // The states of step p, materialized if needed (nullptr once released).
  std::vector<std::unique_ptr<OpState>>* step_states(uint64_t p);
  bool step_done(uint64_t p) const;
  uint64_t materialized_end() const { return window_first_ + window_.size(); }
  // Every op before the loop is done and none after it has started.
  bool outside_loop_clean() const {
    for (size_t k = 0; k < states_.size(); ++k)
      if (k < loop_first_ ? !states_[k]->done : !states_[k]->rec.unit.empty()) return false;
    return true;
  }
  // The step index whose shapes physical step p takes (sampling a growing loop runs e.g.
  // steps 0..5, 37, 69, ...: sim/engine/step_loop.hpp). Unset: p itself. Asked when a step
  // is first materialized, so a step's shape is fixed from then on.
  std::function<uint64_t(uint64_t)> logical_step;
  // Called (from mark_done) when the last op of step p completes.
  std::function<void(uint64_t)> on_step_done;
  // Called with a finished step's states, in step order, before they are freed.
  std::function<void(uint64_t, std::vector<std::unique_ptr<OpState>>&)> on_retire;
  // Hands every step not yet released to on_retire (end of simulation).
  void retire_all();
  // Ops before and after the loop (plain workload: all ops), by table index.
  std::vector<size_t> fixed_indices() const;

 private:
  struct Step {
    std::vector<std::unique_ptr<OpState>> ops;
    std::vector<std::unique_ptr<Op>> varied;  // ops whose shape changes with the step
    size_t done = 0;
  };
  Step& materialize(uint64_t p);
  void try_retire();
  const Workload& wl_;
  std::vector<std::unique_ptr<OpState>> states_;  // plain workload, or the ops outside the loop
  size_t loop_first_ = 0, loop_count_ = 1, after_base_ = 0;
  uint64_t physical_steps_ = 0;
  bool after_touched_ = false;
  std::deque<Step> window_;  // steps [window_first_, window_first_ + size)
  uint64_t window_first_ = 0;
  std::vector<GemmPlan> body_plans_;  // per body op, for ops whose shape does not change
  std::function<GemmPlan(const Op&)> planner_;
  std::vector<bool> fixed_done_;
};

}  // namespace ternsim
