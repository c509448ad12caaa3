#include <map>

#include "models/compute/array_model.hpp"

namespace ternsim {
namespace {
std::map<std::string, ArrayFactory>& table() {
  static std::map<std::string, ArrayFactory> t;
  return t;
}
}  // namespace

bool ArrayRegistry::add(const std::string& name, ArrayFactory factory) {
  table()[name] = std::move(factory);
  return true;
}

std::vector<std::string> ArrayRegistry::names() {
  std::vector<std::string> out;
  for (const auto& [k, v] : table()) out.push_back(k);
  return out;
}

std::unique_ptr<ArrayModel> ArrayRegistry::create(ConfigNode& node, const ArrayContext& ctx) {
  std::string kind = node.choice("kind", names());
  auto model = table().at(kind)(node, ctx);
  node.finish();
  return model;
}

}  // namespace ternsim
