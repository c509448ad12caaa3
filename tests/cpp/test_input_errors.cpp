// Bad input gives one clear error line (file:line, key, what was expected) and exit code 2.
#include <gtest/gtest.h>

#include "sim/config/config_node.hpp"
#include "test_util.hpp"

using namespace ternsim::test;

namespace {

std::string arch_path() { return write_temp("good_arch.yaml", small_arch_yaml()); }
std::string wl_path() { return write_temp("good_wl.yaml", gemm_workload_yaml(4, 16, 16)); }

// Runs `ternsim run` and returns its single error line.
std::string error_of(const std::string& arch, const std::string& wl, const std::string& extra = "") {
  CliResult r = run_cli("run --arch " + arch + " --workload " + wl + " " + extra);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << "expected one line, got:\n" << r.out;
  return r.out;
}

std::string arch_with(const std::string& from, const std::string& to) {
  std::string a = small_arch_yaml();
  auto pos = a.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return a.replace(pos, from.size(), to);
}

}  // namespace

TEST(InputErrors, MissingFile) {
  std::string e = error_of("/nonexistent/arch.yaml", wl_path());
  EXPECT_EQ(e, "error: /nonexistent/arch.yaml: cannot open file: No such file or directory\n");
}

TEST(InputErrors, YamlSyntaxError) {
  std::string p = write_temp("syntax.yaml", "name: x\narray: {kind: ternary, rows: [1, 2\n");
  std::string e = error_of(p, wl_path());
  EXPECT_NE(e.find(p + ":3:1: YAML syntax error"), std::string::npos) << e;
}

TEST(InputErrors, WrongType) {
  std::string p = write_temp("type.yaml", arch_with("rows: 8", "rows: eight"));
  std::string e = error_of(p, wl_path());
  EXPECT_EQ(e, "error: " + p + ":3:24: array.rows: expected an integer in [1, 65536], got 'eight'\n");
}

TEST(InputErrors, NegativeSize) {
  std::string p = write_temp("neg.yaml", gemm_workload_yaml(4, 16, 16).replace(
                                             gemm_workload_yaml(4, 16, 16).find("n: 16"), 5, "n: -16"));
  std::string e = error_of(arch_path(), p);
  EXPECT_EQ(e, "error: " + p + ":3:33: ops[0].n: expected an integer in [1, 2147483648], got -16\n");
}

TEST(InputErrors, UnknownKeyWithDidYouMean) {
  std::string p = write_temp("unknown.yaml", arch_with("acc_bits: 24", "acc_bit: 24"));
  std::string e = error_of(p, wl_path());
  EXPECT_EQ(e, "error: " + p + ":3:55: array.acc_bit: unknown key (did you mean 'acc_bits'?)\n") << e;
}

TEST(InputErrors, MisspeltRequiredKeyNamesTheTypo) {
  std::string p = write_temp("typo.yaml", arch_with("rows: 8", "rwos: 8"));
  std::string e = error_of(p, wl_path());
  EXPECT_EQ(e, "error: " + p + ":3:8: array.rows: required key is missing (is 'rwos' a misspelling of it?)\n") << e;
}

TEST(InputErrors, MissingRequiredKey) {
  std::string p = write_temp("missing.yaml", arch_with("rows: 8, ", ""));
  std::string e = error_of(p, wl_path());
  EXPECT_EQ(e, "error: " + p + ":3:8: array.rows: required key is missing\n") << e;
}

TEST(InputErrors, BadChoiceSuggestsTheClosestOption) {
  std::string p = write_temp("choice.yaml", arch_with("kind: ddr4", "kind: ddr5"));
  std::string e = error_of(p, wl_path());
  EXPECT_NE(e.find("dram.kind: expected one of ddr4 | lpddr4 | lpddr5 | gddr6 | hbm2 | hbm2e | hbm3, got 'ddr5' "
                   "(did you mean 'ddr4'?)"),
            std::string::npos)
      << e;
}

TEST(InputErrors, OverrideOfUnknownKeyNamesTheSetFlag) {
  std::string e = error_of(arch_path(), wl_path(), "--set array.colls=4");
  EXPECT_EQ(e, "error: --set array.colls=4: array.colls: unknown key (did you mean 'cols'?)\n");
}

TEST(InputErrors, OverrideWithBadValue) {
  std::string e = error_of(arch_path(), wl_path(), "--set clock_mhz=0");
  EXPECT_EQ(e, "error: --set clock_mhz=0: clock_mhz: expected a number in [0.001, 100000], got 0\n");
}

TEST(InputErrors, NotANumber) {
  std::string e = error_of(arch_path(), wl_path(), "--set clock_mhz=.nan");
  EXPECT_NE(e.find("clock_mhz: expected a number in [0.001, 100000], got '.nan' (not finite)"), std::string::npos) << e;
}

TEST(InputErrors, OpThatCannotFitOneTile) {
  // A 1 KiB weight buffer in 2 slots of 512 B cannot hold one 64x64 ternary tile (1024 B).
  std::string wl = write_temp("big_tile.yaml", gemm_workload_yaml(1, 64, 64));
  std::string e = error_of(arch_path(), wl, "--set array.rows=64 --set array.cols=64 --set sram.weight_buffer.capacity_kib=1");
  EXPECT_EQ(e, "error: op 'g': one weight tile needs 1024 bytes but one DMA slot of the weight buffer holds 512 bytes "
               "(sram.weight_buffer.capacity_kib / dma.buffers)\n");
}

