#include "sim/workload/workload_loader.hpp"

#include <cstdio>
#include <map>

#include "sim/config/did_you_mean.hpp"

namespace ternsim {
namespace {

// Dimensions above 2^31 would overflow byte and cycle products of three dimensions.
constexpr int64_t kMaxDim = int64_t(1) << 31;

const std::vector<std::pair<std::string, OpKind>>& kind_table() {
  static const std::vector<std::pair<std::string, OpKind>> t = {
      {"gemm", OpKind::Gemm},         {"rmsnorm", OpKind::RmsNorm},     {"silu", OpKind::Silu},
      {"sigmoid", OpKind::Sigmoid},   {"mul", OpKind::Mul},             {"add", OpKind::Add},
      {"quantize", OpKind::Quantize}, {"softmax", OpKind::Softmax},     {"embedding", OpKind::Embedding},
      {"kv_append", OpKind::KvAppend}, {"mlgru", OpKind::Mlgru}};
  return t;
}

// "128 + step", "step", "2*step + 64", "64 + 8 * step": an affine function of the step index.
bool parse_affine(const std::string& text, StepAffine& out) {
  std::string t;
  for (char c : text)
    if (c != ' ') t += c;
  if (t.empty()) return false;
  StepAffine a;
  size_t pos = 0;
  while (pos < t.size()) {
    size_t end = t.find('+', pos);
    if (end == std::string::npos) end = t.size();
    const std::string term = t.substr(pos, end - pos);
    if (term.empty()) return false;
    auto number = [](const std::string& s, int64_t& v) {
      if (s.empty() || s.size() > 12) return false;
      for (char c : s)
        if (c < '0' || c > '9') return false;
      v = std::stoll(s);
      return true;
    };
    int64_t v = 0;
    if (term == "step") {
      a.per_step += 1;
    } else if (term.size() > 5 && term.compare(term.size() - 5, 5, "*step") == 0 &&
               number(term.substr(0, term.size() - 5), v)) {
      a.per_step += v;
    } else if (term.size() > 5 && term.compare(0, 5, "step*") == 0 && number(term.substr(5), v)) {
      a.per_step += v;
    } else if (number(term, v)) {
      a.base += v;
    } else {
      return false;
    }
    pos = end + 1;
    if (end == t.size() - 1) return false;  // trailing '+'
  }
  out = a;
  return true;
}

// m, n or k: an integer, or inside a loop body an affine expression of `step`.
uint64_t dimension(ConfigNode& n, const std::string& key, const RepeatLoop* loop, bool& varies, StepAffine& a) {
  varies = false;
  if (loop && n.has(key)) {
    const std::string text = n.string(key);
    if (text.find("step") != std::string::npos) {
      if (!parse_affine(text, a))
        n.fail(key, "expected an integer or an expression like '128 + step' or '64 + 8*step', got '" + text + "'");
      for (uint64_t s : {uint64_t(0), loop->steps - 1}) {
        const int64_t v = a.base + a.per_step * int64_t(s);
        if (v < 1 || v > kMaxDim)
          n.fail(key, "'" + text + "' is " + std::to_string(v) + " at step " + std::to_string(s) +
                          ", outside [1, 2^31]");
      }
      varies = true;
      return a.at(0);
    }
  }
  return static_cast<uint64_t>(n.integer(key, 1, kMaxDim));
}

Op parse_op(ConfigNode& n, const std::map<std::string, size_t>& earlier, size_t index,
            const RepeatLoop* loop = nullptr, RepeatLoop::Varying* vary = nullptr) {
  Op op;
  op.name = n.string("name");
  // Names go into CSV rows, file names (--dump) and terminal reports: printable text only.
  for (unsigned char c : op.name)
    if (c < 0x20 || c == 0x7f) {
      char code[8];
      std::snprintf(code, sizeof code, "0x%02x", c);
      n.fail("name", std::string("control character ") + code + " in an op name (names must be printable text)");
    }
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> v;
    for (const auto& [s, k] : kind_table()) v.push_back(s);
    return v;
  }();
  std::string kind = n.choice("kind", kinds);
  for (const auto& [s, k] : kind_table())
    if (s == kind) op.kind = k;

  RepeatLoop::Varying v;
  op.m = dimension(n, "m", loop, v.m, v.am);
  op.n = dimension(n, "n", loop, v.n, v.an);
  switch (op.kind) {
    case OpKind::Gemm: {
      op.k = dimension(n, "k", loop, v.k, v.ak);
      static const std::vector<std::string> weights = {"ternary", "int8", "fp16", "bf16"};
      std::string w = n.choice("weight", weights);
      op.weight = w == "ternary" ? WeightPrecision::Ternary
                  : w == "int8"  ? WeightPrecision::Int8
                  : w == "fp16"  ? WeightPrecision::Fp16
                                 : WeightPrecision::Bf16;
      op.act_bits = static_cast<uint32_t>(n.integer("act_bits", 8, 1, 32));
      op.zero_fraction = n.real("zero_fraction", 0.0, 0.0, 1.0);
      op.b_is_kv_cache = n.choice("b_operand", "weights", {"weights", "kv_cache"}) == "kv_cache";
      if (n.has("tile_zero_fractions")) {
        if (op.weight != WeightPrecision::Ternary)
          n.fail("tile_zero_fractions", "only meaningful for ternary weights");
        ConfigNode t = n.child("tile_zero_fractions");
        op.tile_zeros.tile_k = t.integer("tile_k", 1, kMaxDim);
        op.tile_zeros.tile_n = t.integer("tile_n", 1, kMaxDim);
        op.tile_zeros.values = t.real_list("values", 0.0, 1.0);
        uint64_t expect = ((op.k + op.tile_zeros.tile_k - 1) / op.tile_zeros.tile_k) *
                          ((op.n + op.tile_zeros.tile_n - 1) / op.tile_zeros.tile_n);
        if (op.tile_zeros.values.size() != expect)
          t.fail("values", "expected " + std::to_string(expect) + " values (ceil(k/tile_k) x ceil(n/tile_n)), got " +
                               std::to_string(op.tile_zeros.values.size()));
        t.finish();
      }
      break;
    }
    case OpKind::Mlgru:
      op.batch = n.integer("batch", 1, 1, kMaxDim);
      op.state_in_dram = n.choice("state", "onchip", {"onchip", "dram"}) == "dram";
      op.scan_schedule = n.choice("schedule", "sequential", {"sequential", "scan"}) == "scan";
      op.bits = static_cast<uint32_t>(n.integer("bits", 16, 1, 64));
      break;
    default:
      op.bits = static_cast<uint32_t>(n.integer("bits", 16, 1, 64));
      break;
  }

