#include "sim/engine/step_loop.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "sim/energy/energy_model.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/stats/timeline.hpp"

namespace ternsim {

StepLoop::StepLoop(OpTable& ops, DramModel& dram, const std::string& dram_kind, const WeightDma& dma, uint64_t chunks_per_step,
           bool per_step_rows, const LoopParams& params)
    : ops_(ops),
      dram_(dram),
      dma_(dma),
      loop_(*ops.loop()),
      chunks_per_step_(chunks_per_step),
      per_step_(per_step_rows),
      dram_kind_(dram_kind),
      params_(params) {
  stats_.steps = loop_.steps;
  agg_.resize(loop_.count);
  ops_.on_step_done = [this](uint64_t p) { on_step_done(p); };
  ops_.on_retire = [this](uint64_t p, std::vector<std::unique_ptr<OpState>>& s) { on_retire(p, s); };
  if (loop_.varies()) {
    stats_.reason = "op shapes change with the step (growing attention context)";
    const bool long_enough = loop_.steps >= 4 * params_.sample_every;
    if (params_.method == "sampled" || (params_.method == "auto" && long_enough)) {
      if (Timeline::active()) {
        stats_.reason += "; not sampled: a --trace timeline is recorded";
      } else {
        sampling_ = true;
        ops_.logical_step = [this](uint64_t p) { return logical(p); };
      }
    } else if (params_.method == "auto") {
      stats_.reason += "; fewer than 4 x loop.sample_every steps, so every step is simulated";
    }
  }
  // A --trace timeline draws every step where it ran: nothing is extrapolated.
  else if (Timeline::active()) stats_.reason = "a --trace timeline is recorded";
}

uint64_t StepLoop::logical(uint64_t p) const {
  if (p < jump_at_) return p;
  return std::min(jump_at_ - 1 + (p - jump_at_ + 1) * params_.sample_every, loop_.steps - 1);
}

bool StepLoop::boundary_state(uint64_t q, std::vector<int64_t>& out) {
  // Clean boundary: everything before step q done, nothing of step q or later started.
  if (!ops_.outside_loop_clean()) return false;
  if (q >= 1 && !ops_.step_done(q - 1)) return false;
  if (q >= 2 && !ops_.step_done(q - 2)) return false;
  const uint64_t now = now_cycles();
  for (uint64_t p = q; p < ops_.materialized_end(); ++p)
    for (const auto& s : *ops_.step_states(p))
      if (!s->rec.unit.empty() || s->done) return false;
  dram_.append_boundary_state(now, out);
  dma_.append_boundary_state(now, out);
  if (sampling_) {
    // Steps differ in their chunk counts: the look-ahead is what was issued beyond the
    // chunks of steps [0, q).
    while (counted_upto_ < q) {
      auto it = step_chunks_.find(counted_upto_);
      if (it == step_chunks_.end()) return false;
      counted_chunks_ += it->second;
      step_chunks_.erase(it);
      ++counted_upto_;
    }
    out.push_back(static_cast<int64_t>(dma_.issued_chunks()) - static_cast<int64_t>(counted_chunks_));
  } else {
    out.push_back(static_cast<int64_t>(dma_.issued_chunks()) - static_cast<int64_t>(q * chunks_per_step_));
  }
  // When the next step's ops may become ready: the ends of what they wait for outside the step.
  const size_t lo = ops_.body_index(q, 0), hi = lo + loop_.count;
  for (const auto& s : *ops_.step_states(q))
    for (size_t d : s->deps) {
      if (d >= lo && d < hi) continue;
      const OpState& dep = ops_[d];
      if (!dep.done) return false;
      out.push_back(static_cast<int64_t>(dep.rec.end_cycle) - static_cast<int64_t>(now));
    }
  return true;
}

void StepLoop::on_step_done(uint64_t p) {
  const uint64_t q = p + 1;  // the boundary in front of step q
  if (sampling_) {
    uint64_t chunks = 0;
    for (const auto& s : *ops_.step_states(p))
      if (unit_of(s->op->kind) == UnitKind::Array) chunks += s->plan.passes * s->plan.chunks.size();
    step_chunks_[p] = chunks;
    busy_at_[p] = dram_.busy_cycles();
    idle_at_[p] = dram_.idle_gaps(now_cycles());
    maybe_start_sampling(q);
    return;
  }
  if (skipped_ || loop_.varies() || Timeline::active() || ops_.after_loop_touched() || q >= ops_.physical_steps())
    return;
  std::vector<int64_t> state;
  if (!boundary_state(q, state)) {
    have_prev_ = false;
    return;
  }
  const uint64_t now = now_cycles(), busy = dram_.busy_cycles();
  const DramIdle idle = dram_.idle_gaps(now);
  if (have_prev_ && prev_q_ + 1 == q && state == prev_state_) {
    // Steps q, q+1, ... repeat step p while everything they see ahead is a loop step. The
    // DMA runs at most dma.buffers chunks ahead of the array, plus the op it holds.
    const uint64_t b = dma_.params().buffers;
    const uint64_t window = chunks_per_step_ ? (b + chunks_per_step_ - 1) / chunks_per_step_ + 1 : 1;
    const uint64_t remaining = ops_.physical_steps() - q;
    if (remaining > window + 1) {
      skipped_ = true;
      skip_at_ = q;
      skip_k_ = remaining - (window + 1);
      delta_ = now - prev_time_;
      busy_delta_ = busy - prev_busy_;
      idle_delta_ = idle - prev_idle_;
      stats_.steady_from_step = static_cast<int64_t>(q);
      stats_.step_cycles = delta_;
      for (const auto& s : *ops_.step_states(p)) {
        OpRecord rec = s->rec;
        prepare(rec);
        Flat f;
        for (const auto& [k, v] : rec.events.counts) f.events.emplace_back(event_id(k), v);
        template_.push_back(std::move(rec));
        template_flat_.push_back(std::move(f));
      }
      ops_.set_physical_steps(ops_.physical_steps() - skip_k_);
      return;
    }
  }
  have_prev_ = true;
  prev_q_ = q;
  prev_time_ = now;
  prev_busy_ = busy;
  prev_idle_ = idle;
  prev_state_ = std::move(state);
}

void StepLoop::maybe_start_sampling(uint64_t q) {
  if (ops_.after_loop_touched() || q >= ops_.physical_steps()) return;
  std::vector<int64_t> state;
  const bool clean = boundary_state(q, state);
  if (jump_at_ != UINT64_MAX) {
    // A sampled step costs what it costs in the every-step run because it starts from the
    // steady boundary state whichever step came before. Say so if a later boundary differs.
    // The last steps differ anyway: the DMA has nothing left to fetch ahead (as at the end of
    // the every-step run), so those boundaries are not compared.
    const uint64_t b = dma_.params().buffers;
    const uint64_t window = chunks_per_step_ ? (b + chunks_per_step_ - 1) / chunks_per_step_ + 1 : 1;
    if (q + window + 1 >= ops_.physical_steps()) return;
    if (clean && state != prev_state_ && !state_changed_) {
      state_changed_ = true;
      sample_note_ = "warning: the step-boundary state before step " + std::to_string(logical(q)) +
                     " differs from the one at the end of the warm-up; the bound assumes they are equal";
    }
    return;
  }
  if (!clean) {
    have_prev_ = false;
    return;
  }
  if (have_prev_ && prev_q_ + 1 == q && state == prev_state_) {
    // Warm-up over. Steps already materialized keep their shapes; from the first one that is
    // not, every sample_every-th step, ending with the last.
    // The first k - 1 steps after the warm-up are simulated in full (the probe gap between
    // steps m - 1 and m + k - 2): how far its steps stray outside the bracket of its ends is
    // added to every gap's bound.
    const uint64_t m = ops_.materialized_end(), T = loop_.steps, k = params_.sample_every;
    const uint64_t j = m + k - 1;
    if (m >= 2 && j < T && T - j > k) {
      jump_at_ = j;
      probe_a_ = m - 1;
      probe_b_ = j - 1;
      ops_.set_physical_steps(j + (T - j + k - 1) / k);
      stats_.steady_from_step = static_cast<int64_t>(q);
    } else {
      sample_note_ = "; not sampled: the warm-up ended at step " + std::to_string(q) + ", and at most loop.sample_every steps were left to set up";
    }
    return;
  }
  have_prev_ = true;
  prev_q_ = q;
  prev_state_ = std::move(state);
}

void StepLoop::probe_step(uint64_t p, const std::vector<OpRecord>& recs, uint64_t d) {
  ProbeStep st;
  st.cycles = double(d);
  for (const auto& r : recs) {
    st.bytes += double(r.dram_read_bytes + r.dram_write_bytes);
    for (const auto& [key, v] : r.events.counts) st.events[key] += v;
  }
  probe_.push_back(std::move(st));
  if (p != probe_b_) return;
  // How far each step inside the probe gap lies outside [min, max] of the gap's two ends.
  const ProbeStep &a = probe_.front(), &b = probe_.back();
  auto outside = [](double x, double ea, double eb) {
    return std::max({0.0, std::min(ea, eb) - x, x - std::max(ea, eb)});
  };
  auto ev = [](const ProbeStep& s, const std::string& key) {
    auto it = s.events.find(key);
    return it == s.events.end() ? 0.0 : it->second;
  };
  for (size_t i = 1; i + 1 < probe_.size(); ++i) {
    const ProbeStep& x = probe_[i];
    probe_dev_.cycles = std::max(probe_dev_.cycles, outside(x.cycles, a.cycles, b.cycles));
    probe_dev_.bytes = std::max(probe_dev_.bytes, outside(x.bytes, a.bytes, b.bytes));
    for (const auto& [key, v] : x.events) {
      double& dv = probe_dev_.events[key];
      dv = std::max(dv, outside(v, ev(a, key), ev(b, key)));
    }
  }
  probe_.clear();
}

// Sum over steps j in [lo, hi] of m(j) n(j) k(j), each dimension affine in j: a cubic in j,
// summed with the power sums in 128-bit integers (dimensions <= 2^31 and j < 2^31 keep every
// term below 2^125), so the total is exact before its conversion to double.
static double gemm_macs_sum(const Op& op, const RepeatLoop::Varying& v, uint64_t lo, uint64_t hi) {
  using I = __int128;
  const I a1 = v.m ? v.am.base : I(op.m), b1 = v.m ? v.am.per_step : 0;
  const I a2 = v.n ? v.an.base : I(op.n), b2 = v.n ? v.an.per_step : 0;
  const I a3 = v.k ? v.ak.base : I(op.k), b3 = v.k ? v.ak.per_step : 0;
  const I c0 = a1 * a2 * a3, c1 = b1 * a2 * a3 + a1 * b2 * a3 + a1 * a2 * b3,
          c2 = b1 * b2 * a3 + b1 * a2 * b3 + a1 * b2 * b3, c3 = b1 * b2 * b3;
  auto sums = [&](I n) {  // sum over j in [0, n] of c0 + c1 j + c2 j^2 + c3 j^3
    if (n < 0) return I(0);
    const I p1 = n * (n + 1) / 2, p2 = n * (n + 1) * (2 * n + 1) / 6, p3 = p1 * p1;
    return c0 * (n + 1) + c1 * p1 + c2 * p2 + c3 * p3;
  };
  return double(sums(I(hi)) - sums(I(lo) - 1));
}

static uint64_t half_sum(uint64_t g, uint64_t a, uint64_t b) { return (g * (a + b) + 1) / 2; }
static uint64_t half_diff(uint64_t g, uint64_t a, uint64_t b) { return (g * (a > b ? a - b : b - a) + 1) / 2; }

void StepLoop::interpolate(const std::vector<OpRecord>& ra, const std::vector<OpRecord>& rb,
                           const std::vector<std::unique_ptr<OpState>>& states, uint64_t a, uint64_t g, uint64_t da,
                           uint64_t db) {
  const double gd = double(g);
  // The bracket's half-width, plus g x what the probe gap's steps strayed outside theirs.
  stats_.bound_cycles += half_diff(g, da, db) + g * static_cast<uint64_t>(std::ceil(probe_dev_.cycles));
  stats_.bound_dram_bytes += g * static_cast<uint64_t>(std::ceil(probe_dev_.bytes));
  for (const auto& [key, v] : probe_dev_.events)
    if (v > 0) stats_.bound_events[key] += gd * v;
  for (size_t b = 0; b < rb.size(); ++b) {
    const OpRecord &x = ra[b], &y = rb[b];
    const uint64_t cc = half_sum(g, x.compute_cycles, y.compute_cycles);
    const uint64_t sc = half_sum(g, x.stall_cycles, y.stall_cycles);
    const uint64_t rd = half_sum(g, x.dram_read_bytes, y.dram_read_bytes);
    const uint64_t wr = half_sum(g, x.dram_write_bytes, y.dram_write_bytes);
    const double ops = gd * (x.ops + y.ops) / 2;
    stats_.bound_dram_bytes += half_diff(g, x.dram_read_bytes, y.dram_read_bytes) +
                               half_diff(g, x.dram_write_bytes, y.dram_write_bytes);
    rd_ += rd;
    wr_ += wr;
    ops_total_ += ops;
    // MACs from the shapes, exactly and in O(1) however long the gap.
    if (states[b]->op->kind == OpKind::Gemm)
      macs_ += gemm_macs_sum(ops_.workload().ops[loop_.first + b], loop_.varying[b], a + 1, a + g);
    EventCounts ev;
    for (const auto& [key, v] : x.events.counts) {
      auto it = y.events.counts.find(key);
      const double w = it == y.events.counts.end() ? 0.0 : it->second;
      ev.counts[key] = gd * (v + w) / 2;
      stats_.bound_events[key] += gd * std::abs(w - v) / 2;
    }
    for (const auto& [key, w] : y.events.counts)
      if (!x.events.counts.count(key)) {
        ev.counts[key] = gd * w / 2;
        stats_.bound_events[key] += gd * w / 2;
      }
    for (const auto& [key, v] : ev.counts) event_totals_[event_id(key)] += v;
    UnitStats& u = units_[y.unit];
    u.busy_cycles += cc;
    u.ops += g;
    Agg& ag = agg_[b];
    OpRecord& t = ag.rec;
    t.count += g;
    t.last_step = static_cast<int64_t>(a + g);
    t.compute_cycles += cc;
    t.stall_cycles += sc;
    t.dram_read_bytes += rd;
    t.dram_write_bytes += wr;
    t.ops += ops;
    t.events.merge(ev);
    ag.util_weight += gd * (x.compute_utilization * double(x.compute_cycles) + y.compute_utilization * double(y.compute_cycles)) / 2;
  }
  stats_.interpolated_steps += g;
}

size_t StepLoop::event_id(const std::string& key) {
  auto it = event_ids_.find(key);
  if (it != event_ids_.end()) return it->second;
  event_ids_.emplace(key, event_names_.size());
  event_names_.push_back(key);
  event_totals_.push_back(0.0);
  return event_names_.size() - 1;
}

void StepLoop::prepare(OpRecord& rec) {
  // As Accelerator::collect does for every op of a plain workload.
  rec.events.add("dram.read_bit." + dram_kind_, 8.0 * rec.dram_read_bytes);
  rec.events.add("dram.write_bit." + dram_kind_, 8.0 * rec.dram_write_bytes);
}

void StepLoop::add(OpRecord rec, const Op& op, long b, uint64_t logical_step, uint64_t shift) {
  rec.ready_cycle += shift;
  rec.start_cycle += shift;
  rec.end_cycle += shift;
  end_ = std::max(end_, rec.end_cycle);
  rd_ += rec.dram_read_bytes;
  wr_ += rec.dram_write_bytes;
  ops_total_ += rec.ops;
  if (op.kind == OpKind::Gemm) macs_ += double(op.m) * op.n * op.k;
  for (const auto& [k, v] : rec.events.counts) event_totals_[event_id(k)] += v;
  UnitStats& u = units_[rec.unit];
  u.busy_cycles += rec.compute_cycles;
  u.ops += 1;
  if (b < 0) {
    rec.name = op.name;
    (!before_done_ ? before_rows_ : after_rows_).push_back(std::move(rec));
    return;
  }
  rec.first_step = rec.last_step = static_cast<int64_t>(logical_step);
  Agg& a = agg_[static_cast<size_t>(b)];
  if (!a.any) {
    a.any = true;
    a.rec = rec;
    a.rec.name = op.name;
    a.rec.count = 1;
    a.util_weight = rec.compute_utilization * double(rec.compute_cycles);
  } else {
    OpRecord& t = a.rec;
    t.end_cycle = rec.end_cycle;
    t.last_step = rec.last_step;
    t.count += 1;
    t.compute_cycles += rec.compute_cycles;
    t.stall_cycles += rec.stall_cycles;
    t.dram_read_bytes += rec.dram_read_bytes;
    t.dram_write_bytes += rec.dram_write_bytes;
    t.ops += rec.ops;
    t.events.merge(rec.events);
    t.folds = rec.folds;
    t.passes = rec.passes;
    t.mapping_efficiency = rec.mapping_efficiency;
    a.util_weight += rec.compute_utilization * double(rec.compute_cycles);
  }
  if (per_step_) {
    rec.name = "t" + std::to_string(logical_step) + "." + op.name;
    step_rows_.push_back(std::move(rec));
  }
}

void StepLoop::flush_before() {
  if (before_done_) return;
  for (size_t i = 0; i < loop_.first; ++i) {
    OpRecord rec = ops_[i].rec;
    prepare(rec);
    add(std::move(rec), *ops_[i].op, -1, 0, 0);
  }
  before_done_ = true;
}

void StepLoop::on_retire(uint64_t p, std::vector<std::unique_ptr<OpState>>& states) {
  flush_before();
  if (sampling_) {
    if (p == 0) prev_end_ = end_;  // the loop starts when the ops before it are done
    std::vector<OpRecord> cur;
    cur.reserve(states.size());
    uint64_t end = prev_end_;
    for (const auto& s : states) {
      OpRecord rec = s->rec;
      prepare(rec);
      end = std::max(end, rec.end_cycle);
      cur.push_back(std::move(rec));
    }
    const uint64_t d = end - prev_end_;
    uint64_t busy = prev_busy_step_;
    if (auto it = busy_at_.find(p); it != busy_at_.end()) busy = it->second, busy_at_.erase(it);
    const uint64_t busy_d = busy - prev_busy_step_;
    DramIdle idle = prev_idle_step_;
    if (auto it = idle_at_.find(p); it != idle_at_.end()) idle = it->second, idle_at_.erase(it);
    const DramIdle idle_d = idle - prev_idle_step_;
    const uint64_t l = logical(p);
    if (p >= probe_a_ && p <= probe_b_) probe_step(p, cur, d);
    if (p > 0) {
      const uint64_t a = logical(p - 1);
      if (l > a + 1) {
        const uint64_t g = l - a - 1;
        interpolate(prev_recs_, cur, states, a, g, prev_d_, d);
        shift_ += half_sum(g, prev_d_, d);
        extra_busy_ += half_sum(g, prev_busy_d_, busy_d);
        extra_idle_ += (prev_idle_d_ + idle_d) * (double(g) / 2);
      }
    }
    for (size_t b = 0; b < states.size(); ++b) add(cur[b], *states[b]->op, static_cast<long>(b), l, shift_);
    prev_recs_ = std::move(cur);
    prev_end_ = end;
    prev_d_ = d;
    prev_busy_step_ = busy;
    prev_busy_d_ = busy_d;
    prev_idle_step_ = idle;
    prev_idle_d_ = idle_d;
    return;
  }
  const uint64_t logical = skipped_ && p >= skip_at_ ? p + skip_k_ : p;
  const uint64_t shift = skipped_ && p >= skip_at_ ? skip_k_ * delta_ : 0;
  for (size_t b = 0; b < states.size(); ++b) {
    OpRecord rec = states[b]->rec;
    prepare(rec);
    add(std::move(rec), *states[b]->op, static_cast<long>(b), logical, shift);
  }
  if (!skipped_ || p + 1 != skip_at_) return;
  // The extrapolated steps skip_at_ .. skip_at_ + k - 1: copies of step p, each one step
  // later. Same additions, same order as the unrolled run, without the map look-ups.
  std::map<std::string, UnitStats> per_step_units;
  for (const auto& rec : template_) {
    per_step_units[rec.unit].busy_cycles += rec.compute_cycles;
    per_step_units[rec.unit].ops += 1;
  }
  for (uint64_t j = 1; j <= skip_k_; ++j) {
    for (size_t b = 0; b < template_.size(); ++b) {
      const OpRecord& rec = template_[b];
      const Op& op = *states[b]->op;
      ops_total_ += rec.ops;
      if (op.kind == OpKind::Gemm) macs_ += double(op.m) * op.n * op.k;
      for (const auto& [id, v] : template_flat_[b].events) event_totals_[id] += v;
      if (per_step_) {
        OpRecord r = rec;
        r.ready_cycle += j * delta_;
        r.start_cycle += j * delta_;
        r.end_cycle += j * delta_;
        r.first_step = r.last_step = static_cast<int64_t>(p + j);
        r.name = "t" + std::to_string(p + j) + "." + op.name;
        step_rows_.push_back(std::move(r));
      }
    }
  }
  const uint64_t k = skip_k_;
  for (size_t b = 0; b < template_.size(); ++b) {
    const OpRecord& rec = template_[b];
    rd_ += k * rec.dram_read_bytes;
    wr_ += k * rec.dram_write_bytes;
    end_ = std::max(end_, rec.end_cycle + k * delta_);
    OpRecord& t = agg_[b].rec;
    t.end_cycle = rec.end_cycle + k * delta_;
    t.last_step = static_cast<int64_t>(p + k);
    t.count += k;
    t.compute_cycles += k * rec.compute_cycles;
    t.stall_cycles += k * rec.stall_cycles;
    t.dram_read_bytes += k * rec.dram_read_bytes;
    t.dram_write_bytes += k * rec.dram_write_bytes;
    t.ops += double(k) * rec.ops;
    for (const auto& [key, v] : rec.events.counts) t.events.counts[key] += double(k) * v;
    agg_[b].util_weight += double(k) * rec.compute_utilization * double(rec.compute_cycles);
  }
  for (const auto& [name, u] : per_step_units) {
    units_[name].busy_cycles += k * u.busy_cycles;
    units_[name].ops += k * u.ops;
  }
}

uint64_t StepLoop::collect(RunResult& r) {
  flush_before();
  ops_.retire_all();
  for (size_t i : ops_.fixed_indices())
    if (i >= loop_.first) {
      OpRecord rec = ops_[i].rec;
      prepare(rec);
      add(std::move(rec), *ops_[i].op, -1, 1, (skipped_ ? skip_k_ * delta_ : 0) + shift_);
    }
  r.cycles = end_;
  r.dram_read_bytes = rd_;
  r.dram_write_bytes = wr_;
  r.ops = ops_total_;
  r.useful_macs = macs_;
  for (size_t id = 0; id < event_names_.size(); ++id) r.events.counts[event_names_[id]] = event_totals_[id];
  r.units = units_;
  r.op_records = std::move(before_rows_);
  if (per_step_) {
    for (auto& rec : step_rows_) r.op_records.push_back(std::move(rec));
  } else {
    for (auto& a : agg_) {
      if (!a.any) continue;
      a.rec.compute_utilization = a.rec.compute_cycles ? a.util_weight / double(a.rec.compute_cycles) : 0;
      r.op_records.push_back(std::move(a.rec));
    }
  }
  for (auto& rec : after_rows_) r.op_records.push_back(std::move(rec));
  stats_.simulated_steps = ops_.physical_steps();
  stats_.extrapolated_steps = skipped_ ? skip_k_ : 0;
  if (skipped_) {
    stats_.method = "exact_steady_state";
    stats_.reason.clear();
  } else if (jump_at_ != UINT64_MAX) {
    stats_.method = "sampled";
    stats_.sample_every = params_.sample_every;
    stats_.reason = sample_note_;
  } else {
    stats_.method = "every_step";
    if (stats_.reason.empty())
      stats_.reason = loop_.steps < 4 ? "too few steps" : "the step-boundary state did not repeat early enough";
    else if (sampling_)
      stats_.reason += sample_note_.empty() ? "; not sampled: the step-boundary state did not repeat early enough" : sample_note_;
  }
  return (skipped_ ? skip_k_ * busy_delta_ : 0) + extra_busy_;
}

std::unique_ptr<StepLoop> make_step_loop(OpTable& ops, DramModel& dram, const std::string& dram_kind, const WeightDma& dma,
                                         bool per_step_rows, const LoopParams& params) {
  uint64_t chunks = 0;
  for (const auto& s : *ops.step_states(0))
    if (unit_of(s->op->kind) == UnitKind::Array) chunks += s->plan.passes * s->plan.chunks.size();
  return std::make_unique<StepLoop>(ops, dram, dram_kind, dma, chunks, per_step_rows, params);
}

void price_loop_bound(const ArchConfig& arch, RunResult& r) {
  if (!r.loop || r.loop->method != "sampled" || !r.energy) return;
  RunResult b;
  b.clock_mhz = r.clock_mhz;
  b.tokens = r.tokens;
  b.batch = r.batch;
  b.cycles = r.loop->bound_cycles;
  b.seconds = double(b.cycles) / (arch.clock_mhz * 1e6);
  b.events.counts.insert(r.loop->bound_events.begin(), r.loop->bound_events.end());
  // Energy is a sum of event counts and cycles with non-negative prices, so their bounds
  // priced the same way bound the energy.
  apply_energy_model(arch, b);
  r.loop->bound_energy_j = b.energy ? b.energy->energy_j : 0.0;
}

}  // namespace ternsim
