#include "models/memory/dma.hpp"

#include <algorithm>
#include <string>

#include "sim/engine/sim_time.hpp"
#include "sim/engine/thread_stack.hpp"
#include "sim/stats/timeline.hpp"

namespace ternsim {

DmaParams DmaParams::from_config(ConfigNode n) {
  DmaParams p;
  p.buffers = static_cast<uint32_t>(n.integer("buffers", 2, 1, 64));
  n.finish();
  return p;
}

WeightDma::WeightDma(sc_core::sc_module_name name, const DmaParams& p, DramModel& dram, OpTable& ops,
                     const UnitQueue& array_queue)
    : sc_module(name),
      params_(p),
      dram_(dram),
      ops_(ops),
      queue_(array_queue),
      slots_("slots", static_cast<int>(p.buffers)),
      arrivals_("arrivals", static_cast<int>(p.buffers) + 1) {
  SC_THREAD(stream);
  set_stack_size(kThreadStackBytes);
}

void WeightDma::release_slot(const ChunkArrival& a) {
  if (a.bytes)
    if (Timeline* tl = Timeline::active()) tl->add_step("weight_buffer", now_cycles(), -double(a.bytes));
  slots_.post();
}

void WeightDma::stream() {
  size_t i = 0;
  for (UnitQueue::Cursor cur; queue_.next(cur, ops_, i);) {
    OpState& s = ops_[i];
    if (s.op->b_is_kv_cache) ops_.wait_for_deps(i);
    const std::string tensor = (s.op->b_is_kv_cache ? "kv:" : "weights:") + DramLayout::tensor_identity(s.op->name);
    for (uint64_t pass = 0; pass < s.plan.passes; ++pass) {
      uint64_t offset = 0;
      for (const auto& c : s.plan.chunks) {
        slots_.wait();
        if (params_.weights_resident) {  // preloaded on chip (system.weights: resident): no DRAM
          ++issued_;
          in_flight_.push_back(now_cycles());
          arrivals_.write(ChunkArrival{i, now_cycles()});
          continue;
        }
        const uint64_t addr = dram_.layout().region(tensor, s.plan.weight_bytes) + offset;
        offset += c.bytes;
        uint64_t ready = dram_.request(addr, c.bytes, false);
        // Chunks may be in flight together; the track shows each from when the previous
        // one arrived, so spans do not overlap.
        if (Timeline* tl = Timeline::active()) {
          tl->add_step("weight_buffer", now_cycles(), double(c.bytes));
          uint64_t from = std::max(now_cycles(), tl->track_end("dma"));
          if (ready > from) tl->add("dma", s.op->name, from, ready - from);
        }
        s.rec.dram_read_bytes += c.bytes;
        s.rec.events.add("sram.weight_buffer.write_bit", 8.0 * c.bytes);
        ++issued_;
        in_flight_.push_back(ready);
        arrivals_.write(ChunkArrival{i, ready, c.bytes});
      }
    }
  }
}

}  // namespace ternsim
