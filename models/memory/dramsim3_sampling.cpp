// Sampled mode of the DRAMsim3 backend (`dram.dramsim3.sampling.mode: sampled`, docs/dram.md).
//
// A decode token moves hundreds of MB through DRAM in a few thousand requests of a few sizes,
// and DRAMsim3 costs ~1-30 us of CPU per DRAM clock, so simulating every clock takes minutes.
// Sampled mode simulates a representative part cycle-accurately and extrapolates the rest:
//  * Within a request: the first window_bursts bursts are simulated; the clocks per burst and
//    the counter increments per burst (reads, row hits, read/write commands, active/idle rank
//    clocks) over the second half of that window (the steady state, after the first row opens
//    have warmed it up) are applied to the remaining bursts; their channels, row opens (ACT,
//    PRE) and row hits come from decoding their addresses (open page; see simulate_request).
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
//  * Re-activations: a refresh first precharges every open bank of its rank, so full mode
//    re-opens (PRE + ACT, a row miss instead of a hit) each bank whose open row the stream reads
//    again. DRAMsim3's rows stay open in sampled mode, so these are booked here: for each stream,
//    the bursts before and after 16 landing points in its first request (a stream continuing
//    its addresses looks past the request's ends, up to kReachBursts) are decoded with
//    DRAMsim3's address mapping, and the banks of each rank whose row is open before the point
//    and read again after it are counted. Every refresh in a request's service time adds that
//    count of ACT and PRE and takes as many row hits away; their energy follows from the
//    counters. A refresh in the idle gap before a request (at most one per rank) lands before
//    its first burst: for a stream continuing its addresses it takes the count at that burst
//    alone (the banks the previous request left open on rows this one reads; none where the
//    request starts on rows of its own), for another the mean above (what it left open is not
//    known from its addresses).
//  * Precharges (open page): every ACT opens a row that a PRE closes later, but the rows still
//    open at the end; stats() reports the ACTs less the banks opened (bank_opened_), where the
//    decoded row opens missed the PREs of each request's first visit to a bank.
// ASSUMPTIONS: the stall of a refresh is tRFC: the re-activation's tRCD is not added, as the
// full backend shows it off the critical path (a 16 MiB DDR4 stream: 0.9546 of peak in full
// mode against 1 - tRFC/tREFI = 0.9551; a tRCD of 17 clocks per refresh would be 0.9533); rows
// that a real refresh would have closed during a skipped gap stay open in DRAMsim3 (their
// re-activation is booked, as above, but not the extra tRCD). The extrapolated bursts are
// spread over channels and banks like the window's.
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
constexpr int kRankActive = 10, kRankIdle = 11, kReadHits = 2, kWriteHits = 3, kAct = 4, kPre = 5;
// How far (in bursts, each way) a landing point looks for the open rows before it and their
// next reads after it: 1 MiB of 64-byte bursts, beyond one sweep of a rank's banks' rows on the
// shipped presets (DDR4: 16 banks x 128 bursts per row).
constexpr int64_t kReachBursts = 16384;
// A refresh lands at any burst of a request: the count is the mean over this many points, spread
// by the golden ratio so they do not alias with the mapping's powers of two (points at n/8,
// 3n/8, ... would all sit on row boundaries of a sequential stream, where nothing is reopened).
constexpr int kLandingPoints = 16;
}  // namespace

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

size_t Dramsim3Dram::bank_slot(const dramsim3::Address& a) const {
  const dramsim3::Config& c = mem_->GetConfig();
  return (size_t(a.channel) * size_t(ranks_) + size_t(a.rank)) * size_t(c.banks) +
         size_t(a.bankgroup * c.banks_per_group + a.bank);
}

void Dramsim3Dram::mark_banks_opened(uint64_t first, uint64_t n) {
  if (close_page_) return;
  const dramsim3::Config& c = mem_->GetConfig();
  for (uint64_t i = 0; i < n; ++i) bank_opened_[bank_slot(c.AddressMapping(first + i * burst_bytes_))] = 1;
}

