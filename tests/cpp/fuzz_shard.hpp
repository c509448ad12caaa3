#pragma once
// Shards of a fuzz session (scripts/fuzz.sh, TERNSIM_FUZZ_JOBS): each process gets
// TERNSIM_FUZZ_SHARD=i and mutates from its own seed, so N processes explore N different
// input streams instead of repeating one. Shard 0 (and a run without the variable) keeps the
// harness's historical seed, so every earlier failure still reproduces.
#include <cstdint>
#include <cstdlib>

namespace ternsim::test {

inline uint64_t fuzz_shard() {
  const char* s = std::getenv("TERNSIM_FUZZ_SHARD");
  return s ? std::strtoull(s, nullptr, 10) : 0;
}

// base for shard 0; otherwise base + shard x the 64-bit golden ratio (distinct, well spread).
inline uint64_t fuzz_seed(uint64_t base) { return base + fuzz_shard() * 0x9E3779B97F4A7C15ULL; }

}  // namespace ternsim::test
