#include "sim/config/config_node.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <yaml-cpp/depthguard.h>
#include <limits>
#include <sstream>

#include "sim/config/did_you_mean.hpp"
#include "sim/config/input_file.hpp"
#include "sim/config/one_line.hpp"

namespace ternsim {
namespace {

std::string dir_of(const std::string& path) {
  auto pos = path.find_last_of('/');
  return pos == std::string::npos ? std::string(".") : path.substr(0, pos);
}

bool is_int_text(const std::string& s) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

}  // namespace

ConfigNode::ConfigNode(std::shared_ptr<ConfigDoc> doc, TreeNode* node, std::string path)
    : doc_(std::move(doc)), node_(node), path_(std::move(path)) {}

ConfigNode ConfigNode::load_file(const std::string& path) {
  ConfigNode n = load_string(read_input_file(path), path);
  n.doc_->dir = dir_of(path);
  return n;
}

ConfigNode ConfigNode::load_string(const std::string& text, const std::string& name) {
  auto doc = std::make_shared<ConfigDoc>();
  doc->file = name;
  doc->dir = ".";
  doc->root = parse_yaml_tree(text, name);
  if (!doc->root.is_map())
    throw ConfigError(name + ": expected a YAML mapping at the top level" +
                      (doc->root.is_null() ? std::string(" (file is empty)") : std::string()));
  return ConfigNode(doc, &doc->root, "");
}

ConfigNode ConfigNode::from_node(const YAML::Node& node, const std::string& name, const std::string& dir) {
  auto doc = std::make_shared<ConfigDoc>();
  doc->file = name;
  doc->dir = dir;
  doc->root = tree_from_yaml(node, true, name);
  if (!doc->root.is_map()) throw ConfigError(name + ": expected a mapping at the top level");
  return ConfigNode(doc, &doc->root, "");
}

void ConfigNode::apply_override(const std::string& assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("--set " + assignment + ": expected key.path=value");
  std::string key = assignment.substr(0, eq);
  std::string value = assignment.substr(eq + 1);
  TreeNode parsed;
  try {
    YAML::Node doc = YAML::Load(value);
    if (has_second_document(value))
      throw ConfigError("--set " + one_line(assignment, 80) + ": value holds more than one YAML document");
    parsed = tree_from_yaml(doc, false, "--set " + one_line(assignment, 80),
                            max_tree_nodes(value.size()), max_tree_bytes(value.size()));
  } catch (const YAML::DeepRecursion&) {
    throw ConfigError("--set " + one_line(assignment, 80) + ": value nests deeper than " + std::to_string(kMaxTreeDepth) +
                      " levels");
  } catch (const YAML::Exception& e) {
    throw ConfigError("--set " + one_line(assignment, 80) + ": value is not valid YAML: " + one_line(e.msg, 120));
  }
  // Components are separated by '.'; a list element is addressed by its index (`levels.1.x`
  // or `levels[1].x`) or, for a list of mappings with `name:` keys, by that name
  // (`levels.scratch.x`). The recorded path uses the form errors use: `levels[1].x`.
  std::vector<std::string> parts;
  {
    std::string norm;
    for (char c : key) norm += (c == '[') ? '.' : c;  // "a[1].b" -> "a.1].b"
    std::stringstream ss(norm);
    for (std::string p; std::getline(ss, p, '.');) {
      if (!p.empty() && p.back() == ']') {
        p.pop_back();
        if (p.empty() || p.find_first_not_of("0123456789") != std::string::npos)
          throw ConfigError("--set " + one_line(assignment, 80) + ": '[" + p + "]' in key '" + one_line(key, 60) +
                            "' is not a list index");
      }
      if (p.empty() || p.find(']') != std::string::npos)
        throw ConfigError("--set " + one_line(assignment, 80) + ": empty component in key '" + one_line(key, 60) + "'");
      parts.push_back(p);
    }
  }
  reject_duplicate_keys(parsed, "--set " + one_line(assignment, 80), full_key(key));
  // Overrides are applied before any child ConfigNode is taken, so growing the tree here
  // cannot leave another ConfigNode pointing into a reallocated vector.
  std::string path;  // the key as errors name it
  auto slot = [](TreeNode& map, const std::string& k) -> TreeNode& {
    if (TreeNode* v = map.find(k)) return *v;
    map.entries.push_back({k, SourceMark{}, TreeNode{}});
    return map.entries.back().value;
  };
  // The element of list `seq` (at `path`) that `part` names, by index or by its `name:` value.
  auto element = [&](TreeNode& seq, const std::string& part) -> TreeNode& {
    const bool numeric = part.find_first_not_of("0123456789") == std::string::npos;
    if (numeric) {
      const unsigned long long i = part.size() > 18 ? ~0ull : std::stoull(part);
      if (i >= seq.items.size())
        throw ConfigError("--set " + one_line(assignment, 80) + ": '" + one_line(path, 60) + "' has " +
                          std::to_string(seq.items.size()) + " elements; index " + one_line(part, 20) + " is out of range");
      path += "[" + std::to_string(i) + "]";
      return seq.items[i];
    }
    std::string names;
    for (size_t i = 0; i < seq.items.size(); ++i) {
      TreeNode* n = seq.items[i].is_map() ? seq.items[i].find("name") : nullptr;
      if (!n || !n->is_scalar()) continue;
      if (n->scalar == part) {
        path += "[" + std::to_string(i) + "]";
        return seq.items[i];
      }
      names += (names.empty() ? "" : ", ") + n->scalar;
    }
    throw ConfigError("--set " + one_line(assignment, 80) + ": '" + one_line(path, 60) + "' is a list; expected an index" +
                      (seq.items.empty() ? std::string() : " (0 to " + std::to_string(seq.items.size() - 1) + ")") + (names.empty() ? "" : " or the name of an element (" + one_line(names, 80) + ")") +
                      ", got '" + one_line(part, 40) + "'");
  };
  TreeNode* cur = node_;
  path = path_;
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    TreeNode* next;
    if (cur->is_seq()) {
      next = &element(*cur, parts[i]);
    } else {
      path += (path.empty() ? "" : ".") + parts[i];
      next = &slot(*cur, parts[i]);
    }
    if (last) {
      *next = std::move(parsed);
      break;
    }
    if (next->is_null()) {
      *next = empty_map_node();
    } else if (!next->is_map() && !next->is_seq()) {
      throw ConfigError("--set " + assignment + ": '" + parts[i] + "' is not a mapping, cannot set '" + key + "'");
    }
    cur = next;
  }
  const std::string full = path;
  doc_->overridden[full] = "--set " + one_line(assignment, 80);
}

