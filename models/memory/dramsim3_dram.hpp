#pragma once
// `dram.model: dramsim3` -- the vendored cycle-accurate DRAMsim3 (third_party/dramsim3,
// docs/dram.md) behind the DramModel interface. Banks, rows, bank groups, refresh,
// read/write turnarounds and the address mapping come from the preset's timing.
//
// Driving it from the transaction-level simulator: a request, issued at accelerator cycle
// `now`, is split into bursts at its real address; the DRAM clock is advanced to `now`, the
// bursts are queued as fast as the controller accepts them, and DRAMsim3 is ticked until the
// last one returns. The completion cycle is converted back to accelerator cycles.
// Arbitration between masters (`arbitration:`, docs/dram.md "Two masters"):
//  in_order (default) -- ASSUMPTION: requests are served in issue order: one issued while the
//    DRAM is still busy with an earlier one (its clock is already past `now`) is queued behind
//    it, so two masters never interleave inside the controller's queues.
//  interleaved -- every request in flight feeds its bursts into the controller's queues as they
//    accept them, so a request issued while another is in service competes with it there (bank
//    conflicts, row hits and bus turnarounds between masters come from DRAMsim3). The caller's
//    SystemC thread waits while its request is in flight, the DRAM running at most
//    `quantum_cycles` ahead of SystemC time (temporal decoupling, dramsim3_interleave.cpp).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <tuple>
#include <string>
#include <vector>

#include "models/memory/cycle_accurate_dram.hpp"
#include "models/memory/dram.hpp"

namespace dramsim3 {
class MemorySystem;
struct Address;
}

namespace ternsim {
class Dramsim3Pair;
}

namespace ternsim {

// The `dram.dramsim3:` section.
struct Dramsim3Config : DramBackendConfig {
  std::string standard;         // ddr4, lpddr4, hbm2, ... (must match the preset's protocol)
  std::string preset_path;      // DRAMsim3 .ini: organisation, speed grade, timing, currents
  uint32_t channels = 0;        // 0: the preset's
  std::string address_mapping;  // DRAMsim3 field order, e.g. rorabgbachco; "" the preset's
  std::string row_policy;       // open | close
  std::string scheduler;        // per_bank | per_rank (DRAMsim3 queue structure)
  std::string ini_text;         // the preset with the overrides applied, what DRAMsim3 reads
  // `sampling: {mode: full | sampled, window_bursts: N, samples_per_stream: K}` (docs/dram.md).
  bool sampled = false;
  uint32_t window_bursts = 2048;     // bursts of one request simulated before extrapolating the rest
  uint32_t samples_per_stream = 2;  // requests of one stream simulated before extrapolating whole requests
  int64_t preset_trefi = 0;         // the preset's tREFI (sampled mode accounts refresh itself)
  bool fast_forward = true;         // exact shortcuts: idle fast-forward, scan caches, per-channel drain (false: none)
  bool interleaved = false;         // arbitration: interleaved (full mode only)
  uint32_t quantum_cycles = 1;      // interleaved: accelerator cycles the DRAM may run ahead
  uint32_t threads = 1;             // 1 | 2: threads over the channels in the per-channel drain (docs/dram.md, "Two threads")
  explicit Dramsim3Config(ConfigNode& n);
};

class Dramsim3Dram : public CycleAccurateDram {
 public:
  Dramsim3Dram(const DramParams& p, double clock_mhz);
  ~Dramsim3Dram() override;

  uint64_t request(uint64_t addr, uint64_t bytes, bool write) override;
  bool idle_until(uint64_t t) override;
  DramStats stats() const override;

  // Replays bursts (address, write) in order, each queued as soon as the controller accepts it,
  // from the current DRAM clock until the last completes; returns the DRAM clocks it took.
  // For access-pattern measurements (tests, calibration), not used by the units.
  uint64_t replay(const std::vector<Burst>& bursts);

  // The DRAM clock period (tests, calibration).
  // DRAM clocks DRAMsim3 actually ticked (less than dram_clock() where idle clocks were
  // fast-forwarded or, in sampled mode, skipped).
  uint64_t ticked_clocks() const { return ticks_; }
  double tck_ns() const { return tck_ns_; }

  // The DRAMsim3 counters ternsim reads per channel (sampled mode's snapshots, stats()).
  static constexpr int kCounters = 15;
  static const char* const kCounterNames[kCounters];

