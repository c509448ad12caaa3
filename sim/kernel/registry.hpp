#pragma once
// One generic name -> factory registry for every kind of pluggable component (arrays, DRAM
// models, interconnect topologies, parallel mappings), in the spirit of Ramulator 2's
// RAMULATOR_REGISTER_IMPLEMENTATION: an implementation registers itself with one line in its
// own .cpp, and YAML picks it by name. A second registration under the same name is a
// programming error and aborts at start-up instead of silently replacing the first.
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ternsim {

// Interface: the abstract base; Args: what every factory of that interface receives.
template <class Interface, class... Args>
class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Interface>(Args...)>;

  static bool add(const std::string& name, Factory factory) {
    auto [it, inserted] = table().emplace(name, std::move(factory));
    if (!inserted) {
      std::fprintf(stderr, "internal error: two implementations registered as '%s'\n", name.c_str());
      std::abort();
    }
    return true;
  }
  static bool has(const std::string& name) { return table().count(name) != 0; }
  // Sorted, so error messages and `ternsim list` are deterministic.
  static std::vector<std::string> names() {
    std::vector<std::string> out;
    for (const auto& kv : table()) out.push_back(kv.first);
    return out;
  }
  // The caller has validated `name` against names() (ConfigNode::choice does, with file:line).
  static std::unique_ptr<Interface> make(const std::string& name, Args... args) {
    return table().at(name)(std::forward<Args>(args)...);
  }

 private:
  // A function-local static: registrations run during static initialisation of other files.
  static std::map<std::string, Factory>& table() {
    static std::map<std::string, Factory> t;
    return t;
  }
};

}  // namespace ternsim
