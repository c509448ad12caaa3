#pragma once
// DRAM energy from datasheet currents (IDD) and command counts, for a cycle-accurate backend that
// counts commands but has no power model of its own (Ramulator 2). The model is DRAMsim3's
// (third_party/dramsim3/src/configuration.cc, Config::InitPowerParams), per rank of
// `devices_per_rank` devices, with an optional VPP rail as Ramulator 2.0's power model has
// (ramulator2 @ 5e58d25, src/dram/lambdas/power.h):
//   activate + precharge  VDD (IDD0 tRC - (IDD3N tRAS + IDD2N tRP)) + VPP (IPP0 tRC - ...)
//   read burst            VDD (IDD4R - IDD3N) tBL          (+ VPP (IPP4R - IPP3N) tBL)
//   write burst           VDD (IDD4W - IDD3N) tBL          (+ VPP (IPP4W - IPP3N) tBL)
//   all-bank refresh      VDD (IDD5AB - IDD3N) tRFC        (+ VPP (IPP5AB - IPP3N) tRFC)
//   per-bank refresh      the all-bank refresh / banks per rank (ASSUMPTION: one bank's rows
//                         cost their share of refreshing all banks; no IDD5PB in the presets)
//   background, per clock VDD IDD3N with a bank of the rank open, VDD IDD2N with all closed
// mA x V x ns = pJ. Times are the backend's clocks x its tCK.
#include <map>
#include <string>

namespace ternsim {

struct IddPower {
  double vdd = 0, idd0 = 0, idd2n = 0, idd3n = 0, idd4r = 0, idd4w = 0, idd5ab = 0;  // V, mA
  double vpp = 0, ipp0 = 0, ipp2n = 0, ipp3n = 0, ipp4r = 0, ipp4w = 0, ipp5ab = 0;  // V, mA (optional rail)
  double devices_per_rank = 1;
  std::string source;  // where the numbers come from (reported; required in a preset)
};

// The timing the model needs, in the backend's clocks, and its clock period.
struct IddTiming {
  double nrc = 0, nras = 0, nrp = 0, nbl = 0, nrfc = 0;
  double banks_per_rank = 1;
  double tck_ns = 1;
};

// What the backend counted over a run.
struct DramCommandTally {
  double activates = 0, reads = 0, writes = 0;
  double refreshes_all_bank = 0, refreshes_per_bank = 0;
  double rank_clocks = 0;            // ranks x clocks
  double active_standby_clocks = 0;  // of those, with a bank of the rank open
};

// Energy in pJ by part: activate_precharge, read, write, refresh, background (the parts DRAMsim3
// reports, docs/dram.md "DRAM energy and losses in the reports").
std::map<std::string, double> idd_energy_pj(const IddPower& p, const IddTiming& t, const DramCommandTally& n);

}  // namespace ternsim
