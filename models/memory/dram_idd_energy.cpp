#include "models/memory/dram_idd_energy.hpp"

#include <algorithm>

namespace ternsim {

std::map<std::string, double> idd_energy_pj(const IddPower& p, const IddTiming& t, const DramCommandTally& n) {
  // Both rails' V x mA for a current and the standby current it is measured above.
  auto above = [&](double idd, double idd_base, double ipp, double ipp_base) {
    return p.vdd * (idd - idd_base) + p.vpp * (ipp - ipp_base);
  };
  const double per_clock = p.devices_per_rank * t.tck_ns;  // V x mA x clocks -> pJ for a rank
  const double act = (p.vdd * (p.idd0 * t.nrc - (p.idd3n * t.nras + p.idd2n * t.nrp)) +
                      p.vpp * (p.ipp0 * t.nrc - (p.ipp3n * t.nras + p.ipp2n * t.nrp))) * per_clock;
  const double rd = above(p.idd4r, p.idd3n, p.ipp4r, p.ipp3n) * t.nbl * per_clock;
  const double wr = above(p.idd4w, p.idd3n, p.ipp4w, p.ipp3n) * t.nbl * per_clock;
  const double ref_ab = above(p.idd5ab, p.idd3n, p.ipp5ab, p.ipp3n) * t.nrfc * per_clock;
  const double active = std::min(n.active_standby_clocks, n.rank_clocks);
  const double bg = ((p.vdd * p.idd3n + p.vpp * p.ipp3n) * active +
                     (p.vdd * p.idd2n + p.vpp * p.ipp2n) * (n.rank_clocks - active)) * per_clock;
  return {{"activate_precharge", n.activates * act},
          {"read", n.reads * rd},
          {"write", n.writes * wr},
          {"refresh", n.refreshes_all_bank * ref_ab + n.refreshes_per_bank * ref_ab / std::max(1.0, t.banks_per_rank)},
          {"background", bg}};
}

}  // namespace ternsim
