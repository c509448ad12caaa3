#pragma once
// DramLayout: the DRAM address space of one run. Every tensor that lives off chip (an op's
// weights, a layer's KV cache, an MLGRU state kept in DRAM, activations spilled between GEMM
// passes) gets a region the first time it is touched; its requests carry real addresses, so a
// cycle-accurate backend sees the row-buffer locality and bank conflicts the layout implies.
// Regions are placed one after another in first-touch order (deterministic: the simulation
// is) and aligned to kAlign, so two tensors never share a DRAM row.
#include <cstdint>
#include <map>
#include <string>

namespace ternsim {

class DramLayout {
 public:
  static constexpr uint64_t kAlign = 64 * 1024;  // ASSUMPTION: >= a row of every shipped preset

  // Base address of tensor `name`, which holds `bytes`. A tensor that grows (a KV cache over
  // decode steps) moves to a fresh region large enough for it.
  uint64_t region(const std::string& name, uint64_t bytes);
  uint64_t size() const { return next_; }  // bytes of address space in use
  // Name of the region holding `addr` ("weights:<op>", "kv:<op>", ...), or nullptr when no
  // region does. The calibrated analytic model tells access patterns apart by it.
  const std::string* tensor_at(uint64_t addr) const;

  // Decode traces repeat each layer's op once per step as "t<j>.<op>" (tracegen's naming);
  // the steps share that layer's weights, KV cache and state, so they share its regions.
  static std::string tensor_identity(const std::string& op_name);

 private:
  struct Region {
    uint64_t base, bytes;
  };
  std::map<std::string, Region> regions_;
  std::map<uint64_t, std::string> by_base_;  // base -> name, every region ever placed
  uint64_t next_ = 0;
};

}  // namespace ternsim
