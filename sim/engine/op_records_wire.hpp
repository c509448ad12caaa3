#pragma once
// The per-op records a forked simulation sends back to its parent (run_isolated), in a compact
// binary form. A 2.7B decode step has ~1,300 op records with ~20 event counts each; as a JSON
// tree they took ~20 ms to build, encode and decode, more than the simulation itself
// (issue 10). The rest of the result still travels as JSON (result_json.hpp); a test checks
// that records survive the round trip field for field.
#include <string>
#include <vector>

#include "sim/stats/op_record.hpp"

namespace ternsim {

std::string encode_op_records(const std::vector<OpRecord>& records);
// Throws std::runtime_error if `bytes` is not a complete encoding.
std::vector<OpRecord> decode_op_records(const std::string& bytes);

}  // namespace ternsim
