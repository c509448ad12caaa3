#ifndef RAMULATOR_DRAM_NODE_H
#define RAMULATOR_DRAM_NODE_H

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "ramulator/base/type.h"
#include "ramulator/dram/dram_spec.h"

namespace Ramulator {

/**
 * @brief     DRAM Device Node — represents one level in the DRAM hierarchy
 *
 * DRAMNode holds per-node state (m_state, m_row_state, timing history).
 * All spec metadata is accessed through DRAMSpec (runtime, non-templated).
 *
 * State operations (action, preq, rowhit, rowopen) are dispatched by the
 * controller via a flat bank array — only timing uses the hierarchy.
 */
struct DRAMNode {
  DRAMNode* m_parent_node = nullptr;  // Non-owning back-reference
  std::vector<std::unique_ptr<DRAMNode>> m_child_nodes;

  DRAMSpec* m_spec = nullptr;

  int m_level = -1;    // The level of this node in the organization hierarchy
  int m_node_id = -1;  // The id of this node at this level

  int m_state = -1;  // The state of the node

  std::vector<Clk_t> m_cmd_ready_clk;            // The next cycle that each command can be issued again at this level
  std::vector<std::deque<Clk_t>> m_cmd_history;  // Issue-history of each command at this level

  // ternsim patch: a bank holds one open row (at most a few), and the schedulers ask whether a
  // row is open for every buffered request on every clock (RD/ACT preq, rowhit): a linear search
  // over a small vector instead of a hash lookup (a std::unordered_map). The same interface and
  // contents as the map had for those calls: find / end / operator[] / clear.
  struct RowStates {
    std::vector<std::pair<int, int>> rows;
    using iterator = std::vector<std::pair<int, int>>::iterator;
    iterator find(int row) {
      for (auto it = rows.begin(); it != rows.end(); ++it)
        if (it->first == row) return it;
      return rows.end();
    }
    iterator end() { return rows.end(); }
    int& operator[](int row) {
      auto it = find(row);
      if (it != rows.end()) return it->second;
      rows.emplace_back(row, 0);
      return rows.back().second;
    }
    void clear() { rows.clear(); }
  };
  RowStates m_row_state;  // The state of the rows, if I am a bank-ish node

  DRAMNode(DRAMSpec* spec, DRAMNode* parent, int level, int id);

  void update_timing(int command, const AddrVec_t& addr_vec, Clk_t clk);
  bool check_timing(int command, const AddrVec_t& addr_vec, Clk_t clk);

  // Generic level traversal — visit all descendants at target_level
  template <typename Func>
  void for_each_at_level(int target_level, Func&& fn) {
    if (m_level == target_level) {
      fn(this);
      return;
    }
    for (auto& child : m_child_nodes) {
      child->for_each_at_level(target_level, std::forward<Func>(fn));
    }
  }

  // Scoped traversal — descend to (start_level, start_id), then visit target_level
  template <typename Func>
  void for_each_at_level(int start_level, int start_id, int target_level, Func&& fn) {
    if (m_level == start_level) {
      if (m_node_id == start_id) {
        for_each_at_level(target_level, std::forward<Func>(fn));
      }
      return;
    }
    for (auto& child : m_child_nodes) {
      child->for_each_at_level(start_level, start_id, target_level, std::forward<Func>(fn));
    }
  }
};

}  // namespace Ramulator

#endif  // RAMULATOR_DRAM_NODE_H