TEST(InputErrors, UnknownDependency) {
  std::string p = write_temp("dep.yaml", "name: d\nops:\n  - {name: a, kind: add, m: 1, n: 4}\n"
                                         "  - {name: b, kind: add, m: 1, n: 4, deps: [aa]}\n");
  std::string e = error_of(arch_path(), p);
  EXPECT_EQ(e, "error: " + p + ":4:38: ops[1].deps: 'aa' is not the name of an earlier op (did you mean 'a'?)\n");
}

TEST(InputErrors, UnknownOpKind) {
  std::string p = write_temp("kind.yaml", "name: d\nops:\n  - {name: a, kind: rmsnrom, m: 1, n: 4}\n");
  std::string e = error_of(arch_path(), p);
  EXPECT_NE(e.find(p + ":3:15: ops[0].kind: expected one of gemm | rmsnorm"), std::string::npos) << e;
  EXPECT_NE(e.find("(did you mean 'rmsnorm'?)"), std::string::npos) << e;
}

// Found by the parser fuzzer: yaml-cpp quotes the offending character in its message, which
// can be a raw control character; the error must still be one printable line.
TEST(InputErrors, YamlParserMessageWithAControlCharacterStaysOneLine) {
  try {
    ternsim::ConfigNode::load_string("name: \"a\\\rb\"\n", "w.yaml");
    FAIL() << "expected a ConfigError";
  } catch (const ternsim::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "w.yaml:1:11: YAML syntax error: unknown escape character: \\r");
  }
}

// Command-line usage errors are bad input like any other: one line and exit 2, not CLI11's own
// exit codes (106, 109, ...) with a second "Run with --help" line. --help and --version exit 0.
TEST(InputErrors, CommandLineUsageErrorsAreOneLineAndExitTwo) {
  CliResult r = run_cli("run --workload w.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: --arch is required (ternsim run --help lists the options)\n");
  r = run_cli("frob");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: unknown command 'frob'; expected one of: calibrate-dram, compare, cosim, import, plot, run, sweep, trace, validate\n");
  r = run_cli("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: A subcommand is required (ternsim --help lists the options)\n");
  r = run_cli("run --arch a.yaml --workload w.yaml --no-such-flag");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: The following argument was not expected: --no-such-flag (ternsim run --help lists the options)\n");
  EXPECT_EQ(run_cli("--version").exit_code, 0);
  EXPECT_EQ(run_cli("run --help").exit_code, 0);
}

// --set reaches into lists (memory_hierarchy levels, validation assumptions): by index, as
// `levels.1.x` or `levels[1].x`, or by an element's `name:`; an error then names the element
// the way every other error does (`levels[1].x`), and a bad index or name is one line.
TEST(InputErrors, OverrideAddressesListElementsByIndexOrName) {
  const std::string text = "levels:\n  - {name: a, kib: 1}\n  - {name: b, kib: 2}\n";
  for (const std::string set : {"levels.1.kib=7", "levels[1].kib=7", "levels.b.kib=7"}) {
    auto n = ternsim::ConfigNode::load_string(text, "h.yaml");
    n.apply_override(set);
    auto levels = n.list("levels");
    EXPECT_EQ(levels.at(0).integer("kib", 1, 100), 1) << set;
    EXPECT_EQ(levels.at(1).integer("kib", 1, 100), 7) << set;
    try {
      levels.at(1).integer("kib", 8, 100);
      FAIL() << "expected a ConfigError";
    } catch (const ternsim::ConfigError& e) {
      EXPECT_EQ(std::string(e.what()), "--set " + set + ": levels[1].kib: expected an integer in [8, 100], got 7");
    }
  }
  auto error = [&](const std::string& set) {
    auto n = ternsim::ConfigNode::load_string(text, "h.yaml");
    try {
      n.apply_override(set);
    } catch (const ternsim::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("levels.2.kib=1"), "--set levels.2.kib=1: 'levels' has 2 elements; index 2 is out of range");
  EXPECT_EQ(error("levels.c.kib=1"),
            "--set levels.c.kib=1: 'levels' is a list; expected an index (0 to 1) or the name of an element (a, b), got 'c'");
  EXPECT_EQ(error("levels[x].kib=1"), "--set levels[x].kib=1: '[x]' in key 'levels[x].kib' is not a list index");
  EXPECT_EQ(error("levels.99999999999999999999.kib=1"),
            "--set levels.99999999999999999999.kib=1: 'levels' has 2 elements; index 99999999999999999999 is out of range");
  EXPECT_EQ(error("levels.0.kib.x=1"), "--set levels.0.kib.x=1: 'kib' is not a mapping, cannot set 'levels.0.kib.x'");
}

// A newline inside an argument the error echoes (a path, a --set assignment) is escaped, so
// the error stays one line (sim/cli/main.cpp).
TEST(InputErrors, NewlineInAnEchoedArgumentStaysOneLine) {
  EXPECT_EQ(error_of(arch_path(), wl_path(), "--set 'array.rows\n'"), "error: --set array.rows\\n: expected key.path=value\n");
  EXPECT_EQ(error_of(arch_path(), "'/nonexistent/a\nb.yaml'"),
            "error: /nonexistent/a\\nb.yaml: cannot open file: No such file or directory\n");
}
