// Seeded mutation fuzzer for the input parsers (arch YAML, workload IR, --set overrides and
// GEMM mapping), driven from GoogleTest so it needs neither clang nor libFuzzer.
// Seeds live in tests/fuzz/corpus/{arch,workload}/*.yaml. Each iteration mutates one seed
// (byte flips, deletions, duplicated or spliced lines, hostile numbers and huge strings) and
// feeds it to the in-process loaders; the only acceptable failures are ConfigError and
// MappingError (one clear line). Any other exception fails the test; a crash, hang or
// sanitizer report fails the run. A quarter of the mutations are structure-aware: anchors with
// aliases that refer to themselves, alias expansion ("billion laughs"), nesting within and
// beyond yaml-cpp's depth guard, huge scalars, many documents, merge keys, a BOM and CRLF line
// ends. InMemoryTrees builds shared and cyclic trees like the Python API's dicts.
// The mutator is std::mt19937_64 with a fixed seed, so every
// failure reproduces; the failing input is printed.
// TERNSIM_FUZZ_ITERS sets iterations per harness (default 2000: a few seconds);
// scripts/fuzz.sh runs a million under the sanitizer build.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <typeinfo>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/config_node.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/mapping/gemm_plan.hpp"
#include "sim/workload/workload_loader.hpp"
#include "fuzz_shard.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

uint64_t iterations() {
  const char* s = std::getenv("TERNSIM_FUZZ_ITERS");
  return s ? std::strtoull(s, nullptr, 10) : 2000;
}

std::vector<std::string> seeds(const std::string& kind) {
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::directory_iterator(source_path("tests/fuzz/corpus/" + kind)))
    if (e.path().extension() == ".yaml") paths.push_back(e.path().string());
  std::sort(paths.begin(), paths.end());  // directory order is not deterministic
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(read_file(p));
  return out;
}

// Values chosen to hit range checks, integer overflow, float overflow and non-finite paths.
const std::vector<std::string>& hostile_tokens() {
  static const std::vector<std::string> t = {
      "-1", "0", "1e309", "-1e309", ".nan", ".inf", "-.inf", "99999999999999999999", "2147483648", "4294967296",
      "9223372036854775807", "-9223372036854775808", "18446744073709551616", "0x7fffffffffffffff", "1.5", "-0.0",
      "65537", "true", "null", "~", "[]", "{}", "[1, 2]", "''", "\"\\u0000\"", "&a", "*a", "!!binary AA==",
      std::string(5000, 'x'), "{a: [b, {c: d}]}", ":", "- ", "? ", "|", ">"};
  return t;
}

