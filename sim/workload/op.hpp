#pragma once
// The workload IR in memory: an ordered list of ops with shapes, precisions and dependencies.
// The file format is documented in docs/workload_ir.md.
#include <cstdint>
#include <optional>
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

// A dimension that changes with the decode step: value = base + per_step x step.
struct StepAffine {
  int64_t base = 0, per_step = 0;
  uint64_t at(uint64_t step) const { return static_cast<uint64_t>(base + per_step * int64_t(step)); }
};

// One `repeat:` entry of the op list (docs/workload_ir.md, "Loops"): the body ops
// Workload::ops[first, first + count) run `steps` times. Workload::ops holds the body once
// (step 0's instance); deps inside the body name the same step's ops.
struct RepeatLoop {
  uint64_t steps = 1;
  size_t first = 0, count = 0;
  // Per body op (index - first): body-relative indices of the previous step's ops it also
  // waits for (none in step 0), and the dimensions that change with the step.
  std::vector<std::vector<size_t>> prev_deps;
  struct Varying {
    bool m = false, n = false, k = false;
    StepAffine am, an, ak;
    bool any() const { return m || n || k; }
  };
  std::vector<Varying> varying;
  // Body op 0 gave no deps: in step 0 it waits for the op before the loop, in later steps
  // for the previous step's last op (prev_deps[0]) only.
  bool chain_first = false;
  bool varies() const {
    for (const auto& v : varying)
      if (v.any()) return true;
    return false;
  }
  bool in_body(size_t i) const { return i >= first && i < first + count; }
};

struct Workload {
  std::string name;
  std::string phase;
  uint64_t tokens = 1;
  uint64_t batch = 1;
  std::vector<Op> ops;
  // Present when the op list has a `repeat:` entry; ops before it run once before the loop,
  // ops after it once after the last step.
  std::optional<RepeatLoop> loop;
  // ops.csv of a loop: one row per op per step (run --per-step) instead of one per body op.
  bool per_step_records = false;
  // Ops one run executes: the unrolled length.
  uint64_t executed_ops() const {
    return loop ? ops.size() - loop->count + loop->count * loop->steps : ops.size();
  }
};
// The op of body index b at step `step`, with its step-varying dimensions applied.
Op op_at_step(const Op& body_op, const RepeatLoop::Varying& v, uint64_t step);

}  // namespace ternsim
