// Data parallel: each of the dp replicas runs the whole model on its share of the batch
// (every op's rows m, and the MLGRU batch, divided by dp). Inference needs no collective
// between replicas. Replicas are identical, so one program stands for all of them unless
// system.simulate_all_workers asks for each.
#include "sim/config/config_error.hpp"
#include "sim/system/system_plan.hpp"

namespace ternsim {
namespace {

class DataParallel : public ParallelMapping {
 public:
  void apply(SystemPlan& plan, const ArchConfig& arch) const override {
    const SystemParams& s = *arch.system;
    if (s.dp == 1) return;
    std::vector<WorkerProgram> out;
    for (WorkerProgram& p : plan.programs) {
      Workload& wl = p.workload;
      for (Op& op : wl.ops) {
        if (op.kind == OpKind::Collective) continue;
        if (op.m < s.dp)
          throw MappingError("system.parallel.dp = " + std::to_string(s.dp) + " splits the batch, but op '" + op.name +
                             "' has only " + std::to_string(op.m) + " row(s): use a batch of at least " +
                             std::to_string(s.dp) + " (tracegen --batch) or a smaller dp");
        op.m = split_dim(plan, op, "m", op.m, s.dp);
        if (op.kind == OpKind::Mlgru) op.batch = split_dim(plan, op, "batch", op.batch, s.dp);
      }
      wl.batch = (wl.batch + s.dp - 1) / s.dp;
      if (!s.simulate_all_workers) {
        out.push_back(std::move(p));
        continue;
      }
      for (uint32_t d = 0; d < s.dp; ++d) {
        WorkerProgram r;
        for (uint32_t w : p.workers)
          if (w / (s.tp * s.pp) == d) r.workers.push_back(w);
        r.workload = wl;
        out.push_back(std::move(r));
      }
    }
    plan.programs = std::move(out);
  }
};

}  // namespace
TERNSIM_REGISTER_PARALLEL_MAPPING("data", DataParallel);
}  // namespace ternsim
