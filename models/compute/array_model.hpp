#pragma once
// ArrayModel: how a compute array maps a GEMM onto its cells and how many cycles a run of
// weight tiles takes (closed form). One implementation per kind of array, registered by
// name and chosen with `array.kind` (Ramulator-2 style). The SystemC ArrayUnit drives any
// of them: adding a new array means one new file with one TERNSIM_REGISTER_ARRAY line.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/memory/sram_buffer.hpp"
#include "sim/config/config_node.hpp"
#include "sim/kernel/registry.hpp"
#include "sim/stats/event_counts.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

// What an array needs to know about the rest of the chip to time itself.
struct ArrayContext {
  double clock_mhz = 0;
  SramParams weight_buffer;
  SramParams act_buffer;
};

// One weight tile as stored in SRAM/DRAM: the unit the DMA moves and the array loads.
struct WeightTile {
  uint64_t bytes = 0;      // packed size, metadata included
  uint64_t k_extent = 0;   // weight rows (K) covered
  uint64_t n_extent = 0;   // weight columns (N) covered
  double nonzeros = 0;     // non-zero weights in the tile
};

// Per-op mapping figures for ops.csv, when an array defines its own (e.g. SCALE-Sim's).
struct FoldStats {
  uint64_t folds = 0;
  double mapping_efficiency = 0;
  double compute_utilization = 0;
};

class ArrayModel {
 public:
  virtual ~ArrayModel() = default;
  virtual std::string kind() const = 0;
  // Cells (PEs) in the array; its area and leakage scale with this.
  virtual uint64_t cells() const = 0;
  // Peak MAC-equivalent operations per cycle (1 add/sub of a ternary weight = 1 MAC-equivalent).
  virtual double peak_macs_per_cycle() const = 0;
  // Rejects ops the array cannot run, with the reason (MappingError).
  virtual void check(const Op& op) const = 0;
  virtual uint64_t tile_count(const Op& op) const = 0;
  virtual WeightTile tile(const Op& op, uint64_t index) const = 0;
  // How many tiles from `first` on are identical to tile(first) (at least 1). Lets the mapper
  // pack a run of equal tiles into DMA chunks at once: a 2.7B-parameter model has ~640k tiles.
  virtual uint64_t same_tile_run(const Op& /*op*/, uint64_t /*first*/) const { return 1; }
  // Exact cycles for tiles [first, first+count) over `m_rows` activation rows, from the
  // first weight load to the last result leaving the array.
  virtual uint64_t compute_cycles(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows) const = 0;
  // Hardware events of the same run (adds/MACs, register writes, buffer traffic).
  virtual void count_events(const Op& op, uint64_t first, uint64_t count, uint64_t m_rows,
                            EventCounts& ev) const = 0;
  // The hardware the array is built from, as counts by unit key (e.g.
  // "array.ternary_cell.int24" -> R*C, "array.weight_reg_bit" -> bits); the energy/area model
  // prices each key (area, leakage, FPGA resources) from the technology tables.
  virtual void hardware_units(EventCounts& units) const = 0;
  // Activation rows processed together; passes over M are multiples of this.
  virtual uint64_t m_granularity() const { return 1; }
  // Bits of one output element written back to the activation buffer.
  virtual uint32_t output_bits() const { return 16; }
  // Model-specific folds / mapping efficiency / compute utilization of a whole op that took
  // `compute_cycles`; false keeps the generic definitions of ArrayUnit (tiles, used cells
  // over tiles x cells, MACs over peak x compute cycles).
  virtual bool fold_stats(const Op& /*op*/, uint64_t /*compute_cycles*/, FoldStats& /*out*/) const { return false; }
};

// Array implementations, by `array.kind`. create() reads `kind`, builds the array from the
// rest of the `array:` map and rejects keys the implementation did not read.
class ArrayRegistry : public Registry<ArrayModel, ConfigNode&, const ArrayContext&> {
 public:
  static std::unique_ptr<ArrayModel> create(ConfigNode& node, const ArrayContext& ctx);
};

#define TERNSIM_REGISTER_ARRAY(NAME, CLASS)                                                   \
  static const bool ternsim_array_registered_##CLASS = ::ternsim::ArrayRegistry::add(         \
      NAME, [](::ternsim::ConfigNode& n, const ::ternsim::ArrayContext& c) {                  \
        return std::unique_ptr<::ternsim::ArrayModel>(new CLASS(n, c));                       \
      })

}  // namespace ternsim
