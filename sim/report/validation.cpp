#include "sim/report/validation.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/config/config_error.hpp"
#include "sim/config/input_file.hpp"
#include "sim/config/did_you_mean.hpp"
#include "sim/report/csv.hpp"

namespace ternsim {
namespace {

const std::vector<std::string> kMetrics = {"cycles", "seconds", "power_w", "tokens_per_s"};

bool is_group(const std::string& name, const std::string& op) {
  return op.size() > name.size() && op.compare(0, name.size(), name) == 0 && op[name.size()] == '.';
}

std::string fmt(double v, int prec) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, v);
  return b;
}

// Enough significant digits for cycles and seconds alike.
std::string num(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

}  // namespace

MeasuredTable parse_measured_csv(const std::string& text, const std::string& file,
                                 const std::vector<std::string>& op_names) {
  MeasuredTable t;
  t.file = file;
  std::set<std::string> ops(op_names.begin(), op_names.end()), groups;
  for (const auto& n : op_names)
    for (size_t p = n.find('.'); p != std::string::npos; p = n.find('.', p + 1)) groups.insert(n.substr(0, p));
  std::vector<std::string> known(op_names);
  known.insert(known.end(), groups.begin(), groups.end());
  known.push_back("total");

  size_t lineno = 0;
  std::vector<std::string> header;
  std::set<std::string> seen_names;
  auto fail = [&](const std::string& what) -> void { throw ConfigError(file + ":" + std::to_string(lineno) + ": " + what); };
  for (auto& rec : parse_csv(text, file)) {
    lineno = rec.line;
    std::vector<std::string> f = std::move(rec.fields);
    if (header.empty()) {
      std::vector<std::string> cols = kMetrics;
      cols.push_back("name");
      std::set<std::string> seen;
      for (const auto& c : f) {
        if (std::find(cols.begin(), cols.end(), c) == cols.end())
          fail("unknown column '" + c + "'" + did_you_mean_suffix(c, cols) + "; columns are name, cycles, seconds, power_w, tokens_per_s");
        if (!seen.insert(c).second) fail("column '" + c + "' appears twice");
      }
      if (f.empty() || f[0] != "name") fail("the first column must be 'name'");
      if (f.size() < 2) fail("no measured column (cycles, seconds, power_w or tokens_per_s)");
      header = f;
      t.metrics.assign(f.begin() + 1, f.end());
      continue;
    }
    if (f.size() != header.size())
      fail("expected " + std::to_string(header.size()) + " fields like the header, got " + std::to_string(f.size()));
    MeasuredRow row;
    row.name = f[0];
    row.line = lineno;
    if (row.name.empty()) fail("empty name");
    if (row.name != "total" && !ops.count(row.name) && !groups.count(row.name))
      fail("unknown op or layer '" + row.name + "'" + did_you_mean_suffix(row.name, known) +
           " (use an op name, a name prefix such as 'l0', or 'total')");
    if (!seen_names.insert(row.name).second) fail("'" + row.name + "' is measured twice");
    for (size_t c = 1; c < f.size(); ++c) {
      if (f[c].empty()) continue;
      const char* s = f[c].c_str();
      char* end = nullptr;
      errno = 0;
      double v = std::strtod(s, &end);
      if (end == s || *end != '\0' || errno == ERANGE || !std::isfinite(v))
        fail(header[c] + ": '" + f[c] + "' is not a number");
      if (v <= 0) fail(header[c] + ": " + f[c] + " must be > 0 (the error is relative to it)");
      if ((header[c] == "power_w" || header[c] == "tokens_per_s") && row.name != "total")
        fail(header[c] + " is a whole-run quantity: give it on the row named 'total', not '" + row.name + "'");
      row.values[header[c]] = v;
    }
    if (row.values.empty()) fail("'" + row.name + "' has no measured value");
    t.rows.push_back(row);
  }
  if (header.empty()) throw ConfigError(file + ": empty file (expected a header: name,cycles,...)");
  if (t.rows.empty()) throw ConfigError(file + ": no measured rows after the header");
  return t;
}

MeasuredTable load_measured_csv(const std::string& path, const std::vector<std::string>& op_names) {
  return parse_measured_csv(read_input_file(path), path, op_names);
}