class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}

  std::string mutate(const std::string& seed, const std::vector<std::string>& pool) {
    std::string s = seed;
    int rounds = 1 + static_cast<int>(pick(4));
    for (int r = 0; r < rounds; ++r) mutate_once(s, pool);
    return s;
  }

  uint64_t pick(uint64_t n) { return n == 0 ? 0 : rng_() % n; }

 private:
  void mutate_once(std::string& s, const std::vector<std::string>& pool) {
    if (s.empty()) {
      s = hostile_tokens()[pick(hostile_tokens().size())];
      return;
    }
    switch (pick(12)) {
      case 9:
      case 10:
      case 11:
        structural(s);
        break;
      case 0:  // flip one bit
        s[pick(s.size())] ^= static_cast<char>(1u << pick(8));
        break;
      case 1:  // delete a byte range
      {
        size_t at = pick(s.size());
        s.erase(at, 1 + pick(std::min<size_t>(16, s.size() - at)));
        break;
      }
      case 2:  // insert a random byte (YAML structure characters are likelier)
      {
        static const std::string structural = ":-[]{},#&*!|>'\"% \n\t";
        char c = pick(2) ? structural[pick(structural.size())] : static_cast<char>(pick(256));
        s.insert(s.begin() + static_cast<long>(pick(s.size() + 1)), c);
        break;
      }
      case 3:  // replace a number with a hostile value
      case 4: {
        std::vector<std::pair<size_t, size_t>> nums;
        for (size_t i = 0; i < s.size();) {
          if (std::isdigit(static_cast<unsigned char>(s[i]))) {
            size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
            nums.emplace_back(i, j - i);
            i = j;
          } else {
            ++i;
          }
        }
        if (nums.empty()) break;
        auto [at, len] = nums[pick(nums.size())];
        s.replace(at, len, hostile_tokens()[pick(hostile_tokens().size())]);
        break;
      }
      case 5:  // replace a scalar value after ": " with a hostile token
      {
        size_t at = s.find(": ", pick(s.size()));
        if (at == std::string::npos) break;
        size_t end = s.find_first_of(",}\n", at + 2);
        if (end == std::string::npos) end = s.size();
        s.replace(at + 2, end - at - 2, hostile_tokens()[pick(hostile_tokens().size())]);
        break;
      }
      default: {  // line operations: duplicate, delete, swap, or splice a line from another seed
        auto lines = split_lines(s);
        size_t a = pick(lines.size()), b = pick(lines.size());
        switch (pick(4)) {
          case 0: lines.insert(lines.begin() + static_cast<long>(b), lines[a]); break;
          case 1: lines.erase(lines.begin() + static_cast<long>(a)); break;
          case 2: std::swap(lines[a], lines[b]); break;
          default: {
            auto other = split_lines(pool[pick(pool.size())]);
            lines.insert(lines.begin() + static_cast<long>(b), other[pick(other.size())]);
          }
        }
        s.clear();
        for (const auto& l : lines) s += l + "\n";
      }
    }
  }

  // Structure-aware mutations: what byte-level mutation almost never builds (the 1M-execution
  // run of the byte mutator missed `ops: &x [*x]`).
  void structural(std::string& s) {
    auto value_span = [&](size_t& at, size_t& len) {
      at = s.find(": ", pick(s.size()));
      if (at == std::string::npos) return false;
      at += 2;
      size_t end = s.find_first_of(",}\n", at);
      len = (end == std::string::npos ? s.size() : end) - at;
      return true;
    };
    size_t at = 0, len = 0;
    switch (pick(9)) {
      case 0:  // a self-referential anchor, in a list or a map, directly or one level down
      {
        static const char* cycles[] = {"&c [*c]", "&c {k: *c}", "&c [1, [2, *c]]", "&c {a: {b: [*c]}}", "&c [*c, *c]"};
        if (value_span(at, len)) s.replace(at, len, cycles[pick(5)]);
        break;
      }
      case 1:  // alias expansion ("billion laughs"), under meta: or any key
      {
        // Mostly below the node budget (at most 8^6 = 262,144 nodes); one in 128 explodes (10^8)
        // and must stop at the budget. Those all have one shape (fan 10, 8 levels), and each
        // builds ~1M nodes before the budget stops it (~0.1 s, ~1 s under ASan): at one in 16
        // they were most of a sanitizer run's time while repeating the same input.
        const bool explode = pick(128) == 0;
        const uint64_t fan = explode ? 10 : 2 + pick(7), levels = explode ? 8 : 2 + pick(5);
        std::string t = "laughs:\n  l0: &l0 [x, x]\n";
        for (uint64_t l = 1; l < levels; ++l) {
          t += "  l" + std::to_string(l) + ": &l" + std::to_string(l) + " [";
          for (uint64_t k = 0; k < fan; ++k) t += (k ? ", *l" : "*l") + std::to_string(l - 1);
          t += "]\n";
        }
        s = pick(2) ? t + s : s + t;
        if (pick(2)) s.replace(s.find("laughs:"), 7, "meta:  ");
        break;
      }
      case 2:  // deep nesting, within or beyond yaml-cpp's own depth guard (2000)
      {
        const size_t depth = pick(2) ? 200 + pick(100) : 1900 + pick(400);
        const bool flow_map = pick(2);
        std::string open, close;
        for (size_t i = 0; i < depth; ++i) {
          open += flow_map ? "{a: " : "[";
          close += flow_map ? "}" : "]";
        }
        if (value_span(at, len)) s.replace(at, len, open + "1" + close);
        break;
      }
      case 3:  // a huge scalar (key or value)
      {
        // 1 KiB..64 KiB, or 1 MiB one in 64: a 1 MiB scalar takes the same paths as a 64 KiB
        // one (no bound is near: the text budget is 64 MiB + 16 bytes per input byte) at 16x
        // the scanning cost.
        std::string big(size_t(1) << (pick(64) ? 10 + pick(7) : 20), "xy9 "[pick(4)]);
        if (value_span(at, len)) s.replace(at, len, pick(2) ? big : "\"" + big + "\"");
        break;
      }
      case 4:  // several documents
      {
        const uint64_t docs = 1 + pick(pick(2) ? 3 : 200);
        std::string more;
        for (uint64_t d = 0; d < docs; ++d) more += pick(2) ? "---\n" + s : std::string("---\n");
        s += pick(4) ? more : std::string("...\n");
        break;
      }
      case 5:  // merge keys: an anchored mapping merged into another
      {
        size_t line = s.find("\n  ", pick(s.size()));
        if (line == std::string::npos) break;
        s.insert(line + 1, pick(2) ? "  <<: *m\n" : "  <<: [*m, {x: 1}]\n");
        s = "defaults: &m {kind: add, m: 1, n: 4}\n" + s;
        break;
      }
      case 6:  // byte-order mark
        s = "\xEF\xBB\xBF" + s;
        break;
      case 7:  // CRLF line ends, everywhere or in part
      {
        std::string out;
        const bool all = pick(2);
        for (char c : s) {
          if (c == '\n' && (all || pick(2))) out += '\r';
          out += c;
        }
        s = out;
        break;
      }
      default:  // an alias to an anchor defined later, or never
      {
        if (value_span(at, len)) s.replace(at, len, pick(2) ? "*undefined" : "&a 1");
        break;
      }
    }
  }

  static std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
      size_t end = s.find('\n', start);
      if (end == std::string::npos) end = s.size();
      out.push_back(s.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  std::mt19937_64 rng_;
};

