#pragma once
// A unit that executes its queue of ops in program order, each once its dependencies are
// done. Units run concurrently, so independent ops on different units overlap.
#include <systemc>

#include <string>
#include <vector>

#include "sim/engine/op_table.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/engine/thread_stack.hpp"
#include "sim/engine/unit_queue.hpp"

namespace ternsim {

class ExecUnit : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(ExecUnit);
  ExecUnit(sc_core::sc_module_name name, OpTable& ops) : sc_module(name), ops_(ops) {
    SC_THREAD(run);
    set_stack_size(kThreadStackBytes);
  }
  void enqueue(size_t op_index) { queue_.push_before(op_index); }
  UnitQueue& queue() { return queue_; }
  uint64_t busy_cycles() const { return busy_cycles_; }

 protected:
  // Executes op i; returns its compute cycles (the rest of its time on the unit is stall).
  virtual uint64_t execute(OpState& s) = 0;
  // Blocks until op i may start; returns the cycle it became ready. By default every
  // dependency must be completely done; a unit that consumes its inputs row by row (the
  // MLGRU in prefill) waits only for the first rows and follows the rest in execute().
  virtual uint64_t wait_ready(size_t i) { return ops_.wait_for_deps(i); }
  OpTable& ops_;

 private:
  void run() {
    size_t i = 0;
    for (UnitQueue::Cursor c; queue_.next(c, ops_, i);) {
      OpState& s = ops_[i];
      s.rec.ready_cycle = wait_ready(i);
      s.rec.unit = basename();
      s.rec.start_cycle = now_cycles();
      s.rec.compute_cycles = execute(s);
      s.rec.end_cycle = now_cycles();
      s.rec.stall_cycles = s.rec.cycles() - s.rec.compute_cycles;
      busy_cycles_ += s.rec.compute_cycles;
      ops_.mark_done(i);
    }
  }
  UnitQueue queue_;
  uint64_t busy_cycles_ = 0;
};

}  // namespace ternsim
