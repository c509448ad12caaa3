#pragma once
// Low-bit weight storage on an NPU array (`array.weight_storage: int8 | int4 | int2`): weights
// are packed at that width in DRAM and SRAM and widened to the MAC's weight operand by an
// unpacker in front of the array, as NPUs that run 4-bit/2-bit models do. A ternary weight fits
// int2 exactly (codes for -1, 0, +1); int8 weights need int8 storage.
//
// The unpacker widens `unpack_weights_per_cycle` weights per cycle (array.unpack_weights_per_cycle);
// each unpacked weight is one "array.unpack.weight" event, and the unit is priced per weight/cycle
// of throughput ("array.unpacker_weight_per_cycle"). Storage at the MAC width needs no unpacker.
#include <cstdint>
#include <string>

#include "sim/config/config_node.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

struct WeightStorage {
  uint32_t bits = 8;                  // stored bits per weight
  uint32_t mac_bits = 8;              // the MAC's weight operand
  uint64_t unpack_per_cycle = 0;      // 0: no unpacker (stored at the MAC width)
  bool unpacks() const { return bits < mac_bits; }
  // Reads array.weight_storage and array.unpack_weights_per_cycle only when weight_storage is
  // given, so configs without it resolve to the same YAML as before. `default_unpack`: weights
  // per cycle when the key is absent (e.g. one array row of weights per cycle).
  static WeightStorage from_config(ConfigNode& n, uint32_t mac_bits, bool mac_is_float, uint64_t default_unpack);
  // Rejects an op whose weights do not fit the storage (MappingError).
  void check(const Op& op, const std::string& array_kind) const;
  uint64_t unpack_cycles(uint64_t weights) const {
    return unpacks() ? (weights + unpack_per_cycle - 1) / unpack_per_cycle : 0;
  }
};

}  // namespace ternsim
