#pragma once
// Chrome trace-event JSON (the format ui.perfetto.dev and chrome://tracing open) of a
// recorded timeline: {"traceEvents": [...]} with one thread (tid) per module — dma, array,
// vector, mlgru, one per DRAM channel — named by metadata events, and one complete event
// (ph "X") per span; ts and dur are microseconds of simulated time (cycles / clock_mhz),
// and args.cycles holds the exact integer duration. Counter tracks (ph "C"): DRAM bandwidth
// (GB/s), weight-buffer occupancy (bytes) and, with a tech table, power (W). Given the
// workload, flow arrows (ph "s"/"f") join each op's last span to the first span of every op
// that depends on it.
#include <nlohmann/json.hpp>
#include <string>

#include "sim/stats/run_result.hpp"
#include "sim/stats/timeline.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

nlohmann::json chrome_trace(const Timeline& t, const RunResult& r, const Workload* wl = nullptr);
void write_chrome_trace(const Timeline& t, const RunResult& r, const std::string& path, const Workload* wl = nullptr);

}  // namespace ternsim
