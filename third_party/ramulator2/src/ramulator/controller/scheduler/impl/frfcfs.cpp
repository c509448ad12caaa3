#include "ramulator/controller/controller_base.h"
#include "ramulator/controller/scheduler/i_scheduler.h"

namespace Ramulator {

// First-Ready First-Come-First-Served scheduler.
// Prioritizes requests whose command timing is ready; breaks ties by arrival order.
class FRFCFSScheduler : public IScheduler, public Implementation {
  RAMULATOR_REGISTER_IMPLEMENTATION(IScheduler, FRFCFSScheduler, "FRFCFS")

  ControllerBase* m_ctrl;

  void init() override {
    m_ctrl = cast_parent<ControllerBase>();
  }

  ReqBuffer::iterator get_best_request(ReqBuffer& buffer, RequestFilterRef filter) override {
    if (buffer.size() == 0) {
      return buffer.end();
    }
    // ternsim patch 16: asked to (m_ternsim_scan_ready 0), a scan of a buffer kept in arrival
    // order that finds no eligible request ready reports the earliest clock at which one of them
    // can be (ControllerBase::m_ternsim_wait), else -1, and the kinds of the buffer's requests'
    // next commands (m_ternsim_scan_kinds). A scan of its own, so that the one every other
    // controller runs stays as it was.
    if (m_ctrl->ternsim_arrival_ordered(buffer) && m_ctrl->m_ternsim_scan_ready == 0) {
      return scan<true>(buffer, filter);
    }
    return scan<false>(buffer, filter);
  }

  template <bool kReport>
  ReqBuffer::iterator scan(ReqBuffer& buffer, RequestFilterRef filter) {
    Clk_t earliest = ControllerBase::kTernsimNeverReady;  // ternsim patch 16 (kReport)
    unsigned kinds = 0;                                    // ternsim patch 16 (kReport)
    auto candidate = buffer.end();
    bool cand_timing_ok = false;
    // ternsim patch 10: in a buffer kept in arrival order no later request can displace a
    // candidate whose timing is ready (it would need timing ready and an earlier arrival), so
    // the scan stops there. The requests after it keep the command the previous scan derived;
    // every reader derives it again first (the schedulers, pick_priority_if) or reads only the
    // chosen request's.
    const bool ordered = m_ctrl->ternsim_arrival_ordered(buffer);

    for (auto it = buffer.begin(); it != buffer.end(); it++) {
      // Derive the current command (prerequisite resolution)
      it->command = m_ctrl->ternsim_preq(*it);  // ternsim patch 11
      if constexpr (kReport) kinds |= m_ctrl->ternsim_kind_bits(it->command);  // ternsim patch 16

      // Apply eligibility filter
      if (filter && !filter(*it)) {
        continue;
      }

      // First eligible candidate — take it, check timing once
      if (candidate == buffer.end()) {
        candidate = it;
        cand_timing_ok = check<kReport>(*it, earliest);  // ternsim patches 11, 16
        if (ordered && cand_timing_ok) break;  // ternsim patch 10
        continue;
      }

      // Compare challenger against incumbent (incumbent timing is cached)
      bool it_timing_ok = check<kReport>(*it, earliest);  // ternsim patches 11, 16
      if (cand_timing_ok != it_timing_ok) {
        if (it_timing_ok) {
          candidate = it;
          cand_timing_ok = true;
        }
      } else if (it->arrive < candidate->arrive) {
        candidate = it;
        // cand_timing_ok unchanged — both had same readiness
      }
      if (ordered && cand_timing_ok) break;  // ternsim patch 10
    }

    if constexpr (kReport) {  // ternsim patch 16
      m_ctrl->m_ternsim_scan_ready = cand_timing_ok ? -1 : earliest;
      m_ctrl->m_ternsim_scan_kinds = kinds;  // every request's, unless the scan stopped at a ready one
    }
    return candidate;
  }

  template <bool kReport>
  bool check(const Request& req, Clk_t& earliest) {  // ternsim patch 16
    if constexpr (kReport) return m_ctrl->ternsim_check(req, earliest);
    return m_ctrl->ternsim_check(req);
  }
};

}  // namespace Ramulator
