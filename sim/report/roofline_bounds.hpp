#pragma once
// Roofline bounds of one run (summary.json "bounds", `ternsim compare`): the time the run
// could not beat because of DRAM (every byte it moved at the channels' peak rate) and because
// of the array (every useful MAC at the array's peak MACs/cycle), the unit that binds (the
// larger bound), and where the array's cycles beyond its bound went, by name:
//   fill_drain   pipeline fill and drain per run of tiles (adder tree, systolic skew)
//   weight_load  weight loads / index fetches the streaming did not hide
//   unpack       low-bit weight unpacking beyond the weight load (weight_storage)
//   table_build  LUT table building beyond the lookups
//   mapping      the rest of the array's busy time: ragged tiles, idle cells, bit-serial passes
// The arrays report the named overheads as zero-energy "cycles.<name>" events.
// The gap between the simulated time and the binding bound is the sum of the exposed part of
// these plus DRAM latency and the time other units (vector, recurrent) run alone; the
// overheads are listed as they occurred on the array, so when DRAM binds they may be hidden
// behind transfers and exceed the gap.
#include <nlohmann/json.hpp>

#include "sim/stats/run_result.hpp"

namespace ternsim {

nlohmann::ordered_json roofline_bounds_json(const RunResult& r);

}  // namespace ternsim
