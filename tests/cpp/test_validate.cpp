// `ternsim validate`: measured CSV parsing (strict, file:line errors) and error % against a
// hand-made simulation result with hand-computed errors.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "sim/config/config_error.hpp"
#include "sim/report/validation.hpp"

namespace ternsim {
namespace {

const std::vector<std::string> kOps = {"l0.tm.f_proj", "l0.tm.c_proj", "l0.cm.down", "l1.tm.f_proj"};

OpRecord op(const std::string& name, uint64_t start, uint64_t end) {
  OpRecord o;
  o.name = name;
  o.start_cycle = start;
  o.end_cycle = end;
  return o;
}

// 100 MHz; l0's ops overlap (f_proj 0..100, c_proj 50..300, down 300..340), l1 340..500.
RunResult hand_result() {
  RunResult r;
  r.clock_mhz = 100;
  r.cycles = 500;
  r.seconds = 500 / 100e6;  // 5 us
  r.tokens = 1;
  r.batch = 1;
  r.op_records = {op("l0.tm.f_proj", 0, 100), op("l0.tm.c_proj", 50, 300), op("l0.cm.down", 300, 340),
                  op("l1.tm.f_proj", 340, 500)};
  return r;
}

std::string parse_error(const std::string& csv) {
  try {
    parse_measured_csv(csv, "m.csv", kOps);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Validate, HandComputedErrors) {
  const std::string csv =
      "# board run 2024-05-01\n"
      "name,cycles,seconds,tokens_per_s\n"
      "l0,250,,\n"              // span 0..340 = 340 cycles: (340-250)/250 = +36 %
      "l0.tm.c_proj,,2e-6,\n"   // 250 cycles = 2.5 us: (2.5-2)/2 = +25 %
      "\n"
      "total, 1000 ,,250000\n";  // 500 vs 1000: -50 %; 1 token / 5 us = 200000 vs 250000: -20 %
  MeasuredTable m = parse_measured_csv(csv, "m.csv", kOps);
  ASSERT_EQ(m.rows.size(), 3u);
  EXPECT_EQ(m.rows[2].line, 6u);
  Validation v = validate(m, hand_result());
  ASSERT_EQ(v.rows.size(), 4u);
  EXPECT_EQ(v.rows[0].name, "l0");
  EXPECT_DOUBLE_EQ(v.rows[0].simulated, 340);
  EXPECT_NEAR(v.rows[0].error_pct, 36.0, 1e-9);
  EXPECT_EQ(v.rows[1].metric, "seconds");
  EXPECT_NEAR(v.rows[1].simulated, 2.5e-6, 1e-18);
  EXPECT_NEAR(v.rows[1].error_pct, 25.0, 1e-9);
  EXPECT_NEAR(v.rows[2].error_pct, -50.0, 1e-9);
  EXPECT_EQ(v.rows[3].metric, "tokens_per_s");
  EXPECT_NEAR(v.rows[3].simulated, 200000, 1e-6);
  EXPECT_NEAR(v.rows[3].error_pct, -20.0, 1e-9);
  EXPECT_NEAR(v.mean_abs_error_pct, (36 + 25 + 50 + 20) / 4.0, 1e-9);  // 32.75
  EXPECT_EQ(v.worst, 2u);                                                // total cycles, -50 %

  std::ostringstream csv_out, md, table;
  write_validation_csv(v, csv_out);
  EXPECT_EQ(csv_out.str(),
            "name,metric,measured,simulated,error_pct\n"
            "l0,cycles,250,340,36.000000\n"
            "l0.tm.c_proj,seconds,2e-06,2.5e-06,25.000000\n"
            "total,cycles,1000,500,-50.000000\n"
            "total,tokens_per_s,250000,200000,-20.000000\n");
  write_validation_md(v, hand_result(), md);
  EXPECT_NE(md.str().find("| l0 | cycles | 250 | 340 | +36.00 |"), std::string::npos);
  EXPECT_NE(md.str().find("Mean absolute error: **32.75 %**"), std::string::npos);
  print_validation(v, table);
  EXPECT_NE(table.str().find("worst offender       total cycles: -50.00 %"), std::string::npos);
}

TEST(Validate, PowerNeedsASimulatedPower) {
  MeasuredTable m = parse_measured_csv("name,power_w\ntotal,10\n", "m.csv", kOps);
  EXPECT_THROW(validate(m, hand_result()), ConfigError);
  Validation v = validate(m, hand_result(), 12.5);
  EXPECT_NEAR(v.rows[0].error_pct, 25.0, 1e-9);
}

TEST(Validate, MalformedCsvErrors) {
  EXPECT_EQ(parse_error("name,cycle\nl0,5\n"),
            "m.csv:1: unknown column 'cycle' (did you mean 'cycles'?); columns are name, cycles, seconds, power_w, tokens_per_s");
  EXPECT_EQ(parse_error("name,cycles\nl0,5\nl1,12x\n"), "m.csv:3: cycles: '12x' is not a number");
  EXPECT_EQ(parse_error("name,cycles\nl0.tm.f_prj,5\n").rfind("m.csv:2: unknown op or layer 'l0.tm.f_prj' (did you mean 'l0.tm.f_proj'?)", 0), 0u);
  EXPECT_EQ(parse_error("name,cycles,seconds\nl0,5\n"), "m.csv:2: expected 3 fields like the header, got 2");
  EXPECT_EQ(parse_error("name,cycles\nl0,0\n"), "m.csv:2: cycles: 0 must be > 0 (the error is relative to it)");
  EXPECT_EQ(parse_error("name,tokens_per_s\nl0,5\n"),
            "m.csv:2: tokens_per_s is a whole-run quantity: give it on the row named 'total', not 'l0'");
  EXPECT_EQ(parse_error("name,cycles\nl0,5\nl0,6\n"), "m.csv:3: 'l0' is measured twice");
  EXPECT_EQ(parse_error("name,cycles\nl0,\n"), "m.csv:2: 'l0' has no measured value");
  EXPECT_EQ(parse_error("cycles,name\n5,l0\n"), "m.csv:1: the first column must be 'name'");
  EXPECT_EQ(parse_error("name\nl0\n"), "m.csv:1: no measured column (cycles, seconds, power_w or tokens_per_s)");
  EXPECT_EQ(parse_error("# nothing\n"), "m.csv: empty file (expected a header: name,cycles,...)");
  EXPECT_EQ(parse_error("name,cycles\n"), "m.csv: no measured rows after the header");
  EXPECT_EQ(parse_error("name,cycles\nl0,nan\n"), "m.csv:2: cycles: 'nan' is not a number");
  // 'l0.tm' is a prefix up to a dot, 'l0.t' is not.
  EXPECT_EQ(parse_error("name,cycles\nl0.tm,5\n"), "");
  EXPECT_NE(parse_error("name,cycles\nl0.t,5\n"), "");
}

#ifdef TERNSIM_BINARY
// The command end to end: a good CSV runs, a bad one gives one error line and status 2.
TEST(Validate, Cli) {
  const std::string dir = ::testing::TempDir() + "/ternsim_validate";
  std::string wl = std::string(TERNSIM_SOURCE_DIR) + "/workloads/examples/mmfreelm-1.3b_layer_decode.yaml";
  std::string arch = std::string(TERNSIM_SOURCE_DIR) + "/arch_configs/ternary_asic.yaml";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/good.csv") << "name,cycles,seconds\nl0.tm,1000,\ntotal,,1e-4\n";
  std::ofstream(dir + "/bad.csv") << "name,cycles\nl0.tm.f_prj,10\n";
  std::string base = std::string(TERNSIM_BINARY) + " validate --arch " + arch + " --workload " + wl + " --measured ";
  EXPECT_EQ(std::system((base + dir + "/good.csv --out " + dir + "/out > " + dir + "/good.txt 2>&1").c_str()), 0);
  std::ifstream md(dir + "/out/validation.md");
  EXPECT_TRUE(md.good());
  int rc = std::system((base + dir + "/bad.csv > " + dir + "/bad.txt 2>&1").c_str());
  EXPECT_EQ(WEXITSTATUS(rc), 2);
  std::ifstream bad(dir + "/bad.txt");
  std::string all((std::istreambuf_iterator<char>(bad)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all, "error: " + dir + "/bad.csv:2: unknown op or layer 'l0.tm.f_prj' (did you mean 'l0.tm.f_proj'?) "
                 "(use an op name, a name prefix such as 'l0', or 'total')\n");
}
#endif

}  // namespace
}  // namespace ternsim
