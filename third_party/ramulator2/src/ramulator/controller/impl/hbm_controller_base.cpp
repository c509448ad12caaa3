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

// ternsim patches 15, 16: while the record of the kind of request the bus passes now holds
// (ControllerBase::m_ternsim_wait; slot_matches passes a row command on the row bus, only a PRE
// on HBM34's falling edges, a column command on the column bus), pick_rw_if would only set the
// write mode. The buffer is the one pick_rw_if would scan after setting the write mode; a
// skipped scan sets the mode as it would have.
bool HBMControllerBase::ternsim_skip_rw_scan(SlotType slot) {
  if (!m_ternsim_shortcuts) return false;
  const bool write_mode = ternsim_next_write_mode();
  if (ternsim_waiting(ternsim_wait_kind(slot), write_mode ? m_write_buffer : m_read_buffer)) {
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
    // ternsim patches 15, 16: asks the scheduler (left as they are by one that cannot tell)
    m_ternsim_scan_ready = 0;
    m_ternsim_scan_kinds = kTernsimAllKinds;
    cand = pick_rw_if([&](const Request& req) {
      return slot_matches(req, slot);
    });
    if (!cand.valid) {  // ternsim patches 15, 16
      const ReqBuffer& buffer = ternsim_rw_buffer();
      if (slot == SlotType::ColumnBus) {
        ternsim_note_wait(2, buffer, true);
      } else {
        // The buffer's kinds give both row records; the clock is one only for the rising-edge filter.
        ternsim_note_wait(0, buffer, ternsim_row_bus_kind() == 0);
        ternsim_note_wait(1, buffer, false);
      }
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
