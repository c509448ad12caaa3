// The op-record wire format a forked run sends to its parent (sim/engine/op_records_wire.hpp):
// encode + decode of the records of one real MMfreeLM-2.7B decode run (ternary_asic), with
// (a) the shipped encoder (msgpack-cxx, event names sent once) and (b)
// nlohmann::json::to_msgpack of a JSON tree (issue 19). The figures that chose msgpack-cxx
// over the earlier hand-written binary are in op_records_wire.hpp.
// Run: build/ternsim_bench --benchmark_filter=OpRecordsWire
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/op_records_wire.hpp"
#include "sim/engine/simulate.hpp"

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
