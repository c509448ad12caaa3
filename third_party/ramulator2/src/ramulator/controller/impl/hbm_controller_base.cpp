#include "ramulator/controller/impl/hbm_controller_base.h"

#include "ramulator/controller/refresh/i_refresh_manager.h"
#include "ramulator/controller/rowpolicy/i_row_policy.h"

namespace Ramulator {

void HBMControllerBase::init() {
  init_base();
}

void HBMControllerBase::setup(IFrontEnd* frontend, IMemorySystem* memory_system) {
  setup_base(frontend, memory_system);
}

void HBMControllerBase::tick() {
  hbm_tick_prologue();
  try_issue_slot(SlotType::ColumnBus);
  try_issue_slot(SlotType::RowBus);
  hbm_tick_epilogue();
}

bool HBMControllerBase::slot_matches(const Request& req, SlotType slot) const {
  const auto& meta = m_device.m_spec->command_meta[req.command];
  return (slot == SlotType::ColumnBus) ? meta.is_column_command : meta.is_row_command;
}

void HBMControllerBase::hbm_tick_prologue() {
  tick_prologue();
  m_refresh->tick();

  m_rowpolicy->pre_schedule();
  for (auto* p : m_plugins) {
    p->pre_schedule();
  }
}

void HBMControllerBase::hbm_tick_epilogue() {
  m_rowpolicy->post_schedule();
  for (auto* p : m_plugins) {
    p->post_schedule();
  }
}

// ternsim patch 15: the row bus passes only requests whose next command is a row command
// (slot_matches: is_row_command on a rising edge, a PRE on a falling one); with none of the kind
// it can pass now in the buffer, pick_rw_if would only set the write mode. Patch 16: nor while
// the bus's wait record holds (ControllerBase::m_ternsim_wait). The buffer is the one pick_rw_if
// would scan after setting the write mode; a skipped scan sets the mode as it would have.
bool HBMControllerBase::ternsim_skip_rw_scan(SlotType slot) {
  if (!m_ternsim_shortcuts) return false;
  const bool write_mode = ternsim_next_write_mode();
  const ReqBuffer& buffer = write_mode ? m_write_buffer : m_read_buffer;
  const int kind = ternsim_wait_kind(slot);
  if ((slot == SlotType::RowBus && ternsim_no_row_request(buffer, ternsim_row_bus_kind())) ||
      (kind >= 0 && ternsim_waiting(kind, buffer))) {
    m_is_write_mode = write_mode;
    return true;
  }
  return false;
}

std::optional<HBMControllerBase::IssuedCommand> HBMControllerBase::try_issue_slot(SlotType slot) {
  Candidate cand;
  if (slot == SlotType::ColumnBus) {
    cand = pick_best_ready_from(m_active_buffer, [&](const Request& req) {
      return slot_matches(req, slot);
    });
  }
  if (!cand.valid) {
    cand = pick_priority_if([&](const Request& req) {
      return slot_matches(req, slot);
    });
  }
  if (!cand.valid && m_priority_buffer.size() == 0 && !ternsim_skip_rw_scan(slot)) {
    m_ternsim_scan_ready = 0;  // ternsim patch 16: asks the scheduler (left at 0 by one that cannot tell)
    cand = pick_rw_if([&](const Request& req) {
      return slot_matches(req, slot);
    });
    if (!cand.valid) {  // ternsim patches 15, 16
      if (slot == SlotType::RowBus) ternsim_note_no_row_scan(ternsim_rw_buffer());
      const int kind = ternsim_wait_kind(slot);
      if (kind >= 0) ternsim_note_wait(kind, ternsim_rw_buffer());
    }
    m_ternsim_scan_ready = -1;
  }

  if (!cand.valid) {
    return std::nullopt;
  }

  int original_cmd = cand.it->command;
  m_rowpolicy->try_upgrade_command(*cand.it);
  if (cand.it->command != original_cmd && !slot_matches(*cand.it, slot)) {
    cand.it->command = original_cmd;
  }

  if (!cand.it->is_stat_updated) {
    update_request_stats(cand.it);
  }

  m_device.issue_command(cand.it->command, cand.it->addr_vec, m_clk);
  IssuedCommand issued{slot, cand.it->command, cand.it->addr_vec, m_clk};

  m_rowpolicy->on_issue(*cand.it);
  for (auto* p : m_plugins) {
    p->on_issue(*cand.it);
  }

  if (cand.it->command == cand.it->final_command) {
    retire_request(cand.it, *cand.buffer);
  } else if (m_device.m_spec->command_meta[cand.it->command].is_opening) {
    promote_to_active(cand.it, *cand.buffer);
  }

  return issued;
}

}  // namespace Ramulator
