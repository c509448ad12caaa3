#include "sim/cli/run_extras.hpp"

#include <filesystem>
#include <sstream>

#include "sim/config/config_error.hpp"
#include "sim/functional/functional_run.hpp"
#include "sim/report/trace_json.hpp"
#include "sim/workload/workload_loader.hpp"

namespace ternsim::cli {

void add_run_extras(CLI::App* cmd, RunExtras& x) {
  cmd->add_option("--trace", x.trace_path, "Write a Chrome/Perfetto trace-event timeline (JSON) to this file");
  auto* f = cmd->add_flag("--functional", x.functional,
                          "Also compute bit-accurate results (ternary GEMM, quantize, RMSNorm, SiLU, sigmoid) on seeded data");
  cmd->add_option("--dump", x.dump_dir, "With --functional: write inputs, weights and outputs as .npy here (files named from the op names, unsafe characters replaced; manifest.json lists them)")->needs(f);
  cmd->add_option("--seed", x.seed, "With --functional: seed of the synthetic operands")->needs(f);
}

void begin_run_extras(RunExtras& x) {
  if (x.trace_path.empty()) return;
  x.timeline = std::make_unique<Timeline>();
  Timeline::set_active(x.timeline.get());
}

void finish_run_extras(RunExtras& x, const RunRequest& req, const RunResult& r, OutputDir* out_dir,
                       std::ostream& log) {
  if (x.timeline) {
    Timeline::set_active(nullptr);
    const Workload wl = load_workload_file(req.workload_path);  // its deps become flow arrows
    write_chrome_trace(*x.timeline, r, x.trace_path, &wl);
    log << "  timeline in " << x.trace_path << " (" << x.timeline->spans().size()
        << " spans; open in ui.perfetto.dev)\n";
  }
  if (!x.functional) return;
  // Loaded again rather than shared with the timed run: the functional model must not be
  // able to influence timing, and loading is deterministic.
  ArchConfig arch = load_arch_file(req.arch_path, req.overrides);
  Workload wl = load_workload_file(req.workload_path);
  functional::FunctionalReport rep = functional::run_functional(arch, wl, {x.seed, x.dump_dir});
  if (out_dir) {
    std::ostringstream f;
    functional::write_functional_csv(rep, f);
    out_dir->write("functional.csv", f.str());
  }
  uint64_t computed = 0, with_overflow = 0;
  const functional::FunctionalOpResult* worst = nullptr;
  for (const auto& o : rep.ops) {
    if (o.status != "computed") continue;
    ++computed;
    if (o.overflows) ++with_overflow;
    if (!worst || o.overflows > worst->overflows) worst = &o;
  }
  log << "\n  functional     " << computed << " of " << rep.ops.size() << " ops computed bit-accurately (seed " << rep.seed
      << ", acc " << rep.acc_bits << " bit " << rep.acc_overflow << ", vector Q" << rep.frac_bits << " frac bits)\n";
  log << "  overflows      " << rep.total_overflows() << " events in " << with_overflow << " op(s)";
  if (worst && worst->overflows) log << ", most in " << worst->name << " (" << worst->overflows << ")";
  log << "\n";
  if (!x.dump_dir.empty()) log << "  dumped .npy + manifest.json in " << x.dump_dir << "/\n";
}

}  // namespace ternsim::cli
