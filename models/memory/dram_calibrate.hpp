#pragma once
// Measuring a DramCalibration on a cycle-accurate backend (`ternsim calibrate-dram`).
//
// Each access pattern is a synthetic request stream, issued through DramModel::request exactly
// as the units issue theirs (docs/dram.md, "Calibrating the fast path"):
//   weight_stream  reads of s bytes at consecutive addresses
//   kv_read        reads of s bytes, each at the start of its own region (per-layer caches
//                  placed one after another by DramLayout, with a gap of one alignment unit)
//   read_write     a read of s bytes from one region, then a write of s bytes to another, in turn
//   multi_master   reads of s bytes from two regions in turn (two units' streams sharing the DRAM)
// Each stream moves `window` bytes in total, at two request sizes s1 < s2, on a fresh backend.
// With n = window / s requests, the fit
//   time(s) = window / (efficiency x peak) + n x latency
// passes through both measurements: latency = (T1 - T2) / (n1 - n2) and efficiency from T1.
// A negative latency (never seen on the shipped presets) is reported as 0 with efficiency
// window / (peak x T2).
#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "models/memory/dram.hpp"
#include "models/memory/dram_calibration.hpp"

namespace ternsim {

// The DRAMsim3 snapshot ternsim builds (third_party/dramsim3/PROVENANCE).
extern const char* const kDramsim3Commit;

// The measured_on fields (backend, commit, standard, preset file name, resolved channels,
// address mapping, row policy, scheduler) of backend section `cfg` of model `model`.
// Throws ConfigError when the model cannot be calibrated on.
DramCalibration backend_identity(const std::string& model, const DramBackendConfig& cfg);

struct DramMeasurement {
  uint64_t request_bytes = 0, requests = 0;
  double time_ns = 0;
  uint64_t read_bytes = 0, write_bytes = 0;
  std::map<std::string, double> energy_pj{};  // the backend's energy parts (empty: no power model)
};

// The idle standby measurement (DramEnergyCal::idle): a fresh backend left idle for a window,
// and on another fresh backend `gaps` sequential reads of request_bytes (the larger calibration
// size, so each read opens rows in every rank as a weight stream does), each followed by an idle
// gap of 1 to 2 times max(20 us, 16 x the first read's time), drawn uniformly (far longer than any
// shipped preset's tREFI, so the reads end at independent phases of the refresh schedule).
struct DramIdleMeasurement {
  bool measured = false;  // false: the backend cannot run idle (DRAMsim3's sampled mode)
  double window_ns = 0, window_background_pj = 0;
  uint32_t gaps = 0;
  uint64_t request_bytes = 0;
  double busy_ns = 0, gap_ns = 0, gapped_background_pj = 0;  // the reads' time, the gaps', the gaps' standby energy
  double gapped_activate_pj = 0;                              // and the reads' activate energy
  // The same reads, each followed by a gap of the mean open time (from the above and
  // background_mw): the gaps' time and standby energy (0 when the mean is 0).
  double short_gap_ns = 0, short_gaps_background_pj = 0;
};
DramIdleMeasurement measure_idle(const DramParams& backend, double clock_mhz, uint64_t request_bytes,
                                 double background_mw);
// precharged_mw = the idle window's standby power; open_after_access_ns = the gaps' standby energy
// less precharged_mw over them, over (background_mw - precharged_mw) per gap (the power the
// analytic model books while rows are open; 0 when the two powers are equal); reopen_activate_pj =
// the gapped run's activate energy less activate_pj_per_bit x its bits, per gap and channel
// (every gap is long enough for the rows to close), at least 0; open_spread_ns = 8 x the short
// gaps' mean precharged time (spread / 8 for a closing time uniform over the spread around the
// mean), at most 2 x open_after_access_ns.
void fit_idle(const DramIdleMeasurement& m, uint32_t channels, DramEnergyCal& e);

struct DramCalibrationRun {
  DramCalibration calibration;
  uint64_t window_bytes = 0;
  std::array<uint64_t, 2> request_bytes{};
  // Per pattern, the two measurements the fit passes through (small requests first).
  std::array<std::array<DramMeasurement, 2>, kDramPatterns> measured{};
  DramIdleMeasurement idle;
  std::string yaml() const;  // the calibration file's text
};

// Measures every pattern on the backend of `dram` (its model when not analytic, else the
// backend section it names), a window of at least window_us of peak-bandwidth traffic each.
DramCalibrationRun calibrate_dram(const DramParams& dram, double clock_mhz, double window_us,
                                  std::array<uint64_t, 2> request_bytes = {8 * 1024, 256 * 1024});

// The energy the analytic model books (DramEnergyCal), from the backend's energy parts: per bit
// read, activate and read energy and the standby and refresh power over the time of `stream`
// (the weight stream at the larger request size); per bit written, the write energy of `mixed`
// (the read/write stream at the larger size). Not present when either run has no energy.
DramEnergyCal fit_energy(const DramMeasurement& stream, const DramMeasurement& mixed);

// The fit above, for one pattern (exposed for tests).
DramPatternCal fit_pattern(const std::array<DramMeasurement, 2>& m, uint64_t window_bytes, double peak_gb_per_s);

}  // namespace ternsim