double Dramsim3Dram::simulate_request(uint64_t first, uint64_t n, bool write, std::vector<double>& delta) {
  const std::vector<double> before = snapshot();
  const uint64_t t0 = ticks_;
  const uint64_t w = std::min<uint64_t>(n, window_bursts_);
  auto burst = [&](uint64_t i) { return Burst{first + i * burst_bytes_, write}; };
  bursts_simulated_ += w;
  if (w == n) {
    mark_banks_opened(first, n);
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
  // READ or WRITE command. With an open page, the extrapolated bursts' addresses are decoded with
  // DRAMsim3's mapping: their channel, and a row open (ACT; PRE if the bank had another row open)
  // wherever a bank's row differs from the one its previous burst (from the window on) left open,
  // a row hit otherwise -- row opens come from the layout, not from a window that may be shorter
  // than a sweep of the banks' rows (over the window's second half a sequential DDR4 stream
  // measured half its ACTs; over the whole window an HBM3 prefill 1.8 x its ACTs). With a closed
  // page: the window's channel proportions, row-hit ratio and row opens per burst.
  std::vector<double> decoded_bursts(channels_, 0.0), decoded_acts(channels_, 0.0), decoded_pres(channels_, 0.0);
  if (!close_page_) {
    const dramsim3::Config& c = mem_->GetConfig();
    std::vector<int64_t> open(size_t(channels_) * size_t(ranks_) * size_t(c.banks), -1);
    for (uint64_t i = 0; i < n; ++i) {
      const dramsim3::Address a = c.AddressMapping(first + i * burst_bytes_);
      const size_t slot = bank_slot(a);
      int64_t& o = open[slot];
      if (i >= w) {
        decoded_bursts[size_t(a.channel)] += 1;
        if (o != a.row) {
          decoded_acts[size_t(a.channel)] += 1;
          if (o >= 0) decoded_pres[size_t(a.channel)] += 1;
        }
      }
      o = a.row;
      bank_opened_[slot] = 1;
    }
  }
  for (uint32_t ch = 0; ch < channels_; ++ch) {
    const size_t b = size_t(ch) * kCounters;
    auto d = [&](int idx) { return after[b + idx] - half[b + idx]; };
    auto w_all = [&](int idx) { return after[b + idx] - before[b + idx]; };
    double bursts = double(n - w) * (d(0) + d(1)) / steady_bursts, hits, acts, pres;
    if (!close_page_) {
      bursts = decoded_bursts[ch];
      acts = decoded_acts[ch];
      pres = decoded_pres[ch];
      hits = bursts - acts;
    } else {
      const double cmds = w_all(8) + w_all(9), hit_ratio = cmds > 0 ? (w_all(2) + w_all(3)) / cmds : 0.0;
      hits = bursts * hit_ratio;
      acts = w_all(kAct) * double(n - w) / double(w);
      pres = w_all(kPre) * double(n - w) / double(w);
    }
    extrapolated[b + 0] = write ? 0.0 : bursts;
    extrapolated[b + 1] = write ? bursts : 0.0;
    extrapolated[b + 8] = write ? 0.0 : bursts;
    extrapolated[b + 9] = write ? bursts : 0.0;
    extrapolated[b + kReadHits] = write ? 0.0 : hits;
    extrapolated[b + kWriteHits] = write ? hits : 0.0;
    extrapolated[b + kAct] = acts;
    extrapolated[b + kPre] = pres;
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
  const bool continuing = first == next_addr_;
  const uint64_t gap_start = clk_;
  Stream& st = streams_[std::make_tuple(n, write, continuing)];
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
  if (st.react.empty()) {
    st.react = reactivations(first, n, continuing, false);
    st.react_at_start = continuing ? reactivations(first, n, continuing, true) : st.react;
  }
  // Refreshes in the gap before the request (at most one per rank) fall before its first burst:
  // for a continuing stream the rows they close are the ones it left open there
  // (react_at_start; none where the request starts on rows of its own); for another stream the
  // open rows are unknown and the mean is kept. Refreshes in its service time fall anywhere in
  // it (react, the mean over landing points).
  const double reach_back = std::min(double(start - gap_start), double(refresh_interval_) * ranks_);
  book_reactivations(st.react_at_start, write, double(start) - reach_back, reach_back);
  book_reactivations(st.react, write, double(start), clocks + stall);
  // Every rank stands by while a refresh holds the stream (IDD5 is priced above IDD3N).
  for (uint32_t ch = 0; ch < channels_; ++ch) extra_[size_t(ch) * kCounters + kRankActive] += stall * ranks_;
  const double total = clocks + stall + clk_frac_;
  const double whole = std::floor(total);
  clk_frac_ = total - whole;
  clk_ = start + static_cast<uint64_t>(whole);
  return clk_;
}

std::vector<double> Dramsim3Dram::reactivations(uint64_t first, uint64_t n, bool continuing, bool at_start) const {
  std::vector<double> react(size_t(ranks_) * channels_, 0.0);
  if (close_page_ || n == 0) return react;  // close page: no row is open when a refresh comes
  const dramsim3::Config& c = mem_->GetConfig();
  const size_t banks = size_t(c.banks);
  const int64_t step = int64_t(burst_bytes_);
  // Bursts the stream reads: this request's, and for a continuing stream the same line of
  // addresses before and after it (never below address 0).
  const int64_t lowest = continuing ? -std::min<int64_t>(kReachBursts, int64_t(first / burst_bytes_)) : 0;
  std::vector<int64_t> open(react.size() * banks);
  const int points = at_start ? 1 : kLandingPoints;
  for (int p = 0; p < points; ++p) {
    const double golden = 0.6180339887498949 * (p + 1);
    const int64_t at = at_start ? 0 : std::min(int64_t(n) - 1, int64_t((golden - std::floor(golden)) * double(n)));
    const int64_t lo = std::max(lowest, at - kReachBursts);
    const int64_t hi = continuing ? at + kReachBursts : std::min(int64_t(n), at + kReachBursts);
    std::fill(open.begin(), open.end(), -1);  // -1 not seen, >= 0 open row, -2 resolved
    auto slot = [&](const dramsim3::Address& a) {
      return (size_t(a.rank) * channels_ + size_t(a.channel)) * banks + size_t(a.bankgroup * c.banks_per_group + a.bank);
    };
    size_t seen = 0;
    for (int64_t i = at - 1; i >= lo && seen < open.size(); --i) {
      const dramsim3::Address a = c.AddressMapping(uint64_t(int64_t(first) + i * step));
      int64_t& o = open[slot(a)];
      if (o == -1) {
        o = a.row;
        ++seen;
      }
    }
    for (int64_t i = at; i < hi && seen > 0; ++i) {
      const dramsim3::Address a = c.AddressMapping(uint64_t(int64_t(first) + i * step));
      int64_t& o = open[slot(a)];
      if (o < 0) continue;
      if (o == a.row) react[size_t(a.rank) * channels_ + size_t(a.channel)] += 1.0 / points;
      o = -2;
      --seen;
    }
  }
  return react;
}

void Dramsim3Dram::book_reactivations(const std::vector<double>& react, bool write, double start, double clocks) {
  const double interval = double(refresh_interval_);
  // Refresh k (k >= 1, at k x interval) refreshes rank (k - 1) mod ranks.
  for (double k = std::max(1.0, std::ceil(start / interval)); k * interval < start + clocks; k += 1) {
    const size_t rank = size_t(uint64_t(k - 1) % uint64_t(ranks_));
    for (uint32_t ch = 0; ch < channels_; ++ch) {
      const double r = react[rank * channels_ + ch];
      double* e = &extra_[size_t(ch) * kCounters];
      e[kAct] += r;
      e[kPre] += r;
      e[write ? kWriteHits : kReadHits] -= r;
      reactivations_booked_ += r;
    }
  }
}

}  // namespace ternsim
