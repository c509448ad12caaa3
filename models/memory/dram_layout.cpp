#include "models/memory/dram_layout.hpp"

#include <cctype>

#include "models/memory/dram_model.hpp"

namespace ternsim {

uint64_t DramLayout::region(const std::string& name, uint64_t bytes) {
  auto it = regions_.find(name);
  if (it != regions_.end() && bytes <= it->second.bytes) return it->second.base;
  Region r{next_, bytes};
  next_ += (bytes + kAlign - 1) / kAlign * kAlign;
  if (bytes == 0) next_ += kAlign;
  regions_[name] = r;
  by_base_[r.base] = name;
  return r.base;
}

const std::string* DramLayout::tensor_at(uint64_t addr) const {
  auto it = by_base_.upper_bound(addr);
  if (it == by_base_.begin()) return nullptr;
  --it;
  // Regions are contiguous and never freed, so the one below `addr` holds it unless `addr`
  // lies past the end of the address space in use.
  return addr < next_ ? &it->second : nullptr;
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

std::map<std::string, double> DramStats::as_map() const {
  std::map<std::string, double> m;
  if (channel_bytes.empty()) return m;
  m["row_hits"] = double(row_hits);
  m["row_misses"] = double(row_misses);
  m["activates"] = double(activates);
  m["precharges"] = double(precharges);
  m["refreshes"] = double(refreshes);
  for (size_t i = 0; i < channel_bytes.size(); ++i) m["channel_bytes." + std::to_string(i)] = double(channel_bytes[i]);
  for (const auto& [k, v] : energy_pj) m["energy_pj." + k] = v;
  for (const auto& [k, v] : info) m[k] = v;
  return m;
}

}  // namespace ternsim
