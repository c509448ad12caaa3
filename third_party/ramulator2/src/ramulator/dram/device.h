#ifndef RAMULATOR_DRAM_DEVICE_H
#define RAMULATOR_DRAM_DEVICE_H

#include <algorithm>  // ternsim patch 16: std::max
#include <memory>
#include <vector>

#include "ramulator/base/config_node.h"
#include "ramulator/base/type.h"
#include "ramulator/dram/dram_spec.h"
#include "ramulator/dram/node.h"

namespace Ramulator {

/**
 * @brief    DRAM Device — owns the DRAMSpec, node tree, and flat bank array.
 *
 * Provides all device-level operations: command issue (timing + state),
 * prerequisite checks, row buffer queries. The controller delegates here
 * for anything that touches DRAM state or timing.
 *
 * All operations take Clk_t clk as a parameter — the device is stateless
 * with respect to simulation time. The controller owns the clock.
 */
class DRAMDevice {
 public:
  std::unique_ptr<DRAMSpec> m_spec_owner;  // Owns the polymorphic spec
  DRAMSpec* m_spec = nullptr;              // Non-owning pointer for convenient access
  std::unique_ptr<DRAMNode> m_root;        // Hierarchical node tree (for timing)
  std::vector<DRAMNode*> m_bank_nodes;     // Flat bank view (non-owning, for state dispatch)
  int m_bank_level = -1;                   // Cached level ID for "Bank" (hot-path use)
  // ternsim patch: commands issued, per command id (ACT, PRE, RD, WR, REF... for the host's stats).
  std::vector<uint64_t> m_ternsim_command_counts;
  // ternsim patch 6: read->write and write->read switches of the column commands on each data
  // bus (a pseudo-channel where the standard has them, else the channel), for the host's
  // turnaround losses. m_ternsim_dir_of: per command 0 read (RD, RDA), 1 write (WR, WRA), -1.
  uint64_t m_ternsim_read_to_write = 0, m_ternsim_write_to_read = 0;
  std::vector<int8_t> m_ternsim_dir_of;
  std::vector<int8_t> m_ternsim_last_dir;  // per data bus: -1 before its first column command
  int m_ternsim_bus_level = -1;
  // ternsim patch 7: clocks each rank (the level below the channel: Rank, or PseudoChannel on
  // HBM) has had at least one bank open (Opened, or LPDDR5's Activating), for the host's
  // background energy (active vs precharge standby, as DRAMsim3 books it). Updated only when a
  // command with a state action issues (ACT, PRE, RDA/WRA, REF...), so ticks cost nothing.
  std::vector<uint8_t> m_ternsim_rank_open;
  std::vector<Clk_t> m_ternsim_rank_since, m_ternsim_rank_active;
  int m_ternsim_opened = -1, m_ternsim_activating = -1;
  // Clocks ranks spent with a bank open up to clk, summed over the channel's ranks.
  Clk_t ternsim_active_clocks(Clk_t clk) const;
  int ternsim_ranks() const { return static_cast<int>(m_ternsim_rank_open.size()); }

  void init(std::unique_ptr<DRAMSpec> spec);
  void set_channel_id(int channel_id);

  // Issue a command: update timing (hierarchical) then apply state (flat bank dispatch)
  void issue_command(int command, const AddrVec_t& addr_vec, Clk_t clk);

  // Timing-only check — hierarchical (walks node tree)
  bool check_timing(int command, const AddrVec_t& addr_vec, Clk_t clk);

  // Prerequisite check — flat bank dispatch
  int get_preq_command(int command, const AddrVec_t& addr_vec, Clk_t clk);

