#pragma once
// Runs a workload's `repeat:` loop and reports it (docs/workload_ir.md, "Loops").
//
// Exact steady-state extrapolation. When the last op of step p completes (time T_(p+1)),
// the boundary state is taken, relative to that time: each DRAM channel's booked time and
// the next channel, the weight DMA's look-ahead (chunks issued beyond the step start, free
// slots, arrival offsets of chunks in flight) and the end offsets of the earlier ops the
// next step waits for. It is taken only at a clean boundary: everything before is done and
// no op of a later step has started. The models are time-shift invariant (they use times
// only relative to now), so if the boundary state of step p+1 equals that of step p and
// the steps' ops are the same, step p+1 runs exactly like step p, shifted by
// T_(p+1) - T_p, and so does every later step while the steps it can see ahead (the DMA
// look-ahead window) are loop steps too. The engine then relabels: the remaining steps but
// a tail of look-ahead + 1 are taken as copies of step p (shifted), and the tail is simulated.
// Totals are accumulated in the unrolled run's order, so cycles, bytes, event counts and
// energy equal the unrolled simulation's bit for bit (tests/cpp/test_step_loop.cpp).
//
// Sampled steps (loop.method sampled, or auto on a long loop whose shapes change). Steps
// whose shapes change (a growing attention context) never repeat, so they cannot be copied.
// Once the boundary state has repeated (the warm-up is over: the DMA look-ahead, the DRAM
// bookings and the waits look the same at every step end), the steps not yet materialized
// are replaced by a sample: physical step m, m+1, ... take the shapes of logical steps
// m-1+k, m-1+2k, ..., and the last step T-1 (OpTable::logical_step). The boundary state
// being the same whichever step came before, a simulated step costs what it costs in the
// every-step run. The g = b - a - 1 steps between two simulated steps a and b are
// interpolated: every per-step quantity x (cycles, each op's cycles, bytes, events) adds
// g (x_a + x_b) / 2, and the run's bound adds g |x_b - x_a| / 2, the half-width of the
// bracket [g min, g max] that holds when each step between costs between its neighbours
// (a step's cost does not decrease as its context grows). Costs are not quite monotone
// (chunking changes as the context grows), so the first gap after the warm-up is simulated in
// full (the probe gap) and g x the largest excursion of its steps outside the bracket of its
// ends is added to every gap's bound. MACs are exact (shapes known).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/memory/dma.hpp"
#include "models/memory/dram.hpp"
#include "sim/engine/loop_params.hpp"
#include "sim/engine/op_table.hpp"
#include "sim/stats/loop_stats.hpp"
#include "sim/stats/run_result.hpp"

namespace ternsim {

class StepLoop {
 public:
  // chunks_per_step: weight chunks the DMA streams for one step (bounds its look-ahead).
  StepLoop(OpTable& ops, DramModel& dram, const std::string& dram_kind, const WeightDma& dma, uint64_t chunks_per_step,
           bool per_step_rows, const LoopParams& params = {});
  // After sc_start: fills the op records and totals of r (what Accelerator::collect does
  // for a plain workload) and r's loop statistics; returns the DRAM busy cycles of the
  // extrapolated steps.
  uint64_t collect(RunResult& r);
  // After collect: the DRAM's idle gaps (DramModel::idle_gaps) in the extrapolated steps, as the busy
  // cycles.
  DramIdle idle_extrapolated() const {
    DramIdle s = extra_idle_;
    if (skipped_) s += idle_delta_ * double(skip_k_);
    return s;
  }
  const LoopStats& stats() const { return stats_; }

