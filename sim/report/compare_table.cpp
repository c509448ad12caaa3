#include "sim/report/compare_table.hpp"

#include "sim/report/csv.hpp"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>

namespace ternsim {
namespace {

// Summary metrics compared, in table order. Rows whose key no run has are left out, so
// energy / power / area rows appear exactly when the archs have a technology table.
const std::vector<std::pair<std::string, std::string>>& metrics() {
  static const std::vector<std::pair<std::string, std::string>> m = {
      {"cycles", "cycles"},
      {"seconds", "seconds"},
      {"tokens_per_s", "tokens/s"},
      {"dram_read_bytes", "DRAM read bytes"},
      {"dram_write_bytes", "DRAM write bytes"},
      {"dram_bytes", "DRAM bytes"},
      {"dram_bandwidth_utilization", "DRAM busy fraction"},
      {"utilization", "array utilization"},
      {"achieved_tops", "achieved TOPS"},
      {"peak_tops", "peak TOPS"},
      {"energy_j", "energy J"},
      {"energy_per_token_j", "energy J/token"},
      {"power_w", "power W"},
      {"area_mm2", "area mm2"},
      {"tops_per_w", "TOPS/W"},
      {"tokens_per_s_per_w", "tokens/s per W"},
      {"tokens_per_s_per_mm2", "tokens/s per mm2"},
      // Roofline bounds (sim/report/roofline_bounds.hpp); "a/b" is summary["a"]["b"].
      {"bounds/dram_bound_s", "DRAM-bound s"},
      {"bounds/compute_bound_s", "compute-bound s"},
      {"bounds/gap_s", "s above bound"},
      {"bounds/array_overheads/fill_drain_s", "  fill/drain s"},
      {"bounds/array_overheads/weight_load_s", "  weight load s"},
      {"bounds/array_overheads/unpack_s", "  unpack s"},
      {"bounds/array_overheads/table_build_s", "  table build s"},
      {"bounds/array_overheads/mapping_s", "  mapping s"},
  };
  return m;
}

// Efficiency ratios that summary.json does not carry, derived from the keys it does; NaN
// when an operand is missing (no tech table, or no area for an FPGA) or zero.
double derived(const nlohmann::ordered_json& s, const std::string& key) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto num = [&](const char* k) { return s.contains(k) && s.at(k).is_number() ? s.at(k).get<double>() : nan; };
  double den = nan;
  if (key == "tokens_per_s_per_w") den = num("power_w");
  if (key == "tokens_per_s_per_mm2") den = num("area_mm2");
  if (std::isnan(den) || den <= 0) return nan;
  return num("tokens_per_s") / den;
}

std::string fmt(double v) {
  if (std::isnan(v)) return "-";
  char buf[64];
  if (v != 0 && (std::fabs(v) >= 1e7 || std::fabs(v) < 1e-3))
    std::snprintf(buf, sizeof buf, "%.4g", v);
  else if (v == std::floor(v))
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

std::string fmt_ratio(double v) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3fx", v);
  return buf;
}


}  // namespace

double CompareTable::ratio(const CompareRow& row, size_t i) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (i >= row.values.size() || std::isnan(row.values[0]) || std::isnan(row.values[i]) || row.values[0] == 0)
    return nan;
  return row.values[i] / row.values[0];
}

CompareTable build_compare_table(const std::vector<std::string>& archs,
                                 const std::vector<nlohmann::ordered_json>& summaries) {
  CompareTable t;
  t.archs = archs;
  t.summaries = summaries;
  for (const auto& [key, label] : metrics()) {
    CompareRow row{key, label, {}};
    bool any = false;
    const nlohmann::ordered_json::json_pointer ptr("/" + key);
    for (const auto& s : summaries) {
      if (s.contains(ptr) && s.at(ptr).is_number()) {
        row.values.push_back(s.at(ptr).get<double>());
        any = true;
      } else {
        const double d = derived(s, key);
        row.values.push_back(d);
        any = any || !std::isnan(d);
      }
    }
    if (any) t.rows.push_back(std::move(row));
  }
  return t;
}

void print_compare_table(const CompareTable& t, std::ostream& out) {
  std::vector<std::string> header = {"metric"};
  for (const auto& a : t.archs) header.push_back(a);
  for (size_t i = 1; i < t.archs.size(); ++i) header.push_back(t.archs[i] + " / " + t.archs[0]);
  std::vector<std::vector<std::string>> cells = {header};
  for (const auto& r : t.rows) {
    std::vector<std::string> line = {r.label};
    for (double v : r.values) line.push_back(fmt(v));
    for (size_t i = 1; i < t.archs.size(); ++i) line.push_back(fmt_ratio(CompareTable::ratio(r, i)));
    cells.push_back(line);
  }
  std::vector<size_t> width(header.size(), 0);
  for (const auto& line : cells)
    for (size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  for (size_t l = 0; l < cells.size(); ++l) {
    out << "  ";
    for (size_t c = 0; c < cells[l].size(); ++c) {
      if (c == 0)
        out << std::left << std::setw(int(width[c])) << cells[l][c];
      else
        out << "  " << std::right << std::setw(int(width[c])) << cells[l][c];
    }
    out << "\n";
    if (l == 0) out << "\n";
  }
  for (const auto& n : t.notes) out << "  note: " << n << "\n";
}

void write_compare_csv(const CompareTable& t, std::ostream& out) {
  out << "metric";
  for (const auto& a : t.archs) out << "," << csv_field(a);
  for (size_t i = 1; i < t.archs.size(); ++i) out << "," << csv_field(t.archs[i] + "/" + t.archs[0]);
  out << "\n";
  out << std::setprecision(10);
  for (const auto& r : t.rows) {
    out << csv_field(r.key);
    for (double v : r.values) {
      out << ",";
      if (!std::isnan(v)) out << v;
    }
    for (size_t i = 1; i < t.archs.size(); ++i) {
      out << ",";
      double q = CompareTable::ratio(r, i);
      if (!std::isnan(q)) out << q;
    }
    out << "\n";
  }
}

nlohmann::ordered_json compare_json(const CompareTable& t) {
  nlohmann::ordered_json j;
  j["archs"] = t.archs;
  j["baseline"] = t.archs.empty() ? "" : t.archs[0];
  j["notes"] = t.notes;
  nlohmann::ordered_json metrics;
  for (const auto& r : t.rows) {
    nlohmann::ordered_json m;
    m["label"] = r.label;
    nlohmann::ordered_json vals, ratios;
    for (size_t i = 0; i < t.archs.size(); ++i) {
      vals[t.archs[i]] = std::isnan(r.values[i]) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.values[i]);
      if (i > 0) {
        double q = CompareTable::ratio(r, i);
        ratios[t.archs[i]] = std::isnan(q) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(q);
      }
    }
    m["values"] = vals;
    m["ratio_to_baseline"] = ratios;
    metrics[r.key] = m;
  }
  j["metrics"] = metrics;
  nlohmann::ordered_json s;
  for (size_t i = 0; i < t.archs.size() && i < t.summaries.size(); ++i) s[t.archs[i]] = t.summaries[i];
  j["summaries"] = s;
  return j;
}

}  // namespace ternsim
