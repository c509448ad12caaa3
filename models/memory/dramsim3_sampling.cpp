// Sampled mode of the DRAMsim3 backend (`dram.dramsim3.sampling.mode: sampled`, docs/dram.md).
//
// A decode token moves hundreds of MB through DRAM in a few thousand requests of a few sizes,
// and DRAMsim3 costs ~1-30 us of CPU per DRAM clock, so simulating every clock takes minutes.
// Sampled mode simulates a representative part cycle-accurately and extrapolates the rest:
//  * Within a request: a window of its bursts (window_bursts, raised to 8 rounds of every
//    channel's transaction queue) is simulated; the clocks per burst and the counter increments
//    per burst (active/idle rank clocks, turnarounds) between a quarter and three quarters of the
//    window done (its steady state: run_window) are applied to the remaining bursts; their
//    channels, row opens (ACT, PRE) and row hits come from decoding their addresses (open page;
//    see simulate_request). Past the stream's first sweep of the banks (row_span_), banks hold
//    rows of its own: a request running past that point gets a second window there, after the
//    rows the stream left in its banks were opened (open_rows_before).
//  * Across requests: a stream is the requests of one size and direction that either continue
//    the previous request's addresses or not. Its first samples_per_stream requests are
//    simulated as above; later requests of the stream take their mean duration and counter
//    increments without running DRAMsim3. A new stream (a phase change: another chunk size, a
//    jump to another tensor, a write, a continuing stream past its first sweep of the banks)
//    is sampled again.
//  * Idle gaps: DRAMsim3 is ticked settle_clocks_ (tRAS + tRP + tFAW) of a gap before a
//    simulated request, so its banks' timing constraints expire as in real time; the rest of the
//    gap is skipped, with rank standby clocks booked as DRAMsim3 books them: a rank with an open
//    row is active-standby until its next refresh closes the rows, then precharge-standby.
//  * Refresh: DRAMsim3's own is switched off (its refresh counts clocks it ticks, which sampled
//    mode skips). Refreshes come every tREFI / ranks DRAM clocks (rank-staggered, as DRAMsim3
//    places them: refresh.cc) in virtual time; each is counted and priced (IDD5 x tRFC) and a
//    request in service when one falls stalls for tRFC / ranks (the mean over which rank the
//    stream is in; a stream in one rank meets its rank's refresh once per tREFI; with one rank
//    and an open page the measured stall below instead of tRFC), plus what is
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
//  * Banks a refresh closed (open page, one rank: every refresh closes every bank): past its
//    first sweep a stream meets each bank holding its previous row (PRE + ACT); after a refresh
//    it meets closed banks (ACT only) until it has swept them again, which is faster (the U280
//    HBM2 preset: 542 clocks per 256 KB request instead of 640, so a refresh costs a memory-
//    bound stream ~120 clocks net, not tRFC = 260). The stream's origin moves to where the
//    refresh fell (in the gap: the next request's first burst; in a request: the burst as far
//    into it as the refresh is into its duration), and the requests until the next sweep
//    are a regime of their own (stream key), sampled after close_banks() closed DRAMsim3's
//    banks with a real refresh and open_rows_before() opened the rows read since the origin.
//    The rest of a request a refresh fell in runs at the rate of the stream's requests in that
//    regime, once one has been sampled (up to the sweep). A request longer than the row span and
//    a refresh interval (never in that regime: it cannot start a sweep short) measures that rate
//    itself: its swept part's window once more, from closed banks (RequestSample.closed_rate),
//    and every refresh in it gives the swept bursts of the row span after it that rate
//    (closed_bank_gain).
//  * Writes complete when the controller accepts them, so a write window's first bursts fill
//    the empty write buffers and command queues at once: write windows are 16 rounds of those
//    (write_window_), and a second window's writes take its steady rate from their first burst.
//  * The stall of a refresh (one rank, open page): measured once per direction
//    (measure_refresh_cost) on the first request's window, run twice from closed banks, the
//    second time with a refresh a quarter of the way in: tRFC plus the precharges before it and the re-opens after (U280
//    HBM2 314 clocks for tRFC 260, LPDDR5 approximation 824 for 672, HBM3 1172 for 1120).
// ASSUMPTIONS: with several ranks or a closed page the stall is tRFC (the re-activation's tRCD
// is not added, as the full backend shows it off the critical path: a 16 MiB DDR4 stream reaches 0.9546 of peak
// in full mode against 1 - tRFC/tREFI = 0.9551), the closed-bank regime is off and the origin
// is kept (a refresh closes one rank). A refresh costs the same wherever it falls in a
// request. A refresh lands in a request at the burst as far into it as the refresh is into its
// time. A request is in the closed-bank regime if most of it lies before the sweep's end.
// Rows that a real refresh would have closed during a skipped gap stay open in DRAMsim3 (their
// re-activation is booked, as above, but not the extra tRCD) unless the stream is in that
// regime. The extrapolated bursts are spread over channels and banks like the window's.
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