  // ternsim patch 11: get_preq_command / check_timing for an address whose flat bank id the
  // caller knows (a request's, every level given): the preq of a single-bank command straight at
  // that bank, and the timing checked from the bank up to the root -- the nodes check_timing
  // walks down to it.
  int ternsim_preq_at(int command, const AddrVec_t& addr_vec, int bank, Clk_t clk) {
    auto preq_fn = m_spec->funcs.preqs[command];
    if (!preq_fn) return command;
    if (m_spec->bank_targets[command] != BankTarget::Single) return get_preq_command(command, addr_vec, clk);
    return preq_fn(m_bank_nodes[bank], command, addr_vec, clk);
  }
  bool ternsim_check_at(int command, int bank, Clk_t clk) const {
    for (const DRAMNode* n = m_bank_nodes[bank]; n != nullptr; n = n->m_parent_node) {
      const Clk_t ready = n->m_cmd_ready_clk[command];
      if (ready != -1 && clk < ready) return false;
    }
    return true;
  }
  // ternsim patch 16: the first clock at which ternsim_check_at(command, bank, clk) holds, given
  // the timing recorded so far (-1 where nothing constrains the command). update_timing only
  // raises m_cmd_ready_clk, so issuing commands can only move it later.
  Clk_t ternsim_ready_at(int command, int bank) const {
    Clk_t ready = -1;
    for (const DRAMNode* n = m_bank_nodes[bank]; n != nullptr; n = n->m_parent_node)
      ready = std::max(ready, n->m_cmd_ready_clk[command]);
    return ready;
  }

  // ternsim patch 12: per flat bank, a version bumped whenever an action changes the bank's
  // state (apply_action: ACT, PRE, REF...; the only writers of m_state and m_row_state). A
  // single-bank command's prerequisite depends on that state and the address only (the preq
  // functions do not read the clock), so it holds while the version does. Starts at 1.
  std::vector<uint64_t> m_ternsim_bank_version;
  // ternsim patch 15: how many bank state changes so far (every bump of a bank's version above).
  uint64_t m_ternsim_state_changes = 0;

  // Row buffer hit check — flat bank lookup (always single bank)
  bool check_rowbuffer_hit(int command, const AddrVec_t& addr_vec, Clk_t clk);

  // Row open check — flat bank lookup (always single bank)
  bool check_node_open(int command, const AddrVec_t& addr_vec, Clk_t clk);

  // Compute flat bank index from addr_vec
  int get_flat_bank_id(const AddrVec_t& addr_vec) const;

  // Check if a bank node matches an addr_vec pattern (wildcards are -1)
  static bool bank_matches(DRAMNode* bank, const AddrVec_t& addr_vec);

  // Get indices into m_bank_nodes for the target banks of a command (cold-path wrapper)
  std::vector<int> get_target_banks(int command, const AddrVec_t& addr_vec) const;

  /// Visit target bank(s) for a command with early-exit support.
  /// Visitor signature: bool(int bank_id) — return true to continue, false to stop.
  /// Returns true if all banks were visited, false if visitor short-circuited.
  template <class Visitor>
  bool for_each_target_bank_while(int command, const AddrVec_t& addr_vec, Visitor&& visitor) const {
    switch (m_spec->bank_targets[command]) {
      case BankTarget::Single:
        return visitor(get_flat_bank_id(addr_vec));

      case BankTarget::All:
        for (int i = 0; i < static_cast<int>(m_bank_nodes.size()); ++i) {
          if (!bank_matches(m_bank_nodes[i], addr_vec)) continue;
          if (!visitor(i)) return false;
        }
        return true;

      case BankTarget::SameBank: {
        const int target_bank_id = addr_vec[m_bank_level];
        for (int i = 0; i < static_cast<int>(m_bank_nodes.size()); ++i) {
          if (m_bank_nodes[i]->m_node_id != target_bank_id) continue;
          if (!bank_matches(m_bank_nodes[i], addr_vec)) continue;
          if (!visitor(i)) return false;
        }
        return true;
      }
    }
    return true;
  }

  /// Visit all target bank(s) for a command. Visitor signature: void(int bank_id).
  template <class Visitor>
  void for_each_target_bank(int command, const AddrVec_t& addr_vec, Visitor&& visitor) const {
    for_each_target_bank_while(command, addr_vec, [&](int bank_id) {
      visitor(bank_id);
      return true;
    });
  }

 private:
  // Flat bank dispatch — apply action to target banks
  void apply_action(int command, const AddrVec_t& addr_vec, Clk_t clk);
  void ternsim_note_rank(int rank, Clk_t clk);  // ternsim patch 7
};

}  // namespace Ramulator

#endif  // RAMULATOR_DRAM_DEVICE_H
