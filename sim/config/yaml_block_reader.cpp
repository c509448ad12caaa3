#include "sim/config/yaml_block_reader.hpp"

namespace ternsim {

std::optional<TreeNode> read_block_yaml(const std::string&) { return std::nullopt; }

}  // namespace ternsim
