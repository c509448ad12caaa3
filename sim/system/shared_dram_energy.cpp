#include "sim/system/shared_dram_energy.hpp"

#include "sim/energy/energy_model.hpp"
#include "sim/engine/sim_time.hpp"

namespace ternsim {

std::vector<std::map<std::string, double>> shared_dram_energy_shares(const ArchConfig& arch, const DramModel& chip_dram,
                                                                     const std::vector<CoreOnChip>& cores,
                                                                     double seconds) {
  // The chip as one run: every core's DRAM bits once per twin, the backend's own stats.
  RunResult chip;
  chip.seconds = seconds;
  chip.clock_mhz = arch.clock_mhz;
  chip.dram_channels = chip_dram.channels();
  chip.dram_backend = chip_dram.stats().as_map();
  // A core alone on its chip carries the chip DRAM's idle gaps, its loops extrapolated
  // (SharedDramPort); several cores' loops are simulated step by step, so the chip's own count
  // up to the end of the simulation is the whole run's.
  chip.dram_idle = cores.size() == 1 ? cores[0].part->dram_idle : chip_dram.idle_gaps(now_cycles());
  double twins = 0;
  for (const CoreOnChip& c : cores) {
    for (const auto& [k, n] : c.part->events.counts)
      if (energy_category(k) == "dram") chip.events.add(k, double(c.twins) * n);
    twins += c.twins;
  }
  const double chip_bits = dram_bits(chip);
  const std::map<std::string, double> parts = dram_energy_parts_pj(arch, chip);
  std::vector<std::map<std::string, double>> shares(cores.size());
  if (parts.empty()) return shares;
  for (size_t i = 0; i < cores.size(); ++i) {
    // By bits; a chip that moved none (weights resident, nothing spilled) still draws its
    // standby and refresh power, shared by the cores alike.
    const double f = chip_bits > 0 ? dram_bits(*cores[i].part) / chip_bits : 1.0 / twins;
    for (const auto& [k, v] : parts) shares[i][k] = f * v;
  }
  return shares;
}

}  // namespace ternsim
