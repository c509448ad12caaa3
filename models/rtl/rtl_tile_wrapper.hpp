// SPDX-License-Identifier: Apache-2.0
// rtl_tile_wrapper.hpp -- SystemC wrapper around the Verilated ternary_tile.
//
// RtlTernaryTile owns a clock, drives a Verilated `ternary_tile` instance
// through its pin interface and exposes a plain std::vector API. It does not
// depend on the rest of ternsim.
//
// One concrete subclass exists per verilated parameter set; obtain instances
// through the generated factory `ternsim::rtl::make_<NAME>()` declared in
// `rtl_tile_<NAME>.hpp` (see models/rtl/verilate.cmake).
//
// SystemC elaborates only once per process: construct every RtlTernaryTile
// before the first sc_start() / run(). Two ways to use an instance afterwards:
//   * run(...)     -- from OUTSIDE the simulation (sc_main, a test body):
//                     advances the kernel with sc_start() until the job is
//                     finished (the driver thread calls sc_pause()).
//   * execute(...) -- from INSIDE an SC_THREAD of the same simulation: the
//                     calling thread blocks (wait()) until the job is done.
// Jobs on one instance are processed sequentially.
#pragma once

#include <systemc>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace ternsim::rtl {

struct RtlTileConfig {
  unsigned rows = 0;       // R
  unsigned cols = 0;       // C
  unsigned acc_width = 0;  // ACC_W
  bool saturate = false;   // SATURATE
};

struct RtlTileRunOptions {
  // Probability (0..100) that the driver withholds a beat (valid=0) in a
  // cycle where the tile is ready; used to test bubble handling. Each
  // withheld cycle is counted in RtlTileResult::bubbles.
  unsigned bubble_percent = 0;
  std::uint32_t bubble_seed = 1;
  // Encode weight 0 with the reserved code 2'b10 instead of 2'b00.
  bool zero_as_reserved_code = false;
  // Abort (timed_out=true) after this many cycles; 0 = automatic bound.
  // On timeout the wrapper pulses rst_n for 2 cycles (tile back to IDLE).
  std::uint64_t max_cycles = 0;
};

struct RtlTileResult {
  std::vector<std::int64_t> acc;  // C accumulators, sign-extended from ACC_W
  std::uint64_t cycles = 0;   // cycle of `done` minus cycle of `start`
  std::uint64_t bubbles = 0;  // cycles with valid withheld (see options)
  bool timed_out = false;
};

class RtlTernaryTile : public sc_core::sc_module {
 public:
  RtlTernaryTile(sc_core::sc_module_name name, const RtlTileConfig& cfg,
                 const sc_core::sc_time& clk_period);
  ~RtlTernaryTile() override;

  const RtlTileConfig& config() const { return cfg_; }
  const sc_core::sc_time& clock_period() const { return clk_period_; }

  /// weights: R*C row-major (w[r*C + c]), values in {-1, 0, +1}.
  /// acts:    M*R row-major (x[m*R + r]), M = acts.size() / R >= 1.
  /// Call from outside the simulation (runs sc_start until done).
  RtlTileResult run(const std::vector<std::int8_t>& weights,
                    const std::vector<std::int8_t>& acts,
                    const RtlTileRunOptions& opt = {});

  /// Same as run(), but must be called from an SC_THREAD of this simulation.
  RtlTileResult execute(const std::vector<std::int8_t>& weights,
                        const std::vector<std::int8_t>& acts,
                        const RtlTileRunOptions& opt = {});

  /// Request a VCD of the verilated model. Returns false if this
  /// configuration was verilated without TRACE. Call before the first
  /// sc_start(); the file is opened when the simulation starts.
  bool enable_vcd(const std::string& path);

 protected:
  // ---- pin hooks implemented by the width-specific subclass ----------
  virtual void drive_w_row(const std::int8_t* row, bool zero_reserved) = 0;
  virtual void drive_a_vec(const std::int8_t* x) = 0;
  virtual void read_acc(std::vector<std::int64_t>& out) const = 0;
  virtual bool trace_supported() const = 0;
  virtual void open_trace(const std::string& path) = 0;
  virtual void close_trace() = 0;

  // Width-independent pins, bound by the subclass.
  sc_core::sc_clock clk_;
  sc_core::sc_signal<bool> rst_n_{"rst_n"};
  sc_core::sc_signal<bool> start_{"start"};
  sc_core::sc_signal<bool> busy_{"busy"};
  sc_core::sc_signal<bool> done_{"done"};
  sc_core::sc_signal<bool> w_valid_{"w_valid"};
  sc_core::sc_signal<bool> w_ready_{"w_ready"};
  sc_core::sc_signal<bool> a_valid_{"a_valid"};
  sc_core::sc_signal<bool> a_ready_{"a_ready"};
  sc_core::sc_signal<bool> a_last_{"a_last"};
  sc_core::sc_signal<bool> res_valid_{"res_valid"};

 private:
  struct Job {
    const std::vector<std::int8_t>* weights;
    const std::vector<std::int8_t>* acts;
    RtlTileRunOptions opt;
    RtlTileResult result;
    bool finished = false;
    bool pause_when_done = false;
  };

  void check_job(const std::vector<std::int8_t>& weights,
                 const std::vector<std::int8_t>& acts) const;
  void driver_thread();
  void do_job(Job& job);

  RtlTileConfig cfg_;
  sc_core::sc_time clk_period_;
  std::deque<Job*> queue_;
  sc_core::sc_event job_done_ev_;
  std::string vcd_path_;
};

}  // namespace ternsim::rtl
