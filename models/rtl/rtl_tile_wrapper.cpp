// SPDX-License-Identifier: Apache-2.0
// rtl_tile_wrapper.cpp -- width-independent driver of RtlTernaryTile.
//
// The driver updates inputs and samples outputs on the FALLING clock edge, so
// every value is stable around the rising edge where the RTL samples it
// (no delta-cycle races with the Verilated model's evaluation).
#include "rtl_tile_wrapper.hpp"

#include "rtl_tile_timing.hpp"

#include <stdexcept>

namespace ternsim::rtl {

RtlTernaryTile::RtlTernaryTile(sc_core::sc_module_name name,
                               const RtlTileConfig& cfg,
                               const sc_core::sc_time& clk_period)
    : sc_core::sc_module(name),
      clk_("clk", clk_period, 0.5, sc_core::SC_ZERO_TIME, true),
      cfg_(cfg),
      clk_period_(clk_period) {
  SC_HAS_PROCESS(RtlTernaryTile);
  SC_THREAD(driver_thread);
  // 1 MiB coroutine stack: the 64 KiB default overflows under AddressSanitizer
  // (same rule as sim/engine/thread_stack.hpp; this library stays independent of sim/).
  set_stack_size(std::size_t(1) << 20);
}

RtlTernaryTile::~RtlTernaryTile() = default;

void RtlTernaryTile::check_job(const std::vector<std::int8_t>& weights,
                               const std::vector<std::int8_t>& acts) const {
  const std::size_t R = cfg_.rows;
  const std::size_t C = cfg_.cols;
  if (weights.size() != R * C)
    throw std::invalid_argument("RtlTernaryTile: weights must have R*C entries");
  if (acts.empty() || acts.size() % R != 0)
    throw std::invalid_argument(
        "RtlTernaryTile: acts must hold M*R entries with M >= 1");
  for (const std::int8_t w : weights)
    if (w < -1 || w > 1)
      throw std::invalid_argument("RtlTernaryTile: weights must be in {-1,0,1}");
}

RtlTileResult RtlTernaryTile::run(const std::vector<std::int8_t>& weights,
                                  const std::vector<std::int8_t>& acts,
                                  const RtlTileRunOptions& opt) {
  check_job(weights, acts);
  const auto st = sc_core::sc_get_status();
  if (st == sc_core::SC_RUNNING)
    throw std::logic_error(
        "RtlTernaryTile::run() called from inside the simulation; use execute()");
  if (st == sc_core::SC_STOPPED || st == sc_core::SC_END_OF_SIMULATION)
    throw std::logic_error("RtlTernaryTile::run(): simulation already stopped");
  Job job{&weights, &acts, opt, {}, false, true};
  queue_.push_back(&job);
  while (!job.finished) sc_core::sc_start();  // driver calls sc_pause()
  return job.result;
}

RtlTileResult RtlTernaryTile::execute(const std::vector<std::int8_t>& weights,
                                      const std::vector<std::int8_t>& acts,
                                      const RtlTileRunOptions& opt) {
  check_job(weights, acts);
  Job job{&weights, &acts, opt, {}, false, false};
  queue_.push_back(&job);
  while (!job.finished) sc_core::wait(job_done_ev_);
  return job.result;
}

bool RtlTernaryTile::enable_vcd(const std::string& path) {
  if (!trace_supported()) return false;
  vcd_path_ = path;
  const auto st = sc_core::sc_get_status();
  if (st == sc_core::SC_PAUSED || st == sc_core::SC_RUNNING) open_trace(path);
  return true;
}

void RtlTernaryTile::driver_thread() {
  const sc_core::sc_event& neg = clk_.negedge_event();
  rst_n_.write(false);
  start_.write(false);
  w_valid_.write(false);
  a_valid_.write(false);
  a_last_.write(false);
  if (!vcd_path_.empty()) open_trace(vcd_path_);
  // Two reset cycles, then release.
  sc_core::wait(neg);
  sc_core::wait(neg);
  sc_core::wait(neg);
  rst_n_.write(true);
  sc_core::wait(neg);
  for (;;) {
    while (queue_.empty()) sc_core::wait(neg);
    Job* job = queue_.front();
    do_job(*job);
    queue_.pop_front();
    job->finished = true;
    job_done_ev_.notify(sc_core::SC_ZERO_TIME);
    if (job->pause_when_done) sc_core::sc_pause();
  }
}

void RtlTernaryTile::do_job(Job& job) {
  const sc_core::sc_event& neg = clk_.negedge_event();
  const unsigned R = cfg_.rows;
  const unsigned C = cfg_.cols;
  const std::vector<std::int8_t>& w = *job.weights;
  const std::vector<std::int8_t>& x = *job.acts;
  const std::uint64_t M = x.size() / R;
  const RtlTileRunOptions& opt = job.opt;
  RtlTileResult& res = job.result;

  const unsigned bubble_pct = opt.bubble_percent > 90 ? 90 : opt.bubble_percent;
  std::uint32_t lcg = opt.bubble_seed;
  auto bubble = [&]() {
    if (bubble_pct == 0) return false;
    lcg = lcg * 1664525u + 1013904223u;
    return ((lcg >> 16) % 100u) < bubble_pct;
  };
  const std::uint64_t bound =
      opt.max_cycles != 0 ? opt.max_cycles
                          : 16 * rtl_tile_cycles(R, C, M) + 10000;

  // We are at a falling edge inside cycle 0: assert start for this cycle.
  start_.write(true);
  std::uint64_t cycle = 0;
  sc_core::wait(neg);
  cycle = 1;
  start_.write(false);

  unsigned row = 0;
  std::uint64_t m = 0;
  for (;;) {
    // Outputs read here are the (registered) values of the current cycle.
    if (done_.read()) break;
    if (cycle > bound) {
      res.timed_out = true;
      break;
    }
    bool wv = false;
    bool av = false;
    bool last = false;
    if (w_ready_.read() && row < R) {
      if (bubble()) {
        ++res.bubbles;
      } else {
        drive_w_row(&w[static_cast<std::size_t>(row) * C],
                    opt.zero_as_reserved_code);
        wv = true;
        ++row;
      }
    }
    if (a_ready_.read() && m < M) {
      if (bubble()) {
        ++res.bubbles;
      } else {
        drive_a_vec(&x[static_cast<std::size_t>(m) * R]);
        av = true;
        last = (m + 1 == M);
        ++m;
      }
    }
    w_valid_.write(wv);
    a_valid_.write(av);
    a_last_.write(last);
    sc_core::wait(neg);
    ++cycle;
  }
  w_valid_.write(false);
  a_valid_.write(false);
  a_last_.write(false);
  res.cycles = cycle;
  read_acc(res.acc);
  if (res.timed_out) {
    // Return the tile to IDLE so the instance stays usable.
    rst_n_.write(false);
    sc_core::wait(neg);
    sc_core::wait(neg);
    rst_n_.write(true);
    sc_core::wait(neg);
  }
}

}  // namespace ternsim::rtl