 private:
  // Queues bursts 0..n-1 as the controller accepts them and ticks until all completed.
  void drain(uint64_t n, const std::function<Burst(uint64_t)>& burst);
  void drain_per_channel(uint64_t n, const std::function<Burst(uint64_t)>& burst);
  // One channel's place in drain_per_channel: the clock it has been stepped to, its bursts added
  // and not yet returned, and one clock after its last return. A cache line each: with two
  // threads each channel's record is written by its own thread only, and records sharing a line
  // would bounce it between the cores on every clock (false sharing).
  struct alignas(64) ChannelProgress {
    uint64_t at = 0, left = 0, last_return = 0;
  };
  template <class Step, class Advance>
  uint64_t inject_two_threads(uint64_t n, const std::function<Burst(uint64_t)>& burst, uint64_t start,
                              std::vector<ChannelProgress>& pc, Step& step, Advance& advance);
  uint64_t to_dram(uint64_t acc_cycle) const;
  uint64_t to_acc(uint64_t dram_cycle) const;
  void tick();
  // One step of idle clocks towards DRAM clock `target` (> clk_): all that DRAMsim3 can
  // fast-forward exactly, or one tick.
  void idle_step(uint64_t target);
  // No burst accepted or completed for this many DRAM clocks: the backend is stuck (as DRAMsim3's
  // R->W dependency deadlock was before PROVENANCE patch 11, or a preset whose tRFC exceeds it);
  // stalled() throws one line instead of a hang. A real wait (refresh, write drain) on a shipped
  // preset is thousands of clocks at most.
  static constexpr uint64_t kStallClocks = 10000000;
  [[noreturn]] void stalled() const;

  // Sampled mode (dramsim3_sampling.cpp). Counters are DRAMsim3's per channel plus what the
  // extrapolation added (extra_), indexed [channel * kCounters + counter] (kCounterNames).
  double counter(int ch, int idx) const;
  // DRAMsim3's value of counter `idx` on channel `ch`: the sum of its cells (counter_cells_).
  uint64_t backend_counter(int ch, int idx) const;
  double channel_bursts(uint32_t ch) const override { return counter(int(ch), 0) + counter(int(ch), 1); }
  std::vector<double> snapshot() const;
  uint64_t sampled_request(uint64_t first, uint64_t n, bool write, uint64_t target);
  // Simulates a request's bursts (at most window_bursts of them, extrapolating the rest);
  // returns its refresh-free DRAM clocks and adds its counter deltas to `delta`.
  // `offset`: bytes from the stream's origin to `first`.
  // `after_refresh`: the stream's origin is where a refresh closed every bank (close_banks() ran).
  // Also measures, on a request longer than the row span (open page, one rank), what its bursts
  // past the stream's first sweep cost on banks a refresh closed (closed_rate).
  struct RequestSample {
    double clocks = 0;
    // From burst swept_from on the banks hold the stream's own rows: swept_rate clocks per
    // burst there, closed_rate on banks a refresh closed (< 0: not measured).
    double swept_from = 0, swept_rate = 0, closed_rate = -1;
  };
  RequestSample simulate_request(uint64_t first, uint64_t n, bool write, uint64_t offset, bool after_refresh,
                                 std::vector<double>& delta);
  // Clocks a request of n bursts from `start` gains where the refreshes in its `clocks` (their
  // DRAM clocks) close every bank: the swept bursts in the row span after each run at the
  // closed rate (RequestSample).
  double closed_bank_gain(double start, double clocks, const std::vector<double>& refreshes, uint64_t n,
                          double swept_from, double swept_rate, double closed_rate) const;
  // One simulated window of a request: its clocks, and the clock and counters when a quarter
  // and three quarters of its bursts had completed (its steady part: per_burst clocks).
  struct Window {
    double clocks = 0, t_lo = 0, t_hi = 0, per_burst = 0;
    uint64_t done_lo = 0, done_hi = 0;
    std::vector<double> before, lo, hi, after;
  };
  Window run_window(uint64_t first, uint64_t w, bool write);
  // Opens in each bank that the w bursts from address `at` read the row the stream left there
  // in the `reach` bytes before `at` (open page); returns the counters that moved, already
  // taken back from extra_.
  std::vector<double> open_rows_before(uint64_t at, uint64_t w, uint64_t reach);
  void skip_idle(uint64_t clocks);
  double refresh_stall(double start, double clocks, bool write) const;
  // Measures refresh_cost_[write] on w bursts from `first` (one rank; counters and clocks
  // taken back), and the drain it uses: clock by clock on every channel, a refresh of rank 0
  // requested on every channel `refresh_at` clocks in (never: ~0); returns its clocks.
  void measure_refresh_cost(uint64_t first, uint64_t w, bool write);
  uint64_t drain_lockstep(uint64_t first, uint64_t w, bool write, uint64_t refresh_at);
  // Adds bursts next.. of the w from `first` while the controllers accept them (advances next).
  void feed_stream(uint64_t first, uint64_t w, bool write, uint64_t& next);
  uint64_t refreshes_so_far() const;
  // The DRAM clock of the first refresh at or after `clk` (virtual time).
  double next_refresh_at(uint64_t clk) const;
  // Closes every bank as a refresh does (a real one in DRAMsim3: precharges, REF, tRFC), for a
  // sample that starts on the banks a refresh left; its counters and clocks are taken back.
  void close_banks();
  void refresh_all_banks();  // close_banks() without taking anything back
  // Runs `work` (DRAMsim3 driven for a side purpose: rows opened, banks closed, a measurement)
  // and takes back what it did: the counters it moved (returned, and taken off extra_) and
  // the virtual clock. DRAMsim3's own clock and bank states keep what `work` left.
  std::vector<double> off_the_record(const std::function<void()>& work);
  // Re-activations after a refresh (sampled mode): per rank x channel, the banks of that rank
  // whose open row the request (a stream continuing its addresses looks past its ends) reads
  // again after a refresh of the rank lands in it, averaged over a few landing points.
  // Per-rank, per-channel re-opens a refresh causes: the mean over landing points in the
  // request, or (at_start) at its first burst, where a refresh in the gap before it lands.
  std::vector<double> reactivations(uint64_t first, uint64_t n, bool continuing, bool at_start) const;
  // Index of a decoded address's bank in bank_opened_ (channel, rank, bank group, bank).
  size_t bank_slot(const dramsim3::Address& a) const;
  void mark_banks_opened(uint64_t first, uint64_t n);
  void book_reactivations(const std::vector<double>& react, bool write, double start, double clocks);

