// A file on disk is a result the tool computed, whole and from one run (issue 14, defects 1, 2
// and 19): every write is checked (a full disk is one error line and exit 2, and leaves the
// previous results untouched), concurrent runs into one --out never mix their files, and an
// output directory can be run again.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "sim/config/config_error.hpp"
#include "sim/report/atomic_output.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;
namespace fs = std::filesystem;

namespace {

std::string many_ops_workload(int n) {
  std::string w = "name: many\nops:\n";
  for (int i = 0; i < n; ++i)
    w += "  - {name: g" + std::to_string(i) + ", kind: gemm, m: 4, n: 32, k: 32, weight: ternary}\n";
  return w;
}

std::string arch() { return write_temp("oi_arch.yaml", small_arch_yaml()); }
std::string wl() { return write_temp("oi_wl.yaml", many_ops_workload(300)); }

std::string fresh_dir(const std::string& name) {
  std::string d = temp_dir() + "/" + name;
  fs::remove_all(d);
  return d;
}

std::vector<std::string> listing(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// `ternsim <args>` with a file size limit of `blocks` 512-byte blocks and SIGXFSZ ignored:
// writes then fail with EFBIG, as they fail with ENOSPC on a full disk.
CliResult run_cli_with_fsize_limit(int blocks, const std::string& args) {
  return run_cli_in_shell("trap '' XFSZ; ulimit -f " + std::to_string(blocks) + "; exec " + std::string(TERNSIM_BINARY) +
                          " " + args);
}

}  // namespace

TEST(AtomicOutput, WriteToDevFullIsAnError) {
  try {
    write_file_atomic("/dev/full", "x");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "/dev/full: cannot write output file: No space left on device");
  }
}

TEST(AtomicOutput, ReplacesTheFileWholeAndLeavesNoTemporary) {
  const std::string d = fresh_dir("atomic_file");
  fs::create_directories(d);
  write_file_atomic(d + "/a.txt", "first version, longer\n");
  write_file_atomic(d + "/a.txt", "second\n");
  EXPECT_EQ(read_file(d + "/a.txt"), "second\n");
  EXPECT_EQ(listing(d), std::vector<std::string>{"a.txt"});
  EXPECT_EQ(fs::status(d + "/a.txt").permissions() & fs::perms::owner_read, fs::perms::owner_read);
}

TEST(AtomicOutput, UncommittedDirectoryLeavesNothingBehind) {
  const std::string d = fresh_dir("atomic_dir");
  {
    OutputDir out(d, {"a", "b"});
    out.write("a", "1");
  }  // an error between write and commit
  EXPECT_TRUE(listing(d).empty());
  {
    OutputDir out(d, {"a", "b"});
    out.write("b", "2");
    out.commit();
  }
  EXPECT_EQ(listing(d), std::vector<std::string>{"b"});
  {
    OutputDir out(d, {"a", "b"});
    out.write("a", "3");
    out.commit();  // "b" came from an earlier run: it goes
  }
  EXPECT_EQ(listing(d), std::vector<std::string>{"a"});
  EXPECT_EQ(read_file(d + "/a"), "3");
}

TEST(OutputIntegrity, TraceOnDevFullIsOneErrorLine) {
  CliResult r = run_cli("run --arch " + arch() + " --workload " + wl() + " --trace /dev/full");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  const std::string last = r.out.substr(r.out.rfind("error:"));
  EXPECT_EQ(last, "error: /dev/full: cannot write output file: No space left on device\n") << r.out;
}

TEST(OutputIntegrity, OutOnDevFullIsOneErrorLine) {
  CliResult r = run_cli("run --arch " + arch() + " --workload " + wl() + " --out /dev/full");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "error: /dev/full: cannot create output directory: Not a directory\n");
}

// A --out that cannot be a directory fails before the simulation runs (it used to fail after a
// whole run, minutes with the DRAM backend): the simulation's own error (here the run guard's,
// raised when the simulation starts) does not come first.
TEST(OutputIntegrity, BadOutFailsBeforeTheSimulation) {
  const std::string file = write_temp("not_a_dir", "x");
  CliResult r = capture_command("TERNSIM_MAX_SECONDS=soon " + std::string(TERNSIM_BINARY) + " run --arch " + arch() +
                                " --workload " + wl() + " --out " + file + " 2>&1");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "error: " + file + ": cannot create output directory: Not a directory\n");
  // The check creates nothing: a run that then fails leaves no empty --out behind.
  const std::string missing = fresh_dir("never_made") + "/a/b";
  r = capture_command("TERNSIM_MAX_SECONDS=soon " + std::string(TERNSIM_BINARY) + " run --arch " + arch() +
                      " --workload " + wl() + " --out " + missing + " 2>&1");
  EXPECT_EQ(r.out, "error: TERNSIM_MAX_SECONDS=soon: expected a positive integer\n");
  EXPECT_FALSE(std::filesystem::exists(missing.substr(0, missing.size() - 4)));
}