std::string ConfigNode::full_key(const std::string& key) const {
  if (key.empty()) return path_;
  if (path_.empty()) return key;
  return path_ + "." + key;
}

TreeNode* ConfigNode::value_of(const std::string& key) const {
  TreeNode* v = node_->find(key);
  return v && !v->is_null() ? v : nullptr;
}

bool ConfigNode::has(const std::string& key) const { return value_of(key) != nullptr; }

std::string ConfigNode::where(const std::string& key) const {
  std::string fk = full_key(key);
  // An overridden key (or one under an overridden map) is reported at its --set.
  for (const auto& [path, origin] : doc_->overridden)
    if (fk == path || fk.rfind(path + ".", 0) == 0 || fk.rfind(path + "[", 0) == 0) return origin;
  if (!key.empty())
    for (const auto& e : node_->entries)
      if (e.key == key) return source_location(doc_->file, e.key_mark);
  return source_location(doc_->file, node_->mark);
}

void ConfigNode::fail(const std::string& key, const std::string& what) const {
  // A key can itself be a multi-line scalar ("? |" or a runaway quote).
  std::string fk = one_line(full_key(key), 80);
  throw ConfigError(where(key) + ": " + (fk.empty() ? std::string("") : fk + ": ") + what);
}

std::string ConfigNode::scalar_text(const TreeNode& v) const {
  if (v.is_scalar()) return "'" + one_line(v.scalar, 60) + "'";
  if (v.is_map()) return "a mapping";
  if (v.is_seq()) return "a list";
  return "nothing";
}

TreeNode& ConfigNode::required(const std::string& key) {
  known_.insert(key);
  TreeNode* v = value_of(key);
  if (!v) {
    // A missing required key is most often a misspelt one: name the likely culprit.
    // Only a one-typo neighbour with the same first letter: "cols" is not a misspelt "rows".
    std::string typo;
    for (const auto& k : keys())
      if (!known_.count(k) && !k.empty() && k[0] == key[0] && edit_distance(k, key) == 1) typo = k;
    fail(key, "required key is missing" + (typo.empty() ? std::string() : " (is '" + typo + "' a misspelling of it?)"));
  }
  return *v;
}

