#pragma once
// `dram.model: ramulator2` -- the vendored Ramulator 2 (third_party/ramulator2, docs/dram.md)
// behind the DramModel interface: real LPDDR5 and HBM3 (and DDR4, DDR5, HBM2) state machines,
// with their own controllers, refresh, bank groups / pseudo-channels and address mapping.
//
// Driven like Dramsim3Dram: a request issued at accelerator cycle `now` is split into the
// device's transactions (32 B on LPDDR5 x16 and HBM3) at its real address; the DRAM clock is
// advanced to `now`, the transactions are queued as fast as the controllers accept them and
// Ramulator 2 is ticked until the last completes (a read when its data has returned, a write
// when its WR command issued: Ramulator 2's completion points). The completion clock is converted
// back to accelerator cycles.
// ASSUMPTION: requests are served in issue order (as with dramsim3): two masters never
// interleave inside the controllers' queues. Idle clocks are skipped where the controller can
// tell (PROVENANCE patch 5); energy from the preset's IDD currents (dram_idd_energy.hpp).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/memory/cycle_accurate_dram.hpp"
#include "models/memory/dram.hpp"
#include "models/memory/dram_backend_clock.hpp"
#include "models/memory/dram_idd_energy.hpp"

namespace ternsim {

namespace r2 {
class Host;
}

// The `dram.ramulator2:` section.
struct Ramulator2Config : DramBackendConfig {
  std::string standard;          // lpddr5 | hbm3 | ddr4 | ddr5 | hbm2 (must be the preset's)
  std::string preset_path;       // arch_configs/dram/*_ramulator2.yaml: one exported channel
  std::string organization;      // Ramulator 2's organisation preset (must be the preset file's)
  std::string timing;            // Ramulator 2's speed-grade preset (must be the preset file's)
  uint32_t channels = 0;         // controllers (HBM: channels of 2 pseudo-channels each)
  uint32_t interleave_bits = 0;  // channel bits this many bits above the transaction offset
  std::string address_mapping;   // MOP4CLXOR | RoBaRaCoCh | ChRaBaRoCo (Ramulator 2's mappers)
  std::string row_policy;        // open | closed (Ramulator 2's ClosedCAP, 4 accesses)
  std::string scheduler;         // frfcfs | frfcfs_rowhit
  bool refresh = true;           // false: Ramulator 2's NoRefresh (isolates the array timing)
  bool fast_forward = true;      // exact shortcuts: idle clocks skipped at once, FR-FCFS scans stopped at
                                 // the first ready request (false: Ramulator 2 as is, every clock ticked)
  double tck_ns = 1;             // the tick period (exact; Ramulator's tCK_ps is an integer)
  std::string config_yaml;       // the complete Ramulator 2 configuration handed to it
  // DRAM energy (docs/dram.md, "Ramulator 2 energy"): the preset's `ternsim.power` currents,
  // each overridable under `power:`; has_power false when neither gives any (Ramulator 2 has no
  // power model: DRAM is then priced with the tech table's pJ/bit, as the analytic model does).
  bool has_power = false;
  IddPower power;
  explicit Ramulator2Config(ConfigNode& n);
  bool calibration_identity(DramCalibration& out) const override;
};

class Ramulator2Dram : public CycleAccurateDram {
 public:
  Ramulator2Dram(const DramParams& p, double clock_mhz);
  ~Ramulator2Dram() override;

  uint64_t request(uint64_t addr, uint64_t bytes, bool write) override;
  bool idle_until(uint64_t t) override {
    advance_to(clock_.to_dram(t));
    return true;
  }
  DramStats stats() const override;

  // Replays transactions (address, write) in order, each queued as soon as its controller
  // accepts it, from the current DRAM clock until the last completes; returns the DRAM clocks it
  // took (tests, measurements).
  uint64_t replay(const std::vector<Burst>& bursts);
  void idle(uint64_t dram_clocks);  // ticks that many DRAM clocks with nothing queued

  double tck_ns() const { return clock_.tck_ns; }
  const r2::Host& host() const { return *host_; }

 private:
  template <class F>
  void drain(uint64_t n, F&& burst);
  void tick();
  // Brings the DRAM clock to `target` with nothing queued: where fast_forward_, channel by
  // channel, each channel's idle stretches skipped at once (r2::Host::run; PROVENANCE patches 5
  // and 9), so a refresh under way on one channel does not tick the others.
  void advance_to(uint64_t target);
  double channel_bursts(uint32_t ch) const override;

  static constexpr uint64_t kStallClocks = 100000000;  // no completion for this long: an error
  std::unique_ptr<r2::Host> host_;
  DramBackendClock clock_;
  uint64_t capacity_ = 0;            // bytes; addresses wrap at it
  bool fast_forward_ = true;
  bool has_power_ = false;
  IddPower power_;
};

}  // namespace ternsim
