#pragma once
// ConfigTree: the parsed form of one YAML document, as ConfigNode reads it.
//
// A plain, compact tree (scalars, maps in file order, lists) with the source position of every
// node and every key, so errors can say file:line:col. It replaced reading through yaml-cpp's
// Node directly: that Node is a graph of shared_ptrs, and walking it dominated the load of a
// 4,000-line workload (issue 10). yaml-cpp stays the reference parser: parse_yaml_tree() first
// tries the fast block-YAML reader (yaml_block_reader.hpp) and falls back to yaml-cpp for
// anything outside that reader's subset, and a test checks both give the same tree.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ternsim {

// 0-based position in the source text; -1 for a node built in memory (Python dict, --set).
struct SourceMark {
  int line = -1;
  int column = -1;
  bool operator==(const SourceMark& o) const { return line == o.line && column == o.column; }
};

struct TreeEntry;

struct TreeNode {
  enum class Kind : uint8_t { Null, Scalar, Map, Seq };
  Kind kind = Kind::Null;
  std::string scalar;              // Scalar: text with quotes removed and escapes resolved
  SourceMark mark;
  std::vector<TreeEntry> entries;  // Map: in file order
  std::vector<TreeNode> items;     // Seq

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Seq; }
  // Map lookup: the first entry with this key, or nullptr.
  const TreeNode* find(const std::string& key) const;
  TreeNode* find(const std::string& key);
};

struct TreeEntry {
  std::string key;
  SourceMark key_mark;
  TreeNode value;
};

// "file:line:col" (1-based), or just `file` for a node without a position.
std::string source_location(const std::string& file, const SourceMark& m);

// Structural equality including marks (for the reader-vs-yaml-cpp differential tests).
bool same_tree(const TreeNode& a, const TreeNode& b, std::string* where = nullptr);

// Parses YAML text. Syntax errors throw ConfigError "name:line:col: YAML syntax error: ...".
TreeNode parse_yaml_tree(const std::string& text, const std::string& name);
// True when the text holds a second YAML document; `where` gets its start.
bool has_second_document(const std::string& text, SourceMark* where = nullptr);
// The yaml-cpp path alone (the fallback, and the reference in tests).
TreeNode parse_yaml_tree_reference(const std::string& text, const std::string& name);

// Bounds on a parsed tree. Shipped workloads have ~10^5 nodes and depth < 10; a tree built from
// a Python dict is bounded by the dict itself (kMaxTreeNodes only stops runaway inputs).
constexpr uint64_t kMaxTreeNodes = 50'000'000;
constexpr size_t kMaxTreeDepth = 256;
constexpr uint64_t kMaxTreeBytes = uint64_t(1) << 30;

// Conversions to and from yaml-cpp trees: Python dicts arrive as YAML::Node, and the resolved
// configuration is still written with yaml-cpp's emitter.
// with_marks=false for text that is not a file (a --set value): its positions mean nothing.
// `name` (file name or "--set a=b") prefixes the errors: more than max_nodes nodes (alias
// expansion), nesting deeper than kMaxTreeDepth, a self-referential alias, a merge key (<<).
// max_bytes bounds the scalar and key text likewise (a long scalar repeated by aliases).
TreeNode tree_from_yaml(const YAML::Node& node, bool with_marks = true, const std::string& name = "<yaml>",
                        uint64_t max_nodes = kMaxTreeNodes, uint64_t max_bytes = kMaxTreeBytes);
// The node budget of a tree parsed from text: without aliases a node takes at least one byte,
// so this leaves room for generous anchor reuse while a "billion laughs" file stops at ~1M nodes
// (~100 MB) instead of growing to gigabytes.
uint64_t max_tree_nodes(size_t text_bytes);
// The text budget: 64 MiB + 16 bytes per input byte.
uint64_t max_tree_bytes(size_t text_bytes);
YAML::Node tree_to_yaml(const TreeNode& node);

// Throws ConfigError "<where>:line:col: a.b: duplicate key (first at ...)" for a key repeated
// in one mapping: yaml-cpp keeps both and ConfigNode would read only the first.
// `where` is the file name, or "--set a=b" for an override's value (positions then omitted).
void reject_duplicate_keys(const TreeNode& t, const std::string& where, const std::string& path = "");

// A mapping with no entries and no position (absent optional section).
TreeNode empty_map_node();

}  // namespace ternsim
