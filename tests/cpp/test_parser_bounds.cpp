// Parsing is bounded (issue 14, defects 3, 4, 12, 15): self-referential aliases, alias
// expansion ("billion laughs"), deep nesting, merge keys, several documents, directories,
// devices, FIFOs and oversized files each give one exact error line, never a signal.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "sim/config/config_error.hpp"
#include "sim/config/config_node.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/workload/workload_loader.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string workload_error(const std::string& text) {
  return error_of([&] { load_workload(ConfigNode::load_string(text, "wl.yaml")); });
}

std::string arch_error(const std::string& text, const std::vector<std::string>& sets = {}) {
  return error_of([&] {
    ConfigNode root = ConfigNode::load_string(text, "arch.yaml");
    for (const auto& s : sets) root.apply_override(s);
    load_arch(root);
  });
}

const std::string kOps = "ops:\n  - {name: a, kind: add, m: 1, n: 4}\n";

// 10^7 nodes from a few hundred bytes.
std::string billion_laughs() {
  std::string t = "name: w\nmeta:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  const char* names = "abcdefg";
  for (int i = 1; i < 7; ++i) {
    t += std::string("  ") + names[i] + ": &" + names[i] + " [";
    for (int k = 0; k < 10; ++k) t += std::string(k ? ", " : "") + "*" + names[i - 1];
    t += "]\n";
  }
  return t + kOps;
}

}  // namespace

TEST(ParserBounds, SelfReferentialAliasInAWorkload) {
  EXPECT_EQ(workload_error("name: w\nops: &x [*x]\n"),
            "wl.yaml:2:6: an alias refers to a node that contains it (self-referential anchor)");
}

TEST(ParserBounds, SelfReferentialAliasInAMapping) {
  EXPECT_EQ(arch_error(small_arch_yaml() + "extra: &m {inner: *m}\n"),
            "arch.yaml:10:8: an alias refers to a node that contains it (self-referential anchor)");
}

TEST(ParserBounds, SelfReferentialAliasInASetValue) {
  EXPECT_EQ(arch_error(small_arch_yaml(), {"array=&x [*x]"}),
            "--set array=&x [*x]: an alias refers to a node that contains it (self-referential anchor)");
}

TEST(ParserBounds, CyclicTreeFromMemory) {
  YAML::Node n(YAML::NodeType::Map);
  n["name"] = "w";
  n["self"] = n;
  EXPECT_EQ(error_of([&] { ConfigNode::from_node(n, "<workload dict>", "."); }),
            "<workload dict>: an alias refers to a node that contains it (self-referential anchor)");
}

TEST(ParserBounds, AliasExpansionIsBounded) {
  const std::string t = billion_laughs();
  const std::string limit = std::to_string(1000000 + 16 * t.size());
  const std::string e = workload_error(t);
  EXPECT_EQ(e.substr(0, 8), "wl.yaml:") << e;
  EXPECT_NE(e.find(": YAML expands to more than " + limit + " nodes (aliases that repeat an anchor many times?)"),
            std::string::npos)
      << e;
}

TEST(ParserBounds, DeepNestingIsBounded) {
  const std::string deep = "name: w\nmeta: " + std::string(300, '[') + std::string(300, ']') + "\n" + kOps;
  EXPECT_EQ(workload_error(deep), "wl.yaml:2:262: YAML nests deeper than 256 levels");
  // Deeper than yaml-cpp's own guard (2000): its error, still one line.
  const std::string deeper = "name: w\nmeta: " + std::string(5000, '[') + std::string(5000, ']') + "\n" + kOps;
  EXPECT_EQ(workload_error(deeper), "wl.yaml:2:10007: YAML nests deeper than 256 levels");
  EXPECT_EQ(arch_error(small_arch_yaml(), {"name=" + std::string(5000, '[')}),
            "--set name=" + std::string(72, '[') + "...: value nests deeper than 256 levels");
}

TEST(ParserBounds, MergeKeysAreRejected) {
  EXPECT_EQ(workload_error("name: w\nbase: &b {kind: add, m: 1, n: 4}\nops:\n  - {<<: *b, name: a}\n"),
            "wl.yaml:4:6: YAML merge keys (<<) are not supported: write the keys out");
  // A quoted "<<" is an ordinary key.
  EXPECT_EQ(workload_error("name: w\n\"<<\": 1\n" + kOps), "wl.yaml:2:1: <<: unknown key");
}

