#ifndef RAMULATOR_CONTROLLER_CONTROLLER_BASE_H
#define RAMULATOR_CONTROLLER_CONTROLLER_BASE_H

#include <cstdint>  // ternsim patch 16: INT64_MAX
#include <deque>
#include <string>
#include <unordered_set>
#include <vector>

#include "ramulator/controller/addr_mapper/i_addr_mapper.h"
#include "ramulator/controller/i_controller.h"
#include "ramulator/controller/plugin/i_controller_plugin.h"
#include "ramulator/controller/scheduler/i_scheduler.h"
#include "ramulator/dram/device.h"

namespace Ramulator {

class IRefreshManager;
class IRowPolicy;
class IFrontEnd;
class IMemorySystem;

// Shared infrastructure for all DRAM controller implementations.
// Provides buffers, stats, sub-component management, and low-level scheduling
// helpers. Subclasses own their tick() policy and protocol-specific behavior.
class ControllerBase : public IController, public Implementation {
 public:
  DRAMDevice m_device;
  IAddrMapper* m_addr_mapper = nullptr;

  // Forwarding methods — bind m_clk for sub-components
  bool check_timing(int command, const AddrVec_t& addr_vec);
  int get_preq_command(int command, const AddrVec_t& addr_vec);
  // ternsim patch 11: the same two for a request, through the bank id send() stored in it (the
  // schedulers ask them for every buffered request on every clock); as above where it has none
  // or m_ternsim_shortcuts is off.
  // Patch 12: a single-bank final command's prerequisite is kept in the request while its bank's
  // state version holds.
  int ternsim_preq(Request& req) {
    if (!m_ternsim_shortcuts || req.ternsim_bank < 0) return get_preq_command(req.final_command, req.addr_vec);
    if (m_device.m_spec->bank_targets[req.final_command] != BankTarget::Single)
      return m_device.ternsim_preq_at(req.final_command, req.addr_vec, req.ternsim_bank, m_clk);
    const uint64_t version = m_device.m_ternsim_bank_version[req.ternsim_bank];
    if (req.ternsim_preq_version != version) {
      req.ternsim_preq = m_device.ternsim_preq_at(req.final_command, req.addr_vec, req.ternsim_bank, m_clk);
      req.ternsim_preq_version = version;
    }
    return req.ternsim_preq;
  }
  bool ternsim_check(const Request& req) {
    return m_ternsim_shortcuts && req.ternsim_bank >= 0 ? m_device.ternsim_check_at(req.command, req.ternsim_bank, m_clk)
                                                        : check_timing(req.command, req.addr_vec);
  }
  // ternsim patch 16: ternsim_check, and where the request's timing is not ready yet, the clock
  // at which it will be lowers `earliest`; `earliest` becomes -1 (not known) where the check
  // went through check_timing.
  bool ternsim_check(const Request& req, Clk_t& earliest) {
    if (!m_ternsim_shortcuts || req.ternsim_bank < 0) {
      earliest = -1;
      return check_timing(req.command, req.addr_vec);
    }
    const Clk_t ready = m_device.ternsim_ready_at(req.command, req.ternsim_bank);
    if (ready <= m_clk) return true;
    if (earliest != -1 && ready < earliest) earliest = ready;
    return false;
  }

  // IController overrides
  void set_channel_id(int channel_id) override;
  int get_tx_bytes() const override;
  int get_num_levels() const override;
  float get_tCK() const override;

  bool send(Request& req) override;
  bool priority_send(Request& req) override;

  void update_stats() override;
  void finalize() override;
  void reset_stats() override;

