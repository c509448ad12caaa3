// Tensor parallel (Megatron-LM style, Shoeybi et al. 2019, arXiv 1909.08053, Sec. 3): a GEMM
// whose input is whole on every worker is column-parallel (N split, output stays split); a
// GEMM whose input is split is row-parallel (K split) and is followed by an all-reduce of its
// partial sums. Elementwise ops and the MLGRU run on their slice (the MLGRU state is
// partitioned along d). A row reduction (rmsnorm, quantize's absmax, softmax) over a split
// tensor all-reduces one fp32 statistic per row: ASSUMPTION, the rescale after it is folded
// into the op's consumer. Outputs still split at the end of the workload (the LM head's
// logits) are all-gathered. Dimensions that do not divide by tp are padded (SystemPlan::padding).
#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

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
    // Pipeline sends already in the plan (tp x pp): whether the tensor each carries is split
    // over the tensor ranks, known once its sending stage is sharded. Stages come in pipeline
    // order, so a send is always sharded before its receive.
    std::map<uint64_t, bool> send_split;
    std::map<std::pair<uint32_t, uint64_t>, uint64_t> rank_ids;  // (rank, rank 0's send) -> rank's send
    std::vector<WorkerProgram> out;
    for (WorkerProgram& p : plan.programs) {
      const uint32_t rep = p.workers.front();
      std::vector<uint32_t> group;
      for (uint32_t t = 0; t < s.tp; ++t) group.push_back(rep - rep % s.tp + t);
      // The other tensor groups this program stands for (data replicas) run the same
      // collectives among themselves.
      std::vector<std::vector<uint32_t>> twins;
      for (uint32_t w : p.workers)
        if (w % s.tp == 0 && w != group.front()) {
          twins.emplace_back();
          for (uint32_t t = 0; t < s.tp; ++t) twins.back().push_back(w + t);
        }
      p.workload = shard(plan, p, group, twins, arch, send_split);
      if (!s.simulate_all_workers) {
        out.push_back(std::move(p));
        continue;
      }
      for (uint32_t t = 0; t < s.tp; ++t) {
        WorkerProgram r;
        for (uint32_t w : p.workers)
          if (w % s.tp == t) r.workers.push_back(w);
        r.workload = p.workload;
        if (t > 0) rank_sends(plan, r.workload, t, rank_ids);
        out.push_back(std::move(r));
      }
    }
    // Rank 0's pipeline sends now stand for themselves alone.
    if (s.simulate_all_workers)
      for (auto& c : plan.collectives) c.mirrors.clear();
    plan.programs = std::move(out);
  }

 private:
  // Every worker simulated: tensor rank t's copy of a stage gets its own pipeline sends, from
  // rank t of one stage to rank t of the next (same collective for both sides).
  static void rank_sends(SystemPlan& plan, Workload& wl, uint32_t t,
                         std::map<std::pair<uint32_t, uint64_t>, uint64_t>& ids) {
    for (Op& op : wl.ops) {
      if (op.kind != OpKind::Collective || plan.collectives[op.collective_id].kind != CollectiveKind::PointToPoint) continue;
      auto it = ids.find({t, op.collective_id});
      if (it == ids.end()) {
        CollectiveSpec c = plan.collectives[op.collective_id];
        for (uint32_t& w : c.members) w += t;  // rank 0 -> rank t of the same stage
        c.mirrors.clear();
        const uint64_t id = plan.collectives.size();
        plan.collectives.push_back(std::move(c));
        it = ids.emplace(std::make_pair(t, op.collective_id), id).first;
      }
      op.collective_id = it->second;
    }
  }

  static Workload shard(SystemPlan& plan, const WorkerProgram& prog, const std::vector<uint32_t>& group,
                        const std::vector<std::vector<uint32_t>>& twins, const ArchConfig& arch,
                        std::map<uint64_t, bool>& send_split) {
    const Workload& in = prog.workload;
    const uint32_t tp = static_cast<uint32_t>(group.size());
    Workload wl = in;
    wl.ops.clear();
    std::vector<size_t> provider(in.ops.size());  // op whose completion makes in.ops[i]'s output usable
    std::vector<bool> split(in.ops.size(), false), consumed(in.ops.size(), false);
    std::vector<bool> heads(in.ops.size(), false);  // attention scores split by heads
    auto collective = [&](const std::string& name, CollectiveKind kind, double bytes, size_t after) {
      return plan.add_collective(wl, CollectiveSpec{name, kind, bytes, group, 0, twins}, {after});
    };
    for (size_t i = 0; i < in.ops.size(); ++i) {
      Op op = in.ops[i];
      bool in_split = false, in_heads = false;
      for (size_t& d : op.deps) {
        in_split = in_split || split[d];
        in_heads = in_heads || heads[d];
        consumed[d] = true;
        d = provider[d];
      }
      bool out_split = in_split;
      bool reduce_rows = false, all_reduce_output = false;
      switch (op.kind) {
        case OpKind::Gemm:
          if (op.b_is_kv_cache) {
            // Attention over the KV cache, heads split over the ranks (Megatron-LM Sec. 3): the
            // column-parallel q/k/v projections left each rank its heads, and heads x batch are
            // folded into n (tracegen), so QK^T and PV keep k and split n, reading 1/tp of the
            // cache each; the output stays split by heads for the row-parallel output projection.
            if (!in_split)
              throw MappingError("system.parallel.tp = " + std::to_string(tp) + ": op '" + op.name +
                                 "' multiplies by the KV cache but its input is not split by heads (no "
                                 "column-parallel projection before it); tensor-parallel attention needs one");
            op.n = split_dim(plan, op, "n", op.n, tp);
            heads[i] = true;
            break;
          }
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
        case OpKind::Collective: {
          // A pipeline send or receive (tp x pp): each tensor rank sends its own copy or slice
          // to the same rank of the next stage, on its own link.
          CollectiveSpec& c = plan.collectives.at(op.collective_id);
          const bool send = std::find(prog.workers.begin(), prog.workers.end(), c.members.at(0)) != prog.workers.end();
          if (send) {
            send_split[op.collective_id] = in_split;
            if (in_split) c.bytes = std::ceil(c.bytes / tp);
            out_split = false;
          } else {
            auto it = send_split.find(op.collective_id);
            if (it == send_split.end())
              throw std::logic_error("tensor parallel: receive '" + op.name + "' sharded before its send");
            out_split = it->second;
          }
          break;
        }
        case OpKind::Mlgru:
          op.n = split_dim(plan, op, "n", op.n, tp);
          out_split = true;
          break;
        case OpKind::Softmax:
          if (in_heads) {  // one row per head: each rank normalises its own heads' rows
            op.m = split_dim(plan, op, "m", op.m, tp);
            heads[i] = true;
            break;
          }
          [[fallthrough]];
        case OpKind::RmsNorm:
        case OpKind::Quantize:
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
