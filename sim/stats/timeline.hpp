#pragma once
// Timeline recorder for `ternsim run --trace`: the modules append one span per DMA chunk,
// array chunk, vector op, MLGRU step run and DRAM channel transfer, in simulated cycles.
// Off by default: active() is then nullptr and each recording site costs one pointer test.
// Process-wide because a process elaborates a single simulation (see simulate.hpp).
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ternsim {

struct Span {
  std::string track;  // "dma", "array", "vector", "mlgru", "dram.ch<i>"
  std::string name;   // op name, or the transfer for DRAM
  uint64_t start = 0, dur = 0;  // cycles
};

class Timeline {
 public:
  static Timeline* active() { return active_; }
  // Install (or, with nullptr, remove) the recorder before elaboration.
  static void set_active(Timeline* t) { active_ = t; }

  // `merge`: extend the track's previous span when it has the same name and ends at `start`
  // (MLGRU steps of one op become one span instead of thousands).
  void add(const std::string& track, const std::string& name, uint64_t start, uint64_t dur, bool merge = false);
  // End of the last span on a track (0 if none): a track's spans must not overlap.
  uint64_t track_end(const std::string& track) const;
  const std::vector<Span>& spans() const { return spans_; }
  // Counter tracks recorded as step changes: counter(t) = sum of the deltas at cycles <= t.
  // "weight_buffer": bytes held in the weight buffer's DMA slots (a chunk from when the DMA
  // issues it until the array releases its slot).
  void add_step(const std::string& counter, uint64_t cycle, double delta) { steps_[counter][cycle] += delta; }
  const std::map<std::string, std::map<uint64_t, double>>& steps() const { return steps_; }
  // Systems (sim/system/): renames each span's track by who records it ("array" ->
  // "chip1_core0.array"), so each chip and core gets its own tracks.
  void set_scope(std::function<std::string(const std::string&)> scope) { scope_ = std::move(scope); }

 private:
  inline static Timeline* active_ = nullptr;
  std::vector<Span> spans_;
  std::map<std::string, std::map<uint64_t, double>> steps_;
  std::function<std::string(const std::string&)> scope_;
};

}  // namespace ternsim
