// Same inputs -> byte-identical outputs.
#include <gtest/gtest.h>

#include "test_util.hpp"

using namespace ternsim::test;

TEST(Determinism, TwoRunsWriteIdenticalFiles) {
  std::string args = "run --arch " + source_path("arch_configs/ternary_asic.yaml") + " --workload " +
                     source_path("workloads/examples/mmfreelm-1.3b_layer_decode.yaml") + " --out ";
  std::string a = temp_dir() + "/det_a", b = temp_dir() + "/det_b";
  CliResult ra = run_cli(args + a), rb = run_cli(args + b);
  ASSERT_EQ(ra.exit_code, 0) << ra.out;
  ASSERT_EQ(rb.exit_code, 0) << rb.out;
  for (const char* f : {"summary.json", "ops.csv", "resolved_arch.yaml", "workload.yaml"}) {
    std::string x = read_file(a + "/" + f), y = read_file(b + "/" + f);
    EXPECT_FALSE(x.empty()) << f;
    EXPECT_EQ(x, y) << f;
  }
}

TEST(ResolvedConfig, DefaultsAndOverridesAreWrittenBesideResults) {
  std::string out = temp_dir() + "/resolved";
  CliResult r = run_cli("run --arch " + source_path("arch_configs/ternary_asic.yaml") + " --workload " +
                        source_path("workloads/examples/mmfreelm-1.3b_layer_decode.yaml") +
                        " --set array.rows=32 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::string y = read_file(out + "/resolved_arch.yaml");
  EXPECT_NE(y.find("rows: 32"), std::string::npos) << y;
  EXPECT_NE(y.find("non_ternary: bitserial"), std::string::npos) << y;   // a default, now explicit
  EXPECT_NE(y.find("zero_skip_overhead_cycles: 1"), std::string::npos) << y;
  std::string csv = read_file(out + "/ops.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "name,kind,unit,start_cycle,end_cycle,cycles,compute_cycles,stall_cycles,dram_read_bytes,dram_write_bytes,"
            "arith_ops,folds,passes,mapping_efficiency,compute_utilization,energy_j,ops");  // ops: alias until 0.2
}
