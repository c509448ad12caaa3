// `ternsim cosim`: real weight tiles of every ternary GEMM through the verilated RTL tile and
// the functional / transaction-level models; bit and cycle agreement per op
// (models/rtl/rtl_cosim.hpp, docs/rtl_tile.md). Built only with TERNSIM_RTL=ON.
#include <filesystem>
#include <sstream>
#include <iostream>

#include "models/rtl/rtl_cosim.hpp"
#include "sim/cli/commands.hpp"
#include "sim/config/config_error.hpp"
#include "sim/report/atomic_output.hpp"
#include "sim/workload/workload_loader.hpp"

namespace ternsim::cli {
namespace {

struct CosimArgs {
  std::string arch, workload, vcd, out;
  std::vector<std::string> overrides;
  rtl::CosimOptions opt;
};

std::function<int()> setup_cosim(CLI::App& app) {
  auto* cmd = app.add_subcommand("cosim", "Run real tiles through the verilated RTL tile and the models; report bit and cycle agreement");
  auto a = std::make_shared<CosimArgs>();
  cmd->add_option("--arch,-a", a->arch, "Architecture YAML (ternary array matching a verilated RTL build)")->required();
  cmd->add_option("--workload,-w", a->workload, "Workload IR YAML")->required();
  cmd->add_option("--set,-s", a->overrides, "Override an arch key: dotted.key=value (repeatable)");
  cmd->add_option("--max-tiles", a->opt.max_tiles, "Weight tiles to co-simulate over all ternary GEMMs")
      ->capture_default_str()->check(CLI::Range(uint64_t(1), uint64_t(1) << 20));
  cmd->add_option("--max-m", a->opt.max_m, "Activation rows per tile (the op's m, capped)")
      ->capture_default_str()->check(CLI::Range(uint64_t(1), uint64_t(4096)));
  cmd->add_option("--seed", a->opt.seed, "Functional-mode data seed (same operands as run --functional)")->capture_default_str();
  cmd->add_option("--vcd", a->vcd, "Write the RTL tile's waveforms (needs a TRACE build of that tile)");
  cmd->add_option("--out,-o", a->out, "Directory for cosim.csv and cosim.md");
  return [=]() {
    try {
      ArchConfig arch = load_arch_file(a->arch, a->overrides);
      Workload wl = load_workload_file(a->workload);
      if (!a->out.empty()) OutputDir::check(a->out);
      const rtl::RtlTileBuild& build = rtl::select_rtl_tile(arch);
      // SystemC elaborates once: the one tile instance is built before the first run().
      auto tile = build.make("rtl_tile", sc_core::sc_time(1, sc_core::SC_NS));
      if (!a->vcd.empty() && !tile->enable_vcd(a->vcd))
        throw ConfigError(std::string("--vcd: RTL build ") + build.name +
                          " was verilated without TRACE (reconfigure with -DTERNSIM_RTL_TRACE=ON)");
      rtl::CosimReport rep = rtl::run_cosim(arch, wl, *tile, build, a->opt);
      rtl::print_cosim(rep, std::cout);
      if (!a->out.empty()) {
        OutputDir dir(a->out, {"cosim.csv", "cosim.md"});
        std::ostringstream csv, md;
        rtl::write_cosim_csv(rep, csv);
        rtl::write_cosim_md(rep, md);
        dir.write("cosim.csv", csv.str());
        dir.write("cosim.md", md.str());
        dir.commit();
        std::cout << "  results in " << a->out << "/ (cosim.csv, cosim.md)\n";
      }
      if (rep.tiles() == 0) throw ConfigError(a->workload + ": no ternary GEMM with int8 activations to co-simulate");
      return rep.agree() ? 0 : 1;
    } catch (const std::exception& e) {
      return report_error(e);
    }
  };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("cosim", setup_cosim);
}  // namespace ternsim::cli
