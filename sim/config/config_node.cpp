#include "sim/config/config_node.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/config/did_you_mean.hpp"

namespace ternsim {
namespace {

std::string dir_of(const std::string& path) {
  auto pos = path.find_last_of('/');
  return pos == std::string::npos ? std::string(".") : path.substr(0, pos);
}

std::string loc_text(const std::string& file, const YAML::Mark& m) {
  if (m.line < 0) return file;
  return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

// Errors are one line: control characters from the input (a multi-line scalar, a runaway
// quote, a raw newline quoted in a YAML parser message) are escaped, and long text is cut.
std::string one_line(const std::string& text, size_t max_chars) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
    else out += static_cast<char>(c);
  }
  return out.size() > max_chars ? out.substr(0, max_chars - 3) + "..." : out;
}

bool is_int_text(const std::string& s) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (!(std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '_')) return false;
  return true;
}

}  // namespace

ConfigNode::ConfigNode(std::shared_ptr<ConfigDoc> doc, YAML::Node node, std::string path)
    : doc_(std::move(doc)), node_(node), path_(std::move(path)) {}

ConfigNode ConfigNode::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path + ": cannot open file: " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  ConfigNode n = load_string(ss.str(), path);
  n.doc_->dir = dir_of(path);
  return n;
}

ConfigNode ConfigNode::load_string(const std::string& text, const std::string& name) {
  auto doc = std::make_shared<ConfigDoc>();
  doc->file = name;
  doc->dir = ".";
  try {
    doc->root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(loc_text(name, e.mark) + ": YAML syntax error: " + one_line(e.msg, 120));
  }
  if (!doc->root.IsMap())
    throw ConfigError(name + ": expected a YAML mapping at the top level" +
                      (doc->root.IsNull() ? std::string(" (file is empty)") : std::string()));
  return ConfigNode(doc, doc->root, "");
}

ConfigNode ConfigNode::from_node(const YAML::Node& node, const std::string& name, const std::string& dir) {
  auto doc = std::make_shared<ConfigDoc>();
  doc->file = name;
  doc->dir = dir;
  doc->root = YAML::Clone(node);
  if (!doc->root.IsMap()) throw ConfigError(name + ": expected a mapping at the top level");
  return ConfigNode(doc, doc->root, "");
}

void ConfigNode::apply_override(const std::string& assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("--set " + assignment + ": expected key.path=value");
  std::string key = assignment.substr(0, eq);
  std::string value = assignment.substr(eq + 1);
  YAML::Node parsed;
  try {
    parsed = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    throw ConfigError("--set " + one_line(assignment, 80) + ": value is not valid YAML: " + one_line(e.msg, 120));
  }
  std::vector<std::string> parts;
  std::stringstream ss(key);
  for (std::string p; std::getline(ss, p, '.');) {
    if (p.empty()) throw ConfigError("--set " + assignment + ": empty component in key '" + key + "'");
    parts.push_back(p);
  }
  // Walk with explicit node copies: yaml-cpp's operator[] on a held Node would rebind it.
  std::vector<YAML::Node> chain{node_};
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node cur = chain.back();
    YAML::Node next = cur[parts[i]];
    if (!next.IsDefined() || next.IsNull()) {
      cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      next = cur[parts[i]];
    } else if (!next.IsMap()) {
      throw ConfigError("--set " + assignment + ": '" + parts[i] + "' is not a mapping, cannot set '" + key + "'");
    }
    chain.push_back(next);
  }
  YAML::Node parent = chain.back();
  parent[parts.back()] = parsed;
  std::string full = path_.empty() ? key : path_ + "." + key;
  doc_->overridden[full] = "--set " + one_line(assignment, 80);
}

std::string ConfigNode::full_key(const std::string& key) const {
  if (key.empty()) return path_;
  if (path_.empty()) return key;
  return path_ + "." + key;
}