// Runs `body`; ConfigError and MappingError are the parsers' documented failures, anything
// else is a bug. Returns false (and records a failure naming the input) on a bug.
template <class F>
bool only_clean_errors(const std::string& harness, uint64_t iter, const std::string& input, F&& body) {
  try {
    body();
  } catch (const ConfigError& e) {
    if (std::string(e.what()).find('\n') != std::string::npos)
      ADD_FAILURE() << harness << " #" << iter << " (shard " << fuzz_shard() << "): error message spans lines: " << e.what() << "\ninput:\n" << input;
  } catch (const MappingError&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << harness << " #" << iter << " (shard " << fuzz_shard() << "): unexpected " << typeid(e).name() << ": " << e.what()
                  << "\ninput:\n"
                  << input;
    return false;
  } catch (...) {
    ADD_FAILURE() << harness << " #" << iter << " (shard " << fuzz_shard() << "): unexpected non-std exception\ninput:\n" << input;
    return false;
  }
  return true;
}

// plan_gemm walks every weight tile, so a legal but enormous op (2^31 x 2^31 on an 8x8 array)
// would take hours; the fuzzer maps only ops of bounded size.
constexpr uint64_t kMaxPlannedTiles = 1 << 16;

void plan_all(const ArchConfig& a, const Workload& w) {
  for (const Op& op : w.ops) {
    if (op.kind != OpKind::Gemm) continue;
    a.array->check(op);
    if (a.array->tile_count(op) > kMaxPlannedTiles) continue;
    plan_gemm(op, *a.array, a.ctx.weight_buffer, a.dma.buffers, a.ctx.act_buffer);
  }
}

