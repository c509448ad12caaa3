#include "sim/functional/dump_file_names.hpp"

#include <cstdint>
#include <cstdio>
#include <unordered_set>

namespace ternsim::functional {

namespace {

constexpr size_t kMaxKeptBytes = 160;  // + "-" + 16 hex + ".x.npy" stays well below NAME_MAX (255)

bool safe_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

uint64_t fnv1a64(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::string dump_stem(const std::string& op_name) {
  bool as_is = !op_name.empty() && op_name.size() <= kMaxKeptBytes && op_name[0] != '.';
  for (unsigned char c : op_name) as_is = as_is && safe_byte(c);
  if (as_is) return op_name;
  std::string s = op_name.substr(0, kMaxKeptBytes);
  for (char& c : s)
    if (!safe_byte(static_cast<unsigned char>(c))) c = '_';
  if (!s.empty() && s[0] == '.') s[0] = '_';
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(op_name)));
  return s + "-" + hex;
}

std::vector<std::string> dump_stems(const std::vector<std::string>& op_names) {
  std::vector<std::string> out;
  out.reserve(op_names.size());
  std::unordered_set<std::string> used;
  for (size_t i = 0; i < op_names.size(); ++i) {
    std::string s = dump_stem(op_names[i]);
    if (!used.insert(s).second) {
      s += "~" + std::to_string(i);
      used.insert(s);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace ternsim::functional
