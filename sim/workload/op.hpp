#pragma once
// The workload IR in memory: an ordered list of ops with shapes, precisions and dependencies.
// The file format is documented in docs/workload_ir.md.
#include <cstdint>
#include <string>
#include <vector>

namespace ternsim {

enum class OpKind { Gemm, RmsNorm, Silu, Sigmoid, Mul, Add, Quantize, Softmax, Embedding, KvAppend, Mlgru,
                    // inserted by a parallel mapping (sim/system/), never read from a workload file
                    Collective };

enum class WeightPrecision { Ternary, Int8, Fp16, Bf16 };

const char* to_string(OpKind k);
const char* to_string(WeightPrecision p);
// Bits one weight occupies before any packing.
uint32_t weight_bits(WeightPrecision p);

// Which unit executes an op. Every op kind belongs to exactly one.
enum class UnitKind { Array, Vector, Recurrent, Link };
UnitKind unit_of(OpKind k);

struct TileZeroFractions {
  uint64_t tile_k = 0, tile_n = 0;
  std::vector<double> values;  // row-major over ceil(k/tile_k) x ceil(n/tile_n)
};

struct Op {
  std::string name;
  OpKind kind = OpKind::Gemm;
  uint64_t m = 0, n = 0, k = 0;
  // gemm
  WeightPrecision weight = WeightPrecision::Ternary;
  uint32_t act_bits = 8;
  double zero_fraction = 0.0;
  bool b_is_kv_cache = false;
  TileZeroFractions tile_zeros;
  // vector / memory ops: element precision
  uint32_t bits = 16;
  // mlgru
  uint64_t batch = 1;
  bool state_in_dram = false;
  bool scan_schedule = false;
  // collective: index into the system's collective table (sim/system/collective_table.hpp)
  uint64_t collective_id = 0;

  std::vector<size_t> deps;  // indices of earlier ops
};

struct Workload {
  std::string name;
  std::string phase;
  uint64_t tokens = 1;
  uint64_t batch = 1;
  std::vector<Op> ops;
};

}  // namespace ternsim
