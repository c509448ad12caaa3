// `ternsim calibrate-dram`: measure the analytic DRAM model's per-pattern efficiency and
// latency on the arch's cycle-accurate backend and write them to a calibration YAML
// (models/memory/dram_calibrate.hpp, docs/dram.md).
#include <cstdio>
#include <iostream>
#include <memory>

#include "models/memory/dram_calibrate.hpp"
#include "sim/cli/commands.hpp"
#include "sim/config/config_error.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/report/atomic_output.hpp"

namespace ternsim::cli {
namespace {

struct CalibrateOptions {
  std::string arch, out;
  std::vector<std::string> overrides;
  double window_us = 200;
};

std::function<int()> setup_calibrate_dram(CLI::App& app) {
  auto* cmd = app.add_subcommand("calibrate-dram",
                                 "Measure the DRAM access patterns on the arch's cycle-accurate backend (dram.dramsim3 or dram.ramulator2) "
                                 "and write the analytic model's calibration YAML (dram.calibration)");
  auto o = std::make_shared<CalibrateOptions>();
  cmd->add_option("--arch,-a", o->arch, "Architecture YAML with a dram.dramsim3 or dram.ramulator2 section (or dram.model: one of them)")->required();
  cmd->add_option("--out,-o", o->out, "Calibration YAML to write (default: the arch's dram.calibration)");
  cmd->add_option("--set,-s", o->overrides, "Override an arch key: dotted.key=value (repeatable)");
  cmd->add_option("--window-us", o->window_us,
                  "Traffic per measurement, in microseconds at peak bandwidth (default 200: >= 20 refresh intervals)");
  return [=]() {
    try {
      if (!(o->window_us >= 1 && o->window_us <= 1e5))
        {
        char got[32];
        std::snprintf(got, sizeof got, "%g", o->window_us);
        throw ConfigError(std::string("--window-us: expected a number in [1, 100000], got ") + got);
      }
      std::string out = o->out;
      if (out.empty()) {  // the file the arch references, resolved relative to the arch
        ConfigNode root = ConfigNode::load_file(o->arch);
        for (const auto& s : o->overrides) root.apply_override(s);
        ConfigNode dram = root.child("dram");
        if (!dram.has("calibration"))
          throw ConfigError(o->arch + ": give --out FILE (the arch has no dram.calibration to write to)");
        out = dram.path("calibration");
      }
      // The calibration being replaced may be stale (measured on another preset): not read.
      std::vector<std::string> overrides = o->overrides;
      overrides.push_back("dram.calibration=null");
      ArchConfig arch = load_arch_file(o->arch, overrides);
      const DramCalibrationRun run = calibrate_dram(arch.dram, arch.clock_mhz, o->window_us);
      write_file_atomic(out, run.yaml());
      const DramCalibration& c = run.calibration;
      std::cout << "calibrated " << c.backend << " " << c.describe_backend() << ", " << c.describe_organisation()
                << ", window " << run.window_bytes << " B\n";
      for (size_t i = 0; i < kDramPatterns; ++i)
        std::cout << "  " << pattern_name(DramPattern(i)) << ": efficiency " << c.patterns[i].efficiency << ", latency "
                  << c.patterns[i].latency_ns << " ns\n";
      std::cout << "  written to " << out << "\n";
      return 0;
    } catch (const std::exception& e) {
      return report_error(e);
    }
  };
}

}  // namespace
TERNSIM_REGISTER_COMMAND("calibrate-dram", setup_calibrate_dram);
}  // namespace ternsim::cli
