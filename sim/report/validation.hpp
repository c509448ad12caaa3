#pragma once
// Measured vs simulated (`ternsim validate`): a CSV of board measurements, compared row by
// row with one simulation.
//
// CSV format: a header line, then one row per measured item; blank lines and lines starting
// with '#' are ignored; fields are separated by ',' (no quoting). Columns:
//   name          required. `total` (the whole run), an op name (`l0.tm.f_proj`), or a
//                 prefix of op names up to a dot (`l0` = every op named `l0.*`: a layer).
//   cycles        accelerator cycles       (at least one of these four; a cell may be
//   seconds       wall time                 left empty: not measured)
//   power_w       average power (only on `total`)
//   tokens_per_s  throughput (only on `total`)
// Simulated values: an op's cycles are end - start; a group's are the span from its first
// op's start to its last op's end (what a timer around the layer measures: ops of the layer
// that overlap on different units are not counted twice); seconds = cycles / clock.
// power_w and tokens_per_s exist only for `total`.
// error % = (simulated - measured) / measured * 100; the mean absolute error is over every
// measured cell, the worst offender is the cell with the largest |error %|.
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/stats/run_result.hpp"

namespace ternsim {

struct MeasuredRow {
  std::string name;
  size_t line = 0;
  std::map<std::string, double> values;  // metric -> measured value (only measured cells)
};

struct MeasuredTable {
  std::string file;
  std::vector<std::string> metrics;  // measured columns, in file order
  std::vector<MeasuredRow> rows;
};

// Strict parse; every error is a ConfigError "file:line: what". `op_names` are the
// workload's ops: names that are neither `total`, an op nor an op prefix are rejected.
MeasuredTable parse_measured_csv(const std::string& text, const std::string& file,
                                 const std::vector<std::string>& op_names);
MeasuredTable load_measured_csv(const std::string& path, const std::vector<std::string>& op_names);

struct ValidationRow {
  std::string name, metric;
  double measured = 0, simulated = 0, error_pct = 0;
};

struct Validation {
  std::vector<ValidationRow> rows;
  double mean_abs_error_pct = 0;
  size_t worst = 0;  // index into rows
};

// `power_w`: the simulated average power if the run computed one (else nullopt; asking for
// power_w then is an error naming the CSV line).
Validation validate(const MeasuredTable& m, const RunResult& r, std::optional<double> power_w = std::nullopt);

void print_validation(const Validation& v, std::ostream& out);
void write_validation_csv(const Validation& v, std::ostream& out);
void write_validation_md(const Validation& v, const RunResult& r, std::ostream& out);

}  // namespace ternsim
