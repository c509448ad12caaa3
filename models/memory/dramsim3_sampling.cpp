// Sampled mode of the DRAMsim3 backend (`dram.dramsim3.sampling.mode: sampled`, docs/dram.md).
//
// A decode token moves hundreds of MB through DRAM in a few thousand requests of a few sizes,
// and DRAMsim3 costs ~1-30 us of CPU per DRAM clock, so simulating every clock takes minutes.
// Sampled mode simulates a representative part cycle-accurately and extrapolates the rest:
//  * Within a request: the first window_bursts bursts are simulated; the clocks per burst and
//    the counter increments per burst (reads, row hits, ACT/PRE, read/write commands,
//    active/idle rank clocks) over the second half of that window (the steady state, after the
//    first row opens have warmed it up) are applied to the remaining bursts.
//  * Across requests: a stream is the requests of one size and direction that either continue
//    the previous request's addresses or not. Its first samples_per_stream requests are
//    simulated as above; later requests of the stream take their mean duration and counter
//    increments without running DRAMsim3. A new stream (a phase change: another chunk size, a
//    jump to another tensor, a write) is sampled again.
//  * Idle gaps: DRAMsim3 is ticked settle_clocks_ (tRAS + tRP + tFAW) of a gap before a
//    simulated request, so its banks' timing constraints expire as in real time; the rest of the
//    gap is skipped, with rank standby clocks booked as DRAMsim3 books them: a rank with an open
//    row is active-standby until its next refresh closes the rows, then precharge-standby.
//  * Refresh: DRAMsim3's own is switched off (its refresh counts clocks it ticks, which sampled
//    mode skips). Refreshes come every tREFI / ranks DRAM clocks (rank-staggered, as DRAMsim3
//    places them: refresh.cc) in virtual time; each is counted and priced (IDD5 x tRFC) and a
//    request in service when one falls stalls for tRFC / ranks (the mean over which rank the
//    stream is in; a stream in one rank meets its rank's refresh once per tREFI), plus what is
//    left of a refresh that began before the request started.
// ASSUMPTIONS: the stall of a refresh is tRFC (the precharge before it and the re-activation after
// it, tRP + tRCD, are not added); rows that a real refresh would have closed during a skipped
// gap stay open in DRAMsim3, so the next window may see a row hit that full mode would see as a
// miss. The extrapolated bursts are spread over channels and banks like the window's.
#include <algorithm>
#include <cmath>

#include "memory_system.h"
#include "models/memory/dramsim3_dram.hpp"

