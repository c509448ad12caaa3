// Tensor parallel (Megatron-LM style, Shoeybi et al. 2019, arXiv 1909.08053, Sec. 3): a GEMM
// whose input is whole on every worker is column-parallel (N split, output stays split); a
// GEMM whose input is split is row-parallel (K split) and is followed by an all-reduce of its
// partial sums. Elementwise ops and the MLGRU run on their slice (the MLGRU state is
// partitioned along d). A row reduction (rmsnorm, quantize's absmax, softmax) over a split
// tensor all-reduces one fp32 statistic per row: ASSUMPTION, the rescale after it is folded
// into the op's consumer. Outputs still split at the end of the workload (the LM head's
// logits) are all-gathered. Dimensions that do not divide by tp are padded (SystemPlan::padding).
#include "sim/config/config_error.hpp"
#include "sim/system/system_plan.hpp"

namespace ternsim {
namespace {

uint64_t output_bytes(const Op& op, const ArchConfig& arch) {
  const uint64_t bits = op.kind == OpKind::Gemm ? arch.array->output_bits() : op.bits;
  return op.m * op.n * bits / 8;
}

class TensorParallel : public ParallelMapping {
 public:
  void apply(SystemPlan& plan, const ArchConfig& arch) const override {
    const SystemParams& s = *arch.system;
    if (s.tp == 1) return;
    std::vector<WorkerProgram> out;
    for (WorkerProgram& p : plan.programs) {
      const uint32_t rep = p.workers.front();
      std::vector<uint32_t> group;
      for (uint32_t t = 0; t < s.tp; ++t) group.push_back(rep - rep % s.tp + t);
      p.workload = shard(plan, p.workload, group, arch);
      if (!s.simulate_all_workers) {
        out.push_back(std::move(p));
        continue;
      }
      for (uint32_t t = 0; t < s.tp; ++t) {
        WorkerProgram r;
        for (uint32_t w : p.workers)
          if (w % s.tp == t) r.workers.push_back(w);
        r.workload = p.workload;
        out.push_back(std::move(r));
      }
    }
    plan.programs = std::move(out);
  }

 private:
  static Workload shard(SystemPlan& plan, const Workload& in, const std::vector<uint32_t>& group,
                        const ArchConfig& arch) {
    const uint32_t tp = static_cast<uint32_t>(group.size());
    Workload wl = in;
    wl.ops.clear();
    std::vector<size_t> provider(in.ops.size());  // op whose completion makes in.ops[i]'s output usable
    std::vector<bool> split(in.ops.size(), false), consumed(in.ops.size(), false);
    auto collective = [&](const std::string& name, CollectiveKind kind, double bytes, size_t after) {
      return plan.add_collective(wl, CollectiveSpec{name, kind, bytes, group, 0}, {after});
    };
    for (size_t i = 0; i < in.ops.size(); ++i) {
      Op op = in.ops[i];
      bool in_split = false;
      for (size_t& d : op.deps) {
        in_split = in_split || split[d];
        consumed[d] = true;
        d = provider[d];
      }
      bool out_split = in_split;
      bool reduce_rows = false, all_reduce_output = false;
      switch (op.kind) {
        case OpKind::Gemm:
          if (op.b_is_kv_cache)
            throw MappingError("system.parallel.tp = " + std::to_string(tp) + ": op '" + op.name +
                               "' multiplies by the KV cache; tensor-parallel attention is not modelled yet");
          // Per-tile zero fractions describe the whole matrix; a slice keeps their mean.
          op.tile_zeros = {};
          if (in_split) {
            op.k = split_dim(plan, op, "k", op.k, tp);
            all_reduce_output = true;
            out_split = false;
          } else {
            op.n = split_dim(plan, op, "n", op.n, tp);
            out_split = true;
          }
          break;
        case OpKind::Embedding: out_split = false; break;  // the table is replicated
        case OpKind::Mlgru:
          op.n = split_dim(plan, op, "n", op.n, tp);
          out_split = true;
          break;
        case OpKind::RmsNorm:
        case OpKind::Quantize:
        case OpKind::Softmax:
          if (in_split) {
            op.n = split_dim(plan, op, "n", op.n, tp);
            reduce_rows = true;
          }
          break;
        default:
          if (in_split) op.n = split_dim(plan, op, "n", op.n, tp);
          break;
      }
      const uint64_t m = op.m;
      const uint64_t full_bytes = output_bytes(in.ops[i], arch);
      wl.ops.push_back(std::move(op));
      size_t last = wl.ops.size() - 1;
      if (all_reduce_output)
        last = collective(in.ops[i].name + ".all_reduce", CollectiveKind::AllReduce, double(full_bytes), last);
      if (reduce_rows)
        last = collective(in.ops[i].name + ".row_stat_all_reduce", CollectiveKind::AllReduce, double(m * 4), last);
      provider[i] = last;
      split[i] = out_split;
    }
    for (size_t i = 0; i < in.ops.size(); ++i)
      if (split[i] && !consumed[i])
        collective(in.ops[i].name + ".all_gather", CollectiveKind::AllGather, double(output_bytes(in.ops[i], arch)),
                   provider[i]);
    return wl;
  }
};

}  // namespace
TERNSIM_REGISTER_PARALLEL_MAPPING("tensor", TensorParallel);
}  // namespace ternsim
