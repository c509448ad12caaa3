#include "ramulator/dram/device.h"

namespace Ramulator {

void DRAMDevice::init(std::unique_ptr<DRAMSpec> spec) {
  m_spec_owner = std::move(spec);
  m_spec = m_spec_owner.get();
  m_bank_level = m_spec->get_level_id("Bank");
  m_root = std::make_unique<DRAMNode>(m_spec, nullptr, 0, 0);
  m_root->for_each_at_level(m_bank_level, [&](DRAMNode* bank) { m_bank_nodes.push_back(bank); });
  m_ternsim_command_counts.assign(m_spec->command_count, 0);  // ternsim patch
  // ternsim patch 6: the column commands' directions and the data buses.
  m_ternsim_dir_of.assign(m_spec->command_count, -1);
  for (const char* rd : {"RD", "RDA"})
    if (m_spec->has_command(rd)) m_ternsim_dir_of[m_spec->get_command_id(rd)] = 0;
  for (const char* wr : {"WR", "WRA"})
    if (m_spec->has_command(wr)) m_ternsim_dir_of[m_spec->get_command_id(wr)] = 1;
  m_ternsim_bus_level = m_spec->has_level("PseudoChannel") ? m_spec->get_level_id("PseudoChannel") : -1;
  m_ternsim_last_dir.assign(
      m_ternsim_bus_level >= 0 ? static_cast<size_t>(m_spec->organization.level_sizes[m_ternsim_bus_level]) : 1, -1);
  // ternsim patch 7: one standby record per rank (level 1, above the banks).
  const size_t ranks = m_bank_level > 1 ? static_cast<size_t>(m_spec->organization.level_sizes[1]) : 1;
  m_ternsim_rank_open.assign(ranks, 0);
  m_ternsim_rank_since.assign(ranks, 0);
  m_ternsim_rank_active.assign(ranks, 0);
  m_ternsim_opened = m_spec->has_state("Opened") ? m_spec->get_state_id("Opened") : -1;
  m_ternsim_activating = m_spec->has_state("Activating") ? m_spec->get_state_id("Activating") : -1;
  m_ternsim_bank_version.assign(m_bank_nodes.size(), 1);  // ternsim patch 12
}

void DRAMDevice::set_channel_id(int channel_id) {
  m_root->m_node_id = channel_id;
}

void DRAMDevice::issue_command(int command, const AddrVec_t& addr_vec, Clk_t clk) {
  m_root->update_timing(command, addr_vec, clk);
  apply_action(command, addr_vec, clk);
  m_ternsim_command_counts[command]++;  // ternsim patch
  if (const int dir = m_ternsim_dir_of[command]; dir >= 0) {  // ternsim patch 6
    int8_t& last = m_ternsim_last_dir[m_ternsim_bus_level >= 0 ? static_cast<size_t>(addr_vec[m_ternsim_bus_level]) : 0];
    if (last == 0 && dir == 1) m_ternsim_read_to_write++;
    if (last == 1 && dir == 0) m_ternsim_write_to_read++;
    last = static_cast<int8_t>(dir);
  }
  if (m_spec->funcs.actions[command]) {  // ternsim patch 7: a bank state may have changed
    const int rank = m_bank_level > 1 ? addr_vec[1] : 0;
    if (rank >= 0) {
      ternsim_note_rank(rank, clk);
    } else {
      for (int r = 0; r < ternsim_ranks(); ++r) ternsim_note_rank(r, clk);
    }
  }
}

void DRAMDevice::ternsim_note_rank(int rank, Clk_t clk) {
  // The flat bank array is rank-major: rank r's banks are one contiguous slice.
  const size_t per_rank = m_bank_nodes.size() / m_ternsim_rank_open.size();
  bool open = false;
  for (size_t i = static_cast<size_t>(rank) * per_rank, e = i + per_rank; i < e && !open; ++i) {
    const int st = m_bank_nodes[i]->m_state;
    open = st >= 0 && (st == m_ternsim_opened || st == m_ternsim_activating);
  }
  const size_t r = static_cast<size_t>(rank);
  if (open && !m_ternsim_rank_open[r]) {
    m_ternsim_rank_open[r] = 1;
    m_ternsim_rank_since[r] = clk;
  } else if (!open && m_ternsim_rank_open[r]) {
    m_ternsim_rank_open[r] = 0;
    m_ternsim_rank_active[r] += clk - m_ternsim_rank_since[r];
  }
}

Clk_t DRAMDevice::ternsim_active_clocks(Clk_t clk) const {
  Clk_t sum = 0;
  for (size_t r = 0; r < m_ternsim_rank_open.size(); ++r)
    sum += m_ternsim_rank_active[r] + (m_ternsim_rank_open[r] ? clk - m_ternsim_rank_since[r] : 0);
  return sum;
}

bool DRAMDevice::check_timing(int command, const AddrVec_t& addr_vec, Clk_t clk) {
  return m_root->check_timing(command, addr_vec, clk);
}

int DRAMDevice::get_preq_command(int command, const AddrVec_t& addr_vec, Clk_t clk) {
  auto preq_fn = m_spec->funcs.preqs[command];
  if (!preq_fn) return command;

  int resolved = command;
  for_each_target_bank_while(command, addr_vec, [&](int flat_bank_id) {
    int preq = preq_fn(m_bank_nodes[flat_bank_id], command, addr_vec, clk);
    if (preq != command) { resolved = preq; return false; }
    return true;
  });
  return resolved;
}

bool DRAMDevice::check_rowbuffer_hit(int command, const AddrVec_t& addr_vec, Clk_t clk) {
  auto rowhit_fn = m_spec->funcs.rowhits[command];
  if (!rowhit_fn) {
    return false;
  }
  int flat_bank_id = get_flat_bank_id(addr_vec);
  return rowhit_fn(m_bank_nodes[flat_bank_id], command, addr_vec, clk);
}

bool DRAMDevice::check_node_open(int command, const AddrVec_t& addr_vec, Clk_t clk) {
  auto rowopen_fn = m_spec->funcs.rowopens[command];
  if (!rowopen_fn) {
    return false;
  }
  int flat_bank_id = get_flat_bank_id(addr_vec);
  return rowopen_fn(m_bank_nodes[flat_bank_id], command, addr_vec, clk);
}

int DRAMDevice::get_flat_bank_id(const AddrVec_t& addr_vec) const {
  int id = 0;
  for (int lvl = 1; lvl <= m_bank_level; lvl++) {
    id = id * m_spec->organization.level_sizes[lvl] + addr_vec[lvl];
  }
  return id;
}

bool DRAMDevice::bank_matches(DRAMNode* bank, const AddrVec_t& addr_vec) {
  for (auto* n = bank; n != nullptr; n = n->m_parent_node) {
    if (addr_vec[n->m_level] != -1 && addr_vec[n->m_level] != n->m_node_id) {
      return false;
    }
  }
  return true;
}

std::vector<int> DRAMDevice::get_target_banks(int command, const AddrVec_t& addr_vec) const {
  std::vector<int> ids;
  for_each_target_bank(command, addr_vec, [&](int id) { ids.push_back(id); });
  return ids;
}

void DRAMDevice::apply_action(int command, const AddrVec_t& addr_vec, Clk_t clk) {
  auto action_fn = m_spec->funcs.actions[command];
  if (!action_fn) return;
  for_each_target_bank(command, addr_vec, [&](int flat_bank_id) {
    action_fn(m_bank_nodes[flat_bank_id], command, addr_vec, clk);
    ++m_ternsim_bank_version[flat_bank_id];  // ternsim patch 12
    ++m_ternsim_state_changes;               // ternsim patch 15
  });
}

}  // namespace Ramulator
