#pragma once
// Functional mode (`ternsim run --functional`): computes every op the bit-accurate models
// cover on synthetic operands (sim/functional/synthetic_data.hpp), counts accumulator
// overflow / saturation events per op and optionally dumps operands and results as .npy.
// Ops are computed independently (each on its own seeded inputs, not chained through the
// graph), after and apart from the timed simulation, so timing results cannot change.
// Covered: ternary gemm (ternary_gemm.hpp), quantize, rmsnorm, silu, sigmoid
// (vector_fixed_point.hpp); other ops are listed as skipped with the reason.
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/engine/arch_config.hpp"
#include "sim/workload/op.hpp"

namespace ternsim::functional {

struct FunctionalOptions {
  uint64_t seed = 1;
  std::string dump_dir;  // "" = no dump
};

struct FunctionalOpResult {
  std::string name, kind;
  std::string status;      // "computed" or "skipped: <why>"
  uint64_t elements = 0;   // output elements
  uint64_t overflows = 0;  // accumulator overflows (gemm) / saturated or clipped outputs (vector)
  std::string file_stem;   // dump files are <file_stem>.{x,w,y}.npy (dump_file_names.hpp)
};

struct FunctionalReport {
  uint64_t seed = 1;
  uint64_t rows = 0;
  uint32_t acc_bits = 0, frac_bits = 0;
  std::string acc_overflow;  // wrap | saturate
  std::vector<FunctionalOpResult> ops;
  uint64_t total_overflows() const;
};

// Throws ConfigError if the array is neither a ternary nor a lut array.
FunctionalReport run_functional(const ArchConfig& arch, const Workload& wl, const FunctionalOptions& opt);

// functional.csv: name,kind,status,elements,overflows
void write_functional_csv(const FunctionalReport& r, std::ostream& out);
// manifest.json in the dump directory: parameters and, per op, its shape and files.
std::string functional_manifest_json(const FunctionalReport& r, const Workload& wl);

}  // namespace ternsim::functional
