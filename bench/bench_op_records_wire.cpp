// The op-record wire format a forked run sends to its parent (sim/engine/op_records_wire.hpp):
// encode + decode of the records of one real MMfreeLM-2.7B decode run (ternary_asic), with
// (a) the shipped encoder, (b) msgpack-cxx packing the records directly and (c)
// nlohmann::json::to_msgpack of a JSON tree (issue 19). (a) was hand-written binary when this
// was measured; the figures that led to msgpack-cxx are in op_records_wire.hpp.
// Run: build/ternsim_bench --benchmark_filter=OpRecordsWire
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/op_records_wire.hpp"
#include "sim/engine/simulate.hpp"

#if __has_include(<msgpack.hpp>)
#define MSGPACK_NO_BOOST 1
#include <msgpack.hpp>
#define TERNSIM_BENCH_MSGPACK_CXX 1
#endif

namespace {

using ternsim::OpRecord;

const std::vector<OpRecord>& records() {
  static const std::vector<OpRecord> r = [] {
    ternsim::RunRequest req{std::string(TERNSIM_SOURCE_DIR) + "/arch_configs/ternary_asic.yaml",
                            std::string(TERNSIM_SOURCE_DIR) + "/workloads/examples/mmfreelm-2.7b_decode.yaml",
                            {}};
    return ternsim::simulate(req).op_records;
  }();
  return r;
}

template <class Rec, class Fn>
void for_each_field(Rec& o, Fn&& f) {
  f(o.ready_cycle), f(o.start_cycle), f(o.end_cycle), f(o.compute_cycles), f(o.stall_cycles),
      f(o.dram_read_bytes), f(o.dram_write_bytes), f(o.ops), f(o.folds), f(o.passes), f(o.mapping_efficiency),
      f(o.compute_utilization), f(o.energy_j), f(o.count), f(o.first_step), f(o.last_step);
}

void label(benchmark::State& state, size_t bytes) {
  size_t events = 0;
  for (const auto& o : records()) events += o.events.counts.size();
  state.counters["records"] = double(records().size());
  state.counters["events"] = double(events);
  state.counters["wire_bytes"] = double(bytes);
}

void BM_OpRecordsWire_Shipped(benchmark::State& state) {
  const auto& recs = records();
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string wire = ternsim::encode_op_records(recs);
    bytes = wire.size();
    auto back = ternsim::decode_op_records(wire);
    benchmark::DoNotOptimize(back.data());
  }
  label(state, bytes);
}
BENCHMARK(BM_OpRecordsWire_Shipped)->Unit(benchmark::kMicrosecond);

#ifdef TERNSIM_BENCH_MSGPACK_CXX
// Same layout as the hand-written format: a key table, then per record an array of the three
// strings, the 16 fixed fields and a flat [key index, count, ...] event list.
void BM_OpRecordsWire_MsgpackCxx(benchmark::State& state) {
  const auto& recs = records();
  size_t bytes = 0;
  for (auto _ : state) {
    std::map<std::string, uint32_t> key_index;
    std::vector<const std::string*> keys;
    for (const auto& o : recs)
      for (const auto& [k, v] : o.events.counts)
        if (key_index.emplace(k, static_cast<uint32_t>(keys.size())).second) keys.push_back(&k);
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    pk.pack_array(2);
    pk.pack_array(static_cast<uint32_t>(keys.size()));
    for (const std::string* k : keys) pk.pack(*k);
    pk.pack_array(static_cast<uint32_t>(recs.size()));
    for (const auto& o : recs) {
      pk.pack_array(3 + 16 + 1);
      pk.pack(o.name), pk.pack(o.kind), pk.pack(o.unit);
      for_each_field(o, [&](const auto& v) { pk.pack(v); });
      pk.pack_array(static_cast<uint32_t>(2 * o.events.counts.size()));
      for (const auto& [k, v] : o.events.counts) pk.pack(key_index.at(k)), pk.pack(v);
    }
    bytes = buf.size();
    // Decode.
    msgpack::object_handle oh = msgpack::unpack(buf.data(), buf.size());
    const msgpack::object& root = oh.get();
    const auto& ks = root.via.array.ptr[0].via.array;
    std::vector<std::string> names(ks.size);
    for (uint32_t i = 0; i < ks.size; ++i) ks.ptr[i].convert(names[i]);
    const auto& rs = root.via.array.ptr[1].via.array;
    std::vector<OpRecord> back(rs.size);
    for (uint32_t i = 0; i < rs.size; ++i) {
      const msgpack::object* f = rs.ptr[i].via.array.ptr;
      OpRecord& o = back[i];
      f[0].convert(o.name), f[1].convert(o.kind), f[2].convert(o.unit);
      size_t j = 3;
      for_each_field(o, [&](auto& v) { f[j++].convert(v); });
      const auto& ev = f[j].via.array;
      for (uint32_t e = 0; e + 1 < ev.size; e += 2)
        o.events.counts.emplace_hint(o.events.counts.end(), names.at(ev.ptr[e].as<uint32_t>()), ev.ptr[e + 1].as<double>());
    }
    benchmark::DoNotOptimize(back.data());
  }
  label(state, bytes);
}
BENCHMARK(BM_OpRecordsWire_MsgpackCxx)->Unit(benchmark::kMicrosecond);
#endif

const char* const kFields[] = {"ready_cycle", "start_cycle", "end_cycle", "compute_cycles", "stall_cycles",
                               "dram_read_bytes", "dram_write_bytes", "ops", "folds", "passes",
                               "mapping_efficiency", "compute_utilization", "energy_j", "count",
                               "first_step", "last_step"};

// A JSON tree (one object per record, events as an object), encoded as MessagePack by nlohmann.
void BM_OpRecordsWire_NlohmannMsgpack(benchmark::State& state) {
  const auto& recs = records();
  size_t bytes = 0;
  for (auto _ : state) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& o : recs) {
      nlohmann::json j = {{"name", o.name}, {"kind", o.kind}, {"unit", o.unit}};
      size_t i = 0;
      for_each_field(o, [&](const auto& v) { j[kFields[i++]] = v; });
      nlohmann::json ev = nlohmann::json::object();
      for (const auto& [k, v] : o.events.counts) ev[k] = v;
      j["events"] = std::move(ev);
      arr.push_back(std::move(j));
    }
    const std::vector<uint8_t> wire = nlohmann::json::to_msgpack(arr);
    bytes = wire.size();
    const nlohmann::json in = nlohmann::json::from_msgpack(wire);
    std::vector<OpRecord> back(in.size());
    for (size_t r = 0; r < in.size(); ++r) {
      const auto& j = in[r];
      OpRecord& o = back[r];
      o.name = j.at("name").get<std::string>(), o.kind = j.at("kind").get<std::string>();
      o.unit = j.at("unit").get<std::string>();
      size_t i = 0;
      for_each_field(o, [&](auto& v) { j.at(kFields[i++]).get_to(v); });
      for (const auto& [k, v] : j.at("events").items()) o.events.counts.emplace(k, v.get<double>());
    }
    benchmark::DoNotOptimize(back.data());
  }
  label(state, bytes);
}
BENCHMARK(BM_OpRecordsWire_NlohmannMsgpack)->Unit(benchmark::kMicrosecond);

}  // namespace
