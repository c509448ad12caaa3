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

Op parse_op(ConfigNode& n, const std::map<std::string, size_t>& earlier, size_t index) {
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

  op.m = n.integer("m", 1, kMaxDim);
  op.n = n.integer("n", 1, kMaxDim);
  switch (op.kind) {
    case OpKind::Gemm: {
      op.k = n.integer("k", 1, kMaxDim);
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
  n.finish();
  return op;
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
    Op op = parse_op(ops[i], names, i);
    if (names.count(op.name)) ops[i].fail("name", "duplicate op name '" + op.name + "'");
    names[op.name] = i;
    w.ops.push_back(std::move(op));
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
