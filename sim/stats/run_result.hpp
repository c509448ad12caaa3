#pragma once
// Everything one simulation produced: the numbers in summary.json and the rows of ops.csv.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/stats/dram_idle.hpp"
#include "sim/stats/energy_stats.hpp"
#include "sim/stats/event_counts.hpp"
#include "sim/stats/loop_stats.hpp"
#include "sim/stats/op_record.hpp"

namespace ternsim {

struct UnitStats {
  uint64_t busy_cycles = 0;  // cycles computing
  uint64_t ops = 0;          // ops executed on the unit
};

struct RunResult {
  std::string arch;
  std::string workload;
  std::string phase;
  double clock_mhz = 0;
  uint64_t tokens = 1, batch = 1;
  uint64_t cycles = 0;
  double seconds = 0;
  uint64_t dram_read_bytes = 0, dram_write_bytes = 0;
  uint64_t dram_busy_cycles = 0;   // summed over channels
  // The DRAM's idle gaps (the calibrated analytic model with idle standby, DramModel::idle_gaps;
  // zero otherwise).
  DramIdle dram_idle;
  uint32_t dram_channels = 1;
  double dram_peak_bytes_per_cycle = 0;
  double peak_macs_per_cycle = 0;
  double useful_macs = 0;          // GEMM MACs (dense equivalent)
  double ops = 0;                  // all arithmetic ops, 2 per MAC
  std::map<std::string, UnitStats> units;
  std::vector<OpRecord> op_records;
  EventCounts events;
  std::optional<EnergyStats> energy;  // absent when the arch names no tech table
  std::optional<FpgaStats> fpga;      // FPGA targets only
  std::optional<LoopStats> loop;      // workloads with a repeat: loop
  std::string resolved_arch_yaml;  // effective configuration, defaults included
  // Systems only (arch with `system:`, sim/system/): per worker and link figures as ordered
  // JSON text, written to summary.json as "system"; empty for a lone chip.
  std::string system_json;
  // Archs with `memory_hierarchy:` only (sim/mapping/level_mapper.hpp): per level and per op
  // placement as JSON text; summary.json gets it as "memory_hierarchy" (without "ops", which
  // become ops.csv columns). Empty otherwise.
  std::string memory_json;
  // What a cycle-accurate DRAM backend measured (DramStats::as_map); empty for analytic.
  std::map<std::string, double> dram_backend;
  // Host-side cost of the run; not in summary.json, whose numbers must not depend on the host.
  uint64_t sim_wall_us = 0;        // elaboration + simulation + collection, in the child
  uint64_t sim_delta_cycles = 0;   // SystemC delta cycles: how much scheduling the run took
  uint64_t sim_peak_rss_kb = 0;    // peak resident memory of the simulating process

  uint64_t dram_bytes() const { return dram_read_bytes + dram_write_bytes; }
  // Array utilization: useful MACs over what the array could have done in the whole run.
  double utilization() const {
    return cycles && peak_macs_per_cycle > 0 ? useful_macs / (peak_macs_per_cycle * double(cycles)) : 0;
  }
};

}  // namespace ternsim
