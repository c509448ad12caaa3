#include "models/compute/weight_storage.hpp"

#include <algorithm>

#include "sim/config/config_error.hpp"

namespace ternsim {

WeightStorage WeightStorage::from_config(ConfigNode& n, uint32_t mac_bits, bool mac_is_float, uint64_t default_unpack) {
  WeightStorage s;
  s.mac_bits = mac_bits;
  s.bits = mac_bits;
  if (!n.has("weight_storage")) return s;
  const std::string w = n.choice("weight_storage", {"int8", "int4", "int2"});
  if (mac_is_float) n.fail("weight_storage", "integer weight storage needs an integer MAC (array.mac is floating point)");
  s.bits = w == "int8" ? 8 : w == "int4" ? 4 : 2;
  if (s.bits > mac_bits)
    n.fail("weight_storage", w + " storage is wider than the " + std::to_string(mac_bits) + "-bit MAC weight operand");
  const int64_t hi = int64_t(1) << 26;  // the largest array's MACs
  if (s.unpacks())
    s.unpack_per_cycle = n.integer("unpack_weights_per_cycle", std::min<int64_t>(int64_t(default_unpack), hi), 1, hi);
  return s;
}

void WeightStorage::check(const Op& op, const std::string& array_kind) const {
  if (op.weight == WeightPrecision::Ternary) return;  // fits int2 and wider
  if (weight_bits(op.weight) > bits)
    throw MappingError("op '" + op.name + "': " + to_string(op.weight) + " weights do not fit the int" +
                       std::to_string(bits) + " weight storage of the " + array_kind + " array (array.weight_storage)");
}

}  // namespace ternsim
