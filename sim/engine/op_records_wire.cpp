#include "sim/engine/op_records_wire.hpp"

#include <map>
#include <stdexcept>

#define MSGPACK_NO_BOOST 1
#include <msgpack.hpp>

namespace ternsim {
namespace {

// The fixed-size fields, in wire order; Rec is OpRecord or const OpRecord.
template <class Rec, class Fn>
void for_each_field(Rec& o, Fn&& f) {
  f(o.ready_cycle), f(o.start_cycle), f(o.end_cycle), f(o.compute_cycles), f(o.stall_cycles),
      f(o.dram_read_bytes), f(o.dram_write_bytes), f(o.ops), f(o.folds), f(o.passes), f(o.mapping_efficiency),
      f(o.compute_utilization), f(o.energy_j), f(o.count), f(o.first_step), f(o.last_step);
}
constexpr uint32_t kFields = 3 + 16 + 1;  // name, kind, unit, the fixed fields, events

const msgpack::object_array& array(const msgpack::object& o, uint32_t size_or_any = UINT32_MAX) {
  if (o.type != msgpack::type::ARRAY || (size_or_any != UINT32_MAX && o.via.array.size != size_or_any))
    throw std::runtime_error("op records from the simulation process are corrupt");
  return o.via.array;
}

}  // namespace

// MessagePack: [[event name...], [[name, kind, unit, <16 fields>, [key index, count, ...]]...]].
// Event names repeat across ops ("array.add.int24", ...): each is sent once, then by index.
std::string encode_op_records(const std::vector<OpRecord>& records) {
  std::map<std::string, uint32_t> key_index;
  std::vector<const std::string*> keys;
  for (const auto& o : records)
    for (const auto& [k, v] : o.events.counts)
      if (key_index.emplace(k, static_cast<uint32_t>(keys.size())).second) keys.push_back(&k);
  msgpack::sbuffer buf;
  msgpack::packer<msgpack::sbuffer> pk(buf);
  pk.pack_array(2);
  pk.pack_array(static_cast<uint32_t>(keys.size()));
  for (const std::string* k : keys) pk.pack(*k);
  pk.pack_array(static_cast<uint32_t>(records.size()));
  for (const auto& o : records) {
    pk.pack_array(kFields);
    pk.pack(o.name), pk.pack(o.kind), pk.pack(o.unit);
    for_each_field(o, [&](const auto& v) { pk.pack(v); });
    pk.pack_array(static_cast<uint32_t>(2 * o.events.counts.size()));
    for (const auto& [k, v] : o.events.counts) pk.pack(key_index.at(k)), pk.pack(v);
  }
  return std::string(buf.data(), buf.size());
}

std::vector<OpRecord> decode_op_records(const std::string& bytes) {
  try {
    // Bounded: every element takes at least one byte, so no length may exceed the input's
    // (a corrupt header cannot make the unpacker allocate gigabytes); the format nests 4 deep.
    const std::size_t n = bytes.size();
    const msgpack::unpack_limit limit(n, n, n, n, n, 4);
    std::size_t used = 0;
    msgpack::object_handle oh = msgpack::unpack(bytes.data(), n, used, nullptr, nullptr, limit);
    if (used != bytes.size()) throw std::runtime_error("op records from the simulation process have trailing bytes");
    const auto& root = array(oh.get(), 2);
    const auto& ks = array(root.ptr[0]);
    std::vector<std::string> keys(ks.size);
    for (uint32_t i = 0; i < ks.size; ++i) ks.ptr[i].convert(keys[i]);
    const auto& rs = array(root.ptr[1]);
    std::vector<OpRecord> out(rs.size);
    for (uint32_t i = 0; i < rs.size; ++i) {
      const msgpack::object* f = array(rs.ptr[i], kFields).ptr;
      OpRecord& o = out[i];
      f[0].convert(o.name), f[1].convert(o.kind), f[2].convert(o.unit);
      uint32_t j = 3;
      for_each_field(o, [&](auto& v) { f[j++].convert(v); });
      const auto& ev = array(f[j]);
      if (ev.size % 2) throw std::runtime_error("op records from the simulation process are corrupt");
      for (uint32_t e = 0; e < ev.size; e += 2) {
        const uint32_t k = ev.ptr[e].as<uint32_t>();
        if (k >= keys.size()) throw std::runtime_error("op records from the simulation process are corrupt");
        o.events.counts.emplace_hint(o.events.counts.end(), keys[k], ev.ptr[e + 1].as<double>());  // key order
      }
    }
    return out;
  } catch (const msgpack::insufficient_bytes&) {
    throw std::runtime_error("op records from the simulation process are truncated");
  } catch (const msgpack::unpack_error& e) {
    throw std::runtime_error(std::string("op records from the simulation process are corrupt: ") + e.what());
  } catch (const msgpack::type_error&) {
    throw std::runtime_error("op records from the simulation process are corrupt");
  }
}

}  // namespace ternsim
