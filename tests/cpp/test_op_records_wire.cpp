// Op records cross from the simulating child to its parent in a binary form of their own
// (op_records_wire.hpp). Every field must arrive exactly.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/engine/op_records_wire.hpp"
#include "sim/report/report_writer.hpp"
#include "sim/report/result_json.hpp"
#include "test_util.hpp"

namespace ternsim {
namespace {

OpRecord record(int i) {
  OpRecord o;
  o.name = "l" + std::to_string(i) + ".op";
  o.kind = i % 2 ? "gemm" : "rmsnorm";
  o.unit = i % 2 ? "array" : "vector";
  o.ready_cycle = 1 + i;
  o.start_cycle = 2 + i;
  o.end_cycle = 300 + i;
  o.compute_cycles = 4 + i;
  o.stall_cycles = 5 + i;
  o.dram_read_bytes = (uint64_t(1) << 40) + i;
  o.dram_write_bytes = 7 + i;
  o.ops = 8.25 + i;
  o.folds = 9 + i;
  o.passes = 10 + i;
  o.mapping_efficiency = 0.1 + i;
  o.compute_utilization = 1.0 / 3.0 + i;
  o.energy_j = 1e-12 * (i + 1);
  o.events.add("array.add.int24", 1e9 + i);
  if (i % 2) o.events.add("dram.read_bit.lpddr5", 0.5 + i);
  o.events.add("sram.weight_buffer.read_bit", 3.0 * i + 1);
  return o;
}

TEST(OpRecordsWire, EveryFieldSurvivesTheRoundTrip) {
  RunResult a;
  for (int i = 0; i < 5; ++i) a.op_records.push_back(record(i));
  a.op_records[3].name = "";  // empty strings and an op without events are legal
  a.op_records[3].events.counts.clear();
  RunResult b;
  b.op_records = decode_op_records(encode_op_records(a.op_records));
  ASSERT_EQ(b.op_records.size(), 5u);
  // result_to_json writes every field of a record: equal JSON means nothing was dropped.
  EXPECT_EQ(result_to_json(b, true)["op_records"].dump(), result_to_json(a, true)["op_records"].dump());
  EXPECT_EQ(b.op_records[1].events.get("dram.read_bit.lpddr5"), 1.5);
  EXPECT_EQ(b.op_records[4].dram_read_bytes, (uint64_t(1) << 40) + 4);
}

TEST(OpRecordsWire, TruncatedInputIsAnErrorNotACrash) {
  const std::string bytes = encode_op_records({record(1), record(2)});
  for (size_t cut : {size_t(0), size_t(3), bytes.size() / 2, bytes.size() - 1})
    EXPECT_THROW(decode_op_records(bytes.substr(0, cut)), std::runtime_error) << cut;
  EXPECT_THROW(decode_op_records(bytes + "x"), std::runtime_error);
  // A header claiming 2^32-1 array elements in 5 bytes is refused before any allocation.
  EXPECT_THROW(decode_op_records(std::string("\xdd\xff\xff\xff\xff", 5)), std::runtime_error);
  EXPECT_THROW(decode_op_records(std::string("\x92\x90\xc3", 3)), std::runtime_error);  // bool, not records
}

// The CLI simulates in its own process; a forked run's records came through the wire.
// Both must write the same ops.csv.
TEST(OpRecordsWire, ForkedRunWritesTheCliOpsCsv) {
  const std::string arch = test::source_path("arch_configs/ternary_asic.yaml");
  const std::string wl = test::source_path("workloads/examples/mmfreelm-1.3b_layer_decode.yaml");
  const std::string out = test::temp_dir() + "/wire_cli";
  auto cli = test::run_cli("run --arch " + arch + " --workload " + wl + " --out " + out);
  ASSERT_EQ(cli.exit_code, 0) << cli.out;
  RunResult forked = simulate(RunRequest{arch, wl, {}});
  ASSERT_GT(forked.op_records.size(), 10u);
  std::ostringstream csv;
  write_ops_csv(forked, csv);
  EXPECT_EQ(csv.str(), test::read_file(out + "/ops.csv"));
}

}  // namespace
}  // namespace ternsim
