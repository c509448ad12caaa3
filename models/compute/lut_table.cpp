#include "models/compute/lut_table.hpp"

namespace ternsim {

namespace {
uint64_t ipow(uint64_t b, uint32_t e) {
  uint64_t r = 1;
  while (e--) r *= b;
  return r;
}
}  // namespace

uint64_t LutFormat::patterns() const { return encoding == LutEncoding::Base3 ? ipow(3, g) : ipow(4, g); }

uint64_t LutFormat::entries() const {
  if (!mirror) return patterns();
  return encoding == LutEncoding::Base3 ? (patterns() + 1) / 2 : patterns() / 2;
}

uint32_t LutFormat::index_bits() const {
  if (encoding == LutEncoding::TwoBit) return 2 * g;
  uint32_t b = 0;
  while ((uint64_t(1) << b) < patterns()) ++b;
  return b;
}

uint64_t LutFormat::index(const int8_t* w, uint32_t count, uint64_t stride) const {
  uint64_t p = 0;
  for (uint32_t j = g; j-- > 0;) {
    const int v = j < count ? w[j * stride] : 0;
    if (encoding == LutEncoding::Base3)
      p = p * 3 + uint64_t(v + 1);
    else
      p = p * 4 + (v == 0 ? 0u : v > 0 ? 1u : 3u);
  }
  return p;
}

void LutFormat::resolve(uint64_t p, uint64_t& entry, bool& negate) const {
  entry = p;
  negate = false;
  if (!mirror) return;
  if (encoding == LutEncoding::Base3) {
    if (p >= entries()) {
      entry = patterns() - 1 - p;
      negate = true;
    }
    return;
  }
  // 2bit: negate every code (01 <-> 11, 00 stays) when the top code is 11.
  if ((p >> (2 * g - 2)) == 3) {
    uint64_t q = 0;
    for (uint32_t j = 0; j < g; ++j) {
      const uint64_t c = (p >> (2 * j)) & 3;
      q |= (c == 1 ? 3u : c == 3 ? 1u : c) << (2 * j);
    }
    entry = q;
    negate = true;
  }
}

int LutFormat::weight_of(uint64_t e, uint32_t j) const {
  if (encoding == LutEncoding::Base3) return int((e / ipow(3, j)) % 3) - 1;
  const uint64_t c = (e >> (2 * j)) & 3;
  return c == 0 ? 0 : c == 1 ? 1 : c == 3 ? -1 : -2;
}

std::vector<int64_t> build_lut(const LutFormat& f, const int16_t* x, uint32_t count) {
  std::vector<int64_t> t(f.entries());
  for (uint64_t e = 0; e < t.size(); ++e) {
    int64_t s = 0;
    for (uint32_t j = 0; j < count && j < f.g; ++j) s += int64_t(f.weight_of(e, j)) * x[j];
    t[e] = s;
  }
  return t;
}

}  // namespace ternsim
