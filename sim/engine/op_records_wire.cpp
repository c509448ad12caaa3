#include "sim/engine/op_records_wire.hpp"

#include <cstring>
#include <map>
#include <stdexcept>
#include <type_traits>

namespace ternsim {
namespace {

class Writer {
 public:
  template <class T>
  void pod(T v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void str(const std::string& s) {
    pod<uint32_t>(static_cast<uint32_t>(s.size()));
    out.append(s);
  }
  std::string out;
};

class Reader {
 public:
  explicit Reader(const std::string& s) : s_(s) {}
  template <class T>
  T pod() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, s_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string str() {
    const uint32_t n = pod<uint32_t>();
    need(n);
    std::string v = s_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  bool at_end() const { return pos_ == s_.size(); }

 private:
  void need(size_t n) const {
    if (s_.size() - pos_ < n) throw std::runtime_error("op records from the simulation process are truncated");
  }
  const std::string& s_;
  size_t pos_ = 0;
};

// Event names repeat across ops ("array.add.int24", ...): each is sent once, then by index.
// The fixed-size fields, in wire order; Rec is OpRecord or const OpRecord.
template <class Rec, class Fn>
void for_each_field(Rec& o, Fn&& f) {
  f(o.ready_cycle), f(o.start_cycle), f(o.end_cycle), f(o.compute_cycles), f(o.stall_cycles),
      f(o.dram_read_bytes), f(o.dram_write_bytes), f(o.ops), f(o.folds), f(o.passes), f(o.mapping_efficiency),
      f(o.compute_utilization), f(o.energy_j), f(o.count), f(o.first_step), f(o.last_step);
}

}  // namespace

std::string encode_op_records(const std::vector<OpRecord>& records) {
  std::map<std::string, uint32_t> key_index;
  std::vector<const std::string*> keys;
  for (const auto& o : records)
    for (const auto& [k, v] : o.events.counts)
      if (key_index.emplace(k, static_cast<uint32_t>(keys.size())).second) keys.push_back(&k);
  Writer w;
  w.pod<uint32_t>(static_cast<uint32_t>(keys.size()));
  for (const std::string* k : keys) w.str(*k);
  w.pod<uint64_t>(records.size());
  for (const auto& o : records) {
    w.str(o.name);
    w.str(o.kind);
    w.str(o.unit);
    for_each_field(o, [&](const auto& v) { w.pod(v); });
    w.pod<uint32_t>(static_cast<uint32_t>(o.events.counts.size()));
    for (const auto& [k, v] : o.events.counts) {
      w.pod<uint32_t>(key_index.at(k));
      w.pod<double>(v);
    }
  }
  return std::move(w.out);
}

std::vector<OpRecord> decode_op_records(const std::string& bytes) {
  Reader r(bytes);
  const uint32_t key_count = r.pod<uint32_t>();
  if (key_count > bytes.size()) throw std::runtime_error("op records from the simulation process are corrupt");
  std::vector<std::string> keys(key_count);
  for (auto& k : keys) k = r.str();
  const uint64_t n = r.pod<uint64_t>();
  if (n > bytes.size()) throw std::runtime_error("op records from the simulation process are corrupt");
  std::vector<OpRecord> out(n);
  for (auto& o : out) {
    o.name = r.str();
    o.kind = r.str();
    o.unit = r.str();
    for_each_field(o, [&](auto& v) { v = r.pod<std::remove_reference_t<decltype(v)>>(); });
    const uint32_t events = r.pod<uint32_t>();
    for (uint32_t i = 0; i < events; ++i) {
      const uint32_t k = r.pod<uint32_t>();
      if (k >= keys.size()) throw std::runtime_error("op records from the simulation process are corrupt");
      o.events.counts.emplace_hint(o.events.counts.end(), keys[k], r.pod<double>());  // sent in key order
    }
  }
  if (!r.at_end()) throw std::runtime_error("op records from the simulation process have trailing bytes");
  return out;
}

}  // namespace ternsim
