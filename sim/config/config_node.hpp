#pragma once
// ConfigNode: typed, validated, self-documenting access to one YAML map.
//
// Every model declares its own parameters where it reads them (gem5 style):
//   rows_ = node.integer("rows", 1, 1 << 16);           // required
//   acc_bits_ = node.integer("acc_bits", 24, 8, 64);    // optional with default
// Each getter checks type and range, reports "file:line:col: key.path: what was expected"
// on failure, records the key as known, and records the resolved value (defaults included)
// so the effective configuration can be written beside the results. finish() turns every
// key that no getter asked for into an "unknown key (did you mean ...)" error.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/config_tree.hpp"

namespace ternsim {

// Shared state of one loaded document: its file name, the --set overrides applied to it,
// and the resolved tree that getters fill in.
struct ConfigDoc {
  std::string file;                                // shown in error messages
  std::string dir;                                 // for resolving relative paths in the file
  TreeNode root;
  YAML::Node resolved = YAML::Node(YAML::NodeType::Map);
  std::map<std::string, std::string> overridden;   // dotted path -> "--set a.b=c"
  // Workloads are copied beside the results verbatim and can hold thousands of ops: building
  // a resolved mirror for them would only cost time (quadratic in yaml-cpp's maps).
  bool track_resolved = true;
};

class ConfigNode {
 public:
  // `node` lives inside doc->root (or in `owned` for an absent optional section).
  ConfigNode(std::shared_ptr<ConfigDoc> doc, TreeNode* node, std::string path);

  // Loads a YAML file (missing file or syntax error -> ConfigError with file:line).
  static ConfigNode load_file(const std::string& path);
  // Parses YAML text; `name` is used as the file name in messages.
  static ConfigNode load_string(const std::string& text, const std::string& name);
  // Wraps an already-built YAML tree (e.g. from Python dicts).
  static ConfigNode from_node(const YAML::Node& node, const std::string& name, const std::string& dir);

  // Applies "a.b.c=value" to the tree; the value is parsed as YAML, so 64, 1.5, true, ws work.
  void apply_override(const std::string& assignment);

  // ---- getters (required form throws if absent; defaulted form records the default) ----
  int64_t integer(const std::string& key, int64_t lo, int64_t hi);
  int64_t integer(const std::string& key, int64_t def, int64_t lo, int64_t hi);
  double real(const std::string& key, double lo, double hi);
  double real(const std::string& key, double def, double lo, double hi);
  bool boolean(const std::string& key);
  bool boolean(const std::string& key, bool def);
  std::string string(const std::string& key);
  std::string string(const std::string& key, const std::string& def);
  std::string choice(const std::string& key, const std::vector<std::string>& options);
  std::string choice(const std::string& key, const std::string& def, const std::vector<std::string>& options);
  std::vector<std::string> string_list(const std::string& key, const std::vector<std::string>& def);
  std::vector<double> real_list(const std::string& key, double lo, double hi);
  // A path written in this file, resolved relative to the file's directory.
  std::string path(const std::string& key);
  std::string path(const std::string& key, const std::string& def);

  ConfigNode child(const std::string& key);           // required map
  ConfigNode child_or_empty(const std::string& key);  // absent -> empty map (all defaults)
  std::vector<ConfigNode> list(const std::string& key);  // required sequence of maps
  std::vector<std::string> keys() const;              // keys present in this map, in file order

  bool has(const std::string& key) const;
  // Marks a key as known without reading it (e.g. free-form metadata).
  void allow(const std::string& key);
  // Every key present but never asked for becomes an error with a "did you mean".
  void finish();

  // "file:line:col" of the key (or of this node when key is empty), or "--set a.b=c".
  std::string where(const std::string& key = "") const;
  [[noreturn]] void fail(const std::string& key, const std::string& what) const;

  const std::string& path_prefix() const { return path_; }
  const std::shared_ptr<ConfigDoc>& doc() const { return doc_; }

 private:
  std::string full_key(const std::string& key) const;
  TreeNode* value_of(const std::string& key) const;  // nullptr when absent or null
  TreeNode& required(const std::string& key);
  void record(const std::string& key, const YAML::Node& value);
  void record(const std::string& key, const TreeNode& value);
  // A default as the resolved config records it; the YAML node (a string conversion) is built
  // only when the resolved config is kept: workloads read thousands of defaults and keep none.
  template <class T>
  void record_default(const std::string& key, const T& value) {
    if (doc_->track_resolved) record(key, YAML::Node(value));
  }
  std::string scalar_text(const TreeNode& v) const;

  std::shared_ptr<ConfigDoc> doc_;
  TreeNode* node_;
  std::shared_ptr<TreeNode> owned_;  // the empty map of child_or_empty()
  std::string path_;  // dotted path of this node ("" for the root)
  std::set<std::string> known_;
};

// Writes a YAML node deterministically (keys in insertion order) to a string.
std::string yaml_to_string(const YAML::Node& node);

}  // namespace ternsim
