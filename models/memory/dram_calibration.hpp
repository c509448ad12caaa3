#pragma once
// DramCalibration: what `ternsim calibrate-dram` measured on a cycle-accurate backend, per
// access pattern, for the analytic model to use (`dram.calibration: file.yaml`).
//
// A request of B bytes of pattern p occupies each channel it touches for
//   (its bytes on that channel) / (efficiency_p x channel peak) + latency_p
// and completes when the last channel is done: a request on an idle DRAM takes exactly
// B / (efficiency_p x peak) + latency_p. The latency is booked on the channel (not pipelined
// behind the next request) because that is what the backend it was measured on does: it
// serves requests one after another, each until its last burst returns (dramsim3_dram.hpp),
// and the calibration fits exactly that (docs/dram.md, "Calibrating the fast path").
//
// The pattern of a request comes from the tensor its address lies in (DramLayout) and from
// what the channel was doing when it arrived; see classify().
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "sim/config/config_node.hpp"

namespace ternsim {

enum class DramPattern : uint8_t {
  weight_stream,  // DMA reads of an op's weights, sequential through the region
  kv_read,        // DMA reads of a layer's KV cache: short sequential runs, one region per layer
  read_write,     // tensors read and written in turn: MLGRU state, GEMM spills, vector operands
  multi_master,   // a request from one unit while the channel still serves another unit's
};
constexpr size_t kDramPatterns = 4;
const char* pattern_name(DramPattern p);

// The unit that issues requests to a tensor (its master), from the region name's prefix.
enum class DramMaster : uint8_t { dma, array, vector, recurrent, unknown };

// What the tensor region named `name` ("weights:<op>", "kv:<op>", "state:<layer>",
// "spill.in:<op>", "vector.out:<op>", ...; nullptr = an address outside every region) is.
struct DramSource {
  DramMaster master = DramMaster::unknown;
  DramPattern pattern = DramPattern::weight_stream;  // its own pattern, alone on the channel
};
DramSource dram_source(const std::string* region_name);

// A double as YAML text with ten significant digits.
YAML::Node yaml_number(double v);

struct DramPatternCal {
  double efficiency = 1;  // achieved / peak bandwidth, (0, 1]
  double latency_ns = 0;  // per request, >= 0
};

// DRAM energy measured with the backend's power model on the same runs (optional: a file
// written before session 12, or on a backend without energy, has none, and the analytic model
// then prices DRAM bits with the tech table). The analytic model books, per bit moved,
// activate + read or write energy, and over the run's time the standby and refresh power
// (docs/dram.md, "Calibrated energy").
struct DramEnergyCal {
  bool present = false;
  double activate_pj_per_bit = 0;  // ACT/PRE energy per bit moved, on a weight stream
  double read_pj_per_bit = 0, write_pj_per_bit = 0;
  double background_mw = 0, refresh_mw = 0;  // pJ per ns of run time
  // Idle standby (optional: files written before session 17 have none, and the standby power of
  // a busy stream is then booked over the whole run). A DRAM left idle draws background_mw while
  // a row stays open and precharged_mw once every bank is precharged, which the banks are from
  // the start and, after an access, when a refresh closes the open rows: open_after_access_ns
  // later on average, measured over many idle gaps (0: close-page, closed at once), spread
  // uniformly over open_spread_ns around that mean (measured with gaps of the mean's length:
  // about 2 x open_after_access_ns for an all-bank refresh, less for a per-bank one). An access
  // after the rows were closed opens again the rows a stream left partly read: reopen_activate_pj
  // per channel and such gap, beyond activate_pj_per_bit (0 where the next access opens new rows
  // anyway).
  bool idle = false;
  double precharged_mw = 0, open_after_access_ns = 0, open_spread_ns = 0, reopen_activate_pj = 0;

  // The parts (pJ) the backend reports, for a run that read and wrote these bits in `seconds`,
  // `precharged_ns` of them (averaged over the channels) with every bank precharged, and
  // `reopened_gaps` channel gaps (DramIdle): activate_precharge, read, write, refresh, background.
  std::map<std::string, double> parts_pj(double read_bits, double write_bits, double seconds,
                                         double precharged_ns = 0, double reopened_gaps = 0) const;
  // The expected precharged time in an idle gap of `gap` after an access, in the unit of gap,
  // `open` (open_after_access_ns in it) and `spread` (open_spread_ns). ASSUMPTION: the open rows
  // close after a time U uniform on (a, b) = (open - spread / 2, open + spread / 2), as an
  // all-bank refresh every tREFI at a phase independent of the traffic closes them (open =
  // tREFI / 2, spread = tREFI): E[max(0, g - U)] = 0 up to a, (g - a)^2 / (2 spread) up to b,
  // then g - open; the whole gap at open 0.
  static double precharged_in_gap(double gap, double open, double spread);
  // The probability that the rows are closed at the end of such a gap, P(U < g).
  static double closed_after_gap(double gap, double open, double spread);
};

struct DramCalibration {
  std::string file;  // where it was loaded from (messages)
  // The backend configuration it was measured on.
  std::string backend, backend_commit, standard, preset, address_mapping, row_policy, scheduler;
  uint32_t channels = 0, burst_bytes = 0;
  double peak_gb_per_s = 0;  // all channels
  std::array<DramPatternCal, kDramPatterns> patterns{};
  DramEnergyCal energy;

  const DramPatternCal& operator[](DramPattern p) const { return patterns[size_t(p)]; }
  // "preset ddr4_2400_x64.ini (ddr4, 1 channel, mapping rochrababgco, open, per_bank)"
  std::string describe_backend() const;
  // "1 channel x 19.277 GB/s, 64 B bursts"
  std::string describe_organisation() const;

  // Reads a file written by calibrate-dram. Bad input -> ConfigError naming file:line and key.
  static std::shared_ptr<const DramCalibration> load(const std::string& path);
  // The YAML text of this calibration; `method` (how it was measured) and, per pattern, the
  // raw measurements the fit came from are written beside the values for the reader.
  std::string to_yaml(const YAML::Node& method, const std::array<YAML::Node, kDramPatterns>& measured,
                      const YAML::Node& energy_measured = YAML::Node()) const;
};

}  // namespace ternsim
