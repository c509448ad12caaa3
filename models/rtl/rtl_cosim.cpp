// SPDX-License-Identifier: Apache-2.0
#include "rtl_cosim.hpp"

#include <algorithm>
#include <iomanip>

#include "rtl_tile_timing.hpp"
#include "sim/config/config_error.hpp"
#include "sim/functional/synthetic_data.hpp"
#include "sim/functional/ternary_gemm.hpp"
#include "sim/report/csv.hpp"

namespace ternsim::rtl {

namespace fn = ternsim::functional;

namespace {

fn::AccOverflow mode_of(const RtlTileConfig& c) { return c.saturate ? fn::AccOverflow::Saturate : fn::AccOverflow::Wrap; }

void compare(const std::vector<int64_t>& rtl, const std::vector<int64_t>& ref, uint64_t n, const std::string& where,
             TileCheck& tc) {
  for (uint64_t c = 0; c < n; ++c) {
    ++tc.outputs;
    if (rtl[c] == ref[c]) continue;
    if (tc.mismatches++ == 0)
      tc.first_mismatch = where + " col " + std::to_string(c) + ": rtl " + std::to_string(rtl[c]) + ", functional " +
                          std::to_string(ref[c]);
  }
}

// Why an op cannot go through the RTL tile, or "".
std::string skip_reason(const Op& op) {
  if (op.kind != OpKind::Gemm) return std::string("not a GEMM (") + to_string(op.kind) + ")";
  if (op.weight != WeightPrecision::Ternary) return std::string(to_string(op.weight)) + " weights (the RTL tile is ternary)";
  if (op.b_is_kv_cache) return "KV-cache operand (not a ternary weight matrix)";
  if (op.act_bits > 8) return std::to_string(op.act_bits) + "-bit activations (the RTL tile takes int8)";
  if (op.m == 0 || op.k == 0 || op.n == 0) return "empty GEMM";
  return "";
}

}  // namespace

TileCheck cosim_tile(RtlTernaryTile& tile, const std::vector<int8_t>& w, const std::vector<int8_t>& x, uint64_t m,
                     uint64_t k_ext, uint64_t n_ext) {
  const RtlTileConfig& cfg = tile.config();
  const uint64_t R = cfg.rows, C = cfg.cols;
  TileCheck tc;
  // Functional reference of the row jobs: the unpadded (m x k_ext) . (k_ext x n_ext) sub-GEMM.
  std::vector<int16_t> xs(m * k_ext);
  std::vector<int8_t> ws(k_ext * n_ext);
  for (uint64_t i = 0; i < m; ++i)
    for (uint64_t r = 0; r < k_ext; ++r) xs[i * k_ext + r] = x[i * R + r];
  for (uint64_t r = 0; r < k_ext; ++r)
    for (uint64_t c = 0; c < n_ext; ++c) ws[r * n_ext + c] = w[r * C + c];
  const fn::GemmOutput rows = fn::ternary_gemm({m, n_ext, k_ext}, xs, ws, R, cfg.acc_width, mode_of(cfg));
  tc.overflows += rows.overflows;
  for (uint64_t i = 0; i < m; ++i) {
    const std::vector<int8_t> xi(x.begin() + i * R, x.begin() + (i + 1) * R);
    const RtlTileResult res = tile.run(w, xi);
    if (res.timed_out || res.cycles != rtl_tile_cycles(cfg.rows, cfg.cols, 1)) tc.row_timing_ok = false;
    const std::vector<int64_t> ref(rows.y.begin() + i * n_ext, rows.y.begin() + (i + 1) * n_ext);
    compare(res.acc, ref, n_ext, "row job " + std::to_string(i), tc);
  }
  // Chain job: 1 x (m*R) x C with the padded tile stacked m times, K-tiles of R rows.
  std::vector<int16_t> xc(x.begin(), x.begin() + m * R);
  std::vector<int8_t> wc;
  wc.reserve(m * R * C);
  for (uint64_t i = 0; i < m; ++i) wc.insert(wc.end(), w.begin(), w.end());
  const fn::GemmOutput chain = fn::ternary_gemm({1, C, m * R}, xc, wc, R, cfg.acc_width, mode_of(cfg));
  tc.overflows += chain.overflows;
  const std::vector<int8_t> xall(x.begin(), x.begin() + m * R);
  const RtlTileResult res = tile.run(w, xall);
  tc.rtl_cycles = res.timed_out ? 0 : res.cycles;
  compare(res.acc, chain.y, n_ext, "chain job (" + std::to_string(m) + " vectors)", tc);
  return tc;
}

const RtlTileBuild& select_rtl_tile(const ArchConfig& arch) {
  const auto* ta = dynamic_cast<const TernaryArray*>(arch.array.get());
  if (!ta) throw ConfigError("cosim: the RTL tile is a ternary array; array.kind is '" + arch.array->kind() + "'");
  if (ta->act_bits() != 8) throw ConfigError("cosim: the RTL tile takes int8 activations; array.act_bits is " + std::to_string(ta->act_bits()));
  if (ta->zero_skip()) throw ConfigError("cosim: the RTL tile is dense; set array.zero_skip: false");
  const bool sat = ta->acc_saturates();
  const RtlTileBuild* b = find_rtl_tile(static_cast<unsigned>(ta->rows()), static_cast<unsigned>(ta->cols()), ta->acc_bits(), sat);
  if (!b)
    throw ConfigError("cosim: no verilated RTL tile with R=" + std::to_string(ta->rows()) + " C=" + std::to_string(ta->cols()) +
                      " ACC_W=" + std::to_string(ta->acc_bits()) + (sat ? " saturate" : " wrap") +
                      " (array.rows/cols/acc_bits/acc_overflow); available: " + rtl_tile_catalogue_list() +
                      " (pick one with --set, or add ternsim_verilate_tile() in models/rtl/CMakeLists.txt)");
  return *b;
}

bool CosimReport::agree() const {
  for (const auto& o : ops)
    if (o.status == "compared" && (!o.bits_ok() || !o.timing_ok)) return false;
  return true;
}

uint64_t CosimReport::tiles() const {
  uint64_t t = 0;
  for (const auto& o : ops) t += o.tiles;
  return t;
}

CosimReport run_cosim(const ArchConfig& arch, const Workload& wl, RtlTernaryTile& tile, const RtlTileBuild& build,
                      const CosimOptions& opt) {
  const auto& ta = dynamic_cast<const TernaryArray&>(*arch.array);
  const RtlTileConfig cfg = tile.config();
  const uint64_t R = cfg.rows, C = cfg.cols;
  CosimReport rep;
  rep.arch = arch.name;
  rep.workload = wl.name;
  rep.rtl_build = build.name;
  rep.cfg = cfg;
  rep.seed = opt.seed;
  uint64_t eligible = 0;
  for (const Op& op : wl.ops) eligible += skip_reason(op).empty();
  // Spread the tile budget over the ops so that each gets at least one tile while it lasts.
  const uint64_t per_op = std::max<uint64_t>(1, eligible ? opt.max_tiles / eligible : 1);
  uint64_t budget = opt.max_tiles;
  for (const Op& op : wl.ops) {
    CosimOpResult o;
    o.name = op.name;
    const std::string why = skip_reason(op);
    if (!why.empty()) continue;  // only ternary GEMMs are listed
    o.tiles_total = ta.tile_count(op);
    if (budget == 0) {
      o.status = "skipped: --max-tiles reached";
      rep.ops.push_back(o);
      continue;
    }
    o.status = "compared";
    o.m = std::min(op.m, std::max<uint64_t>(1, opt.max_m));
    o.tiles = std::min({o.tiles_total, per_op, budget});
    budget -= o.tiles;
    // The functional mode's operands for this op (same seed => same numbers as run --functional).
    fn::SplitMix64 g(fn::op_seed(opt.seed, op.name));
    const std::vector<int16_t> x = fn::gemm_activations(g, op);
    const std::vector<int8_t> w = fn::ternary_weights(g, op);
    const uint64_t tk = (op.k + R - 1) / R;  // tile index order of TernaryArray::tile(): K fastest
    o.closed_form = rtl_tile_cycles(cfg.rows, cfg.cols, o.m);
    for (uint64_t t = 0; t < o.tiles; ++t) {
      const uint64_t k0 = (t % tk) * R, n0 = (t / tk) * C;
      const uint64_t k_ext = std::min(R, op.k - k0), n_ext = std::min(C, op.n - n0);
      std::vector<int8_t> wt(R * C, 0), xt(o.m * R, 0);
      for (uint64_t r = 0; r < k_ext; ++r)
        for (uint64_t c = 0; c < n_ext; ++c) wt[r * C + c] = w[(k0 + r) * op.n + n0 + c];
      for (uint64_t i = 0; i < o.m; ++i)
        for (uint64_t r = 0; r < k_ext; ++r) xt[i * R + r] = static_cast<int8_t>(x[i * op.k + k0 + r]);
      TileCheck tc = cosim_tile(tile, wt, xt, o.m, k_ext, n_ext);
      o.outputs += tc.outputs;
      o.overflows += tc.overflows;
      if (tc.mismatches && o.mismatches == 0)
        o.first_mismatch = "tile " + std::to_string(t) + " (k0 " + std::to_string(k0) + ", n0 " + std::to_string(n0) + ") " + tc.first_mismatch;
      o.mismatches += tc.mismatches;
      o.rtl_cycles = std::max(o.rtl_cycles, tc.rtl_cycles);
      // TL figures of this tile alone over the same m rows (no neighbour to overlap with).
      const WeightTile wtile = ta.tile(op, t);
      const uint64_t load = ta.load_cycles(op, wtile), stream = ta.stream_cycles(o.m), drain = ta.drain_cycles();
      const uint64_t tl = ta.tl_compute_cycles(op, t, 1, o.m);
      if (t == 0) {
        o.tl_tile = tl;
        o.tl_load = load;
        o.tl_stream = stream;
        o.tl_drain = drain;
        o.tl_overlapped = std::max(stream, load);
      }
      // The exact relation (docs/rtl_tile.md): both drain through the same ceil(log2 R) + 1
      // stages; the RTL loads R rows and takes M vectors where the TL tile spends load and
      // stream cycles, so RTL = TL - load - stream + R + M.
      const bool ok = tc.rtl_cycles == o.closed_form && tc.row_timing_ok && tl == load + stream + drain &&
                      drain == rtl_tile_pipeline_depth(cfg.rows) && o.closed_form + load + stream == tl + R + o.m;
      o.timing_ok = o.timing_ok && ok;
    }
    rep.ops.push_back(o);
  }
  return rep;
}

void write_cosim_csv(const CosimReport& r, std::ostream& out) {
  out << "op,status,tiles,tiles_total,m,outputs,mismatches,overflows,bits_agree,rtl_cycles,closed_form,"
         "tl_tile_cycles,tl_load,tl_stream,tl_drain,tl_overlapped,timing_agree\n";
  for (const auto& o : r.ops) {
    const bool c = o.status == "compared";
    out << csv_field(o.name) << ',' << csv_field(o.status) << ',' << o.tiles << ',' << o.tiles_total << ',' << o.m << ',' << o.outputs << ','
        << o.mismatches << ',' << o.overflows << ',' << (c ? (o.bits_ok() ? "yes" : "no") : "") << ',' << o.rtl_cycles
        << ',' << o.closed_form << ',' << o.tl_tile << ',' << o.tl_load << ',' << o.tl_stream << ',' << o.tl_drain << ','
        << o.tl_overlapped << ',' << (c ? (o.timing_ok ? "yes" : "no") : "") << '\n';
  }
}

void write_cosim_md(const CosimReport& r, std::ostream& out) {
  const auto& c = r.cfg;
  out << "# RTL co-simulation: " << r.workload << " on " << r.arch << "\n\n"
      << "RTL build `" << r.rtl_build << "` (R=" << c.rows << " C=" << c.cols << " ACC_W=" << c.acc_width
      << (c.saturate ? " saturate" : " wrap") << "), data seed " << r.seed << ", " << r.tiles() << " tiles.\n\n"
      << "Result: **" << (r.agree() ? "full agreement" : "DISAGREEMENT") << "** (bits: RTL vs functional model; "
      << "cycles: measured vs rtl_tile_cycles = R + M + ceil(log2 R) + 1, and = TL tile - load - stream + R + M).\n\n"
      << "| op | tiles | M | outputs | mismatches | overflows | RTL cycles | closed form | TL tile (load+stream+drain) | TL per tile overlapped | agree |\n"
      << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const auto& o : r.ops) {
    if (o.status != "compared") {
      out << "| " << o.name << " | 0/" << o.tiles_total << " | | | | | | | | | " << o.status << " |\n";
      continue;
    }
    out << "| " << o.name << " | " << o.tiles << "/" << o.tiles_total << " | " << o.m << " | " << o.outputs << " | "
        << o.mismatches << " | " << o.overflows << " | " << o.rtl_cycles << " | " << o.closed_form << " | " << o.tl_tile
        << " (" << o.tl_load << "+" << o.tl_stream << "+" << o.tl_drain << ") | " << o.tl_overlapped << " | "
        << (o.bits_ok() && o.timing_ok ? "yes" : (!o.bits_ok() ? "NO (bits)" : "NO (cycles)")) << " |\n";
  }
  for (const auto& o : r.ops)
    if (!o.first_mismatch.empty()) out << "\n- " << o.name << ": first mismatch at " << o.first_mismatch << "\n";
}

