#include "models/compute/array_model.hpp"

namespace ternsim {

std::unique_ptr<ArrayModel> ArrayRegistry::create(ConfigNode& node, const ArrayContext& ctx) {
  std::string kind = node.choice("kind", names());
  auto model = make(kind, node, ctx);
  node.finish();
  return model;
}

}  // namespace ternsim