 private:
  struct Flat {  // one record's contribution, for replaying extrapolated steps fast
    std::vector<std::pair<size_t, double>> events;
  };
  void on_step_done(uint64_t p);
  void on_retire(uint64_t p, std::vector<std::unique_ptr<OpState>>& ops);
  void flush_before();
  // Adds one finished record (in unrolled order). b: body op, or -1 outside the loop.
  void add(OpRecord rec, const Op& op, long b, uint64_t logical_step, uint64_t shift);
  void prepare(OpRecord& rec);
  size_t event_id(const std::string& key);
  bool boundary_state(uint64_t q, std::vector<int64_t>& out);
  // ---- sampled steps ----
  uint64_t logical(uint64_t p) const;
  void maybe_start_sampling(uint64_t q);
  // Adds the g steps between the simulated steps a = logical(p-1) and b = logical(p).
  void interpolate(const std::vector<OpRecord>& ra, const std::vector<OpRecord>& rb,
                   const std::vector<std::unique_ptr<OpState>>& states, uint64_t a, uint64_t g, uint64_t da, uint64_t db);

  OpTable& ops_;
  DramModel& dram_;
  const WeightDma& dma_;
  const RepeatLoop& loop_;
  uint64_t chunks_per_step_;
  bool per_step_;
  std::string dram_kind_;
  LoopStats stats_;

  // boundary of the previous step
  bool have_prev_ = false;
  uint64_t prev_q_ = 0, prev_time_ = 0, prev_busy_ = 0;
  DramIdle prev_idle_, idle_delta_;
  std::vector<int64_t> prev_state_;
  // the extrapolation, once decided
  bool skipped_ = false;
  uint64_t skip_at_ = 0, skip_k_ = 0, delta_ = 0, busy_delta_ = 0;
  std::vector<OpRecord> template_;  // records of the repeating step, dram events added
  std::vector<Flat> template_flat_;
  // sampled steps
  LoopParams params_;
  bool sampling_ = false;                 // this loop's steps change and are to be sampled
  uint64_t jump_at_ = UINT64_MAX;         // first physical step of the sample
  uint64_t counted_chunks_ = 0, counted_upto_ = 0;  // weight chunks of steps [0, counted_upto_)
  std::map<uint64_t, uint64_t> step_chunks_, busy_at_;
  std::map<uint64_t, DramIdle> idle_at_;
  std::vector<OpRecord> prev_recs_;       // the last simulated step's records (prepared, unshifted)
  uint64_t prev_end_ = 0, prev_d_ = 0;    // its end and its cycles
  uint64_t shift_ = 0, prev_busy_step_ = 0, prev_busy_d_ = 0, extra_busy_ = 0;
  DramIdle prev_idle_step_, prev_idle_d_, extra_idle_;
  // The probe gap: steps probe_a_..probe_b_, simulated in full right after the warm-up.
  struct ProbeStep {
    double cycles = 0, bytes = 0;
    std::map<std::string, double> events;
  };
  void probe_step(uint64_t p, const std::vector<OpRecord>& recs, uint64_t d);
  uint64_t probe_a_ = UINT64_MAX, probe_b_ = UINT64_MAX;
  std::vector<ProbeStep> probe_;
  ProbeStep probe_dev_;  // the largest excursion outside the bracket, per quantity
  bool state_changed_ = false;
  std::string sample_note_;  // why sampling did not start, or a warning about the sample

  // accumulation, in the unrolled run's op order
  bool before_done_ = false;
  uint64_t end_ = 0, rd_ = 0, wr_ = 0;
  double ops_total_ = 0, macs_ = 0;
  std::map<std::string, size_t> event_ids_;
  std::vector<std::string> event_names_;
  std::vector<double> event_totals_;
  std::map<std::string, UnitStats> units_;
  std::vector<OpRecord> before_rows_, step_rows_, after_rows_;
  struct Agg {
    OpRecord rec;
    double util_weight = 0;
    bool any = false;
  };
  std::vector<Agg> agg_;
};

// The loop controller of a workload with a repeat: loop (call before simulating).
std::unique_ptr<StepLoop> make_step_loop(OpTable& ops, DramModel& dram, const std::string& dram_kind, const WeightDma& dma,
                                         bool per_step_rows, const LoopParams& params = {});

struct ArchConfig;
// After the energy model priced r: prices a sampled loop's bound (bound_events and
// bound_cycles) into r.loop->bound_energy_j.
void price_loop_bound(const ArchConfig& arch, RunResult& r);

}  // namespace ternsim