TEST(OutputIntegrity, FullDiskKeepsThePreviousResultsWhole) {
  const std::string d = fresh_dir("full_disk");
  CliResult ok = run_cli("run --arch " + arch() + " --workload " + wl() + " --out " + d);
  ASSERT_EQ(ok.exit_code, 0) << ok.out;
  const std::string summary = read_file(d + "/summary.json"), ops = read_file(d + "/ops.csv");
  ASSERT_GT(ops.size(), 8192u);  // larger than the limit below
  // A different run (4 rows) that cannot write its 10 KB ops.csv: exit 2, nothing replaced.
  CliResult r = run_cli_with_fsize_limit(16, "run --arch " + arch() + " --workload " + wl() +
                                                 " --set array.rows=4 --out " + d);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "error: " + d + "/ops.csv: cannot write output file: File too large\n");
  EXPECT_EQ(read_file(d + "/summary.json"), summary);
  EXPECT_EQ(read_file(d + "/ops.csv"), ops);
  EXPECT_EQ(listing(d), (std::vector<std::string>{"ops.csv", "resolved_arch.yaml", "summary.json", "workload.yaml"}));
}

TEST(OutputIntegrity, CompareOnAFullDiskIsAnError) {
  const std::string d = fresh_dir("full_disk_compare");
  CliResult r = run_cli_with_fsize_limit(2, "compare --arch " + arch() + " --arch " + arch() + " --workload " + wl() +
                                                " --out " + d);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("error: " + d + "/compare.json: cannot write output file: File too large\n"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("results in"), std::string::npos) << r.out;
  EXPECT_TRUE(listing(d).empty());
}

// Several runs with different arrays into one --out at once: afterwards every file is whole
// and all of them are the files of one run.
TEST(OutputIntegrity, ConcurrentRunsIntoOneOutLeaveOneRunsFiles) {
  const std::vector<int> rows = {2, 4, 8, 16};
  const std::vector<std::string> files = {"ops.csv", "resolved_arch.yaml", "summary.json", "workload.yaml"};
  std::string script;
  for (int r : rows) {
    const std::string ref = fresh_dir("ref_" + std::to_string(r));
    CliResult ok = run_cli("run --arch " + arch() + " --workload " + wl() + " --set name=rows" + std::to_string(r) +
                           " --set array.rows=" + std::to_string(r) + " --out " + ref);
    ASSERT_EQ(ok.exit_code, 0) << ok.out;
  }
  const std::string d = fresh_dir("shared_out");
  for (int round = 0; round < 3; ++round)
    for (int r : rows)
      script += std::string(TERNSIM_BINARY) + " run --arch " + arch() + " --workload " + wl() + " --set name=rows" +
                std::to_string(r) + " --set array.rows=" + std::to_string(r) + " --out " + d + " >/dev/null & ";
  CliResult all = run_cli_in_shell(script + "wait");
  ASSERT_EQ(all.exit_code, 0) << all.out;
  EXPECT_EQ(listing(d), files);
  const std::string winner = nlohmann::json::parse(read_file(d + "/summary.json")).at("arch");
  const std::string ref = temp_dir() + "/ref_" + winner.substr(4);
  for (const auto& f : files) EXPECT_EQ(read_file(d + "/" + f), read_file(ref + "/" + f)) << f << " of " << winner;
}

// resolved_arch.yaml and workload.yaml in an output directory are a complete input: running
// them again, from another directory, gives the same numbers.
TEST(OutputIntegrity, OutputDirectoryRunsAgainWithTheSameNumbers) {
  const std::string d = fresh_dir("rerun");
  const std::string tech_arch = source_path("arch_configs/ternary_asic.yaml");
  CliResult first = run_cli("run --arch " + tech_arch + " --workload " + wl() + " --out " + d);
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_NE(read_file(d + "/resolved_arch.yaml").find("tech: " + source_path("arch_configs/tech/")), std::string::npos)
      << read_file(d + "/resolved_arch.yaml");
  const std::string d2 = fresh_dir("rerun2");
  CliResult again = run_cli_in_shell("cd / && " + std::string(TERNSIM_BINARY) + " run --arch " + d +
                                     "/resolved_arch.yaml --workload " + d + "/workload.yaml --out " + d2);
  ASSERT_EQ(again.exit_code, 0) << again.out;
  auto a = nlohmann::json::parse(read_file(d + "/summary.json")), b = nlohmann::json::parse(read_file(d2 + "/summary.json"));
  ASSERT_TRUE(a.contains("energy_j")) << a.dump();
  EXPECT_EQ(a, b);
  EXPECT_EQ(read_file(d + "/ops.csv"), read_file(d2 + "/ops.csv"));
}