  // ternsim patch 5: idle fast-forward for the host. ternsim_idle_ticks() is how many of the
  // next tick() calls would only advance the clock: a GenericDDR, HBM12, HBM34 or LPDDR5
  // controller (patch 9 added the last two; their tick() is tick_prologue, refresh, row
  // policy, plugins and picks from empty buffers) with the Open
  // row policy, no plugins, nothing buffered, active or pending, and no refresh due before
  // then; 0 for any other controller. ternsim_skip(k) leaves the controller as k such ticks
  // would: the clocks advanced and, as every idle pick_rw_if does, the write mode set.
  Clk_t ternsim_idle_ticks();
  void ternsim_skip(Clk_t k);
  // ternsim patch 9: whether the state a subclass keeps beyond ControllerBase's buffers lets a
  // tick do nothing (LPDDR5: no split activation or CAS continuation under way). HBM34's
  // rising-edge pairing record needs nothing: it is only read to filter a candidate command.
  virtual bool ternsim_own_state_idle() const { return true; }
  // ternsim patch 10: whether `buffer` keeps its requests in arrival order -- the read and write
  // buffers, which only send() fills (arrive = the current clock, which never decreases) and
  // nothing re-enters -- and the schedulers may rely on it (m_ternsim_shortcuts: the host turns
  // it off to compare with Ramulator 2's full scans).
  bool m_ternsim_shortcuts = true;
  bool ternsim_arrival_ordered(const ReqBuffer& buffer) const {
    return m_ternsim_shortcuts && (&buffer == &m_read_buffer || &buffer == &m_write_buffer);
  }
  // ternsim patches 15, 16: a record per kind of request a command bus can pass -- 0 a row
  // command (ACT, PRE, REF...), 1 a closing row command (a PRE), 2 a column command -- of a
  // buffer whose last pick_rw_if scan for that bus found no request it passed ready, and the
  // first clock at which one can be. Until then the bus skips the scan, which would find none
  // again, as long as
  //  * no bank changes state (m_ternsim_state_changes): a request's next command, hence its kind,
  //    moves only with its bank's state (patch 12);
  //  * send() adds no request of the kind with an earlier ready clock: ternsim_note_wait_enqueued
  //    lowers `until` to the new request's;
  //  * for a record from the scan's clock, no bank's count of active requests falls to 0
  //    (m_ternsim_active_emptied): would_close_active then lets a closing command through that
  //    it held back;
  // because timing only moves later (DRAMDevice::ternsim_ready_at) and removals take candidates
  // away. Two sources:
  //  * the scan's earliest clock (kinds 0 and 2; `emptied` counts): asked by
  //    m_ternsim_scan_ready = 0, the scheduler sets it to that clock (-1: a request was ready;
  //    left 0 by a scheduler that cannot tell: no record). HBM34's row bus on a falling edge
  //    passes only what the rising edge's command allows, so its scan's clock is no record;
  //  * the kinds the scanned buffer holds at all (m_ternsim_scan_kinds, from the same scan,
  //    ternsim_kind_bits): with none of kind k the record holds with no clock and whatever
  //    would_close_active does (patch 15; the only record HBM34's falling edges keep).
  struct TernsimWait {
    const ReqBuffer* buffer = nullptr;
    Clk_t until = 0;
    uint64_t changes = 0, emptied = 0;
    bool counts_emptied = false;
  };
  static constexpr int kTernsimKinds = 3;
  TernsimWait m_ternsim_wait[kTernsimKinds];
  uint64_t m_ternsim_active_emptied = 0;
  Clk_t m_ternsim_scan_ready = -1;
  unsigned m_ternsim_scan_kinds = 0;
  static constexpr Clk_t kTernsimNeverReady = INT64_MAX;
  static constexpr unsigned kTernsimAllKinds = 7u;
  // The kinds a command is of, bit k for kind k (a PRE is 0 and 1), from command_meta at init.
  std::vector<uint8_t> m_ternsim_kinds_of;
  unsigned ternsim_kind_bits(int command) const { return m_ternsim_kinds_of[command]; }
  bool ternsim_waiting(int kind, const ReqBuffer& buffer) const {
    const TernsimWait& w = m_ternsim_wait[kind];
    return m_ternsim_shortcuts && &buffer == w.buffer && m_clk < w.until &&
           w.changes == m_device.m_ternsim_state_changes && (!w.counts_emptied || w.emptied == m_ternsim_active_emptied);
  }
  // After a scan of `buffer` that found none ready, for a bus of `kind`: the record from the
  // scan's clock (ready = false: a falling-edge row scan, whose clock is no record).
  void ternsim_note_wait(int kind, const ReqBuffer& buffer, bool ready) {
    TernsimWait& w = m_ternsim_wait[kind];
    if (!(m_ternsim_scan_kinds >> kind & 1u)) {  // none of the kind: no clock needed
      w = {m_ternsim_shortcuts ? &buffer : nullptr, kTernsimNeverReady, m_device.m_ternsim_state_changes, 0, false};
      return;
    }
    if (!ready) return;
    w.buffer = m_ternsim_shortcuts && m_ternsim_scan_ready > 0 && m_ternsim_scan_ready > m_clk ? &buffer : nullptr;
    w.until = m_ternsim_scan_ready;
    w.changes = m_device.m_ternsim_state_changes;
    w.emptied = m_ternsim_active_emptied;
    w.counts_emptied = true;
  }
  void ternsim_note_wait_enqueued(ReqBuffer& buffer) {
    for (int kind = 0; kind < kTernsimKinds; ++kind) {
      TernsimWait& w = m_ternsim_wait[kind];
      if (&buffer != w.buffer) continue;
      Request& req = buffer.buffer.back();
      const int command = ternsim_preq(req);
      if (!(ternsim_kind_bits(command) >> kind & 1u)) continue;
      // Not ready before its own ready clock, whatever the bus's filter and would_close_active
      // do: a record of none of the kind needs no `emptied` for it either.
      if (req.ternsim_bank < 0) w.buffer = nullptr;
      else w.until = std::min(w.until, m_device.ternsim_ready_at(command, req.ternsim_bank));
    }
  }