  // Interleaved arbitration (dramsim3_interleave.cpp): the requests in flight, each feeding
  // its bursts in order; which request each queued burst belongs to, per (address, write) in
  // queue order; a rotating start so masters take free queue slots in turn.
  struct InFlight {
    uint64_t first = 0, n = 0, next = 0, left = 0;
    bool write = false;
    uint64_t start_clk = 0, done_clk = 0;
  };
  bool interleaved_ = false;
  uint32_t quantum_cycles_ = 1;
  std::map<uint64_t, InFlight> in_flight_;
  std::map<std::pair<uint64_t, bool>, std::vector<uint64_t>> queued_bursts_;
  uint64_t next_request_id_ = 0, feed_turn_ = 0;
  uint64_t overlapped_requests_ = 0;  // issued while another request was in flight
  uint64_t stall_left_ = 0, stall_since_ = 0;  // run_in_flight's progress check (kStallClocks)
  // Called by DRAMsim3 when a burst completes.
  void burst_done(uint64_t addr, bool write);
  // Whether the caller is a SystemC thread that may wait (else requests are served in order).
  static bool caller_can_wait();
  // Issues bursts [first, first + n) at DRAM clock `target`, waits in the calling thread until
  // they are done and returns the (enqueue, completion) DRAM clocks.
  std::pair<uint64_t, uint64_t> interleaved_request(uint64_t first, uint64_t n, bool write, uint64_t target);
  // Offers every request in flight's next bursts to the controller, in turn.
  void feed_in_flight();
  // One clock of the requests in flight (feed, tick), stopping with stalled() when nothing has
  // been queued or returned for kStallClocks.
  void feed_and_tick();
  // Ticks (feeding the requests in flight) until DRAM clock `target` or until request `id` is done.
  void run_in_flight(uint64_t target, uint64_t id);
  // Completes every request in flight (before an in-order request from outside a thread).
  void finish_in_flight();

  std::unique_ptr<dramsim3::MemorySystem> mem_;
  double clock_mhz_, tck_ns_ = 1;
  // (clk_, the DRAM clock, is virtual time in sampled mode.)
  uint64_t ticks_ = 0;               // DRAMsim3 ClockTick calls

