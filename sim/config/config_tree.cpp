#include "sim/config/config_tree.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <sstream>

#include "sim/config/config_error.hpp"
#include "sim/config/one_line.hpp"
#include "sim/config/yaml_block_reader.hpp"

namespace ternsim {
namespace {

SourceMark mark_of(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return m.line < 0 ? SourceMark{} : SourceMark{m.line, m.column};
}

SourceMark mark_of_exception(const YAML::Exception& e) {
  return e.mark.line < 0 ? SourceMark{} : SourceMark{e.mark.line, e.mark.column};
}

std::string mark_text(const SourceMark& m) {
  return std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

}  // namespace

std::string source_location(const std::string& file, const SourceMark& m) {
  return m.line < 0 ? file : file + ":" + mark_text(m);
}

const TreeNode* TreeNode::find(const std::string& key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

TreeNode* TreeNode::find(const std::string& key) {
  for (auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

bool same_tree(const TreeNode& a, const TreeNode& b, std::string* where) {
  auto differ = [&](const std::string& what) {
    if (where) *where = "at " + mark_text(a.mark) + " vs " + mark_text(b.mark) + ": " + what;
    return false;
  };
  if (a.kind != b.kind) return differ("kind " + std::to_string(int(a.kind)) + " vs " + std::to_string(int(b.kind)));
  if (!(a.mark == b.mark)) return differ("node position");
  if (a.scalar != b.scalar) return differ("scalar '" + a.scalar + "' vs '" + b.scalar + "'");
  if (a.entries.size() != b.entries.size()) return differ("number of keys");
  for (size_t i = 0; i < a.entries.size(); ++i) {
    const TreeEntry &x = a.entries[i], &y = b.entries[i];
    if (x.key != y.key) return differ("key '" + x.key + "' vs '" + y.key + "'");
    if (!(x.key_mark == y.key_mark))
      return differ("position of key '" + x.key + "': " + mark_text(x.key_mark) + " vs " + mark_text(y.key_mark));
    if (!same_tree(x.value, y.value, where)) return false;
  }
  if (a.items.size() != b.items.size()) return differ("number of list items");
  for (size_t i = 0; i < a.items.size(); ++i)
    if (!same_tree(a.items[i], b.items[i], where)) return false;
  return true;
}

namespace {

// yaml-cpp shares an anchored node between its aliases, so its graph can be cyclic
// (`ops: &x [*x]`) or expand exponentially ("billion laughs"); copying it into a tree is
// where that would overflow the stack or exhaust memory. Both are bounded here.
struct TreeBuild {
  bool with_marks;
  const std::string& name;
  uint64_t max_nodes;
  uint64_t max_bytes;
  uint64_t nodes = 0;
  uint64_t bytes = 0;  // scalar and key text: an aliased 1 MB scalar costs 1 MB per copy
  std::vector<YAML::Node> ancestors;  // the path from the root, to recognise a cycle

  [[noreturn]] void fail(const YAML::Node& at, const std::string& what) const {
    const std::string where = with_marks ? source_location(name, mark_of(at)) : name;
    throw ConfigError(where + ": " + what);
  }

  void count_bytes(const YAML::Node& at, size_t n) {
    bytes += n;
    if (bytes > max_bytes)
      fail(at, "YAML expands to more than " + std::to_string(max_bytes) +
                   " bytes of text (aliases that repeat a long scalar many times?)");
  }

  TreeNode build(const YAML::Node& node) {
    TreeNode t;
    if (!node.IsDefined()) return t;
    if (++nodes > max_nodes)
      fail(node, "YAML expands to more than " + std::to_string(max_nodes) +
                     " nodes (aliases that repeat an anchor many times?)");
    if (with_marks) t.mark = mark_of(node);
    if (node.IsScalar()) {
      t.kind = TreeNode::Kind::Scalar;
      count_bytes(node, node.Scalar().size());
      t.scalar = node.Scalar();
      return t;
    }
    if (!node.IsMap() && !node.IsSequence()) return t;  // Null, Undefined
    for (const auto& a : ancestors)
      if (a.is(node)) fail(node, "an alias refers to a node that contains it (self-referential anchor)");
    if (ancestors.size() >= kMaxTreeDepth)
      fail(node, "YAML nests deeper than " + std::to_string(kMaxTreeDepth) + " levels");
    ancestors.push_back(node);
    if (node.IsMap()) {
      t.kind = TreeNode::Kind::Map;
      for (auto it = node.begin(); it != node.end(); ++it) {
        // yaml-cpp reads a merge key as a plain key "<<" and does not merge: reading on would
        // report the merged keys as missing.
        if (it->first.IsScalar() && it->first.Scalar() == "<<" && it->first.Tag() == "?")
          fail(it->first, "YAML merge keys (<<) are not supported: write the keys out");
        count_bytes(it->first, it->first.Scalar().size());
        t.entries.push_back({it->first.Scalar(), with_marks ? mark_of(it->first) : SourceMark{}, build(it->second)});
      }
    } else {
      t.kind = TreeNode::Kind::Seq;
      for (const auto& e : node) t.items.push_back(build(e));
    }
    ancestors.pop_back();
    return t;
  }
};

}  // namespace

uint64_t max_tree_nodes(size_t text_bytes) { return 1'000'000 + 16 * uint64_t(text_bytes); }
uint64_t max_tree_bytes(size_t text_bytes) { return (uint64_t(64) << 20) + 16 * uint64_t(text_bytes); }

TreeNode tree_from_yaml(const YAML::Node& node, bool with_marks, const std::string& name, uint64_t max_nodes,
                        uint64_t max_bytes) {
  TreeBuild b{with_marks, name, max_nodes, max_bytes, 0, 0, {}};
  return b.build(node);
}

YAML::Node tree_to_yaml(const TreeNode& t) {
  switch (t.kind) {
    case TreeNode::Kind::Scalar:
      return YAML::Node(t.scalar);
    case TreeNode::Kind::Map: {
      YAML::Node n(YAML::NodeType::Map);
      for (const auto& e : t.entries) n[e.key] = tree_to_yaml(e.value);
      return n;
    }
    case TreeNode::Kind::Seq: {
      YAML::Node n(YAML::NodeType::Sequence);
      for (const auto& e : t.items) n.push_back(tree_to_yaml(e));
      return n;
    }
    default:
      return YAML::Node(YAML::NodeType::Null);
  }
}

TreeNode empty_map_node() {
  TreeNode t;
  t.kind = TreeNode::Kind::Map;
  return t;
}

namespace {

// Records where each document starts; ignores the rest of the events.
struct DocumentStarts : YAML::EventHandler {
  YAML::Mark last;
  void OnDocumentStart(const YAML::Mark& m) override { last = m; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

bool has_second_document(const std::string& text, SourceMark* where) {
  // Not YAML::LoadAll: on some malformed input (a byte-order mark after the first character)
  // it yields empty documents without end until memory runs out. Two documents are enough.
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts h;
  if (!parser.HandleNextDocument(h)) return false;
  if (!parser.HandleNextDocument(h)) return false;
  if (where) *where = h.last.line < 0 ? SourceMark{} : SourceMark{h.last.line, h.last.column};
  return true;
}

TreeNode parse_yaml_tree_reference(const std::string& text, const std::string& name) {
  YAML::Node doc;
  SourceMark second;
  bool two = false;
  try {
    doc = YAML::Load(text);
    two = has_second_document(text, &second);
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's own guard (2000 levels) says "bad file"
    throw ConfigError(source_location(name, mark_of_exception(e)) + ": YAML nests deeper than " +
                      std::to_string(kMaxTreeDepth) + " levels");
  } catch (const YAML::Exception& e) {
    throw ConfigError(source_location(name, mark_of_exception(e)) + ": YAML syntax error: " + one_line(e.msg, 120));
  }
  // yaml-cpp's Load() silently keeps only the first document.
  if (two) throw ConfigError(source_location(name, second) + ": a second YAML document ('---'): expected one document per file");
  return tree_from_yaml(doc, true, name, max_tree_nodes(text.size()), max_tree_bytes(text.size()));
}

void reject_duplicate_keys(const TreeNode& t, const std::string& where, const std::string& path) {
  for (size_t i = 0; i < t.entries.size(); ++i) {
    const TreeEntry& e = t.entries[i];
    const std::string key_path = path.empty() ? e.key : path + "." + e.key;
    for (size_t j = 0; j < i; ++j)
      if (t.entries[j].key == e.key)
        throw ConfigError(source_location(where, e.key_mark) + ": " + one_line(key_path, 80) + ": duplicate key" +
                          (e.key_mark.line < 0 ? std::string()
                                               : " (first at " + source_location(where, t.entries[j].key_mark) + ")"));
    reject_duplicate_keys(e.value, where, key_path);
  }
  for (size_t i = 0; i < t.items.size(); ++i)
    reject_duplicate_keys(t.items[i], where, path + "[" + std::to_string(i) + "]");
}

TreeNode parse_yaml_tree(const std::string& text, const std::string& name) {
  if (auto fast = read_block_yaml(text)) return std::move(*fast);
  TreeNode t = parse_yaml_tree_reference(text, name);
  reject_duplicate_keys(t, name);  // the block reader declines such texts
  return t;
}

}  // namespace ternsim