uint64_t Dramsim3Dram::backend_counter(int ch, int idx) const {
  uint64_t v = 0;
  for (const uint64_t* cell : counter_cells_[size_t(ch) * kCounters + size_t(idx)]) v += *cell;
  return v;
}

double Dramsim3Dram::counter(int ch, int idx) const {
  return double(backend_counter(ch, idx)) + extra_[size_t(ch) * kCounters + idx];
}

std::vector<double> Dramsim3Dram::snapshot() const {
  std::vector<double> v(extra_.size());
  for (uint32_t ch = 0; ch < channels_; ++ch)
    for (int i = 0; i < kCounters; ++i) v[size_t(ch) * kCounters + i] = double(backend_counter(int(ch), i));
  return v;
}

uint64_t Dramsim3Dram::refreshes_so_far() const { return clk_ / refresh_interval_; }

double Dramsim3Dram::next_refresh_at(uint64_t clk) const {
  // Refresh k (k >= 1) at k x interval.
  return double(std::max<uint64_t>(1, (clk + refresh_interval_ - 1) / refresh_interval_) * refresh_interval_);
}

void Dramsim3Dram::refresh_all_banks() {
  for (uint32_t ch = 0; ch < channels_; ++ch) mem_->RequestRankRefresh(int(ch), 0);  // one rank (refresh_closes_banks_)
  // Precharges (tRAS, tRTP, tWR of the last commands have passed: settle_clocks_ were ticked),
  // the refresh, and the banks' constraints after it; fast-forwarded once every channel's
  // REF has issued.
  const uint64_t end = clk_ + 2 * (trfc_ + settle_clocks_), ticks = ticks_, clk = clk_;
  while (clk_ < end) idle_step(end);
  ticks_ = ticks + (end - clk);  // counted as ticked, fast-forwarded or not (sampling.clocks_ticked)
}

std::vector<double> Dramsim3Dram::off_the_record(const std::function<void()>& work) {
  const std::vector<double> before = snapshot();
  const uint64_t clk = clk_;
  work();
  const std::vector<double> after = snapshot();
  std::vector<double> moved(extra_.size());
  for (size_t i = 0; i < extra_.size(); ++i) {
    moved[i] = after[i] - before[i];
    extra_[i] -= moved[i];
  }
  clk_ = clk;
  return moved;
}

void Dramsim3Dram::close_banks() {
  off_the_record([&] { refresh_all_banks(); });
}

void Dramsim3Dram::feed_stream(uint64_t first, uint64_t w, bool write, uint64_t& next) {
  for (; next < w; ++next) {
    const uint64_t a = first + next * burst_bytes_;
    if (!mem_->WillAcceptTransaction(a, write)) break;
    mem_->AddTransaction(a, write);
  }
}

uint64_t Dramsim3Dram::drain_lockstep(uint64_t first, uint64_t w, bool write, uint64_t refresh_at) {
  const uint64_t t0 = ticks_;
  uint64_t next = 0;
  outstanding_ = w;
  while (outstanding_ > 0) {
    feed_stream(first, w, write, next);
    if (ticks_ - t0 == refresh_at)
      for (uint32_t ch = 0; ch < channels_; ++ch) mem_->RequestRankRefresh(int(ch), 0);
    tick();
    if (ticks_ - t0 > kStallClocks) stalled();
  }
  return ticks_ - t0;
}