 protected:
  ControllerBase(const ConfigNode& config, Implementation* parent)
      : Implementation(config, "controller", "ControllerBase", parent) {
  }

  // Shared initialization — call from subclass init()
  void init_base();

  // Shared stats registration — call from subclass setup()
  void setup_base(IFrontEnd* frontend, IMemorySystem* memory_system);

  // Sub-components
  IScheduler* m_scheduler = nullptr;
  IRefreshManager* m_refresh = nullptr;
  IRowPolicy* m_rowpolicy = nullptr;
  std::vector<IControllerPlugin*> m_plugins;

  // Request buffers
  std::deque<Request> m_pending;
  ReqBuffer m_active_buffer;
  ReqBuffer m_priority_buffer;
  ReqBuffer m_read_buffer;
  ReqBuffer m_write_buffer;
  // Efficiently tracks addresses of buffered write requests for write-forwarding
  std::unordered_set<Addr_t> m_buffered_write_addrs;

  // Buffer config
  int m_read_buffer_size;
  int m_write_buffer_size;
  int m_priority_buffer_size;
  float m_wr_low_watermark;
  float m_wr_high_watermark;
  bool m_is_write_mode = false;
  // ternsim patch 15: the buffer pick_rw_if scans in the current write mode.
  ReqBuffer& ternsim_rw_buffer() { return m_is_write_mode ? m_write_buffer : m_read_buffer; }

  // Cached spec lookups
  int m_bank_level = -1;
  int m_tCK_ps = -1;

  // Per flat-bank count of requests in m_active_buffer (typically 0 or 1).
  // Maintained by promote_to_active / retire_request.
  std::vector<int> m_active_per_bank;

  // Stats
  Clk_t m_measured_clk = 0;
  int m_ternsim_skippable = -1;  // ternsim patch 5: ternsim_idle_ticks may skip (-1: not known yet)

  size_t s_row_hits = 0;
  size_t s_row_misses = 0;
  size_t s_row_conflicts = 0;
  size_t s_read_row_hits = 0;
  size_t s_read_row_misses = 0;
  size_t s_read_row_conflicts = 0;
  size_t s_write_row_hits = 0;
  size_t s_write_row_misses = 0;
  size_t s_write_row_conflicts = 0;

  size_t m_num_cores = 0;
  std::vector<size_t> s_read_row_hits_per_core;
  std::vector<size_t> s_read_row_misses_per_core;
  std::vector<size_t> s_read_row_conflicts_per_core;

  size_t s_num_read_reqs = 0;
  size_t s_num_write_reqs = 0;
  size_t s_num_maintenance_reqs = 0;
  size_t s_num_read_reqs_served = 0;
  size_t s_num_write_reqs_served = 0;
  size_t s_num_maintenance_reqs_served = 0;
  size_t s_num_read_reqs_forwarded = 0;
  size_t s_num_write_reqs_coalesced = 0;
  size_t s_queue_len = 0;
  size_t s_read_queue_len = 0;
  size_t s_write_queue_len = 0;
  size_t s_priority_queue_len = 0;
  float s_queue_len_avg = 0;
  float s_read_queue_len_avg = 0;
  float s_write_queue_len_avg = 0;
  float s_priority_queue_len_avg = 0;

  size_t s_read_latency = 0;
  float s_avg_read_latency = 0;

  float s_read_throughput_MBps = 0;
  float s_write_throughput_MBps = 0;
  float s_total_throughput_MBps = 0;

  // Common tick preamble: advance clock, accumulate queue stats,
  // drain completed reads.
  void tick_prologue();

  // Final command done — move to pending (reads) or remove (writes/maintenance).
  void retire_request(ReqBuffer::iterator& req_it, ReqBuffer& buffer);

  // Opening command done — move request from source buffer to active buffer.
  void promote_to_active(ReqBuffer::iterator& req_it, ReqBuffer& buffer);

  // ── Systematic scheduling ──────────────────────────────────────────
  // Controllers use this helper to ask the scheduler for the best request
  // from a specific buffer under an optional eligibility filter.

  struct Candidate {
    bool valid = false;
    ReqBuffer::iterator it;
    ReqBuffer* buffer = nullptr;
  };

  Candidate pick_best_ready_from(ReqBuffer& buffer, RequestFilterRef filter);
  Candidate pick_priority_if(RequestFilterRef filter = {});
  Candidate pick_rw_if(RequestFilterRef filter = {});

  // Scheduling helpers
  bool would_close_active(const Request& req) const;
  void update_request_stats(ReqBuffer::iterator& req);
  void serve_completed_reads();
  void set_write_mode();
  bool ternsim_next_write_mode() const;  // ternsim patch 16
};

}  // namespace Ramulator

#endif  // RAMULATOR_CONTROLLER_CONTROLLER_BASE_H
