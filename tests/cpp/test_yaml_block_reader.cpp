// The fast block-YAML reader (sim/config/yaml_block_reader.cpp) against yaml-cpp, the reference:
// for every text the reader accepts it must return exactly the tree parse_yaml_tree_reference()
// returns, positions included; anything else it must decline (std::nullopt).
//  - RepositoryFiles: every YAML file under arch_configs/, workloads/, bench/ and tests/; the
//    arch configs and example workloads (the files whose load time matters) must be accepted.
//  - AcceptsSubset / DeclinesOutsideSubset: one small text per construct.
//  - MutationDifferential: seeded random mutations of real files (std::mt19937, seed 1, so every
//    failure reproduces; the failing input is printed). TERNSIM_FUZZ_READER_ITERS, else
//    TERNSIM_FUZZ_ITERS, scales the count: 10 mutants per unit, default 2000 units.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/config_tree.hpp"
#include "sim/config/yaml_block_reader.hpp"
#include "fuzz_shard.hpp"

using namespace ternsim;

namespace {

std::string source_path(const std::string& rel) { return std::string(TERNSIM_SOURCE_DIR) + "/" + rel; }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> yaml_files_under(const std::string& rel) {
  std::vector<std::string> out;
  const std::filesystem::path root = source_path(rel);
  if (!std::filesystem::exists(root)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const auto ext = e.path().extension();
    if (ext == ".yaml" || ext == ".yml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());  // directory order is not deterministic
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// "" if the reader declines or agrees with yaml-cpp; otherwise what differs.
std::string disagreement(const std::string& text) {
  const std::optional<TreeNode> fast = read_block_yaml(text);
  if (!fast) return "";
  TreeNode ref;
  try {
    ref = parse_yaml_tree_reference(text, "text");
  } catch (const ConfigError& e) {
    return std::string("reader accepted a text yaml-cpp rejects: ") + e.what();
  }
  std::string where;
  if (!same_tree(*fast, ref, &where)) return "trees differ (reader vs yaml-cpp) " + where;
  return "";
}

std::string shown(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

TEST(YamlBlockReader, RepositoryFiles) {
  std::vector<std::string> files;
  for (const char* dir : {"arch_configs", "workloads", "bench", "tests"}) {
    auto f = yaml_files_under(dir);
    files.insert(files.end(), f.begin(), f.end());
  }
  ASSERT_GE(files.size(), 20u) << "expected the repository's YAML files under " << TERNSIM_SOURCE_DIR;
  size_t accepted = 0, must_accept = 0;
  for (const auto& path : files) {
    const std::string text = slurp(path);
    const std::optional<TreeNode> fast = read_block_yaml(text);
    const std::string rel = path.substr(std::string(TERNSIM_SOURCE_DIR).size() + 1);
    if (starts_with(rel, "workloads/examples/") || starts_with(rel, "arch_configs/")) {
      ++must_accept;
      EXPECT_TRUE(fast.has_value()) << rel << ": the reader declines a file whose load time matters";
    }
    if (!fast) continue;
    ++accepted;
    EXPECT_TRUE(fast->is_map()) << rel;
    EXPECT_FALSE(fast->entries.empty()) << rel;
    TreeNode ref;
    ASSERT_NO_THROW(ref = parse_yaml_tree_reference(text, rel)) << rel;
    std::string where;
    EXPECT_TRUE(same_tree(*fast, ref, &where)) << rel << ": " << where;
  }
  EXPECT_GE(must_accept, 20u);
  std::printf("[yaml] %zu of %zu repository YAML files read by the fast reader\n", accepted, files.size());
}

TEST(YamlBlockReader, AcceptsSubset) {
  const std::vector<std::string> cases = {
      "a: 1\n",
      "a: 1",
      "a: 1\nb: two words\nc: -3.5e7\n",
      "# header\n\na: 1   \n  # indented comment\nb: 2 # trailing\n\n# end\n",
      "a: b#c\nd: x # y # z\n",
      "a:\n  b: 1\n  c:\n    d: 2\ne: 3\n",
      "a:\n- 1\n- 2\nb: 3\n",
      "a:\n  - 1\n  - 2\nb: 3\n",
      "ops:\n- name: x\n  kind: gemm\n- name: y\n  deps: [x]\n",
      "ops:\n-   name: x\n    kind: gemm\n-  y\n",
      "a:\n-\n- 2\n-\nb: 1\n",
      "a:\n-\n  b: 1\n-\n  - c\n",
      "a:\n- x: 1\n  y:\n  - 2\n  z:\n",
      "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: 'null'\ng: \"~\"\nh: nulls\n",
      "a:\n  b:\n\n# c\n\nd:",
      "a:\n  b:\n",
      "a:\n  b:\n  ",
      "x:\n  a: 1\n  b:",
      "a: 1\nb:   \n",
      "a: 1\nb: # nothing\n  # more\nc: 3\n",
      "a: 'it''s'\nb: \"say 'hi'\"\nc: ''\nd: \"\"\ne: ' padded '  # c\n",
      "a: 'x: y # z'\nb: \"[1, 2]\"\n",
      "a: 'one  \n   two''s\n# not a comment\n three'\nb: \"x\n  y \"  # c\nc:\n- 'p\n  q'\n- r\n",
      "a: one\n  two\n   three\nb: 1\n",
      "a: one\n\n  two\n\n\n  three\n\nb: 1\n",
      "a:\n  b: one\n    two # c\n  d: 3\n",
      "a:\n- one\n  two\n- three\n",
      "a:\n  value on its own line\n  continued\nb: 1\n",
      "a: [1, 2, 3]\nb: []\nc: [ x , 'y' , \"z\" ]\nd: [~, null, -1]\n",
      "a: {x: 1, y: two words}\nb: {}\nc: {k : v}\n",
      "a: {x: [1, 2], y: {z: 3}}\n",
      "ops:\n  - {name: a, deps: []}\n  - [p, q]\n",
      "url: http://x.y/z\nratio: 1:2\nexpr: a * b + c\nbr: x[0]\n",
      "a: x, y\nb: x]\nc: x}\nd: x'y\"z\n",
      "-a: 1\n?b: 2\n:c: 3\na-b: -x\n",
      "key with spaces: value with spaces\na  : b\n",
      " a: 1\n b:\n  - x\n",
      "\xc3\xa9: \xc3\xbc x\nb: c\n",
      "a:\n  b:\n    c:\n      d:\n        e: deep\n",
      // more than 16 keys (the duplicate check switches to a hash set)
      "k0: 0\nk1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk7: 7\nk8: 8\nk9: 9\nk10: 10\nk11: 11\nk12: 12\n"
      "k13: 13\nk14: 14\nk15: 15\nk16: 16\nk17: 17\n",
      std::string(900, 'k') + ": long key\n",
  };
  for (const auto& text : cases) {
    const std::optional<TreeNode> fast = read_block_yaml(text);
    ASSERT_TRUE(fast.has_value()) << "declined: " << shown(text);
    const TreeNode ref = parse_yaml_tree_reference(text, "text");
    std::string where;
    EXPECT_TRUE(same_tree(*fast, ref, &where)) << shown(text) << "\n" << where;
  }
}

// Spot checks of the values themselves, independent of yaml-cpp.
TEST(YamlBlockReader, KnownValues) {
  {
    auto t = read_block_yaml("a:\nb: ~\nc: 'null'\n");
    ASSERT_TRUE(t.has_value());
    ASSERT_EQ(t->entries.size(), 3u);
    EXPECT_TRUE(t->entries[0].value.is_null());
    EXPECT_EQ(t->entries[0].value.mark, (SourceMark{1, 0}));  // position of the next token
    EXPECT_TRUE(t->entries[1].value.is_null());
    EXPECT_EQ(t->entries[1].value.mark, (SourceMark{1, 3}));
    EXPECT_TRUE(t->entries[2].value.is_scalar());
    EXPECT_EQ(t->entries[2].value.scalar, "null");
  }
  {
    auto t = read_block_yaml("k: one\n  two\n\n  three   # c\n");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->entries.at(0).value.scalar, "one two\nthree");
    EXPECT_EQ(t->entries.at(0).value.mark, (SourceMark{0, 3}));
  }
  {
    auto t = read_block_yaml("ops:\n- name: x\n  m: 1\n");
    ASSERT_TRUE(t.has_value());
    const TreeNode& ops = t->entries.at(0).value;
    ASSERT_TRUE(ops.is_seq());
    EXPECT_EQ(ops.mark, (SourceMark{1, 0}));
    ASSERT_EQ(ops.items.size(), 1u);
    EXPECT_EQ(ops.items[0].mark, (SourceMark{1, 2}));
    EXPECT_EQ(ops.items[0].entries.at(1).key, "m");
    EXPECT_EQ(ops.items[0].entries.at(1).key_mark, (SourceMark{2, 2}));
  }
  {
    auto t = read_block_yaml("a: [x, 'it''s']\nb:");
    ASSERT_TRUE(t.has_value());
    const TreeNode& a = t->entries.at(0).value;
    ASSERT_TRUE(a.is_seq());
    EXPECT_EQ(a.mark, (SourceMark{0, 3}));
    ASSERT_EQ(a.items.size(), 2u);
    EXPECT_EQ(a.items[1].scalar, "it's");
    EXPECT_EQ(a.items[1].mark, (SourceMark{0, 7}));
    EXPECT_EQ(t->entries.at(1).value.mark, (SourceMark{1, 0}));  // end of input without a newline
  }
}

TEST(YamlBlockReader, DeclinesOutsideSubset) {
  const std::vector<std::string> cases = {
      "",
      "# only a comment\n",
      "- a\n- b\n",
      "just a scalar\n",
      "---\na: 1\n",
      "a: 1\n...\n",
      "%YAML 1.2\n---\na: 1\n",
      "\xef\xbb\xbf" "a: 1\n",
      "a: 1\r\nb: 2\r\n",
      "a:\n\tb: 1\n",
      "a: b\tc\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  text\n",
      "a: >\n  text\n",
      "? a\n: b\n",
      "'a': 1\n",
      "\"a\": 1\n",
      "<<: {a: 1}\n",
      "a: 1\na: 2\n",
      "a: {x: 1, x: 2}\n",
      "k0: 0\nk1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk7: 7\nk8: 8\nk9: 9\nk10: 10\nk11: 11\nk12: 12\n"
      "k13: 13\nk14: 14\nk15: 15\nk16: 16\nk17: 17\nk3: 3\n",
      // yaml-cpp rejects simple keys longer than 1024 characters
      std::string(1500, 'k') + ": 1\n",
      "k" + std::string(1500, ' ') + ": 1\n",
      "a: {" + std::string(1500, 'k') + ": 1}\n",
      "~: 1\n",
      "a: [1, 2\n",
      "a: [1, 2,\n  3]\n",
      "a: [1, 2,]\n",
      "a: [1, , 2]\n",
      "a: {x: 1\n",
      "a: {x}\n",
      "a: {x: }\n",
      "a: b: c\n",
      "a: b:\n",
      "a:\n  b: 1\n c: 2\n",
      "a:\n    b: 1\n  c: 2\n",
      "a: 1\n  b: 2\n",
      "a:\n  - 1\n  b: 2\n",
      "a:\n  - 1\n - 2\n",
      "a: 'x\n\n  y'\n",
      "a: \"x\n\n  y\"\n",
      "a: 'x\n---\n  y'\n",
      "a: [x, 'y\n  z']\n",
      "a: 'x\n",
      "a: \"x\\ny\"\n",
      "a: \"x\n",
      "a: 'x' y\n",
      "a: [x] y\n",
      "a: [x]#c\n",
      "a: - b\n",
      "a: -\n",
      "a:\n- - x\n",
      "a: one\n  two: three\n",
      "a: one\n  - two\n",
      "a: one # c\n  two\n",
      "a: @x\n",
      "a: `x`\n",
      "a: %x\n",
      "a: [[1, 2]]\n- x\n",
      "a\n  b: 1\n",
      "a: 1\nb\n",
      std::string("a: x\0y\n", 7),
      "a: \xff\n",
      "a: \xe2\x80\xa8\n",
  };
  for (const auto& text : cases) {
    EXPECT_FALSE(read_block_yaml(text).has_value()) << "accepted: " << shown(text);
  }
}

// ---- mutation differential ----

uint64_t mutant_count() {
  // TERNSIM_FUZZ_READER_ITERS sizes this differential apart from the parser harnesses (a 5M
  // parser run need not also check 50M reader mutants); unset, it follows TERNSIM_FUZZ_ITERS.
  const char* r = std::getenv("TERNSIM_FUZZ_READER_ITERS");
  const char* s = r ? r : std::getenv("TERNSIM_FUZZ_ITERS");
  const uint64_t units = s ? std::strtoull(s, nullptr, 10) : 2000;
  return units * 10;
}

class Mutator {
 public:
  explicit Mutator(uint32_t seed) : rng_(seed) {}

  std::string mutate(const std::string& seed) {
    std::string s = seed;
    const int rounds = 1 + static_cast<int>(pick(3));
    for (int r = 0; r < rounds; ++r) mutate_once(s);
    return s;
  }

  uint32_t pick(uint32_t n) { return n == 0 ? 0 : static_cast<uint32_t>(rng_() % n); }

 private:
  static const std::string& alphabet() {
    static const std::string a = " :-#'\"[],{}\n~&*!|>\t?%@`\\.0123456789abnulxyzN  \n";
    return a;
  }

  void mutate_once(std::string& s) {
    if (s.empty()) {
      s = "a: 1\n";
      return;
    }
    switch (pick(8)) {
      case 0:  // insert a character
        s.insert(s.begin() + pick(static_cast<uint32_t>(s.size() + 1)), alphabet()[pick(alphabet().size())]);
        break;
      case 1: {  // delete 1-3 characters
        const size_t at = pick(static_cast<uint32_t>(s.size()));
        s.erase(at, 1 + pick(3));
        break;
      }
      case 2: {  // duplicate a character
        const size_t at = pick(static_cast<uint32_t>(s.size()));
        s.insert(at, 1, s[at]);
        break;
      }
      case 3:  // replace a character
        s[pick(static_cast<uint32_t>(s.size()))] = alphabet()[pick(alphabet().size())];
        break;
      default: {  // line operations
        auto lines = split_lines(s);
        const size_t a = pick(static_cast<uint32_t>(lines.size()));
        const size_t b = pick(static_cast<uint32_t>(lines.size()));
        switch (pick(5)) {
          case 0:
            std::swap(lines[a], lines[b]);
            break;
          case 1:
            lines.insert(lines.begin() + static_cast<long>(b), lines[a]);
            break;
          case 2:
            lines.erase(lines.begin() + static_cast<long>(a));
            break;
          case 3:  // indent more
            lines[a].insert(0, 1 + pick(3), ' ');
            break;
          default: {  // indent less
            size_t k = 0;
            while (k < lines[a].size() && k < 1 + pick(3) && lines[a][k] == ' ') ++k;
            lines[a].erase(0, k);
          }
        }
        s.clear();
        for (size_t i = 0; i < lines.size(); ++i) {
          s += lines[i];
          if (i + 1 < lines.size()) s += '\n';
        }
      }
    }
  }

  static std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
      const size_t end = s.find('\n', start);
      if (end == std::string::npos) {
        out.push_back(s.substr(start));
        return out;
      }
      out.push_back(s.substr(start, end - start));
      start = end + 1;
    }
  }

  std::mt19937 rng_;
};

// Small texts with the constructs the reader handles, beside real files.
const char* const kSyntheticSeed =
    "# synthetic seed\n"
    "name: x  # c\n"
    "empty:\n"
    "tilde: ~\n"
    "q1: 'it''s # not a comment'\n"
    "q2: \"a: b\"\n"
    "q3: 'long quoted\n"
    "  text, ''continued''\n"
    "  here'\n"
    "flow: [1, -2, 'three', \"four\", ~]\n"
    "fmap: {a: 1, b: [x, y], c: {}}\n"
    "multi: first line\n"
    "  second line\n"
    "\n"
    "  third\n"
    "nested:\n"
    "  inner:\n"
    "    deep: 1\n"
    "  list:\n"
    "  - a\n"
    "  -\n"
    "  - k: v\n"
    "    k2:\n"
    "  -   z: 1\n"
    "same:\n"
    "- 1\n"
    "- two\n"
    "  words\n"
    "last:\n";

TEST(YamlBlockReader, MutationDifferential) {
  std::vector<std::string> seeds = {
      kSyntheticSeed,
      slurp(source_path("arch_configs/ternary_asic.yaml")),
      slurp(source_path("arch_configs/fpga_mmfree_prototype.yaml")),
      slurp(source_path("arch_configs/sweeps/ternary_vs_systolic.yaml")),
      slurp(source_path("tests/fuzz/corpus/workload/mlgru.yaml")),
      slurp(source_path("bench/gemms_scalesim.yaml")),
  };
  {  // the head of a generated workload: meta block with folded scalars, then ops
    const std::string wl = slurp(source_path("workloads/examples/mmfreelm-2.7b_decode.yaml"));
    size_t cut = 0;
    for (int i = 0; i < 70 && cut != std::string::npos; ++i) cut = wl.find('\n', cut + 1);
    seeds.push_back(wl.substr(0, cut == std::string::npos ? wl.size() : cut + 1));
  }
  for (const auto& s : seeds) {
    ASSERT_FALSE(s.empty());
    ASSERT_TRUE(read_block_yaml(s).has_value()) << "seed declined:\n" << s;
    ASSERT_EQ(disagreement(s), "");
  }

  Mutator mut(static_cast<uint32_t>(ternsim::test::fuzz_seed(1)));  // shard 0: seed 1
  const uint64_t n = mutant_count();
  uint64_t accepted = 0, failures = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (uint64_t i = 0; i < n && failures < 5; ++i) {
    const std::string text = mut.mutate(seeds[i % seeds.size()]);
    if (!read_block_yaml(text)) continue;
    ++accepted;
    const std::string d = disagreement(text);
    if (!d.empty()) {
      ++failures;
      ADD_FAILURE() << "mutant #" << i << " (shard " << ternsim::test::fuzz_shard() << "): " << d << "\ninput:\n" << text;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[fuzz] yaml_block_reader: %llu mutants, %llu accepted and checked, in %.2f s\n",
              static_cast<unsigned long long>(n), static_cast<unsigned long long>(accepted), secs);
  EXPECT_EQ(failures, 0u);
  // The differential only means something if a good share of mutants is read by the fast path.
  if (n > 0) {  // TERNSIM_FUZZ_READER_ITERS=0 leaves the differential out
    EXPECT_GT(accepted, n / 5);
  }
}

}  // namespace
