#pragma once
#include <cstdint>
#include <string>

#include "sim/stats/event_counts.hpp"

namespace ternsim {

// What one op did in the simulation; one row of ops.csv.
struct OpRecord {
  std::string name;
  std::string kind;
  std::string unit;
  uint64_t ready_cycle = 0;      // all dependencies done
  uint64_t start_cycle = 0;      // unit began the op
  uint64_t end_cycle = 0;
  uint64_t compute_cycles = 0;   // cycles the unit spent computing
  uint64_t stall_cycles = 0;     // cycles on the unit waiting for data (DMA / DRAM)
  uint64_t dram_read_bytes = 0;
  uint64_t dram_write_bytes = 0;
  double ops = 0;                // arithmetic ops (2 per MAC-equivalent for gemm)
  uint64_t folds = 0;            // weight tiles (array folds)
  uint64_t passes = 0;           // activation row blocks (weights re-streamed per pass)
  double mapping_efficiency = 0; // share of the array's cells holding useful weights
  double compute_utilization = 0;// useful ops / (peak ops x compute cycles)
  EventCounts events;
  double energy_j = 0;           // dynamic energy of `events` (set only when the arch has a tech table)
  // Loops (docs/workload_ir.md): a body op's row sums `count` executions, steps
  // first_step..last_step (start_cycle of the first, end_cycle of the last); -1 outside loops.
  uint64_t count = 1;
  int64_t first_step = -1, last_step = -1;
  uint64_t cycles() const { return end_cycle - start_cycle; }
  // Time on the unit summed over the executions (= cycles() for one execution).
  uint64_t total_cycles() const { return count > 1 ? compute_cycles + stall_cycles : cycles(); }
};

}  // namespace ternsim
