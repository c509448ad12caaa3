#pragma once
// A fast reader for the block-style YAML that ternsim's own files use (tracegen output, arch
// configs): block maps and lists, plain and simply-quoted scalars, one-line flow lists,
// comments. Anything else (anchors, tags, block scalars, flow maps, escapes it does not know,
// ...) makes it decline, and the caller falls back to yaml-cpp. For every text it accepts it
// returns exactly the tree yaml-cpp would give, positions included (tests/cpp/test_yaml_block_reader.cpp
// checks this on every YAML file in the repository and on mutated texts).
#include <optional>
#include <string>

#include "sim/config/config_tree.hpp"

namespace ternsim {

std::optional<TreeNode> read_block_yaml(const std::string& text);

}  // namespace ternsim
