#pragma once
// The per-op records a forked simulation sends back to its parent (run_isolated), in a compact
// binary form. A 2.7B decode step has ~700 op records with ~5 event counts each; as a JSON
// tree they took ~20 ms to build, encode and decode, more than the simulation itself
// (issue 10). They are packed with msgpack-cxx (libmsgpack-cxx-dev), event names sent once
// and then by index. Measured (bench/bench_op_records_wire.cpp, MMfreeLM-2.7B decode on
// ternary_asic, 707 records, 3,825 events; encode + decode, CPU time): hand-written binary
// 0.92 ms / 165 KB, msgpack-cxx 1.16 ms (1.27x) / 75 KB, nlohmann::json::to_msgpack of a
// JSON tree 21 ms / 309 KB; msgpack-cxx replaced the hand-written code (issue 19). The rest
// of the result still travels as JSON (result_json.hpp); a test checks that records survive
// the round trip field for field.
#include <string>
#include <vector>

#include "sim/stats/op_record.hpp"

namespace ternsim {

std::string encode_op_records(const std::vector<OpRecord>& records);
// Throws std::runtime_error if `bytes` is not a complete encoding.
std::vector<OpRecord> decode_op_records(const std::string& bytes);

}  // namespace ternsim
