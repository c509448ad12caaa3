// ternsim's thin host for the vendored Ramulator 2 (not part of the Ramulator 2 snapshot).
// Plain C++17 interface, no Ramulator header: Ramulator 2 is C++20 and stays behind this pimpl
// (ramulator2_host.cpp is compiled with the library's own flags).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ternsim::r2 {

// One channel's counters, read from Ramulator 2's controller statistics and the per-command
// issue counts (a ternsim patch, PROVENANCE).
struct ChannelCounters {
  uint64_t reads = 0;           // read requests served
  uint64_t writes = 0;          // write requests served
  uint64_t row_hits = 0;
  uint64_t row_misses = 0;      // bank closed
  uint64_t row_conflicts = 0;   // another row open
  uint64_t activates = 0;       // ACT (LPDDR5: ACT1, the first half of the two-part activate)
  uint64_t precharges = 0;      // per-bank and all-bank precharges
  uint64_t refreshes_all_bank = 0;  // REFab
  uint64_t refreshes_per_bank = 0;  // REFpb / REFsb (HBM3's per-bank refresh)
  uint64_t reads_cmd = 0;       // RD + RDA column commands
  uint64_t writes_cmd = 0;      // WR + WRA column commands
  uint64_t read_to_write = 0;   // column-command direction switches on the channel's data
  uint64_t write_to_read = 0;   // bus(es) (per pseudo-channel on HBM; PROVENANCE patch 6)
  // Standby (PROVENANCE patch 7): ranks (Rank, or PseudoChannel on HBM), the channel's clock,
  // and the clocks its ranks spent with a bank open, summed over ranks (<= ranks x clocks).
  uint64_t ranks = 0;
  uint64_t clocks = 0;
  uint64_t active_standby_clocks = 0;
};

class Host {
 public:
  // config_yaml: a complete Ramulator 2 configuration (frontend + memory_system), as
  // `python -m ramulator export` writes it. Throws std::runtime_error carrying Ramulator 2's own
  // message on a configuration it rejects.
  explicit Host(const std::string& config_yaml);
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Queues one transaction of tx_bytes() at byte address addr; false when the channel's queue is
  // full (retry after a tick). on_done(ctx) is called, during a later tick(), when the read data
  // has returned or the write command has issued (Ramulator 2's completion points). A function
  // and a pointer, not a std::function: the request's callback then fits std::function's
  // in-place storage, and moving a request through the controller's buffers allocates nothing
  // for it (PROVENANCE patch 13).
  using Done = void (*)(void* ctx);
  bool send(uint64_t addr, bool is_write, Done on_done, void* ctx);
  void tick();                    // one DRAM clock on every channel
  // How many of the next tick() calls would only advance every channel's clock (nothing queued
  // or in flight, no refresh due; 0 on controllers it cannot tell for: PROVENANCE patches 5, 9).
  uint64_t idle_ticks() const;
  // k clocks on every channel, each channel on its own: its idle stretches skipped at once (its
  // own idle_ticks), its other clocks ticked. The same as k tick() calls: the channels share no
  // state (the memory system's tick() ticks each controller in turn), so a refresh under way on
  // one channel no longer makes the others tick.
  void run(uint64_t k);
  // Exact scheduling shortcuts (PROVENANCE patches 10-12: FR-FCFS stops at the first ready
  // request of a buffer kept in arrival order; a request's bank id and prerequisite command are
  // kept); on by default, off to run Ramulator 2's own scans.
  void set_exact_shortcuts(bool on);
  uint64_t clock() const;         // DRAM clocks ticked so far

  double tck_ns() const;          // DRAM clock period
  int tx_bytes() const;           // bytes per transaction (channel width x burst length / 8)
  int channels() const;
  std::string standard() const;   // the device's standard name, e.g. "LPDDR5"
  // A timing value of the device in DRAM clocks (e.g. "nRCD", "nCL", "nREFI"); -1 if the
  // standard has no such parameter.
  int timing(const std::string& name) const;
  // The size of an organisation level (e.g. "Bank", "BankGroup", "PseudoChannel"); -1 if absent.
  int level_size(const std::string& name) const;
  // Bytes one channel holds (all levels below the channel, columns per transaction).
  uint64_t channel_bytes() const;
  // DRAM clocks from a read command to its last data beat (the device's read latency).
  int read_latency() const;
  // The data-bus clocks a read->write (read_to_write true) or write->read switch costs beyond a
  // burst: the standard's largest RD->WR (WR->RD) spacing above the bank-group level (the rank's,
  // or the pseudo-channel's on HBM; not the sibling-rank or same-bank-group ones) minus the burst
  // time (nBL, or nBL_min where the standard has it). -1 where the standard has none.
  int turnaround_ticks(bool read_to_write) const;
  ChannelCounters counters(int channel) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ternsim::r2