void ConfigNode::record(const std::string& key, const YAML::Node& value) {
  if (!doc_->track_resolved) return;
  std::string fk = full_key(key);
  std::vector<std::string> parts;
  std::stringstream ss(fk);
  for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
  std::vector<YAML::Node> chain{doc_->resolved};
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node cur = chain.back();
    YAML::Node next = cur[parts[i]];
    if (!next.IsMap()) {
      cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      next = cur[parts[i]];
    }
    chain.push_back(next);
  }
  YAML::Node parent = chain.back();
  parent[parts.back()] = YAML::Clone(value);
}

void ConfigNode::record(const std::string& key, const TreeNode& value) {
  if (doc_->track_resolved) record(key, tree_to_yaml(value));
}

namespace {

// Scalar -> number with yaml-cpp's rules for what counts as a number (inf, nan, 1e3, ...).
bool to_double(const TreeNode& v, double& x) {
  if (!v.is_scalar()) return false;
  // Unsigned integers of up to 15 digits, exact as doubles, without yaml-cpp's stream
  // conversion (the same value: it reads them with operator>>; a sign, "-0" included, takes
  // that path).
  if (v.scalar.size() <= 15 && is_int_text(v.scalar) && v.scalar[0] != '-' && v.scalar[0] != '+') {
    x = double(std::strtoll(v.scalar.c_str(), nullptr, 10));
    return true;
  }
  try {
    x = YAML::Node(v.scalar).as<double>();
    return true;
  } catch (const YAML::Exception&) {
    return false;
  }
}

}  // namespace

int64_t ConfigNode::integer(const std::string& key, int64_t lo, int64_t hi) {
  const TreeNode& v = required(key);
  // The message is built only on failure: workloads read thousands of integers.
  auto expect = [&] { return "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got "; };
  if (!v.is_scalar() || !is_int_text(v.scalar)) fail(key, expect() + scalar_text(v));
  errno = 0;
  char* end = nullptr;
  long long parsed = std::strtoll(v.scalar.c_str(), &end, 10);
  if (errno == ERANGE) fail(key, expect() + scalar_text(v) + " (out of 64-bit range)");
  int64_t x = parsed;
  if (x < lo || x > hi) fail(key, expect() + std::to_string(x));
  record(key, v);
  return x;
}

int64_t ConfigNode::integer(const std::string& key, int64_t def, int64_t lo, int64_t hi) {
  if (!has(key)) {
    known_.insert(key);
    record_default(key, def);
    return def;
  }
  return integer(key, lo, hi);
}

double ConfigNode::real(const std::string& key, double lo, double hi) {
  const TreeNode& v = required(key);
  auto expect = [&] {
    std::ostringstream e;
    e << "expected a number in [" << lo << ", " << hi << "], got ";
    return e.str();
  };
  double x = 0;
  if (!to_double(v, x)) fail(key, expect() + scalar_text(v));
  if (!std::isfinite(x)) fail(key, expect() + scalar_text(v) + " (not finite)");
  if (x < lo || x > hi) fail(key, expect() + v.scalar);
  record(key, v);
  return x;
}

double ConfigNode::real(const std::string& key, double def, double lo, double hi) {
  if (!has(key)) {
    known_.insert(key);
    record_default(key, def);
    return def;
  }
  return real(key, lo, hi);
}

bool ConfigNode::boolean(const std::string& key) {
  const TreeNode& v = required(key);
  if (v.is_scalar() && (v.scalar == "true" || v.scalar == "false")) {
    record(key, v);
    return v.scalar == "true";
  }
  fail(key, "expected true or false, got " + scalar_text(v));
}

bool ConfigNode::boolean(const std::string& key, bool def) {
  if (!has(key)) {
    known_.insert(key);
    record_default(key, def);
    return def;
  }
  return boolean(key);
}

std::string ConfigNode::string(const std::string& key) {
  const TreeNode& v = required(key);
  if (!v.is_scalar()) fail(key, "expected a string, got " + scalar_text(v));
  record(key, v);
  return v.scalar;
}

std::string ConfigNode::string(const std::string& key, const std::string& def) {
  if (!has(key)) {
    known_.insert(key);
    record_default(key, def);
    return def;
  }
  return string(key);
}

static std::string join_options(const std::vector<std::string>& options) {
  std::string s;
  for (size_t i = 0; i < options.size(); ++i) s += (i ? " | " : "") + options[i];
  return s;
}

std::string ConfigNode::choice(const std::string& key, const std::vector<std::string>& options) {
  const TreeNode& v = required(key);
  if (v.is_scalar())
    for (const auto& o : options)
      if (o == v.scalar) {
        record(key, v);
        return o;
      }
  std::string expect = "expected one of " + join_options(options);
  if (!v.is_scalar()) fail(key, expect + ", got " + scalar_text(v));
  fail(key, expect + ", got " + scalar_text(v) + did_you_mean_suffix(v.scalar, options));
}