void print_cosim(const CosimReport& r, std::ostream& out) {
  const auto& c = r.cfg;
  out << "ternsim cosim: " << r.workload << " on " << r.arch << " with RTL build " << r.rtl_build << " (R=" << c.rows
      << " C=" << c.cols << " ACC_W=" << c.acc_width << (c.saturate ? " saturate" : " wrap") << ")\n\n";
  out << std::left << std::setw(28) << "op" << std::right << std::setw(12) << "tiles" << std::setw(4) << "M" << std::setw(9)
      << "outputs" << std::setw(6) << "diff" << std::setw(6) << "ovf" << std::setw(8) << "rtl" << std::setw(8) << "closed"
      << std::setw(8) << "tl" << "  agree\n";
  for (const auto& o : r.ops) {
    out << std::left << std::setw(28) << o.name << std::right;
    if (o.status != "compared") {
      out << "  " << o.status << "\n";
      continue;
    }
    out << std::setw(12) << (std::to_string(o.tiles) + "/" + std::to_string(o.tiles_total)) << std::setw(4) << o.m
        << std::setw(9) << o.outputs << std::setw(6) << o.mismatches << std::setw(6) << o.overflows << std::setw(8)
        << o.rtl_cycles << std::setw(8) << o.closed_form << std::setw(8) << o.tl_tile << "  "
        << (o.bits_ok() && o.timing_ok ? "yes" : "NO") << "\n";
    if (!o.first_mismatch.empty()) out << "    first mismatch: " << o.first_mismatch << "\n";
  }
  out << "\n" << r.tiles() << " tiles: " << (r.agree() ? "full agreement (bits and cycles)" : "DISAGREEMENT") << "\n";
}

}  // namespace ternsim::rtl