  bool sampled_ = false, fast_forward_ = true, per_channel_ = false;
  // Two threads (dramsim3_pair.hpp) run drain_per_channel over the channels (`threads: 2`); while
  // they do, the completion callbacks leave outstanding_ alone (each channel counts its own).
  std::unique_ptr<Dramsim3Pair> pair_;
  bool count_returns_ = true;
  uint32_t window_bursts_ = 0, samples_per_stream_ = 0;
  int ranks_ = 1;
  uint64_t refresh_interval_ = 0, trfc_ = 0, settle_clocks_ = 0;
  bool close_page_ = false;
  std::vector<double> extra_;
  // Where DRAMsim3 keeps each counter, [channel * kCounters + counter] (PROVENANCE patch 13):
  // snapshots are taken around every sampled window, and summing these pointers is what
  // MemorySystem::Counter does without hashing a name per read.
  std::vector<std::vector<const uint64_t*>> counter_cells_;
  // A stream: requests of the same size and direction, continuing the previous request's
  // addresses or not. Its first samples_per_stream requests are simulated; later ones reuse
  // their mean duration and counter deltas.
  struct Stream {
    uint32_t samples = 0;
    double clocks = 0;
    std::vector<double> delta;
    // Sums over the samples that measured a closed rate (RequestSample), for their mean.
    uint32_t closed_samples = 0;
    double swept_from = 0, swept_rate = 0, closed_rate = 0;
  };
  // Keyed by (bursts, write, continuing, past the stream's first sweep of the banks, and before
  // that sweep: 0 banks holding other rows, 1 starting on banks a refresh closed, 2 further on).
  std::map<std::tuple<uint64_t, bool, bool, bool, int>, Stream> streams_;
  // reactivations() of the first request of each (bursts, write, continuing, swept), whatever
  // the regime (a function of the addresses only; decoding them is most of sampled mode's
  // time on short tokens), and the same at its first burst (computed when first needed).
  struct Reopens {
    std::vector<double> interior, at_start;
  };
  std::map<std::tuple<uint64_t, bool, bool, bool>, Reopens> reopens_;
  uint64_t next_addr_ = ~0ull;
  // Where the current run of continuing requests began, and the bytes a sequential stream
  // covers before it returns to a bank on another row (1 << the row field's lowest address bit).
  uint64_t stream_origin_ = 0, row_span_ = 0;
  // Consecutive bursts (aligned) that differ only in column bits: below the lowest address bit
  // of channel, rank, bank group, bank and row (1 if the burst is not 1 << shift_bits bytes).
  uint64_t column_run_ = 1;
  // The origin is where a refresh closed every bank (not where the stream began on banks
  // holding other rows); only with one rank and an open page (refresh_closes_banks_).
  bool closed_origin_ = false, refresh_closes_banks_ = false;
  // DRAM clocks a refresh costs a request in service, per direction (read, write): measured
  // by measure_refresh_cost with one rank; negative until then (and with several ranks: tRFC).
  double refresh_cost_[2] = {-1, -1};
  // The window simulated per request: window_bursts, raised to 8 rounds of every channel's
  // transaction queue (in-order issue fills the channels' queues in turn).
  uint64_t window_ = 0;
  // A write completes when the controller accepts it, so a write stream's first bursts complete
  // at once, as many as every channel's write buffer and command queues hold: a write's window
  // is 16 rounds of those instead, so that its steady part (a quarter to three quarters done)
  // starts past them and spans enough of the write buffer's fill-and-drain cycles (a channel
  // accepts writes 32 at a time). With 8 rounds of the transaction queue an 8 MiB HBM3 write
  // was 18 % fast (its 'steady' part mostly the queues filling); with 8 rounds of these,
  // LPDDR5 writes were up to 1.9 % fast; 16 and 32 rounds measured alike (docs/dram.md).
  uint64_t write_window_ = 0;
  uint64_t window_for(bool write) const { return write ? write_window_ : window_; }
  uint64_t bursts_total_ = 0, bursts_simulated_ = 0;
  double clk_frac_ = 0;  // sub-clock remainder of extrapolated durations
  double reactivations_booked_ = 0;  // ACTs sampled mode added after refreshes
  // Banks that have had a row open (open page; bank_slot), for the precharges stats() reports.
  std::vector<uint8_t> bank_opened_;
};

}  // namespace ternsim
