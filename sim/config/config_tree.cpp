#include "sim/config/config_tree.hpp"

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

TreeNode tree_from_yaml(const YAML::Node& node, bool with_marks) {
  TreeNode t;
  if (!node.IsDefined()) return t;
  if (with_marks) t.mark = mark_of(node);
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      t.kind = TreeNode::Kind::Scalar;
      t.scalar = node.Scalar();
      break;
    case YAML::NodeType::Map:
      t.kind = TreeNode::Kind::Map;
      for (auto it = node.begin(); it != node.end(); ++it)
        t.entries.push_back({it->first.Scalar(), with_marks ? mark_of(it->first) : SourceMark{},
                             tree_from_yaml(it->second, with_marks)});
      break;
    case YAML::NodeType::Sequence:
      t.kind = TreeNode::Kind::Seq;
      for (const auto& e : node) t.items.push_back(tree_from_yaml(e, with_marks));
      break;
    default:
      break;  // Null, Undefined
  }
  return t;
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

TreeNode parse_yaml_tree_reference(const std::string& text, const std::string& name) {
  try {
    return tree_from_yaml(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    throw ConfigError(source_location(name, mark_of_exception(e)) + ": YAML syntax error: " + one_line(e.msg, 120));
  }
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
