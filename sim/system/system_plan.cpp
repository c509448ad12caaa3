#include "sim/system/system_plan.hpp"

#include <algorithm>
#include <set>

#include "sim/config/config_error.hpp"

namespace ternsim {

void SystemPlan::finalize(uint32_t workers) {
  std::vector<int64_t> program_of(workers, -1);
  for (size_t p = 0; p < programs.size(); ++p)
    for (uint32_t w : programs[p].workers) {
      if (w >= workers || program_of[w] != -1)
        throw std::logic_error("parallel mapping: worker " + std::to_string(w) + " mapped twice or out of range");
      program_of[w] = int64_t(p);
    }
  for (uint32_t w = 0; w < workers; ++w)
    if (program_of[w] == -1) throw std::logic_error("parallel mapping: worker " + std::to_string(w) + " has no program");
  for (auto& c : collectives) {
    std::set<int64_t> progs;
    for (uint32_t w : c.members) progs.insert(program_of.at(w));
    c.arrivals = static_cast<uint32_t>(progs.size());
  }
}

size_t SystemPlan::add_collective(Workload& wl, CollectiveSpec spec, std::vector<size_t> deps) {
  Op op;
  op.name = spec.name;
  op.kind = OpKind::Collective;
  op.m = 1;
  op.collective_id = collectives.size();
  op.deps = std::move(deps);
  collectives.push_back(std::move(spec));
  wl.ops.push_back(std::move(op));
  return wl.ops.size() - 1;
}

uint64_t split_dim(SystemPlan& plan, const Op& op, const char* dim, uint64_t x, uint32_t parts) {
  const uint64_t share = (x + parts - 1) / parts;
  if (share * parts != x) plan.padding.push_back(Padding{op.name, dim, x / parts, share});
  return share;
}

SystemPlan plan_system(const ArchConfig& arch, const Workload& wl) {
  const SystemParams& s = *arch.system;
  SystemPlan plan;
  WorkerProgram all;
  for (uint32_t w = 0; w < s.workers(); ++w) all.workers.push_back(w);
  all.workload = wl;
  plan.programs.push_back(std::move(all));
  for (const char* name : {"data", "pipeline", "tensor"}) ParallelMappingRegistry::make(name)->apply(plan, arch);
  plan.finalize(s.workers());
  return plan;
}

}  // namespace ternsim
