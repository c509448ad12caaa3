#include "sim/engine/op_table.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/engine/sim_time.hpp"

namespace ternsim {

static std::unique_ptr<OpState> new_state(const Op& op) {
  auto s = std::make_unique<OpState>();
  s->op = &op;
  s->rec.kind = to_string(op.kind);
  return s;
}

OpTable::OpTable(const Workload& w) : wl_(w) {
  if (!w.loop) {
    for (const auto& op : w.ops) {
      auto s = new_state(op);
      s->rec.name = op.name;
      s->deps = op.deps;
      states_.push_back(std::move(s));
    }
    fixed_done_.assign(states_.size(), false);
    return;
  }
  const RepeatLoop& L = *w.loop;
  loop_first_ = L.first;
  loop_count_ = L.count;
  after_base_ = L.first + L.steps * L.count;
  physical_steps_ = L.steps;
  for (size_t i = 0; i < w.ops.size(); ++i) {
    if (L.in_body(i)) continue;
    auto s = new_state(w.ops[i]);
    s->rec.name = w.ops[i].name;
    if (i < L.first) s->deps = w.ops[i].deps;  // ops after the loop: resolved on first use
    states_.push_back(std::move(s));
  }
  fixed_done_.assign(states_.size(), false);
}

void OpTable::set_planner(std::function<GemmPlan(const Op&)> planner) {
  planner_ = std::move(planner);
  for (auto& s : states_)
    if (unit_of(s->op->kind) == UnitKind::Array) s->plan = planner_(*s->op);
  if (!wl_.loop) return;
  const RepeatLoop& L = *wl_.loop;
  body_plans_.assign(L.count, GemmPlan{});
  for (size_t b = 0; b < L.count; ++b) {
    const Op& op = wl_.ops[L.first + b];
    if (unit_of(op.kind) != UnitKind::Array) continue;
    if (!L.varying[b].any()) {
      body_plans_[b] = planner_(op);
    } else {
      planner_(op_at_step(op, L.varying[b], 0));
      planner_(op_at_step(op, L.varying[b], L.steps - 1));
    }
  }
}

std::vector<size_t> OpTable::fixed_indices() const {
  std::vector<size_t> v;
  for (size_t k = 0; k < states_.size(); ++k)
    v.push_back(!wl_.loop || k < loop_first_ ? k : after_base_ + (k - loop_first_));
  return v;
}

OpState& OpTable::operator[](size_t i) {
  if (!wl_.loop || i < loop_first_) return *states_[i];
  if (i >= after_base_) {
    if (!after_touched_) {
      // The step count is final now: an op after the loop that names a body op waits for
      // that op of the last step.
      after_touched_ = true;
      const RepeatLoop& L = *wl_.loop;
      for (size_t k = L.first + L.count; k < wl_.ops.size(); ++k) {
        OpState& s = *states_[loop_first_ + (k - L.first - L.count)];
        for (size_t d : wl_.ops[k].deps) {
          if (d < L.first) s.deps.push_back(d);
          else if (L.in_body(d)) s.deps.push_back(body_index(physical_steps_ - 1, d - L.first));
          else s.deps.push_back(after_base_ + (d - L.first - L.count));
        }
      }
    }
    return *states_[loop_first_ + (i - after_base_)];
  }
  const uint64_t p = (i - loop_first_) / loop_count_;
  return *materialize(p).ops[(i - loop_first_) % loop_count_];
}

OpTable::Step& OpTable::materialize(uint64_t p) {
  if (p < window_first_) throw std::logic_error("internal: op of a released loop step used");
  const RepeatLoop& L = *wl_.loop;
  while (window_first_ + window_.size() <= p) {
    const uint64_t q = window_first_ + window_.size();
    const uint64_t lq = logical_step ? logical_step(q) : q;
    Step st;
    st.ops.reserve(L.count);
    for (size_t b = 0; b < L.count; ++b) {
      const Op& body = wl_.ops[L.first + b];
      const Op* op = &body;
      if (L.varying[b].any()) {
        st.varied.push_back(std::make_unique<Op>(op_at_step(body, L.varying[b], lq)));
        op = st.varied.back().get();
      }
      auto s = new_state(*op);
      if (!(L.chain_first && b == 0 && q > 0))
        for (size_t d : body.deps) s->deps.push_back(L.in_body(d) ? body_index(q, d - L.first) : d);
      if (q > 0)
        for (size_t pb : L.prev_deps[b]) s->deps.push_back(body_index(q - 1, pb));
      if (unit_of(op->kind) == UnitKind::Array && planner_)
        s->plan = L.varying[b].any() ? planner_(*op) : body_plans_[b];
      st.ops.push_back(std::move(s));
    }
    window_.push_back(std::move(st));
  }
  return window_[p - window_first_];
}

std::vector<std::unique_ptr<OpState>>* OpTable::step_states(uint64_t p) {
  if (!wl_.loop || p < window_first_ || p >= physical_steps_) return nullptr;
  return &materialize(p).ops;
}

bool OpTable::step_done(uint64_t p) const {
  if (p < window_first_) return true;
  if (p - window_first_ >= window_.size()) return false;
  return window_[p - window_first_].done == loop_count_;
}

uint64_t OpTable::wait_for_deps(size_t i) {
  uint64_t ready = 0;
  OpState& s = (*this)[i];
  for (size_t d : s.deps) {
    OpState& dep = (*this)[d];
    dep.wait_done();
    ready = std::max(ready, dep.rec.end_cycle);
  }
  return ready;
}

void OpTable::mark_done(size_t i) {
  (*this)[i].publish_done();
  if (!wl_.loop) return;
  if (is_body(i)) {
    const uint64_t p = step_of(i);
    Step& st = materialize(p);
    if (++st.done == loop_count_ && on_step_done) on_step_done(p);
  } else {
    fixed_done_[i < loop_first_ ? i : loop_first_ + (i - after_base_)] = true;
  }
  try_retire();
}

void OpTable::try_retire() {
  for (size_t k = 0; k < loop_first_; ++k)
    if (!fixed_done_[k]) return;  // the ops before the loop are reported first
  while (window_.size() >= 2 && window_first_ + 1 < physical_steps_ && window_[0].done == loop_count_ &&
         window_[1].done == loop_count_) {
    if (on_retire) on_retire(window_first_, window_[0].ops);
    window_.pop_front();
    ++window_first_;
  }
}

void OpTable::retire_all() {
  while (!window_.empty()) {
    if (on_retire) on_retire(window_first_, window_[0].ops);
    window_.pop_front();
    ++window_first_;
  }
}

void OpTable::wait_for_rows(size_t dep, uint64_t rows) {
  (*this)[dep].wait_rows(rows);
}

}  // namespace ternsim
