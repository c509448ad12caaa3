#include "sim/engine/accelerator.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "sim/config/config_error.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/mapping/level_mapper.hpp"

namespace ternsim {

// A multi-step decode trace repeats each layer's mlgru once per step as "t<j>.<layer op>"
// (tracegen's naming); those share one state, so they are reserved once.
static std::string state_identity(const std::string& name) {
  size_t i = 0;
  if (name.size() > 2 && name[0] == 't') {
    i = 1;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    if (i > 1 && i < name.size() && name[i] == '.') return name.substr(i + 1);
  }
  return name;
}

SramParams act_buffer_after_recurrent_state(const Workload& wl, const SramParams& act) {
  std::map<std::string, uint64_t> states;
  for (const Op& op : wl.ops)
    if (op.kind == OpKind::Mlgru && !op.state_in_dram) {
      uint64_t& b = states[state_identity(op.name)];
      b = std::max(b, MlgruParams::state_bytes(op));
    }
  uint64_t reserved = 0, count = states.size();
  for (const auto& [id, b] : states) reserved += b;
  if (reserved > act.capacity_bytes)
    throw MappingError("the on-chip MLGRU state (batch x d x bits) of " + std::to_string(count) + " recurrent layer(s) needs " +
                       std::to_string(reserved) + " bytes but sram.act_buffer holds " +
                       std::to_string(act.capacity_bytes) +
                       " bytes: use state: dram (tracegen --mlgru-state dram) or a larger sram.act_buffer.capacity_kib");
  SramParams left = act;
  left.capacity_bytes -= reserved;
  return left;
}

Accelerator::Accelerator(sc_core::sc_module_name name, const ArchConfig& arch, const Workload& wl,
                         const LinkUnitFactory& link, std::unique_ptr<DramModel> dram)
    : sc_module(name), arch_(arch), wl_(wl), ops_(wl), dram_(std::move(dram)) {
  // On-chip MLGRU states persist across tokens (every layer keeps its own h), so they are
  // reserved in the activation buffer for the whole run; the GEMM passes and vector ops get
  // what is left.
  const SramParams act = act_buffer_after_recurrent_state(wl, arch.ctx.act_buffer);
  ops_.set_planner([&arch, act, this](const Op& op) {
    GemmPlan p = plan_gemm(op, *arch.array, arch.ctx.weight_buffer, arch.dma.buffers, act);
    if (arch.memory) place_gemm(op, p);
    return p;
  });
  for (size_t i = 0; i < wl.ops.size(); ++i)
    if (unit_of(wl.ops[i].kind) == UnitKind::Array) array_queue_.push_op(ops_, i);
  if (!dram_) dram_ = make_dram(arch.dram, arch.clock_mhz);
  dma_ = std::make_unique<WeightDma>("dma", arch.dma, *dram_, ops_, array_queue_);
  array_ = std::make_unique<ArrayUnit>("array", ops_, *arch.array, *dma_, *dram_);
  vector_ = std::make_unique<VectorUnit>("vector", ops_, arch.vector, act, *dram_);
  mlgru_ = std::make_unique<MlgruUnit>("mlgru", ops_, arch.recurrent, *dram_);
  std::vector<size_t> collective_ops;
  for (size_t i = 0; i < wl.ops.size(); ++i) {
    switch (unit_of(wl.ops[i].kind)) {
      case UnitKind::Array: array_->queue().push_op(ops_, i); break;
      case UnitKind::Vector: vector_->queue().push_op(ops_, i); break;
      case UnitKind::Recurrent: mlgru_->queue().push_op(ops_, i); break;
      case UnitKind::Link: collective_ops.push_back(i); break;
    }
  }
  if (!collective_ops.empty()) {
    if (!link) throw MappingError("op '" + wl.ops[collective_ops[0]].name + "' is a collective but the chip is not part of a system");
    link_ = link(ops_, collective_ops);
  }
  if (wl.loop) loop_ = make_step_loop(ops_, *dram_, arch.dram.kind, *dma_, wl.per_step_records, arch.loop);
}

void Accelerator::place_gemm(const Op& op, GemmPlan& p) {
  auto lp = std::make_shared<const LevelPlan>(map_levels(op, p, *arch_.array, *arch_.memory));
  p.levels = lp;
  placed_[op.name] = PlacedGemm{op, p.spills, p.weight_bytes, *lp};
}

RunResult Accelerator::collect() const {
  RunResult r = collect_records();
  if (arch_.memory) apply_memory_hierarchy(*arch_.memory, placed_, arch_.array->output_bits(), r);
  return r;
}

RunResult Accelerator::collect_records() const {
  RunResult r;
  r.arch = arch_.name;
  r.workload = wl_.name;
  r.phase = wl_.phase;
  r.clock_mhz = arch_.clock_mhz;
  r.tokens = wl_.tokens;
  r.batch = wl_.batch;
  r.dram_channels = dram_->channels();
  r.dram_peak_bytes_per_cycle = dram_->bytes_per_cycle();
  r.peak_macs_per_cycle = arch_.array->peak_macs_per_cycle();
  r.dram_busy_cycles = dram_->busy_cycles();
  // Up to now: the end of this simulation (of every chip in a system, which the DRAM idles to).
  r.dram_idle = dram_->idle_gaps(now_cycles());
  r.dram_backend = dram_->stats().as_map();
  if (loop_) {
    r.dram_busy_cycles += loop_->collect(r);
    r.dram_idle += loop_->idle_extrapolated();
    r.loop = loop_->stats();
    r.seconds = double(r.cycles) / (arch_.clock_mhz * 1e6);
    r.resolved_arch_yaml = yaml_to_string(arch_.doc->resolved);
    return r;
  }
  uint64_t end = 0;
  for (size_t i = 0; i < ops_.size(); ++i) {
    OpRecord rec = const_cast<OpTable&>(ops_)[i].rec;
    rec.events.add("dram.read_bit." + arch_.dram.kind, 8.0 * rec.dram_read_bytes);
    rec.events.add("dram.write_bit." + arch_.dram.kind, 8.0 * rec.dram_write_bytes);
    end = std::max(end, rec.end_cycle);
    r.dram_read_bytes += rec.dram_read_bytes;
    r.dram_write_bytes += rec.dram_write_bytes;
    r.ops += rec.ops;
    if (wl_.ops[i].kind == OpKind::Gemm) r.useful_macs += double(wl_.ops[i].m) * wl_.ops[i].n * wl_.ops[i].k;
    r.events.merge(rec.events);
    UnitStats& u = r.units[rec.unit];
    u.busy_cycles += rec.compute_cycles;
    u.ops += 1;
    r.op_records.push_back(rec);
  }
  r.cycles = end;
  r.seconds = double(end) / (arch_.clock_mhz * 1e6);
  r.resolved_arch_yaml = yaml_to_string(arch_.doc->resolved);
  return r;
}

}  // namespace ternsim
