#pragma once
// DRAM energy of a chip whose cores share its DRAM (shared_dram.hpp), and each simulated core's
// share of it.
//
// The chip's DRAM draws its standby and refresh power once, not once per core, and a backend's
// power model measured the requests of all its cores together. So the chip's energy parts
// (dram_energy_parts_pj over the chip's DRAM bits, the backend's stats and the system's time)
// are computed once, and each simulated core books the fraction of them that its bits are of
// the chip's. A core that stands for `twins` identical cores of the chip counts its bits once
// per twin, so the twins' shares add up to the chip's energy.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/memory/dram_model.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/stats/run_result.hpp"

namespace ternsim {

struct CoreOnChip {
  const RunResult* part;  // the simulated core's result (its DRAM events)
  uint32_t twins;         // identical cores of the chip it stands for, itself included
};

// One map per core, in order; all empty when the tech table prices DRAM bits (no backend
// power model, no calibrated energy): each core's own bits are then priced as before.
std::vector<std::map<std::string, double>> shared_dram_energy_shares(const ArchConfig& arch, const DramModel& chip_dram,
                                                                     const std::vector<CoreOnChip>& cores,
                                                                     double seconds);

}  // namespace ternsim
