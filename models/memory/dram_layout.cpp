#include "models/memory/dram_layout.hpp"

#include <cctype>

namespace ternsim {

uint64_t DramLayout::region(const std::string& name, uint64_t bytes) {
  auto it = regions_.find(name);
  if (it != regions_.end() && bytes <= it->second.bytes) return it->second.base;
  Region r{next_, bytes};
  next_ += (bytes + kAlign - 1) / kAlign * kAlign;
  if (bytes == 0) next_ += kAlign;
  regions_[name] = r;
  return r.base;
}

std::string DramLayout::tensor_identity(const std::string& name) {
  size_t i = 0;
  if (name.size() > 2 && name[0] == 't') {
    i = 1;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    if (i > 1 && i < name.size() && name[i] == '.') return name.substr(i + 1);
  }
  return name;
}

}  // namespace ternsim