YAML::Node ConfigNode::value_of(const std::string& key) const {
  if (!node_.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (auto it = node_.begin(); it != node_.end(); ++it)
    if (it->first.Scalar() == key) return it->second;
  return YAML::Node(YAML::NodeType::Undefined);
}

bool ConfigNode::has(const std::string& key) const {
  YAML::Node v = value_of(key);
  return v.IsDefined() && !v.IsNull();
}

std::string ConfigNode::where(const std::string& key) const {
  std::string fk = full_key(key);
  // An overridden key (or one under an overridden map) is reported at its --set.
  for (const auto& [path, origin] : doc_->overridden)
    if (fk == path || fk.rfind(path + ".", 0) == 0 || fk.rfind(path + "[", 0) == 0) return origin;
  if (!key.empty() && node_.IsMap()) {
    for (auto it = node_.begin(); it != node_.end(); ++it)
      if (it->first.Scalar() == key) return loc_text(doc_->file, it->first.Mark());
  }
  return loc_text(doc_->file, node_.Mark());
}

void ConfigNode::fail(const std::string& key, const std::string& what) const {
  // A key can itself be a multi-line scalar ("? |" or a runaway quote).
  std::string fk = one_line(full_key(key), 80);
  throw ConfigError(where(key) + ": " + (fk.empty() ? std::string("") : fk + ": ") + what);
}

std::string ConfigNode::scalar_text(const YAML::Node& v) const {
  if (v.IsScalar()) return "'" + one_line(v.Scalar(), 60) + "'";
  if (v.IsMap()) return "a mapping";
  if (v.IsSequence()) return "a list";
  return "nothing";
}

YAML::Node ConfigNode::required(const std::string& key) {
  known_.insert(key);
  YAML::Node v = value_of(key);
  if (!v.IsDefined() || v.IsNull()) {
    // A missing required key is most often a misspelt one: name the likely culprit.
    // Only a one-typo neighbour with the same first letter: "cols" is not a misspelt "rows".
    std::string typo;
    for (const auto& k : keys())
      if (!known_.count(k) && !k.empty() && k[0] == key[0] && edit_distance(k, key) == 1) typo = k;
    fail(key, "required key is missing" + (typo.empty() ? std::string() : " (is '" + typo + "' a misspelling of it?)"));
  }
  return v;
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

int64_t ConfigNode::integer(const std::string& key, int64_t lo, int64_t hi) {
  YAML::Node v = required(key);
  std::string expect = "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (!v.IsScalar() || !is_int_text(v.Scalar())) fail(key, expect + ", got " + scalar_text(v));
  int64_t x;
  try {
    x = v.as<int64_t>();
  } catch (const YAML::Exception&) {
    fail(key, expect + ", got " + scalar_text(v) + " (out of 64-bit range)");
  }
  if (x < lo || x > hi) fail(key, expect + ", got " + std::to_string(x));
  record(key, v);
  return x;
}

int64_t ConfigNode::integer(const std::string& key, int64_t def, int64_t lo, int64_t hi) {
  if (!has(key)) {
    known_.insert(key);
    record(key, YAML::Node(def));
    return def;
  }
  return integer(key, lo, hi);
}

double ConfigNode::real(const std::string& key, double lo, double hi) {
  YAML::Node v = required(key);
  std::ostringstream expect;
  expect << "expected a number in [" << lo << ", " << hi << "]";
  if (!v.IsScalar()) fail(key, expect.str() + ", got " + scalar_text(v));
  double x;
  try {
    x = v.as<double>();
  } catch (const YAML::Exception&) {
    fail(key, expect.str() + ", got " + scalar_text(v));
  }
  if (!std::isfinite(x)) fail(key, expect.str() + ", got " + scalar_text(v) + " (not finite)");
  if (x < lo || x > hi) fail(key, expect.str() + ", got " + v.Scalar());
  record(key, v);
  return x;
}

double ConfigNode::real(const std::string& key, double def, double lo, double hi) {
  if (!has(key)) {
    known_.insert(key);
    record(key, YAML::Node(def));
    return def;
  }
  return real(key, lo, hi);
}

bool ConfigNode::boolean(const std::string& key) {
  YAML::Node v = required(key);
  if (v.IsScalar()) {
    const std::string& s = v.Scalar();
    if (s == "true" || s == "false") {
      record(key, v);
      return s == "true";
    }
  }
  fail(key, "expected true or false, got " + scalar_text(v));
}

bool ConfigNode::boolean(const std::string& key, bool def) {
  if (!has(key)) {
    known_.insert(key);
    record(key, YAML::Node(def));
    return def;
  }
  return boolean(key);
}

std::string ConfigNode::string(const std::string& key) {
  YAML::Node v = required(key);
  if (!v.IsScalar()) fail(key, "expected a string, got " + scalar_text(v));
  record(key, v);
  return v.Scalar();
}

std::string ConfigNode::string(const std::string& key, const std::string& def) {
  if (!has(key)) {
    known_.insert(key);
    record(key, YAML::Node(def));
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
  YAML::Node v = required(key);
  std::string expect = "expected one of " + join_options(options);
  if (!v.IsScalar()) fail(key, expect + ", got " + scalar_text(v));
  for (const auto& o : options)
    if (o == v.Scalar()) {
      record(key, v);
      return o;
    }
  fail(key, expect + ", got " + scalar_text(v) + did_you_mean_suffix(v.Scalar(), options));
}

std::string ConfigNode::choice(const std::string& key, const std::string& def,
                               const std::vector<std::string>& options) {
  if (!has(key)) {
    known_.insert(key);
    record(key, YAML::Node(def));
    return def;
  }
  return choice(key, options);
}

std::vector<std::string> ConfigNode::string_list(const std::string& key, const std::vector<std::string>& def) {
  known_.insert(key);
  YAML::Node v = value_of(key);
  if (!v.IsDefined() || v.IsNull()) {
    YAML::Node d(YAML::NodeType::Sequence);
    for (const auto& s : def) d.push_back(s);
    record(key, d);
    return def;
  }
  if (!v.IsSequence()) fail(key, "expected a list of strings, got " + scalar_text(v));
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.IsScalar()) fail(key, "expected a list of strings, got an element that is " + scalar_text(e));
    out.push_back(e.Scalar());
  }
  record(key, v);
  return out;
}

std::vector<double> ConfigNode::real_list(const std::string& key, double lo, double hi) {
  YAML::Node v = required(key);
  if (!v.IsSequence()) fail(key, "expected a list of numbers, got " + scalar_text(v));
  std::vector<double> out;
  size_t i = 0;
  for (const auto& e : v) {
    double x = 0;
    bool ok = e.IsScalar();
    if (ok) {
      try {
        x = e.as<double>();
      } catch (const YAML::Exception&) {
        ok = false;
      }
    }
    std::ostringstream expect;
    expect << "element " << i << ": expected a number in [" << lo << ", " << hi << "], got " << scalar_text(e);
    if (!ok || !std::isfinite(x) || x < lo || x > hi) fail(key, expect.str());
    out.push_back(x);
    ++i;
  }
  record(key, v);
  return out;
}

std::string ConfigNode::path(const std::string& key) {
  std::string p = string(key);
  if (!p.empty() && p[0] != '/') p = doc_->dir + "/" + p;
  return p;
}

std::string ConfigNode::path(const std::string& key, const std::string& def) {
  if (!has(key)) {
    known_.insert(key);
    record(key, YAML::Node(def));
    return def;
  }
  return path(key);
}

ConfigNode ConfigNode::child(const std::string& key) {
  YAML::Node v = required(key);
  if (!v.IsMap()) fail(key, "expected a mapping, got " + scalar_text(v));
  return ConfigNode(doc_, v, full_key(key));
}

ConfigNode ConfigNode::child_or_empty(const std::string& key) {
  if (!has(key)) {
    known_.insert(key);
    return ConfigNode(doc_, YAML::Node(YAML::NodeType::Map), full_key(key));
  }
  return child(key);
}

std::vector<ConfigNode> ConfigNode::list(const std::string& key) {
  YAML::Node v = required(key);
  if (!v.IsSequence()) fail(key, "expected a list, got " + scalar_text(v));
  std::vector<ConfigNode> out;
  size_t i = 0;
  for (const auto& e : v) {
    std::string p = full_key(key) + "[" + std::to_string(i) + "]";
    if (!e.IsMap()) {
      throw ConfigError(loc_text(doc_->file, e.Mark()) + ": " + p + ": expected a mapping, got " + scalar_text(e));
    }
    out.emplace_back(doc_, e, p);
    ++i;
  }
  return out;
}

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  if (!node_.IsMap()) return out;
  for (auto it = node_.begin(); it != node_.end(); ++it) out.push_back(it->first.Scalar());
  return out;
}

void ConfigNode::allow(const std::string& key) {
  known_.insert(key);
  YAML::Node v = value_of(key);
  if (v.IsDefined() && !v.IsNull()) record(key, v);
}

void ConfigNode::finish() {
  std::vector<std::string> known(known_.begin(), known_.end());
  for (const auto& k : keys())
    if (!known_.count(k)) fail(k, "unknown key" + did_you_mean_suffix(k, known));
}

std::string yaml_to_string(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return std::string(out.c_str()) + "\n";
}

}  // namespace ternsim
