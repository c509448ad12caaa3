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
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/memory/dma.hpp"
#include "models/memory/dram.hpp"
#include "sim/engine/op_table.hpp"
#include "sim/stats/loop_stats.hpp"
#include "sim/stats/run_result.hpp"

namespace ternsim {

class StepLoop {
 public:
  // chunks_per_step: weight chunks the DMA streams for one step (bounds its look-ahead).
  StepLoop(OpTable& ops, DramModel& dram, const std::string& dram_kind, const WeightDma& dma, uint64_t chunks_per_step,
           bool per_step_rows);
  // After sc_start: fills the op records and totals of r (what Accelerator::collect does
  // for a plain workload) and r's loop statistics; returns the DRAM busy cycles of the
  // extrapolated steps.
  uint64_t collect(RunResult& r);
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
  std::vector<int64_t> prev_state_;
  // the extrapolation, once decided
  bool skipped_ = false;
  uint64_t skip_at_ = 0, skip_k_ = 0, delta_ = 0, busy_delta_ = 0;
  std::vector<OpRecord> template_;  // records of the repeating step, dram events added
  std::vector<Flat> template_flat_;

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
                                         bool per_step_rows);

}  // namespace ternsim
