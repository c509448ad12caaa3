#include "sim/engine/accelerator.hpp"

#include "sim/engine/sim_time.hpp"

namespace ternsim {

Accelerator::Accelerator(sc_core::sc_module_name name, const ArchConfig& arch, const Workload& wl)
    : sc_module(name), arch_(arch), wl_(wl), ops_(wl) {
  for (size_t i = 0; i < wl.ops.size(); ++i) {
    const Op& op = wl.ops[i];
    if (unit_of(op.kind) == UnitKind::Array) {
      ops_[i].plan = plan_gemm(op, *arch.array, arch.ctx.weight_buffer, arch.dma.buffers, arch.ctx.act_buffer);
      array_queue_.push_back(i);
    }
  }
  dram_ = std::make_unique<Dram>("dram", arch.dram, arch.clock_mhz);
  dma_ = std::make_unique<WeightDma>("dma", arch.dma, *dram_, ops_, array_queue_);
  array_ = std::make_unique<ArrayUnit>("array", ops_, *arch.array, *dma_, *dram_);
  vector_ = std::make_unique<VectorUnit>("vector", ops_, arch.vector, arch.ctx.act_buffer, *dram_);
  mlgru_ = std::make_unique<MlgruUnit>("mlgru", ops_, arch.recurrent, *dram_);
  for (size_t i = 0; i < wl.ops.size(); ++i) {
    switch (unit_of(wl.ops[i].kind)) {
      case UnitKind::Array: array_->enqueue(i); break;
      case UnitKind::Vector: vector_->enqueue(i); break;
      case UnitKind::Recurrent: mlgru_->enqueue(i); break;
    }
  }
}

RunResult Accelerator::collect() const {
  RunResult r;
  r.arch = arch_.name;
  r.workload = wl_.name;
  r.phase = wl_.phase;
  r.clock_mhz = arch_.clock_mhz;
  r.tokens = wl_.tokens;
  r.batch = wl_.batch;
  r.dram_channels = arch_.dram.channels;
  r.dram_peak_bytes_per_cycle = dram_->bytes_per_cycle();
  r.peak_macs_per_cycle = arch_.array->peak_macs_per_cycle();
  r.dram_busy_cycles = dram_->busy_cycles();
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
