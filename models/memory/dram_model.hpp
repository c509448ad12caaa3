#pragma once
// DramModel: what the rest of the chip sees of off-chip memory. A request of `bytes` at DRAM
// address `addr`, issued at the current simulation time, returns the cycle at which its data
// is complete; the caller decides whether to wait for it (a DMA may keep issuing).
//
// Implementations are chosen with `dram.model` and registered by name (sim/kernel/registry.hpp):
//   analytic  -- bursts booked on channels at peak bandwidth plus a fixed latency (dram.cpp)
//   dramsim3  -- the vendored cycle-accurate DRAMsim3 (dramsim3_dram.cpp, docs/dram.md)
// `dram.kind` names the interface technology and only prices energy (tech tables).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/memory/dram_layout.hpp"
#include "sim/stats/dram_idle.hpp"
#include "sim/config/config_node.hpp"
#include "sim/kernel/registry.hpp"

namespace ternsim {

// What a backend measured beyond bytes and busy time (zero for the analytic model).
struct DramStats {
  std::vector<uint64_t> channel_bytes;  // bytes moved per channel
  uint64_t row_hits = 0, row_misses = 0;
  uint64_t activates = 0, precharges = 0, refreshes = 0;
  // Energy by component in pJ, from the backend's power model (empty when it has none).
  std::map<std::string, double> energy_pj;
  // Anything else a backend reports, flattened as-is (e.g. "sampling.bursts_simulated").
  std::map<std::string, double> info;
  // Flat "name" -> value form carried in RunResult::dram_backend (empty when nothing was
  // measured, so analytic results are unchanged): row_hits, row_misses, activates,
  // precharges, refreshes, channel_bytes.<i>, energy_pj.<part>, and the info keys.
  std::map<std::string, double> as_map() const;
};

class DramModel {
 public:
  virtual ~DramModel() = default;

  virtual uint64_t request(uint64_t addr, uint64_t bytes, bool write) = 0;
  // Closed form: cycles for `bytes` on an idle DRAM, latency included.
  virtual uint64_t idle_transfer_cycles(uint64_t bytes) const = 0;
  virtual uint64_t latency_cycles() const = 0;
  virtual double bytes_per_cycle() const = 0;  // peak, all channels, accelerator cycles
  virtual uint32_t channels() const = 0;
  // Bytes per burst / transaction of a cycle-accurate backend (0: not one).
  virtual uint32_t burst_bytes() const { return 0; }
  virtual uint64_t busy_cycles() const = 0;    // summed over channels, accelerator cycles
  // The idle gaps' cost up to accelerator cycle `end` (the calibrated analytic model's idle
  // standby and re-opened rows, docs/dram.md "Calibrated energy"); zero for a model that does
  // not estimate it.
  virtual DramIdle idle_gaps(uint64_t /*end*/) const { return {}; }
  // Runs the backend with no requests up to accelerator cycle `t` (calibrate-dram's idle
  // windows); false when the model cannot (the analytic model has nothing to run).
  virtual bool idle_until(uint64_t /*t*/) { return false; }
  virtual DramStats stats() const { return {}; }
  // Booking state at a loop-step boundary (sim/engine/step_loop.hpp), relative to `now`: equal
  // states must give equal futures. A model whose internal state cannot be summarised (a
  // cycle-accurate backend's queues and bank states) appends a value that never repeats, so a
  // loop over it is simulated step by step, never extrapolated.
  virtual void append_boundary_state(uint64_t /*now*/, std::vector<int64_t>& out) const {
    out.push_back(static_cast<int64_t>(++boundary_serial_));
  }

  uint64_t read_bytes() const { return read_bytes_; }
  uint64_t write_bytes() const { return write_bytes_; }
  // Where each tensor lives in the DRAM address space (weights, KV cache, MLGRU state, spills).
  DramLayout& layout() { return layout_; }

 protected:
  void count(uint64_t bytes, bool write) { (write ? write_bytes_ : read_bytes_) += bytes; }

 private:
  uint64_t read_bytes_ = 0, write_bytes_ = 0;
  mutable uint64_t boundary_serial_ = 0;
  DramLayout layout_;
};

// A backend's own validated config section (`dram.<model>:`), parsed when the arch loads so
// bad input is reported with file:line before anything runs.
struct DramCalibration;
struct DramBackendConfig {
  virtual ~DramBackendConfig() = default;
  // What `ternsim calibrate-dram` records as measured_on (dram_calibration.hpp); false when the
  // analytic model cannot be calibrated on this backend (dram_calibrate.cpp has dramsim3's).
  virtual bool calibration_identity(DramCalibration& /*out*/) const { return false; }
};

struct DramParams;
using DramRegistry = Registry<DramModel, const DramParams&, double /*clock_mhz*/>;
using DramConfigRegistry = Registry<DramBackendConfig, ConfigNode&>;

// Builds the model `p.model` for an accelerator clocked at clock_mhz.
std::unique_ptr<DramModel> make_dram(const DramParams& p, double clock_mhz);

// One line in the implementation's .cpp: the model, and the parser of its `dram.<NAME>:`
// section (NoDramConfig when it has none).
struct NoDramConfig : DramBackendConfig {
  explicit NoDramConfig(ConfigNode&) {}
};
#define TERNSIM_REGISTER_DRAM(NAME, CLASS, CONFIG)                                                   \
  static const bool ternsim_dram_registered_##CLASS =                                              \
      ::ternsim::DramRegistry::add(NAME, [](const ::ternsim::DramParams& p, double mhz) {          \
        return std::unique_ptr<::ternsim::DramModel>(new CLASS(p, mhz));                           \
      }) &&                                                                                        \
      ::ternsim::DramConfigRegistry::add(NAME, [](::ternsim::ConfigNode& n) {                      \
        return std::unique_ptr<::ternsim::DramBackendConfig>(new CONFIG(n));                       \
      })

}  // namespace ternsim
