#include "sim/functional/functional_run.hpp"

#include <filesystem>
#include <sstream>
#include <nlohmann/json.hpp>

#include "models/compute/lut_array.hpp"
#include "models/compute/ternary_array.hpp"
#include "sim/config/config_error.hpp"
#include "sim/functional/dump_file_names.hpp"
#include "sim/functional/npy_writer.hpp"
#include "sim/functional/synthetic_data.hpp"
#include "sim/functional/lut_gemm.hpp"
#include "sim/functional/ternary_gemm.hpp"
#include "sim/functional/vector_fixed_point.hpp"
#include "sim/report/atomic_output.hpp"
#include "sim/report/csv.hpp"

namespace ternsim::functional {

uint64_t FunctionalReport::total_overflows() const {
  uint64_t s = 0;
  for (const auto& o : ops) s += o.overflows;
  return s;
}

namespace {

std::vector<int8_t> narrow8(const std::vector<int16_t>& v) { return std::vector<int8_t>(v.begin(), v.end()); }

// Why an op cannot be computed bit-accurately, or "" if it can.
std::string skip_reason(const Op& op, uint32_t frac_bits) {
  switch (op.kind) {
    case OpKind::Gemm:
      if (op.weight != WeightPrecision::Ternary) return std::string(to_string(op.weight)) + " weights (ternary only)";
      if (op.b_is_kv_cache) return "KV-cache operand (not a ternary weight matrix)";
      return "";
    case OpKind::Quantize:
    case OpKind::RmsNorm:
    case OpKind::Silu:
    case OpKind::Sigmoid:
      if (op.bits > 16) return std::to_string(op.bits) + "-bit elements (fixed point up to 16 bits)";
      if (frac_bits + 1 >= op.bits) return "vector.frac_bits leaves no integer bits in " + std::to_string(op.bits) + "-bit elements";
      return "";
    default:
      return std::string("no bit-accurate model for ") + to_string(op.kind);
  }
}

}  // namespace

FunctionalReport run_functional(const ArchConfig& arch, const Workload& wl, const FunctionalOptions& opt) {
  const auto* ta = dynamic_cast<const TernaryArray*>(arch.array.get());
  const auto* la = dynamic_cast<const LutArray*>(arch.array.get());  // table lookup: same integers
  if (!ta && !la)
    throw ConfigError("--functional: the bit-accurate model covers array.kind ternary and lut only, not '" +
                      arch.array->kind() + "'");
  FunctionalReport rep;
  rep.seed = opt.seed;
  rep.rows = ta ? ta->rows() : la->rows();
  rep.acc_bits = ta ? ta->acc_bits() : la->acc_bits();
  const bool saturates = ta ? ta->acc_saturates() : la->acc_saturates();
  rep.acc_overflow = saturates ? "saturate" : "wrap";
  rep.frac_bits = arch.vector.frac_bits;
  const AccOverflow mode = saturates ? AccOverflow::Saturate : AccOverflow::Wrap;
  const bool dump = !opt.dump_dir.empty();
  if (dump) {
    std::error_code ec;
    std::filesystem::create_directories(opt.dump_dir, ec);
    if (ec) throw ConfigError(opt.dump_dir + ": cannot create dump directory: " + ec.message());
  }
  std::vector<std::string> names;
  names.reserve(wl.ops.size());
  for (const Op& op : wl.ops) names.push_back(op.name);
  const std::vector<std::string> stems = dump_stems(names);
  for (size_t i = 0; i < wl.ops.size(); ++i) {
    const Op& op = wl.ops[i];
    FunctionalOpResult r{op.name, to_string(op.kind), "computed", 0, 0, stems[i]};
    const std::string why = skip_reason(op, rep.frac_bits);
    if (!why.empty()) {
      r.status = "skipped: " + why;
      rep.ops.push_back(r);
      continue;
    }
    SplitMix64 g(op_seed(opt.seed, op.name));
    const std::string base = dump ? opt.dump_dir + "/" + r.file_stem : "";
    if (op.kind == OpKind::Gemm) {
      auto x = gemm_activations(g, op);
      auto w = ternary_weights(g, op);
      GemmOutput y = la ? lut_gemm({op.m, op.n, op.k}, x, w, la->format(), rep.rows, la->table_bits(), rep.acc_bits, mode)
                        : ternary_gemm({op.m, op.n, op.k}, x, w, rep.rows, rep.acc_bits, mode);
      r.elements = y.y.size();
      r.overflows = y.overflows;
      if (dump) {
        if (op.act_bits <= 8)
          write_npy(base + ".x.npy", narrow8(x), {op.m, op.k});
        else
          write_npy(base + ".x.npy", x, {op.m, op.k});
        write_npy(base + ".w.npy", w, {op.k, op.n});
        write_npy(base + ".y.npy", y.y, {op.m, op.n});
      }
    } else {
      auto q = fixed_point_inputs(g, op, rep.frac_bits);
      if (dump) write_npy(base + ".x.npy", q, {op.m, op.n});
      r.elements = q.size();
      if (op.kind == OpKind::Quantize) {
        FixedOutput y = absmax_quantize(q, op.m, op.n);
        r.overflows = y.overflows;
        if (dump) write_npy(base + ".y.npy", narrow8(y.y), {op.m, op.n});
      } else if (op.kind == OpKind::RmsNorm) {
        FixedOutput y = rmsnorm_fixed(q, op.m, op.n, op.bits, rep.frac_bits);
        r.overflows = y.overflows;
        if (dump) write_npy(base + ".y.npy", y.y, {op.m, op.n});
      } else {
        auto y = op.kind == OpKind::Silu ? silu_f32(q, rep.frac_bits) : sigmoid_f32(q, rep.frac_bits);
        if (dump) write_npy(base + ".y.npy", y, {op.m, op.n});
      }
    }
    rep.ops.push_back(r);
  }
  if (dump) {
    write_file_atomic(opt.dump_dir + "/manifest.json", functional_manifest_json(rep, wl));
    std::ostringstream c;
    write_functional_csv(rep, c);
    write_file_atomic(opt.dump_dir + "/functional.csv", c.str());
  }
  return rep;
}

void write_functional_csv(const FunctionalReport& r, std::ostream& out) {
  out << "name,kind,status,elements,overflows\n";
  for (const auto& o : r.ops) out << csv_field(o.name) << ',' << csv_field(o.kind) << ',' << csv_field(o.status) << ',' << o.elements << ',' << o.overflows << '\n';
}

std::string functional_manifest_json(const FunctionalReport& r, const Workload& wl) {
  nlohmann::ordered_json j;
  j["seed"] = r.seed;
  j["array_rows"] = r.rows;
  j["acc_bits"] = r.acc_bits;
  j["acc_overflow"] = r.acc_overflow;
  j["frac_bits"] = r.frac_bits;
  j["ops"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < r.ops.size(); ++i) {
    const Op& op = wl.ops[i];
    const auto& o = r.ops[i];
    nlohmann::ordered_json e = {{"name", o.name}, {"kind", o.kind}, {"status", o.status}, {"m", op.m}, {"n", op.n}};
    if (op.kind == OpKind::Gemm) e["k"] = op.k;
    if (op.kind == OpKind::Gemm) e["act_bits"] = op.act_bits;
    else e["bits"] = op.bits;
    e["overflows"] = o.overflows;
    if (o.status == "computed") {
      e["x"] = o.file_stem + ".x.npy";
      if (op.kind == OpKind::Gemm) e["w"] = o.file_stem + ".w.npy";
      e["y"] = o.file_stem + ".y.npy";
    }
    j["ops"].push_back(e);
  }
  return j.dump(2) + "\n";
}

}  // namespace ternsim::functional
