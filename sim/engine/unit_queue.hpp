#pragma once
// The ops one unit (or the weight DMA) executes, in program order. With a `repeat:` loop it
// holds the body once and walks it step by step, so a 2,048-step generation costs no more
// memory than one step; the number of steps is read from the OpTable as the walk reaches
// them (steady-state extrapolation may shorten it, sim/engine/step_loop.hpp).
#include <cstddef>
#include <vector>

#include "sim/engine/op_table.hpp"

namespace ternsim {

class UnitQueue {
 public:
  struct Cursor {
    int phase = 0;  // 0: ops before the loop (or all ops), 1: loop body, 2: ops after it
    size_t k = 0;
    uint64_t step = 0;
  };
  void push_before(size_t index) { before_.push_back(index); }
  void push_body(size_t body_op) { body_.push_back(body_op); }
  void push_after(size_t index) { after_.push_back(index); }
  // Op i of the workload's op list, wherever it sits relative to the loop.
  void push_op(const OpTable& t, size_t i) {
    const RepeatLoop* L = t.loop();
    if (!L || i < L->first) push_before(i);
    else if (L->in_body(i)) push_body(i - L->first);
    else push_after(t.after_loop_index(i - L->first - L->count));
  }
  // The next op's table index; false at the end.
  bool next(Cursor& c, const OpTable& t, size_t& index) const {
    if (c.phase == 0) {
      if (c.k < before_.size()) return index = before_[c.k++], true;
      c = Cursor{1, 0, 0};
    }
    if (c.phase == 1) {
      if (!body_.empty()) {
        if (c.k == body_.size()) c.k = 0, ++c.step;
        if (c.step < t.physical_steps()) return index = t.body_index(c.step, body_[c.k++]), true;
      }
      c = Cursor{2, 0, 0};
    }
    if (c.k < after_.size()) return index = after_[c.k++], true;
    return false;
  }
  size_t body_size() const { return body_.size(); }
  const std::vector<size_t>& body() const { return body_; }

 private:
  std::vector<size_t> before_, body_, after_;
};

}  // namespace ternsim