void Dramsim3Dram::measure_refresh_cost(uint64_t first, uint64_t w, bool write) {
  // The same w bursts twice, each from closed banks (close_banks), the second time with every
  // channel's refresh requested a quarter of the way in; the difference is what the refresh
  // cost them: tRFC, the precharges before it (one bank at a time) and the re-opens after.
  uint64_t plain = 0, refreshed = 0;
  off_the_record([&] {
    refresh_all_banks();
    plain = drain_lockstep(first, w, write, ~0ull);
    refresh_all_banks();
    refreshed = drain_lockstep(first, w, write, plain / 4);
    refresh_all_banks();  // the refresh done, the banks as a refresh leaves them
  });
  refresh_cost_[write] = refreshed > plain ? double(refreshed - plain) : 0.0;
}

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

double Dramsim3Dram::refresh_stall(double start, double clocks, bool write) const {
  const double interval = double(refresh_interval_), trfc = double(trfc_);
  // What a refresh costs a request in service: measured (one rank), else tRFC.
  const double cost = refresh_cost_[write] >= 0 ? refresh_cost_[write] / trfc : 1.0;
  double stall = 0;
  // The first refresh that can still be running at `start` began after start - tRFC.
  double k = std::max(1.0, std::floor((start - trfc) / interval) + 1);
  for (;; k += 1) {
    const double b = k * interval;
    if (b >= start + clocks + stall) break;
    if (b + trfc <= start) continue;
    stall += cost * (b + trfc - std::max(b, start)) / ranks_;
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

// One window of a request: its bursts drained as drain() does, with the clock and the counters
// noted when a quarter and three quarters of them have completed. The rate between those two
// points is the window's steady state: before, every channel's queues fill at once; after, the
// channels finish one by one (32 channels draining their last rounds unevenly made the rate
// over the window's second half 4-7 % slow on an HBM2 stream).
Dramsim3Dram::Window Dramsim3Dram::run_window(uint64_t first, uint64_t w, bool write) {
  Window win;
  win.before = snapshot();
  const uint64_t t0 = ticks_;
  bursts_simulated_ += w;
  uint64_t next = 0;
  outstanding_ = w;
  const uint64_t lo = w / 4, hi = w - w / 4;
  while (outstanding_ > 0) {
    feed_stream(first, w, write, next);
    tick();
    const uint64_t done = w - outstanding_;
    if (win.lo.empty() && done >= lo) {
      win.t_lo = double(ticks_ - t0);
      win.done_lo = done;
      win.lo = snapshot();
    }
    if (win.hi.empty() && done >= hi) {
      win.t_hi = double(ticks_ - t0);
      win.done_hi = done;
      win.hi = snapshot();
    }
  }
  win.after = snapshot();
  win.clocks = double(ticks_ - t0);
  if (4 * (w - win.done_hi) < w / 4 && win.done_hi - win.done_lo < w / 4) {
    // Most of the window completed in one clock (writes accepted into the write buffers):
    // measure it whole.
    win.t_lo = 0;
    win.done_lo = 0;
    win.lo = win.before;
    win.t_hi = win.clocks;
    win.done_hi = w;
    win.hi = win.after;
  }
  win.per_burst = (win.t_hi - win.t_lo) / double(std::max<uint64_t>(1, win.done_hi - win.done_lo));
  return win;
}

// Opens in each bank that bursts [at, at + w) read the row a stream that has swept every bank
// (row_span_ bytes from its origin) left there: the most recent row it read in that bank,
// decoded backward over the last row_span_ bytes. One read per bank, drained and then forgotten: the
// counters it moved are taken back (extra_) and its clocks are not the request's. So a window
// past the stream's first sweep meets its banks holding other rows (PRE + ACT per row change),
// as the full backend does, not closed banks (ACT only).
std::vector<double> Dramsim3Dram::open_rows_before(uint64_t at, uint64_t w, uint64_t reach) {
  std::vector<double> moved(extra_.size(), 0.0);
  if (close_page_ || reach == 0) return moved;
  const dramsim3::Config& c = mem_->GetConfig();
  // Only the banks the window reads: the others keep the state they had (DRAMsim3 never closes
  // a row in sampled mode, where its refresh is off, so a row opened here stays open and its
  // rank would count active standby in every later window).
  std::vector<int64_t> row(bank_opened_.size(), -2);  // -2 not read by the window, -1 to find
  size_t wanted = 0;
  for (uint64_t i = 0; i < w; ++i) {
    int64_t& r = row[bank_slot(c.AddressMapping(at + i * burst_bytes_))];
    if (r == -2) {
      r = -1;
      ++wanted;
    }
  }
  std::vector<uint64_t> reads;
  for (uint64_t back = burst_bytes_; back <= reach && reads.size() < wanted; back += burst_bytes_) {
    const uint64_t a = at - back;
    const dramsim3::Address d = c.AddressMapping(a);
    int64_t& r = row[bank_slot(d)];
    if (r != -1) continue;
    r = d.row;
    reads.push_back(a);
  }
  if (reads.empty()) return moved;
  std::sort(reads.begin(), reads.end());
  return off_the_record([&] {
    drain(reads.size(), [&](uint64_t i) { return Burst{reads[i], false}; });
    for (uint64_t i = 0; i < settle_clocks_; ++i) tick();
  });
}

Dramsim3Dram::RequestSample Dramsim3Dram::simulate_request(uint64_t first, uint64_t n, bool write, uint64_t offset,
                                                           bool after_refresh, std::vector<double>& delta) {
  const uint64_t w = std::min<uint64_t>(n, window_for(write));
  // A request that starts past its stream's first sweep of the banks finds their rows open
  // (open_rows_before); one that starts before it and runs past it changes regime at burst p:
  // its bursts from p on are timed by a second window there.
  if (offset >= row_span_) open_rows_before(first, w, row_span_);
  // One that starts on banks a refresh closed `offset` bytes back finds open the rows the
  // stream read since (close_banks() closed every bank first).
  else if (after_refresh) open_rows_before(first, w, offset);
  const std::vector<double> before = snapshot();
  if (w == n) {
    bursts_simulated_ += n;
    mark_banks_opened(first, n);
    const uint64_t t0 = ticks_;
    drain(n, [&](uint64_t i) { return Burst{first + i * burst_bytes_, write}; });
    const std::vector<double> after = snapshot();
    for (size_t i = 0; i < delta.size(); ++i) delta[i] += after[i] - before[i];
    RequestSample r;
    r.clocks = double(ticks_ - t0);
    return r;
  }
  const Window a = run_window(first, w, write);
  uint64_t p = n;  // the second window's first burst, n if none
  // q: the first burst past the first sweep; from there on (or from the end of the first
  // window, if that is later) the banks hold rows of their own.
  uint64_t q = 0;
  if (!close_page_ && offset < row_span_) {
    q = std::max<uint64_t>(w, (row_span_ - offset + burst_bytes_ - 1) / burst_bytes_);
    if (q + w <= n) p = q;
  }
  Window b;
  std::vector<double> moved(delta.size(), 0.0);
  if (p < n) {
    moved = open_rows_before(first + p * burst_bytes_, w, row_span_);
    b = run_window(first + p * burst_bytes_, w, write);
  }
  auto simulated = [&](uint64_t i) { return i < w || (p < n && i >= p && i < p + w); };
  // Counter increments of the extrapolated bursts: rank clocks and turnarounds at each window's
  // rate per burst over its steady part; per-burst counts exact (every extrapolated burst is one
  // request done and one READ or WRITE command). With an open page their addresses are decoded
  // with DRAMsim3's mapping: their channel, and a row open (ACT; PRE if the bank had another
  // row open) wherever a bank's row differs from the one its previous burst (from the window on)
  // left open, a row hit otherwise -- row opens come from the layout, not from a window that may
  // be shorter than a sweep of the banks' rows (over the window's second half a sequential DDR4
  // stream measured half its ACTs; over the whole window an HBM3 prefill 1.8 x its ACTs). With a
  // closed page: their channel decoded too, and the first window's row hits, ACTs and PREs per
  // READ/WRITE command.
  const uint64_t n_a = (p < n ? p : n) - w, n_b = p < n ? n - p - w : 0;
  std::vector<double> extrapolated(delta.size(), 0.0);
  auto rates = [&](const Window& win, uint64_t count) {
    const double scale = double(count) / double(std::max<uint64_t>(1, win.done_hi - win.done_lo));
    for (size_t i = 0; i < delta.size(); ++i) extrapolated[i] += (win.hi[i] - win.lo[i]) * scale;
  };
  rates(a, n_a);
  if (p < n) rates(b, n_b);
  std::vector<double> decoded_bursts(channels_, 0.0), decoded_acts(channels_, 0.0), decoded_pres(channels_, 0.0);
  {
    const dramsim3::Config& c = mem_->GetConfig();
    std::vector<int64_t> open(bank_opened_.size(), -1);
    for (uint64_t i = 0; i < n; ++i) {
      const dramsim3::Address d = c.AddressMapping(first + i * burst_bytes_);
      const bool extrapolated_burst = !simulated(i);
      if (extrapolated_burst) decoded_bursts[size_t(d.channel)] += 1;
      if (close_page_) continue;
      const size_t slot = bank_slot(d);
      int64_t& o = open[slot];
      if (extrapolated_burst && o != d.row) {
        decoded_acts[size_t(d.channel)] += 1;
        if (o >= 0) decoded_pres[size_t(d.channel)] += 1;
      }
      o = d.row;
      bank_opened_[slot] = 1;
    }
  }
  // Closed page: the window's row hits, ACTs and PREs per READ/WRITE command, over all channels.
  double w_cmds = 0, w_hits = 0, w_acts = 0, w_pres = 0;
  for (uint32_t ch = 0; ch < channels_; ++ch) {
    const size_t base = size_t(ch) * kCounters;
    auto w_all = [&](int idx) { return a.after[base + idx] - a.before[base + idx]; };
    w_cmds += w_all(8) + w_all(9);
    w_hits += w_all(kReadHits) + w_all(kWriteHits);
    w_acts += w_all(kAct);
    w_pres += w_all(kPre);
  }
  w_cmds = std::max(1.0, w_cmds);
  for (uint32_t ch = 0; ch < channels_; ++ch) {
    const size_t base = size_t(ch) * kCounters;
    const double bursts = decoded_bursts[ch];
    double hits, acts, pres;
    if (!close_page_) {
      acts = decoded_acts[ch];
      pres = decoded_pres[ch];
      hits = bursts - acts;
    } else {
      hits = bursts * w_hits / w_cmds;
      acts = bursts * w_acts / w_cmds;
      pres = bursts * w_pres / w_cmds;
    }
    extrapolated[base + 0] = write ? 0.0 : bursts;
    extrapolated[base + 1] = write ? bursts : 0.0;
    extrapolated[base + 8] = write ? 0.0 : bursts;
    extrapolated[base + 9] = write ? bursts : 0.0;
    extrapolated[base + kReadHits] = write ? 0.0 : hits;
    extrapolated[base + kWriteHits] = write ? hits : 0.0;
    extrapolated[base + kAct] = acts;
    extrapolated[base + kPre] = pres;
  }
  const std::vector<double> after = snapshot();
  for (size_t i = 0; i < delta.size(); ++i) {
    extra_[i] += extrapolated[i];
    delta[i] += after[i] - before[i] - moved[i] + extrapolated[i];
  }
  RequestSample r;
  r.clocks = a.clocks + double(n_a) * a.per_burst;
  // The second window started on empty queues, where the stream arrives with them full. A
  // write completes when accepted, so its first bursts went into the empty queues at once,
  // which the stream's own bursts at p do not: writes take the steady rate from p on (with
  // the window's own clocks a 1 MiB LPDDR5 write was 4 % fast). A read window's clocks keep its
  // start-up (the first reads' latency; measured closer to full mode on LPDDR5 than without).
  if (p < n) r.clocks += write ? double(n - p) * b.per_burst : b.clocks + double(n_b) * b.per_burst;
  // A request longer than the row span and than a refresh interval has refreshes of its own
  // that close every bank, and its stream's requests never start one sweep short of the banks'
  // rows (the closed-bank regime's samples): the swept part's window runs once more from closed
  // banks, off the record. (That leaves the banks it did not read closed, as the request's last
  // refresh leaves those it has not read since.)
  if (refresh_closes_banks_ && n * burst_bytes_ > row_span_ && r.clocks >= double(refresh_interval_)) {
    r.swept_from = double(p < n ? p : std::min(q, n));
    r.swept_rate = p < n ? b.per_burst : a.per_burst;
    off_the_record([&] {
      refresh_all_banks();
      r.closed_rate = run_window(first + (p < n ? p : 0) * burst_bytes_, w, write).per_burst;
    });
  }
  return r;
}

double Dramsim3Dram::closed_bank_gain(double start, double clocks, const std::vector<double>& refreshes, uint64_t n,
                                      double swept_from, double swept_rate, double closed_rate) const {
  const double per_burst = swept_rate - closed_rate;
  if (per_burst <= 0 || clocks <= 0) return 0;
  // Refreshes land at bursts as far into the request as they are into its time; each closes
  // every bank, and the row span after it (up to the next one or the end) runs on closed banks.
  std::vector<double> at;
  for (double b : refreshes) at.push_back((b - start) / clocks * double(n));
  const double span = double(row_span_ / burst_bytes_);
  double gain = 0;
  for (size_t k = 0; k < at.size(); ++k) {
    const double end = std::min(at[k] + span, k + 1 < at.size() ? at[k + 1] : double(n));
    const double from = std::max(at[k], swept_from);
    if (end > from) gain += (end - from) * per_burst;
  }
  return gain;
}

uint64_t Dramsim3Dram::sampled_request(uint64_t first, uint64_t n, bool write, uint64_t target) {
  bursts_total_ += n;
  const uint64_t gap = target > clk_ ? target - clk_ : 0;
  const bool continuing = first == next_addr_;
  if (!continuing) {
    stream_origin_ = first;
    closed_origin_ = false;
  }
  // A refresh in the gap closed every bank before the first burst.
  if (refresh_closes_banks_ && next_refresh_at(clk_) < double(clk_ + gap)) {
    stream_origin_ = first;
    closed_origin_ = true;
  }
  // Past its first sweep of the banks (row_span_ bytes) a stream meets rows of its own open
  // in every bank (open page): a phase of its own, sampled again. Before it, the banks hold
  // other rows (PRE + ACT), or none if a refresh closed them (ACT only).
  const uint64_t offset = first - stream_origin_;
  const bool swept = !close_page_ && offset >= row_span_;
  // Banks a refresh closed: the request is in that regime (`fresh`) if most of it lies before
  // the stream has swept them again; one that straddles the sweep's end by more takes the swept
  // regime's key (a request runs at one regime's rate; keyed by its start, the samples of the
  // closed regime came out at either rate).
  const bool after_refresh = closed_origin_ && !swept;
  const bool fresh = after_refresh && offset + n * burst_bytes_ / 2 < row_span_;
  // Right after the refresh, the request re-opens the rows it continues (ACTs of its own);
  // further on, the rows read since are open. Apart, or the first's ACTs go to all.
  const int regime = !fresh ? 0 : offset == 0 ? 1 : 2;
  const bool swept_key = swept || (after_refresh && !fresh);
  const uint64_t gap_start = clk_;
  Stream& st = streams_[std::make_tuple(n, write, continuing, swept_key, regime)];
  next_addr_ = first + n * burst_bytes_;
  double clocks;
  uint64_t start;
  // The closed-bank regimes after a refresh vary less (they start on closed banks): half the
  // samples, at least one.
  if (st.samples < (regime == 0 ? samples_per_stream_ : (samples_per_stream_ + 1) / 2)) {
    const uint64_t settle = std::min(gap, settle_clocks_);
    skip_idle(gap - settle);
    for (uint64_t i = 0; i < settle; ++i) tick();
    if (after_refresh) close_banks();
    start = clk_;
    std::vector<double> delta(extra_.size(), 0.0);
    const RequestSample r = simulate_request(first, n, write, offset, after_refresh, delta);
    clocks = r.clocks;
    if (st.delta.empty()) st.delta.assign(extra_.size(), 0.0);
    for (size_t i = 0; i < delta.size(); ++i) st.delta[i] += delta[i];
    st.clocks += clocks;
    ++st.samples;
    if (r.closed_rate >= 0) {
      ++st.closed_samples;
      st.swept_from += r.swept_from;
      st.swept_rate += r.swept_rate;
      st.closed_rate += r.closed_rate;
    }
  } else {
    skip_idle(gap);
    start = clk_;
    clocks = st.clocks / st.samples;
    for (size_t i = 0; i < extra_.size(); ++i) extra_[i] += st.delta[i] / st.samples;
  }
  if (refresh_closes_banks_ && refresh_cost_[write] < 0) measure_refresh_cost(first, std::min<uint64_t>(n, window_for(write)), write);
  const double stall = refresh_stall(double(start), clocks, write);
  Reopens& ro = reopens_[std::make_tuple(n, write, continuing, swept)];
  if (ro.interior.empty()) ro.interior = reactivations(first, n, continuing, false);
  // Refreshes in the gap before the request (at most one per rank) fall before its first burst:
  // for a continuing stream the rows they close are the ones it left open there (at_start;
  // none where the request starts on rows of its own); for another stream the open rows are
  // unknown and the mean is kept. A fresh request's samples began on closed banks: their own
  // ACTs re-open them. Refreshes in its service time fall anywhere in it (interior, the mean
  // over landing points).
  const double reach_back = std::min(double(start - gap_start), double(refresh_interval_) * ranks_);
  if (regime == 0) {
    if (ro.at_start.empty()) ro.at_start = continuing ? reactivations(first, n, continuing, true) : ro.interior;
    book_reactivations(ro.at_start, write, double(start) - reach_back, reach_back);
  }
  book_reactivations(ro.interior, write, double(start), clocks + stall);
  // Every rank stands by while a refresh holds the stream (IDD5 is priced above IDD3N).
  for (uint32_t ch = 0; ch < channels_; ++ch) extra_[size_t(ch) * kCounters + kRankActive] += stall * ranks_;
  if (refresh_closes_banks_) {
    // A refresh in the request closes every bank: the stream goes on from there on closed
    // banks, from the burst as far into the request as the refresh is into its time. The rest
    // of this request runs at the closed-bank rate (that of this stream's requests in that
    // regime, once sampled) up to the next sweep; the next requests are in that regime.
    std::vector<double> refreshes;  // the DRAM clocks of the refreshes in its service time
    for (double b = next_refresh_at(start); b < double(start) + clocks + stall; b += double(refresh_interval_))
      refreshes.push_back(b);
    const double first_b = refreshes.empty() ? -1 : refreshes.front();
    const double last = refreshes.empty() ? -1 : refreshes.back();
    if (st.closed_samples > 0) {
      const double k = st.closed_samples;
      clocks -= closed_bank_gain(double(start), clocks + stall, refreshes, n, st.swept_from / k, st.swept_rate / k,
                                 st.closed_rate / k);
    } else if (first_b >= 0 && regime == 0) {
      const auto closed = streams_.find(std::make_tuple(n, write, continuing, false, 2));
      if (closed != streams_.end() && closed->second.samples > 0) {
        const double p = (first_b - double(start)) / (clocks + stall) * double(n);
        const double rest = std::min(double(n) - p, double(row_span_ / burst_bytes_));
        const double gain = rest * (clocks - closed->second.clocks / closed->second.samples) / double(n);
        if (gain > 0) clocks -= gain;
      }
    }
    if (last >= 0) {
      const double at = (last - double(start)) / (clocks + stall);
      stream_origin_ = first + std::min<uint64_t>(n, static_cast<uint64_t>(at * double(n))) * burst_bytes_;
      closed_origin_ = true;
    }
  }
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
    // Bursts of one column run (column_run_ bursts, aligned) share bank and row: one decode
    // each, the rest of the run skipped (they would find their bank's entry already set).
    const int64_t run = int64_t(column_run_);
    auto in_run = [&](int64_t i) { return int64_t((uint64_t(int64_t(first) + i * step) / burst_bytes_) & uint64_t(run - 1)); };
    for (int64_t i = at - 1; i >= lo && seen < open.size(); --i) {
      const dramsim3::Address a = c.AddressMapping(uint64_t(int64_t(first) + i * step));
      int64_t& o = open[slot(a)];
      if (o == -1) {
        o = a.row;
        ++seen;
      }
      i -= in_run(i);
    }
    for (int64_t i = at; i < hi && seen > 0; ++i) {
      const dramsim3::Address a = c.AddressMapping(uint64_t(int64_t(first) + i * step));
      const int64_t rest = run - 1 - in_run(i);
      int64_t& o = open[slot(a)];
      i += rest;
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
