// The one CSV writer and reader (sim/report/csv.hpp) and the files that use them (issue 14,
// defect 9): op names with commas, quotes or line breaks keep every column in place, the
// measured CSV of `validate` may be RFC 4180 quoted and start with a UTF-8 BOM, and control
// characters in op names are rejected when the workload is loaded.
#include <gtest/gtest.h>

#include "sim/config/config_error.hpp"
#include "sim/config/config_node.hpp"
#include "sim/report/csv.hpp"
#include "sim/report/validation.hpp"
#include "sim/workload/workload_loader.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

TEST(Csv, FieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("l0.attn.q"), "l0.attn.q");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csv_field(" pad"), "\" pad\"");
  EXPECT_EQ(csv_field("#hash"), "\"#hash\"");
  EXPECT_EQ(csv_field(""), "");
}

TEST(Csv, ReaderHandlesBomCrlfQuotesAndComments) {
  const std::string text = "\xEF\xBB\xBFname,cycles\r\n# a comment\r\n\r\n\"a,\"\"b\"\"\", 12 \r\n\"multi\nline\",3\nlast,\n";
  auto rows = parse_csv(text, "m.csv");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"name", "cycles"}));
  EXPECT_EQ(rows[0].line, 1u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"a,\"b\"", "12"}));
  EXPECT_EQ(rows[1].line, 4u);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"multi\nline", "3"}));
  EXPECT_EQ(rows[2].line, 5u);
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"last", ""}));
  EXPECT_EQ(rows[3].line, 7u);
}

TEST(Csv, MalformedQuotingIsAnErrorWithItsLine) {
  auto err = [](const std::string& t) {
    try {
      parse_csv(t, "m.csv");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(err("name\n\"open,1\n"), "m.csv:2: a quoted field is not closed (missing '\"')");
  EXPECT_EQ(err("name\n\"a\"x,1\n"), "m.csv:2: unexpected text after a closing quote");
  EXPECT_EQ(err("name\na\"b,1\n"), "m.csv:2: a quote inside an unquoted field (quote the whole field and double the quote)");
}

// Every byte value survives the writer and the reader, in every column.
TEST(Csv, EveryByteRoundTrips) {
  for (int c = 1; c < 256; ++c) {
    const std::string v = "x" + std::string(1, char(c)) + "y", edge = std::string(1, char(c));
    std::string text;
    text += csv_field(v) + "," + csv_field(edge) + "," + csv_field("end") + "\n";
    auto rows = parse_csv(text, "rt.csv");
    ASSERT_EQ(rows.size(), 1u) << c;

    EXPECT_EQ(rows[0].fields, (std::vector<std::string>{v, edge, "end"})) << "byte " << c;
  }
}

TEST(Csv, OpsCsvQuotesOpNamesAndValidateReadsThem) {
  const std::string wl = write_temp("csv_wl.yaml",
                                    "name: w\nops:\n"
                                    "  - {name: \"a,b\", kind: gemm, m: 4, n: 16, k: 16, weight: ternary}\n"
                                    "  - {name: 'say \"hi\"', kind: add, m: 1, n: 16}\n");
  const std::string arch = write_temp("csv_arch.yaml", small_arch_yaml());
  const std::string out = temp_dir() + "/csv_out";
  CliResult r = run_cli("run --arch " + arch + " --workload " + wl + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto rows = parse_csv(read_file(out + "/ops.csv"), "ops.csv");
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) EXPECT_EQ(row.fields.size(), 17u) << row.line;
  EXPECT_EQ(rows[1].fields[0], "a,b");
  EXPECT_EQ(rows[1].fields[1], "gemm");
  EXPECT_EQ(rows[2].fields[0], "say \"hi\"");
  EXPECT_EQ(read_file(out + "/ops.csv").substr(read_file(out + "/ops.csv").find('\n') + 1, 10), "\"a,b\",gemm");

  // validate --measured: a spreadsheet's export (BOM, CRLF, quoted names).
  const std::string measured = write_temp("measured.csv", "\xEF\xBB\xBFname,cycles\r\n\"a,b\",100\r\n\"say \"\"hi\"\"\",7\r\n");
  MeasuredTable m = load_measured_csv(measured, {"a,b", "say \"hi\""});
  ASSERT_EQ(m.rows.size(), 2u);
  EXPECT_EQ(m.rows[0].name, "a,b");
  EXPECT_EQ(m.rows[0].values.at("cycles"), 100);
  EXPECT_EQ(m.rows[1].name, "say \"hi\"");
  EXPECT_EQ(m.rows[1].line, 3u);
  CliResult v = run_cli("validate --arch " + arch + " --workload " + wl + " --measured " + measured + " --out " + out + "_v");
  ASSERT_EQ(v.exit_code, 0) << v.out;
  auto vrows = parse_csv(read_file(out + "_v/validation.csv"), "validation.csv");
  ASSERT_EQ(vrows.size(), 3u);
  EXPECT_EQ(vrows[1].fields[0], "a,b");
  EXPECT_EQ(vrows[1].fields[2], "100");
}

TEST(Csv, ControlCharactersInOpNamesAreRejected) {
  try {
    load_workload(ConfigNode::load_string("name: w\nops:\n  - {name: \"a\\tb\", kind: add, m: 1, n: 4}\n", "wl.yaml"));
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "wl.yaml:3:6: ops[0].name: control character 0x09 in an op name (names must be printable text)");
  }
}
