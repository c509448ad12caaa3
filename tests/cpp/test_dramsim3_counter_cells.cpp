// DRAMsim3's counters read through their cells (third_party/dramsim3/PROVENANCE patch 13), as
// sampled mode reads them around every window, against DRAMsim3's own by-name Counter: the
// same value for every counter ternsim reads, on every channel, before and after more traffic
// (the pointers stay valid while the controller runs).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "memory_system.h"
#include "models/memory/dramsim3_dram.hpp"
#include "test_util.hpp"

using ternsim::test::Rng;

namespace {

uint64_t sum(const std::vector<const uint64_t*>& cells) {
  uint64_t v = 0;
  for (const uint64_t* c : cells) v += *c;
  return v;
}

std::string read_preset(const std::string& rel) {
  std::ifstream in(ternsim::test::source_path(rel));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(Dramsim3CounterCells, SumToTheNamedCounterWhileTheControllerRuns) {
  // From its first section on: text starting with '[' is parsed as INI (PROVENANCE patch 3);
  // the header before it is comments.
  const std::string preset = read_preset("arch_configs/dram/ddr4_2400_x64.ini");
  const size_t first_section = preset.find("\n[");
  ASSERT_NE(first_section, std::string::npos);
  std::string ini = preset.substr(first_section + 1);
  const size_t level = ini.find("output_level = 1");  // no statistics files (as ternsim runs it)
  ASSERT_NE(level, std::string::npos);
  ini.replace(level, 16, "output_level = 0");
  dramsim3::MemorySystem mem(ini, ".", [](uint64_t) {}, [](uint64_t) {});
  const int channels = mem.GetConfig().channels;
  const std::vector<std::string> names(ternsim::Dramsim3Dram::kCounterNames,
                                       ternsim::Dramsim3Dram::kCounterNames + ternsim::Dramsim3Dram::kCounters);
  std::vector<std::vector<const uint64_t*>> cells;
  for (int ch = 0; ch < channels; ++ch)
    for (const auto& n : names) cells.push_back(mem.CounterCells(n, ch));
  Rng rng{3};
  for (int round = 0; round < 3; ++round) {
    // Random reads and writes in 4 MiB (row conflicts, turnarounds), then idle clocks.
    for (int i = 0; i < 20000; ++i) {
      const uint64_t addr = rng.next() % (1u << 22) / 64 * 64;
      const bool write = rng.next() % 4 == 0;
      if (mem.WillAcceptTransaction(addr, write)) mem.AddTransaction(addr, write);
      mem.ClockTick();
    }
    for (int i = 0; i < 20000; ++i) mem.ClockTick();
    size_t k = 0;
    for (int ch = 0; ch < channels; ++ch)
      for (const auto& n : names) EXPECT_EQ(sum(cells[k++]), mem.Counter(n, ch)) << n << " channel " << ch;
  }
  // The traffic moved what it should have (else equal zeros would prove little): reads,
  // writes, activations, read->write turnarounds, rank-active and all-bank-idle clocks.
  for (const char* n : {"num_reads_done", "num_writes_done", "num_act_cmds", "ternsim_read_to_write",
                        "rank_active_cycles", "all_bank_idle_cycles"})
    EXPECT_GT(mem.Counter(n, 0), 100u) << n;
}