TEST(ParserBounds, SeveralDocumentsAreRejected) {
  EXPECT_EQ(workload_error("name: w\n" + kOps + "---\nname: second\n"),
            "wl.yaml:4:1: a second YAML document ('---'): expected one document per file");
  EXPECT_EQ(arch_error(small_arch_yaml(), {"name=a\n---\nb"}), "--set name=a\\n---\\nb: value holds more than one YAML document");
}

TEST(ParserBounds, DirectoryDeviceFifoAndOversizedFiles) {
  const std::string dir = temp_dir();
  EXPECT_EQ(error_of([&] { load_workload_file(dir); }), dir + ": is a directory, expected a file");
  EXPECT_EQ(error_of([&] { load_workload_file("/dev/zero"); }),
            "/dev/zero: is not a regular file (a FIFO, device or socket); expected a file");
  const std::string fifo = dir + "/fifo.yaml";
  std::filesystem::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(error_of([&] { load_workload_file(fifo); }),
            fifo + ": is not a regular file (a FIFO, device or socket); expected a file");
  const std::string big = write_temp("big.yaml", "name: w\n" + kOps);  // 50 bytes
  ::setenv("TERNSIM_MAX_INPUT_BYTES", "40", 1);
  const std::string e = error_of([&] { load_workload_file(big); });
  ::setenv("TERNSIM_MAX_INPUT_BYTES", "x", 1);
  const std::string bad_env = error_of([&] { load_workload_file(big); });
  ::unsetenv("TERNSIM_MAX_INPUT_BYTES");
  EXPECT_EQ(e, big + ": file is 50 bytes, more than the input limit of 40 bytes (raise it with TERNSIM_MAX_INPUT_BYTES)");
  EXPECT_EQ(bad_env, "TERNSIM_MAX_INPUT_BYTES=x: expected a positive integer (bytes)");
  EXPECT_EQ(error_of([&] { load_workload_file(big); }), "(no error)");
}

// The CLI: one line, exit 2, for what used to be a SIGSEGV or an endless read.
TEST(ParserBounds, CliGivesOneLine) {
  const std::string arch = write_temp("pb_arch.yaml", small_arch_yaml());
  const std::string loop = write_temp("loop.yaml", "name: w\nops: &x [*x]\n");
  CliResult r = run_cli("run --arch " + arch + " --workload " + loop);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: " + loop + ":2:6: an alias refers to a node that contains it (self-referential anchor)\n");
  r = run_cli("run --arch " + arch + " --workload /dev/zero");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: /dev/zero: is not a regular file (a FIFO, device or socket); expected a file\n");
  r = run_cli("run --arch " + arch + " --workload " + temp_dir());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: " + temp_dir() + ": is a directory, expected a file\n");
  r = run_cli("run --arch " + arch + " --workload " + loop + " --set 'array=&x [*x]'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: --set array=&x [*x]: an alias refers to a node that contains it (self-referential anchor)\n");
}

TEST(ParserBounds, AliasedLongScalarIsBounded) {
  // A 1 MiB scalar repeated 1,000 times by aliases: 1 GB of text from ~1 MB of file.
  std::string t = "name: w\nmeta:\n  s: &s " + std::string(1 << 20, 'x') + "\n  r: [";
  for (int i = 0; i < 1000; ++i) t += i ? ", *s" : "*s";
  t += "]\n" + kOps;
  const std::string limit = std::to_string((uint64_t(64) << 20) + 16 * t.size());
  EXPECT_EQ(workload_error(t), "wl.yaml:3:6: YAML expands to more than " + limit +
                                   " bytes of text (aliases that repeat a long scalar many times?)");
}

// yaml-cpp's LoadAll yields empty documents without end on this input (found by the fuzzer).
TEST(ParserBounds, ByteOrderMarkAfterTheFirstCharacterIsBounded) {
  EXPECT_EQ(workload_error(",\xEF\xBB\xBFname: w\n" + kOps),
            "wl.yaml:1:1: a second YAML document ('---'): expected one document per file");
}
