#pragma once
// The side-by-side table of `ternsim compare`: one row per metric, one column per
// architecture, plus the ratio of every later architecture to the first. Built from each
// run's summary.json so new summary metrics (energy, power, area) appear when present.
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace ternsim {

struct CompareRow {
  std::string key;     // summary.json key
  std::string label;   // shown in the table
  std::vector<double> values;  // one per architecture; NaN when that run lacks the metric
};

struct CompareTable {
  std::vector<std::string> archs;  // column labels, first = the baseline of the ratios
  std::vector<std::string> notes;  // e.g. how an architecture was rescaled
  std::vector<CompareRow> rows;
  std::vector<nlohmann::ordered_json> summaries;
  // values[i] / values[0]; NaN when either is missing or the baseline is 0.
  static double ratio(const CompareRow& row, size_t i);
};

CompareTable build_compare_table(const std::vector<std::string>& archs,
                                 const std::vector<nlohmann::ordered_json>& summaries);
void print_compare_table(const CompareTable& t, std::ostream& out);
// metric,<arch0>,<arch1>,...,<arch1>/<arch0>,...
void write_compare_csv(const CompareTable& t, std::ostream& out);
nlohmann::ordered_json compare_json(const CompareTable& t);

}  // namespace ternsim