namespace ternsim {

const char* const Dramsim3Dram::kCounterNames[Dramsim3Dram::kCounters] = {
    "num_reads_done", "num_writes_done", "num_read_row_hits", "num_write_row_hits", "num_act_cmds",
    "num_pre_cmds",   "num_ref_cmds",    "num_refb_cmds",     "num_read_cmds",      "num_write_cmds",
    "rank_active_cycles", "all_bank_idle_cycles", "sref_cycles", "ternsim_read_to_write", "ternsim_write_to_read"};
namespace {
constexpr int kRankActive = 10, kRankIdle = 11;
}

double Dramsim3Dram::counter(int ch, int idx) const {
  return double(mem_->Counter(kCounterNames[idx], ch)) + extra_[size_t(ch) * kCounters + idx];
}

std::vector<double> Dramsim3Dram::snapshot() const {
  std::vector<double> v(extra_.size());
  for (uint32_t ch = 0; ch < channels_; ++ch)
    for (int i = 0; i < kCounters; ++i) v[size_t(ch) * kCounters + i] = double(mem_->Counter(kCounterNames[i], int(ch)));
  return v;
}

uint64_t Dramsim3Dram::refreshes_so_far() const { return clk_ / refresh_interval_; }

void Dramsim3Dram::skip_idle(uint64_t clocks) {
  if (clocks == 0) return;
  for (uint32_t ch = 0; ch < channels_; ++ch)
    for (int r = 0; r < ranks_; ++r) {
      uint64_t active = 0;
      if (!close_page_ && !mem_->RankAllBanksIdle(int(ch), r)) {
        // Refresh k (k >= 1, at k x interval) refreshes rank (k - 1) mod ranks.
        uint64_t k = clk_ / refresh_interval_ + 1;
        k += (uint64_t(r) + 1 + uint64_t(ranks_) - k % uint64_t(ranks_)) % uint64_t(ranks_);
        active = std::min(clocks, k * refresh_interval_ - clk_);
      }
      extra_[size_t(ch) * kCounters + kRankActive] += double(active);
      extra_[size_t(ch) * kCounters + kRankIdle] += double(clocks - active);
    }
  clk_ += clocks;
}

double Dramsim3Dram::refresh_stall(double start, double clocks) const {
  const double interval = double(refresh_interval_), trfc = double(trfc_);
  double stall = 0;
  // The first refresh that can still be running at `start` began after start - tRFC.
  double k = std::max(1.0, std::floor((start - trfc) / interval) + 1);
  for (;; k += 1) {
    const double b = k * interval;
    if (b >= start + clocks + stall) break;
    if (b + trfc <= start) continue;
    stall += (b + trfc - std::max(b, start)) / ranks_;
  }
  return stall;
}

double Dramsim3Dram::simulate_request(uint64_t first, uint64_t n, bool write, std::vector<double>& delta) {
  const std::vector<double> before = snapshot();
  const uint64_t t0 = ticks_;
  const uint64_t w = std::min<uint64_t>(n, window_bursts_);
  auto burst = [&](uint64_t i) { return Burst{first + i * burst_bytes_, write}; };
  bursts_simulated_ += w;
  if (w == n) {
    drain(n, burst);
    const std::vector<double> after = snapshot();
    for (size_t i = 0; i < delta.size(); ++i) delta[i] += after[i] - before[i];
    return double(ticks_ - t0);
  }
  // The window: as drain(), noting when half of its bursts have completed.
  uint64_t next = 0, t_half = 0, done_half = 0;
  std::vector<double> half;
  outstanding_ = w;
  while (outstanding_ > 0) {
    while (next < w) {
      const Burst b = burst(next);
      if (!mem_->WillAcceptTransaction(b.addr, b.write)) break;
      mem_->AddTransaction(b.addr, b.write);
      ++next;
    }
    tick();
    if (half.empty() && w - outstanding_ >= w / 2) {
      t_half = ticks_;
      done_half = w - outstanding_;
      half = snapshot();
    }
  }
  const std::vector<double> after = snapshot();
  if (4 * (w - done_half) < w) {
    // The window completed almost at once (writes accepted into the write buffers): measure it whole.
    t_half = t0;
    done_half = 0;
    half = before;
  }
  const double steady_bursts = double(w - done_half);
  const double per_burst_clocks = double(ticks_ - t_half) / steady_bursts;
  const double scale = double(n - w) / steady_bursts;
  std::vector<double> extrapolated(delta.size());
  for (size_t i = 0; i < delta.size(); ++i) extrapolated[i] = (after[i] - half[i]) * scale;
  // Per-burst counts are exact, not scaled: every extrapolated burst is one request done and one
  // READ or WRITE command, on the channels in the window's proportions, with the window's
  // row-hit ratio (commands issued in the half-window are not all done by its end).
  for (uint32_t ch = 0; ch < channels_; ++ch) {
    const size_t b = size_t(ch) * kCounters;
    auto d = [&](int idx) { return after[b + idx] - half[b + idx]; };
    const double bursts = double(n - w) * (d(0) + d(1)) / steady_bursts;
    const double cmds = d(8) + d(9), hit_ratio = cmds > 0 ? (d(2) + d(3)) / cmds : 0.0;
    extrapolated[b + 0] = write ? 0.0 : bursts;
    extrapolated[b + 1] = write ? bursts : 0.0;
    extrapolated[b + 8] = write ? 0.0 : bursts;
    extrapolated[b + 9] = write ? bursts : 0.0;
    extrapolated[b + 2] = write ? 0.0 : bursts * hit_ratio;
    extrapolated[b + 3] = write ? bursts * hit_ratio : 0.0;
  }
  for (size_t i = 0; i < delta.size(); ++i) {
    extra_[i] += extrapolated[i];
    delta[i] += after[i] - before[i] + extrapolated[i];
  }
  return double(ticks_ - t0) + double(n - w) * per_burst_clocks;
}

uint64_t Dramsim3Dram::sampled_request(uint64_t first, uint64_t n, bool write, uint64_t target) {
  bursts_total_ += n;
  const uint64_t gap = target > clk_ ? target - clk_ : 0;
  Stream& st = streams_[std::make_tuple(n, write, first == next_addr_)];
  next_addr_ = first + n * burst_bytes_;
  double clocks;
  uint64_t start;
  if (st.samples < samples_per_stream_) {
    const uint64_t settle = std::min(gap, settle_clocks_);
    skip_idle(gap - settle);
    for (uint64_t i = 0; i < settle; ++i) tick();
    start = clk_;
    std::vector<double> delta(extra_.size(), 0.0);
    clocks = simulate_request(first, n, write, delta);
    if (st.delta.empty()) st.delta.assign(extra_.size(), 0.0);
    for (size_t i = 0; i < delta.size(); ++i) st.delta[i] += delta[i];
    st.clocks += clocks;
    ++st.samples;
  } else {
    skip_idle(gap);
    start = clk_;
    clocks = st.clocks / st.samples;
    for (size_t i = 0; i < extra_.size(); ++i) extra_[i] += st.delta[i] / st.samples;
  }
  const double stall = refresh_stall(double(start), clocks);
  // Every rank stands by while a refresh holds the stream (IDD5 is priced above IDD3N).
  for (uint32_t ch = 0; ch < channels_; ++ch) extra_[size_t(ch) * kCounters + kRankActive] += stall * ranks_;
  const double total = clocks + stall + clk_frac_;
  const double whole = std::floor(total);
  clk_frac_ = total - whole;
  clk_ = start + static_cast<uint64_t>(whole);
  return clk_;
}

}  // namespace ternsim
