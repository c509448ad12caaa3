#pragma once
// What the cycle-accurate DRAM backends (dramsim3_dram.cpp, ramulator2_dram.cpp) share when they
// serve a request from the transaction-level simulator: the conversion between accelerator and
// DRAM clocks, the split of a request into the backend's bursts, and the request's entry on the
// Perfetto trace.
#include <cstdint>

namespace ternsim {

struct DramBackendClock {
  double clock_mhz = 1000;  // accelerator clock
  double tck_ns = 1;        // DRAM clock period

  // The first DRAM clock at or after accelerator cycle `acc`, and the reverse (rounded up).
  uint64_t to_dram(uint64_t acc) const;
  uint64_t to_acc(uint64_t dram) const;
};

// The bursts a request of `bytes` at `addr` touches: n bursts from the aligned address `first`.
struct BurstSpan {
  uint64_t first = 0, n = 0;
};
BurstSpan burst_span(uint64_t addr, uint64_t bytes, uint64_t burst_bytes);

// Puts a served request on the trace's "dram" track (from accelerator cycle max(now, start) to
// `done`) and the bandwidth it achieved, bytes over its service time [start_dram, end_dram), on
// the "DRAM bandwidth (GB/s)" counter. No-op without an active trace.
void trace_backend_request(const DramBackendClock& clk, uint64_t now, uint64_t done, uint64_t start_dram,
                           uint64_t end_dram, uint64_t bytes, bool write);

}  // namespace ternsim