ArchConfig parse_arch(const std::string& text) { return load_arch(ConfigNode::load_string(text, "arch.yaml")); }
Workload parse_workload(const std::string& text) { return load_workload(ConfigNode::load_string(text, "wl.yaml")); }

uint64_t g_total = 0;

uint64_t env_u64(const char* name, uint64_t fallback) {
  const char* s = std::getenv(name);
  return s ? std::strtoull(s, nullptr, 10) : fallback;
}

// Counts a harness's executions. A long run (scripts/fuzz.sh) also wants to see that it moves and
// which inputs are slow: TERNSIM_FUZZ_PROGRESS=N prints the rate every N executions, and an input
// that takes longer than TERNSIM_FUZZ_SLOW_MS (default 2000) is printed with its time and size, so
// a rate that falls in a long run can be traced to the inputs that cost it.
struct Counter {
  std::string name;
  uint64_t runs = 0;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  uint64_t progress_every = env_u64("TERNSIM_FUZZ_PROGRESS", 0);
  double slow_s = static_cast<double>(env_u64("TERNSIM_FUZZ_SLOW_MS", 2000)) / 1000.0;

  // Runs one execution, timed; returns what `body` returns.
  template <class F>
  bool time_one(uint64_t iter, const std::string& input, F&& body) {
    auto start = std::chrono::steady_clock::now();
    bool ok = body();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (s > slow_s)
      std::printf("[fuzz] %s: slow input #%llu (shard %llu): %.2f s, %zu bytes: %.120s\n", name.c_str(),
                  static_cast<unsigned long long>(iter), static_cast<unsigned long long>(fuzz_shard()), s,
                  input.size(), printable(input).c_str());
    if (progress_every && (iter + 1) % progress_every == 0) {
      double all = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("[fuzz] %s: %llu executions in %.0f s, %.0f/s\n", name.c_str(),
                  static_cast<unsigned long long>(iter + 1), all, (iter + 1) / all);
    }
    if (progress_every || s > slow_s) std::fflush(stdout);
    return ok;
  }

  static std::string printable(const std::string& in) {
    std::string out;
    for (char c : in.substr(0, 120)) out += (c == '\n' ? '|' : (static_cast<unsigned char>(c) < 32 ? '?' : c));
    return out;
  }

  ~Counter() {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    g_total += runs;
    std::printf("[fuzz] %s: %llu executions in %.2f s, %.0f/s (total so far %llu)\n", name.c_str(),
                static_cast<unsigned long long>(runs), s, s > 0 ? runs / s : 0.0, static_cast<unsigned long long>(g_total));
  }
};

// One harness over whole texts: mutate a seed from `pool`, feed it to `body`, stop at the
// first failure (only_clean_errors has reported it).
template <class F>
void fuzz_texts(const char* name, const std::vector<std::string>& pool, uint64_t seed, F&& body) {
  Mutator m(fuzz_seed(seed));
  Counter c{name};
  for (uint64_t i = 0, n = iterations(); i < n; ++i, ++c.runs) {
    std::string in = m.mutate(pool[m.pick(pool.size())], pool);
    if (!c.time_one(i, in, [&] { return only_clean_errors(name, i, in, [&] { body(in); }); })) return;
  }
}

}  // namespace

TEST(FuzzParsers, ArchYaml) {
  auto pool = seeds("arch");
  ASSERT_FALSE(pool.empty());
  Workload w = parse_workload(seeds("workload").front());
  fuzz_texts("arch", pool, 0xA4C4, [&](const std::string& in) { plan_all(parse_arch(in), w); });
}

TEST(FuzzParsers, WorkloadIr) {
  auto pool = seeds("workload");
  ASSERT_FALSE(pool.empty());
  ArchConfig a = parse_arch(seeds("arch").back());
  fuzz_texts("workload", pool, 0x301D, [&](const std::string& in) { plan_all(a, parse_workload(in)); });
}