  if (n.has("deps")) {
    for (const auto& d : n.string_list("deps", {})) {
      auto it = earlier.find(d);
      if (it == earlier.end()) {
        std::vector<std::string> names;
        for (const auto& [s, i] : earlier) names.push_back(s);
        n.fail("deps", "'" + d + "' is not the name of an earlier op" + did_you_mean_suffix(d, names));
      }
      op.deps.push_back(it->second);
    }
  } else {
    n.allow("deps");
    if (index > 0) op.deps.push_back(index - 1);
  }
  if (vary) {
    if (v.any() && op.kind == OpKind::Gemm && !op.tile_zeros.values.empty())
      n.fail("tile_zero_fractions", "not allowed on a gemm whose k or n changes with the step");
    *vary = v;
    n.allow("deps_prev");  // resolved by the caller once the whole body is known
  }
  n.finish();
  return op;
}

void add_named(ConfigNode& node, Workload& w, std::map<std::string, size_t>& names, Op op) {
  if (names.count(op.name)) node.fail("name", "duplicate op name '" + op.name + "'");
  names[op.name] = w.ops.size();
  w.ops.push_back(std::move(op));
}

void parse_repeat(ConfigNode& entry, Workload& w, std::map<std::string, size_t>& names) {
  ConfigNode r = entry.child("repeat");
  entry.finish();
  if (w.loop) r.fail("", "only one repeat: entry is allowed in ops");
  RepeatLoop loop;
  // Omitted: the workload's tokens (one decode step per generated token), so a sweep over
  // `tokens` changes the generation length.
  loop.steps = static_cast<uint64_t>(r.integer("steps", int64_t(w.tokens), 1, int64_t(1) << 31));
  loop.first = w.ops.size();
  auto body = r.list("body");
  if (body.empty()) r.fail("body", "expected at least one op");
  std::map<std::string, size_t> body_names;
  for (size_t b = 0; b < body.size(); ++b) {
    if (body[b].has("repeat")) body[b].fail("repeat", "a repeat: inside a repeat body is not supported");
    RepeatLoop::Varying v;
    Op op = parse_op(body[b], names, w.ops.size(), &loop, &v);
    body_names[op.name] = b;
    add_named(body[b], w, names, std::move(op));
    loop.varying.push_back(v);
  }
  loop.count = body.size();
  for (size_t b = 0; b < body.size(); ++b) {
    std::vector<size_t> prev;
    if (body[b].has("deps_prev")) {
      for (const auto& d : body[b].string_list("deps_prev", {})) {
        auto it = body_names.find(d);
        if (it == body_names.end()) {
          std::vector<std::string> all;
          for (const auto& [s, i] : body_names) all.push_back(s);
          body[b].fail("deps_prev", "'" + d + "' is not the name of an op in this repeat body" + did_you_mean_suffix(d, all));
        }
        prev.push_back(it->second);
      }
    } else if (b == 0 && !body[0].has("deps")) {
      // "the op just before it" is, from step 1 on, the previous step's last op.
      loop.chain_first = true;
      prev.push_back(body.size() - 1);
    }
    loop.prev_deps.push_back(std::move(prev));
  }
  r.finish();
  w.loop = std::move(loop);
}

}  // namespace

Workload load_workload(ConfigNode root) {
  root.doc()->track_resolved = false;
  Workload w;
  w.name = root.string("name");
  w.phase = root.choice("phase", "other", {"decode", "prefill", "other"});
  w.tokens = root.integer("tokens", 1, 1, kMaxDim);
  w.batch = root.integer("batch", 1, 1, kMaxDim);
  root.allow("meta");
  std::map<std::string, size_t> names;
  auto ops = root.list("ops");
  if (ops.empty()) root.fail("ops", "expected at least one op");
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].has("repeat")) {
      parse_repeat(ops[i], w, names);
      continue;
    }
    Op op = parse_op(ops[i], names, w.ops.size());
    add_named(ops[i], w, names, std::move(op));
  }
  root.finish();
  return w;
}

Workload load_workload_file(const std::string& path, const std::vector<std::string>& overrides) {
  ConfigNode root = ConfigNode::load_file(path);
  for (const auto& o : overrides) root.apply_override(o);
  return load_workload(root);
}

}  // namespace ternsim
