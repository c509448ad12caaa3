// `run --functional --dump DIR` file names: every op's files stay inside DIR, and op names that
// differ only in characters unsafe in a file name get distinct files
// (sim/functional/dump_file_names.hpp). The hashes below are FNV-1a 64 of the UTF-8 name,
// computed independently (Python: h ^= byte; h = h * 0x100000001b3 mod 2^64, from 0xcbf29ce484222325).
#include <gtest/gtest.h>

#include <set>

#include "sim/functional/dump_file_names.hpp"

using namespace ternsim::functional;

TEST(DumpFileNames, SafeNamesAreTheirOwnStem) {
  EXPECT_EQ(dump_stem("l0.tm.f_proj"), "l0.tm.f_proj");
  EXPECT_EQ(dump_stem("a_b"), "a_b");
  EXPECT_EQ(dump_stem("x-1"), "x-1");
}

TEST(DumpFileNames, UnsafeNamesAreReplacedAndHashed) {
  EXPECT_EQ(dump_stem("a/b"), "a_b-e620c3190468cf61");
  EXPECT_EQ(dump_stem("a:b"), "a_b-e661911904a01160");
  EXPECT_EQ(dump_stem("../../etc/x"), "_._.._etc_x-974d621db3f11938");  // ".._.._etc_x", leading dot replaced
  EXPECT_EQ(dump_stem(".hidden"), "_hidden-28280da0cdcb6865");  // never a dot file, "." or ".."
  EXPECT_EQ(dump_stem("/model/layers.0/MatMul"), "_model_layers.0_MatMul-4110898f1baf2841");
  EXPECT_EQ(dump_stem("\xc3\xa4"), "__-0ac21207b7181582");  // "ä": each non-ASCII byte replaced
  EXPECT_EQ(dump_stem(""), "-cbf29ce484222325");
}

TEST(DumpFileNames, LongNamesAreCutAndHashed) {
  const std::string s = dump_stem(std::string(300, 'a'));
  EXPECT_EQ(s.size(), 160u + 1 + 16);  // 160 kept bytes + "-" + 16 hex digits: below NAME_MAX with ".x.npy"
  EXPECT_EQ(s.substr(0, 161), std::string(160, 'a') + "-");
  EXPECT_NE(s, dump_stem(std::string(301, 'a')));  // same first 160 bytes, different hash
  EXPECT_EQ(dump_stem(std::string(160, 'a')), std::string(160, 'a'));
}

TEST(DumpFileNames, StemsOfAWorkloadAreDistinctAndNeverLeaveTheDirectory) {
  // "a_b-e620c3190468cf61" is an op literally named like the hashed stem of "a/b": the later op
  // of the two gets its index appended.
  const std::vector<std::string> names = {"a/b", "a:b", "a_b", "a b", "a\\b", "..", ".", "a_b-e620c3190468cf61"};
  const auto stems = dump_stems(names);
  ASSERT_EQ(stems.size(), names.size());
  EXPECT_EQ(stems[0], "a_b-e620c3190468cf61");
  EXPECT_EQ(stems[2], "a_b");
  EXPECT_EQ(stems[7], "a_b-e620c3190468cf61~7");
  EXPECT_EQ(std::set<std::string>(stems.begin(), stems.end()).size(), names.size());
  for (const auto& s : stems) {
    EXPECT_EQ(s.find('/'), std::string::npos) << s;
    EXPECT_NE(s[0], '.') << s;
  }
  EXPECT_EQ(dump_stems(names), stems);  // deterministic
}