// --set overrides: a valid arch with one to three mutated "key.path=value" assignments,
// then mapping a valid workload on the result.
TEST(FuzzParsers, SetOverrides) {
  auto pool = seeds("arch");
  Workload w = parse_workload(seeds("workload").front());
  static const std::vector<std::string> keys = {
      "clock_mhz", "array.rows", "array.cols", "array.kind", "array.act_bits", "array.acc_bits", "array.zero_skip",
      "array.weight_packing", "sram.weight_buffer.capacity_kib", "sram.act_buffer.capacity_kib",
      "sram.act_buffer.width_bits", "dram.bandwidth_gbps", "dram.kind", "dma.buffers", "vector.lanes", "array",
      "sram", "nosuch.key", "array.rows.deeper", "", ".", "a..b", "recurrent.lanes", "dram.latency_ns"};
  Mutator m(fuzz_seed(0x5E7));
  Counter c{"set"};
  for (uint64_t i = 0, n = iterations(); i < n; ++i, ++c.runs) {
    const std::string& base = pool[m.pick(pool.size())];
    std::vector<std::string> sets;
    for (uint64_t k = 0, nk = 1 + m.pick(3); k < nk; ++k) {
      std::string v = hostile_tokens()[m.pick(hostile_tokens().size())];
      if (m.pick(3) == 0) v = std::to_string(m.pick(1 << 20));
      std::string assign = keys[m.pick(keys.size())] + (m.pick(10) ? "=" : "") + v;
      if (m.pick(4) == 0) assign = m.mutate(assign, keys);
      // A shell argument is one line in practice; the message echoes it verbatim.
      std::replace(assign.begin(), assign.end(), '\n', ' ');
      sets.push_back(assign);
    }
    std::string shown;
    for (const auto& s : sets) shown += "--set " + s + "\n";
    bool ok = c.time_one(i, shown, [&] {
      return only_clean_errors("set", i, shown, [&] {
        ConfigNode root = ConfigNode::load_string(base, "arch.yaml");
        for (const auto& s : sets) root.apply_override(s);
        plan_all(load_arch(root), w);
      });
    });
    if (!ok) return;
  }
}

// In-memory trees, as the Python API builds them from dicts (python/src/module.cpp): random
// graphs of maps, lists and scalars in which a node may be shared or contain itself.
TEST(FuzzParsers, InMemoryTrees) {
  Mutator m(fuzz_seed(0x7EE));
  Counter c{"tree"};
  const std::string wl = seeds("workload").front();
  for (uint64_t i = 0, n = iterations(); i < n; ++i, ++c.runs) {
    YAML::Node root = YAML::Load(wl);
    std::vector<YAML::Node> nodes{root};
    std::string shown;
    for (uint64_t k = 0, steps = 1 + m.pick(12); k < steps; ++k) {
      YAML::Node parent = nodes[m.pick(nodes.size())];
      YAML::Node child;
      switch (m.pick(4)) {
        case 0: child = YAML::Node(YAML::NodeType::Map); break;
        case 1: child = YAML::Node(YAML::NodeType::Sequence); break;
        case 2: child = YAML::Node(hostile_tokens()[m.pick(hostile_tokens().size())]); break;
        default: child = nodes[m.pick(nodes.size())]; shown += "(shared) "; break;  // may be an ancestor
      }
      static const char* keys[] = {"meta", "ops", "name", "x", "<<"};
      const char* key = keys[m.pick(5)];
      if (parent.IsSequence()) {
        parent.push_back(child);
      } else if (parent.IsMap()) {
        parent[key] = child;
      } else {
        continue;
      }
      shown += std::string("add under ") + key + "; ";
      nodes.push_back(child);
    }
    if (!c.time_one(i, shown, [&] {
          return only_clean_errors("tree", i, shown, [&] { load_workload(ConfigNode::from_node(root, "<dict>", ".")); });
        }))
      return;
  }
}

TEST(FuzzParsers, PrintsTotal) {
  std::printf("[fuzz] total executions: %llu\n", static_cast<unsigned long long>(g_total));
}