Validation validate(const MeasuredTable& m, const RunResult& r, std::optional<double> power_w) {
  Validation v;
  const double hz = r.clock_mhz * 1e6;
  for (const auto& row : m.rows) {
    uint64_t cyc = 0;
    if (row.name == "total") {
      cyc = r.cycles;
    } else {
      uint64_t lo = UINT64_MAX, hi = 0;
      for (const auto& o : r.op_records)
        if (o.name == row.name || is_group(row.name, o.name)) {
          lo = std::min(lo, o.start_cycle);
          hi = std::max(hi, o.end_cycle);
        }
      if (hi < lo) throw ConfigError(m.file + ":" + std::to_string(row.line) + ": '" + row.name + "' matches no simulated op");
      cyc = hi - lo;
    }
    for (const auto& metric : m.metrics) {
      auto it = row.values.find(metric);
      if (it == row.values.end()) continue;
      double sim = 0;
      if (metric == "cycles") sim = double(cyc);
      else if (metric == "seconds") sim = double(cyc) / hz;
      else if (metric == "tokens_per_s") sim = r.seconds > 0 ? double(r.tokens * r.batch) / r.seconds : 0;
      else if (metric == "power_w") {
        if (!power_w)
          throw ConfigError(m.file + ":" + std::to_string(row.line) +
                            ": power_w measured but the simulation computed no power (the arch needs a tech table)");
        sim = *power_w;
      }
      v.rows.push_back({row.name, metric, it->second, sim, (sim - it->second) / it->second * 100.0});
    }
  }
  double s = 0;
  for (size_t i = 0; i < v.rows.size(); ++i) {
    s += std::abs(v.rows[i].error_pct);
    if (std::abs(v.rows[i].error_pct) > std::abs(v.rows[v.worst].error_pct)) v.worst = i;
  }
  v.mean_abs_error_pct = v.rows.empty() ? 0 : s / double(v.rows.size());
  return v;
}

void print_validation(const Validation& v, std::ostream& out) {
  char line[256];
  std::snprintf(line, sizeof line, "  %-28s %-13s %14s %14s %9s\n", "name", "metric", "measured", "simulated", "error %");
  out << line;
  for (const auto& r : v.rows) {
    std::snprintf(line, sizeof line, "  %-28s %-13s %14s %14s %+9.2f\n", r.name.substr(0, 28).c_str(), r.metric.c_str(),
                  num(r.measured).c_str(), num(r.simulated).c_str(), r.error_pct);
    out << line;
  }
  if (v.rows.empty()) return;
  const auto& w = v.rows[v.worst];
  out << "\n  mean absolute error  " << fmt(v.mean_abs_error_pct, 2) << " % over " << v.rows.size() << " value(s)\n";
  out << "  worst offender       " << w.name << " " << w.metric << ": " << (w.error_pct >= 0 ? "+" : "")
      << fmt(w.error_pct, 2) << " %\n";
}

void write_validation_csv(const Validation& v, std::ostream& out) {
  out << "name,metric,measured,simulated,error_pct\n";
  char b[64];
  for (const auto& r : v.rows) {
    out << csv_field(r.name) << ',' << csv_field(r.metric) << ',';
    std::snprintf(b, sizeof b, "%.10g", r.measured);
    out << b << ',';
    std::snprintf(b, sizeof b, "%.10g", r.simulated);
    out << b << ',';
    std::snprintf(b, sizeof b, "%.6f", r.error_pct);
    out << b << '\n';
  }
}

void write_validation_md(const Validation& v, const RunResult& r, std::ostream& out) {
  out << "# Measured vs simulated: " << r.workload << " on " << r.arch << "\n\n";
  out << "| name | metric | measured | simulated | error % |\n|---|---|---:|---:|---:|\n";
  for (const auto& x : v.rows)
    out << "| " << x.name << " | " << x.metric << " | " << num(x.measured) << " | " << num(x.simulated) << " | "
        << (x.error_pct >= 0 ? "+" : "") << fmt(x.error_pct, 2) << " |\n";
  if (v.rows.empty()) return;
  const auto& w = v.rows[v.worst];
  out << "\nMean absolute error: **" << fmt(v.mean_abs_error_pct, 2) << " %** over " << v.rows.size()
      << " value(s). Worst offender: **" << w.name << " " << w.metric << "** (" << (w.error_pct >= 0 ? "+" : "")
      << fmt(w.error_pct, 2) << " %).\n";
}

}  // namespace ternsim
