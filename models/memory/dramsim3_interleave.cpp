// Interleaved arbitration of the DRAMsim3 backend (`dram.dramsim3.arbitration: interleaved`,
// docs/dram.md "Two masters in the controller").
//
// In order, a request is simulated to its completion when it is issued, so a second master's
// request issued meanwhile can only start after it. Here every request in flight stays open:
// the caller's SystemC thread registers its bursts and waits, and whichever waiting thread runs
// advances DRAMsim3 -- at most quantum_cycles accelerator cycles ahead of SystemC time -- offering
// the controller the next burst of every request in flight in turn (as an interconnect
// arbitrating between master ports would), so bursts of concurrent masters meet in the
// controller's queues and its scheduler sees their bank conflicts and row hits. The DRAM clock
// never runs ahead of SystemC time, so a request issued at cycle t is queued at DRAM clock
// to_dram(t) exactly (the issuing thread first brings the DRAM up to t) and its completion
// clock is exact; its thread sees the completion at the end of the quantum it falls in, so with
// quantum_cycles = q the caller resumes (and a DMA issues its next chunk) up to q - 1 cycles
// after the completion cycle it is returned. quantum_cycles = 1 (the default) makes that exact.
//
// A request from outside a SystemC thread (calibration, tests calling request() directly) cannot
// wait: it is served in order, after the requests in flight are completed.
#include <systemc>

#include <algorithm>

#include "memory_system.h"
#include "models/memory/dramsim3_dram.hpp"
#include "sim/engine/sim_time.hpp"

namespace ternsim {

void Dramsim3Dram::burst_done(uint64_t addr, bool write) {
  // drain()'s count (in-order requests); while two threads drain (threads: 2), each channel
  // counts its own and this callback runs on both threads, so it writes nothing shared then
  // (in_flight_ is empty during in-order drains).
  if (count_returns_) --outstanding_;
  if (in_flight_.empty()) return;
  auto it = queued_bursts_.find({addr, write});
  if (it == queued_bursts_.end() || it->second.empty()) return;
  const uint64_t id = it->second.front();
  it->second.erase(it->second.begin());
  if (it->second.empty()) queued_bursts_.erase(it);
  auto r = in_flight_.find(id);
  if (r != in_flight_.end() && r->second.left > 0 && --r->second.left == 0) r->second.done_clk = clk_ + 1;
}

bool Dramsim3Dram::caller_can_wait() {
  if (sc_core::sc_get_status() != sc_core::SC_RUNNING) return false;
  const sc_core::sc_process_handle h = sc_core::sc_get_current_process_handle();
  return h.valid() && h.proc_kind() == sc_core::SC_THREAD_PROC_;
}

void Dramsim3Dram::feed_in_flight() {
  // Round robin at burst granularity: one burst per request per round, starting with the
  // request after the last one served, until no request has a burst the controller accepts.
  if (in_flight_.empty()) return;
  bool progress = true;
  while (progress) {
    progress = false;
    auto it = in_flight_.lower_bound(feed_turn_);
    for (size_t k = 0; k < in_flight_.size(); ++k, ++it) {
      if (it == in_flight_.end()) it = in_flight_.begin();
      InFlight& r = it->second;
      if (r.next == r.n) continue;
      const uint64_t a = r.first + r.next * burst_bytes_;
      if (!mem_->WillAcceptTransaction(a, r.write)) continue;
      mem_->AddTransaction(a, r.write);
      queued_bursts_[{a, r.write}].push_back(it->first);
      ++r.next;
      progress = true;
      feed_turn_ = it->first + 1;
    }
  }
}

void Dramsim3Dram::feed_and_tick() {
  feed_in_flight();
  tick();
  // What is left to queue or return; unchanged for kStallClocks means the backend is stuck.
  uint64_t left = 0;
  for (const auto& kv : in_flight_) left += kv.second.left + (kv.second.n - kv.second.next);
  if (left != stall_left_) {
    stall_left_ = left;
    stall_since_ = clk_;
  } else if (clk_ - stall_since_ > kStallClocks) {
    stalled();
  }
}

void Dramsim3Dram::run_in_flight(uint64_t target, uint64_t id) {
  auto busy = [&] {
    auto r = in_flight_.find(id);
    return r != in_flight_.end() && r->second.left > 0;
  };
  while (clk_ < target && (id == ~0ull || busy())) {
    bool any = false;
    for (const auto& kv : in_flight_) any = any || kv.second.left > 0;
    if (!any) {
      idle_step(target);  // nothing in flight: idle clocks, fast-forwarded where DRAMsim3 allows
      continue;
    }
    feed_and_tick();
  }
}

std::pair<uint64_t, uint64_t> Dramsim3Dram::interleaved_request(uint64_t first, uint64_t n, bool write,
                                                                uint64_t target) {
  run_in_flight(target, ~0ull);  // the DRAM at the issue time (requests in flight progress)
  for (const auto& kv : in_flight_)
    if (kv.second.left > 0) {
      ++overlapped_requests_;
      break;
    }
  const uint64_t id = next_request_id_++;
  InFlight& r = in_flight_[id];
  r.first = first;
  r.n = n;
  r.left = n;
  r.write = write;
  r.start_clk = clk_;
  feed_in_flight();
  // Let the other threads (masters) run for a quantum, then bring the DRAM up to SystemC time;
  // a master issuing meanwhile brings it to its own issue time first, so it is never queued late.
  while (in_flight_.at(id).left > 0) {
    sc_core::wait(cycles(quantum_cycles_));
    run_in_flight(to_dram(now_cycles()), id);
  }
  const InFlight done = in_flight_.at(id);
  in_flight_.erase(id);
  return {done.start_clk, done.done_clk};
}

void Dramsim3Dram::finish_in_flight() {
  // The requests stay registered (their threads collect them when they wake).
  auto busy = [&] {
    for (const auto& kv : in_flight_)
      if (kv.second.left > 0) return true;
    return false;
  };
  while (busy()) {
    feed_and_tick();
  }
}

}  // namespace ternsim