std::string ConfigNode::choice(const std::string& key, const std::string& def,
                               const std::vector<std::string>& options) {
  if (!has(key)) {
    known_.insert(key);
    record_default(key, def);
    return def;
  }
  return choice(key, options);
}

std::vector<std::string> ConfigNode::string_list(const std::string& key, const std::vector<std::string>& def) {
  known_.insert(key);
  const TreeNode* v = value_of(key);
  if (!v) {
    YAML::Node d(YAML::NodeType::Sequence);
    for (const auto& s : def) d.push_back(s);
    record(key, d);
    return def;
  }
  if (!v->is_seq()) fail(key, "expected a list of strings, got " + scalar_text(*v));
  std::vector<std::string> out;
  out.reserve(v->items.size());
  for (const auto& e : v->items) {
    if (!e.is_scalar()) fail(key, "expected a list of strings, got an element that is " + scalar_text(e));
    out.push_back(e.scalar);
  }
  record(key, *v);
  return out;
}

std::vector<double> ConfigNode::real_list(const std::string& key, double lo, double hi) {
  const TreeNode& v = required(key);
  if (!v.is_seq()) fail(key, "expected a list of numbers, got " + scalar_text(v));
  std::vector<double> out;
  out.reserve(v.items.size());
  size_t i = 0;
  for (const auto& e : v.items) {
    double x = 0;
    bool ok = to_double(e, x);
    if (!ok || !std::isfinite(x) || x < lo || x > hi) {
      std::ostringstream expect;
      expect << "element " << i << ": expected a number in [" << lo << ", " << hi << "], got " << scalar_text(e);
      fail(key, expect.str());
    }
    out.push_back(x);
    ++i;
  }
  record(key, v);
  return out;
}

std::string ConfigNode::path(const std::string& key) {
  std::string p = string(key);
  if (!p.empty() && p[0] != '/') p = doc_->dir + "/" + p;
  // The resolved configuration is written beside the results, far from this file: it records
  // the path absolute, so that directory can be run again from anywhere.
  if (!p.empty()) {
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(p, ec);
    if (!ec) record_default(key, abs.lexically_normal().string());
  }
  return p;
}

std::string ConfigNode::path(const std::string& key, const std::string& def) {
  if (!has(key)) {
    known_.insert(key);
    record_default(key, def);
    return def;
  }
  return path(key);
}

ConfigNode ConfigNode::child(const std::string& key) {
  TreeNode& v = required(key);
  if (!v.is_map()) fail(key, "expected a mapping, got " + scalar_text(v));
  return ConfigNode(doc_, &v, full_key(key));
}

ConfigNode ConfigNode::child_or_empty(const std::string& key) {
  if (!has(key)) {
    known_.insert(key);
    auto empty = std::make_shared<TreeNode>(empty_map_node());
    ConfigNode c(doc_, empty.get(), full_key(key));
    c.owned_ = std::move(empty);
    return c;
  }
  return child(key);
}

std::vector<ConfigNode> ConfigNode::list(const std::string& key) {
  TreeNode& v = required(key);
  if (!v.is_seq()) fail(key, "expected a list, got " + scalar_text(v));
  std::vector<ConfigNode> out;
  out.reserve(v.items.size());
  const std::string base = full_key(key);
  size_t i = 0;
  for (auto& e : v.items) {
    std::string p = base + "[" + std::to_string(i) + "]";
    if (!e.is_map())
      throw ConfigError(source_location(doc_->file, e.mark) + ": " + p + ": expected a mapping, got " + scalar_text(e));
    out.emplace_back(doc_, &e, p);
    ++i;
  }
  return out;
}

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  out.reserve(node_->entries.size());
  for (const auto& e : node_->entries) out.push_back(e.key);
  return out;
}

void ConfigNode::allow(const std::string& key) {
  known_.insert(key);
  if (const TreeNode* v = value_of(key)) record(key, *v);
}

void ConfigNode::finish() {
  for (const auto& e : node_->entries)
    if (!known_.count(e.key)) {
      std::vector<std::string> known(known_.begin(), known_.end());
      fail(e.key, "unknown key" + did_you_mean_suffix(e.key, known));
    }
}

std::string yaml_to_string(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return std::string(out.c_str()) + "\n";
}

}  // namespace ternsim
