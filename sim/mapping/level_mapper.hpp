#pragma once
// The level mapper: for each GEMM, which level of the memory hierarchy (models/memory/memory_level.hpp)
// holds each operand, and what that costs (docs/memory_hierarchy.md). The rule is Timeloop's
// simplest: an operand goes to the innermost level that may hold it where the whole operand of
// one pass fits (it is filled once per op and re-read there: reuse), levels being shared in the
// order weights, activations, outputs; where it does not fit it spills to the next level out, and
// at the end stays in its home (weight home / activation home), exactly as without the section.
// (A level holding only a tile gets no reuse under the array's K-inner tile order, so the
// mapper never stages through one: it would add a fill and save nothing.)
#include <cstdint>
#include <string>

#include "models/compute/array_model.hpp"
#include "models/memory/memory_level.hpp"
#include "sim/mapping/gemm_plan.hpp"
#include "sim/stats/event_counts.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

struct OperandPlace {
  int level = -1;          // index into MemoryHierarchy::levels
  bool resident = false;   // the whole operand (of a pass) is kept there: filled once per op
                           // (always true at a staging level; false in a home)
  uint64_t footprint = 0;  // bytes it takes in that level
};

struct LevelPlan {
  OperandPlace place[3];          // Operand::Weights, Activations, Outputs
  uint32_t weight_active_banks = 0;  // D of the weight gather at the weight level (B: no conflicts)
  uint64_t fill_cycles = 0;       // transfers between levels of one execution; they overlap compute
  uint64_t conflict_cycles = 0;   // bank-conflict stalls of the array's weight reads, one execution
  // Cycles the level traffic adds to an op whose array work took `compute` cycles: fills
  // overlap compute (double buffering), conflict stalls do not.
  uint64_t extra_cycles(uint64_t compute) const {
    return (fill_cycles > compute ? fill_cycles - compute : 0) + conflict_cycles;
  }
};

LevelPlan map_levels(const Op& op, const GemmPlan& plan, const ArrayModel& array, const MemoryHierarchy& h);

// Renames the role events the models emit ("sram.weight_buffer.*", "sram.act_buffer.*") to the
// home levels' names ("sram.<home>.*"); identity when the homes carry those names.
void rename_role_events(const MemoryHierarchy& h, EventCounts& ev);

// Moves a GEMM's array accesses (already renamed) from its homes to the levels `lp` chose and
// adds the fills/drains between levels. `count` executions (loops), `out_bits` per output.
void place_level_events(const Op& op, const GemmPlan& plan, const LevelPlan& lp, const MemoryHierarchy& h,
                        uint32_t out_bits, uint64_t count, EventCounts& ev);

}  // namespace ternsim

#include <map>

#include "sim/stats/run_result.hpp"

namespace ternsim {

// What the mapper decided for one GEMM (by op name), kept for the report.
struct PlacedGemm {
  Op op;
  bool spills = false;
  uint64_t weight_bytes = 0;
  LevelPlan levels;
};

// After a run: renames the role events of every op record to the home levels, moves each
// GEMM's accesses to the levels it was placed in (adjusting r.events by the same amounts, so
// the totals still equal the sum over ops), and writes r.memory_json: per level its geometry,
// energy per bit with its source, bits read/written and their energy; per operand how many
// GEMMs each level holds; per op the levels and the conflict/fill cycles (ops.csv columns).
void apply_memory_hierarchy(const MemoryHierarchy& h, const std::map<std::string, PlacedGemm>& gemms,
                            uint32_t out_bits, RunResult& r);

}  // namespace ternsim
