#pragma once
// Weight DMA with N-way buffering of the weight buffer (N = dma.buffers, 2 = double
// buffering). It walks the array's op queue in order and, for every chunk, takes a free
// slot, books the DRAM transfer and hands the chunk to the array with its arrival cycle.
// Weights do not depend on activations, so it runs ahead across op boundaries as far as
// free slots allow: streaming overlaps compute when the buffers allow it, and the array
// stalls on the FIFO when it does not. KV-cache operands are produced by earlier ops, so
// those are streamed only once the op's dependencies are done.
#include <systemc>

#include <cstdint>
#include <deque>
#include <ostream>
#include <vector>

#include "models/memory/dram_model.hpp"
#include "sim/config/config_node.hpp"
#include "sim/engine/op_table.hpp"
#include "sim/engine/unit_queue.hpp"

namespace ternsim {

struct DmaParams {
  uint32_t buffers = 2;
  // Set by a system with `weights: resident` (not a dma key): the weights were preloaded into
  // the weight buffer, so chunks are there at once and nothing is read from DRAM.
  bool weights_resident = false;
  static DmaParams from_config(ConfigNode node);
};

struct ChunkArrival {
  size_t op_index = 0;
  uint64_t ready_cycle = 0;
  uint64_t bytes = 0;  // weight-buffer bytes the chunk holds (0: resident weights, not streamed)
};
// sc_fifo can print its contents, so its element type needs a stream operator.
inline std::ostream& operator<<(std::ostream& os, const ChunkArrival& c) {
  return os << "chunk(op " << c.op_index << ", ready @" << c.ready_cycle << ")";
}

class WeightDma : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(WeightDma);
  WeightDma(sc_core::sc_module_name name, const DmaParams& p, DramModel& dram, OpTable& ops,
            const UnitQueue& array_queue);

  // Array side: next chunk in order (blocks until issued), and release of its slot.
  ChunkArrival next_chunk() {
    ChunkArrival a = arrivals_.read();
    in_flight_.pop_front();
    return a;
  }
  void release_slot(const ChunkArrival& a);
  const DmaParams& params() const { return params_; }

  // Look-ahead state at a loop-step boundary (sim/engine/step_loop.hpp): chunks issued so
  // far, free slots, and the arrival cycles of the chunks issued but not yet taken, as
  // offsets from `now` (0 when already there).
  uint64_t issued_chunks() const { return issued_; }
  void append_boundary_state(uint64_t now, std::vector<int64_t>& out) const {
    out.push_back(slots_.get_value());
    out.push_back(static_cast<int64_t>(in_flight_.size()));
    for (uint64_t r : in_flight_) out.push_back(r > now ? static_cast<int64_t>(r - now) : 0);
  }

 private:
  void stream();
  DmaParams params_;
  DramModel& dram_;
  OpTable& ops_;
  const UnitQueue& queue_;
  uint64_t issued_ = 0;
  std::deque<uint64_t> in_flight_;  // ready cycles of the chunks in arrivals_
  sc_core::sc_semaphore slots_;
  sc_core::sc_fifo<ChunkArrival> arrivals_;
};

}  // namespace ternsim
