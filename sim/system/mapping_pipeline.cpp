// Pipeline parallel (GPipe style, Huang et al. 2019, arXiv 1811.06965): the op list is cut
// into pp contiguous stages holding about equal GEMM weights (an op goes to the stage its
// weights' midpoint falls in), one stage per worker. The batch is split into
// parallel.micro_batches micro-batches that flow through the stages; a tensor crossing a
// stage boundary is sent point to point (one send/recv pair per tensor, stage and
// micro-batch). A stage receives on its own link port while it computes, so in steady state
// a micro-batch leaves the pipeline every (slowest stage's time per micro-batch).
#include <algorithm>
#include <map>

#include "sim/config/config_error.hpp"
#include "sim/system/system_plan.hpp"

namespace ternsim {
namespace {

uint64_t output_bytes(const Op& op, const ArchConfig& arch) {
  const uint64_t bits = op.kind == OpKind::Gemm ? arch.array->output_bits() : op.bits;
  return op.m * op.n * bits / 8;
}

class PipelineParallel : public ParallelMapping {
 public:
  void apply(SystemPlan& plan, const ArchConfig& arch) const override {
    const SystemParams& s = *arch.system;
    if (s.pp == 1 && s.micro_batches == 1) return;
    std::vector<WorkerProgram> out;
    for (WorkerProgram& p : plan.programs) {
      std::vector<WorkerProgram> stages = split(plan, p, arch);
      for (auto& st : stages) out.push_back(std::move(st));
    }
    plan.programs = std::move(out);
  }

 private:
  static std::vector<WorkerProgram> split(SystemPlan& plan, const WorkerProgram& p, const ArchConfig& arch) {
    const SystemParams& s = *arch.system;
    const Workload& in = p.workload;
    const uint32_t pp = s.pp, mb = s.micro_batches;
    // Stage of each op, by the midpoint of its weights in the running total.
    double total = 0;
    for (const Op& op : in.ops)
      if (op.kind == OpKind::Gemm && !op.b_is_kv_cache) total += double(op.k) * op.n;
    std::vector<uint32_t> stage(in.ops.size(), 0);
    double before = 0;
    for (size_t i = 0; i < in.ops.size(); ++i) {
      const Op& op = in.ops[i];
      const double w = op.kind == OpKind::Gemm && !op.b_is_kv_cache ? double(op.k) * op.n : 0;
      if (total > 0) stage[i] = std::min<uint32_t>(pp - 1, static_cast<uint32_t>((before + w / 2) * pp / total));
      before += w;
    }
    std::vector<WorkerProgram> out(pp);
    for (uint32_t st = 0; st < pp; ++st) {
      for (uint32_t w : p.workers)
        if ((w / s.tp) % pp == st) out[st].workers.push_back(w);
      out[st].workload.name = in.name;
      out[st].workload.phase = in.phase;
      out[st].workload.tokens = in.tokens;
      out[st].workload.batch = (in.batch + mb - 1) / mb;
    }
    for (uint32_t j = 0; j < mb; ++j) {
      const std::string suffix = mb > 1 ? ".mb" + std::to_string(j) : "";
      std::vector<size_t> index(in.ops.size());  // op i of this micro-batch, in its stage's workload
      std::map<std::pair<size_t, uint32_t>, size_t> received;  // (producer, stage) -> recv op
      for (size_t i = 0; i < in.ops.size(); ++i) {
        Op op = in.ops[i];
        Workload& wl = out[stage[i]].workload;
        op.name += suffix;
        if (mb > 1) {
          if (op.m < mb)
            throw MappingError("system.parallel.micro_batches = " + std::to_string(mb) + " splits the batch, but op '" +
                               in.ops[i].name + "' has only " + std::to_string(op.m) + " row(s)");
          op.m = split_dim(plan, in.ops[i], "m", op.m, mb);
          if (op.kind == OpKind::Mlgru) op.batch = split_dim(plan, in.ops[i], "batch", op.batch, mb);
        }
        for (size_t& d : op.deps) {
          if (stage[d] == stage[i]) {
            d = index[d];
            continue;
          }
          auto key = std::make_pair(d, stage[i]);
          auto it = received.find(key);
          if (it == received.end()) {
            const uint32_t src = out[stage[d]].workers.front(), dst = out[stage[i]].workers.front();
            Op produced = in.ops[d];
            produced.m = out[stage[d]].workload.ops[index[d]].m;
            CollectiveSpec spec{in.ops[d].name + suffix + ".to_stage" + std::to_string(stage[i]),
                                CollectiveKind::PointToPoint, double(output_bytes(produced, arch)), {src, dst}, 0, {}};
            // The workers this pair stands for (tensor ranks, data replicas: both stages list
            // them in the same order) send the same tensor between themselves at the same time.
            const auto& from = out[stage[d]].workers;
            const auto& to = out[stage[i]].workers;
            for (size_t k = 1; k < from.size() && k < to.size(); ++k) spec.mirrors.push_back({from[k], to[k]});
            // The same collective id appears on both sides: a send on the producer's stage
            // (after the producer) and a receive on the consumer's stage.
            const size_t send = plan.add_collective(out[stage[d]].workload, spec, {index[d]});
            Op recv = out[stage[d]].workload.ops[send];
            recv.deps = {};
            wl.ops.push_back(recv);
            it = received.emplace(key, wl.ops.size() - 1).first;
          }
          d = it->second;
        }
        wl.ops.push_back(std::move(op));
        index[i] = wl.ops.size() - 1;
      }
    }
    return out;
  }
};

}  // namespace
TERNSIM_REGISTER_PARALLEL_MAPPING("pipeline", PipelineParallel);
}  // namespace ternsim
