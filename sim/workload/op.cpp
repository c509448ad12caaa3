#include "sim/workload/op.hpp"

namespace ternsim {

const char* to_string(OpKind k) {
  switch (k) {
    case OpKind::Gemm: return "gemm";
    case OpKind::RmsNorm: return "rmsnorm";
    case OpKind::Silu: return "silu";
    case OpKind::Sigmoid: return "sigmoid";
    case OpKind::Mul: return "mul";
    case OpKind::Add: return "add";
    case OpKind::Quantize: return "quantize";
    case OpKind::Softmax: return "softmax";
    case OpKind::Embedding: return "embedding";
    case OpKind::KvAppend: return "kv_append";
    case OpKind::Mlgru: return "mlgru";
    case OpKind::Collective: return "collective";
  }
  return "?";
}

const char* to_string(WeightPrecision p) {
  switch (p) {
    case WeightPrecision::Ternary: return "ternary";
    case WeightPrecision::Int8: return "int8";
    case WeightPrecision::Fp16: return "fp16";
    case WeightPrecision::Bf16: return "bf16";
  }
  return "?";
}

uint32_t weight_bits(WeightPrecision p) {
  switch (p) {
    case WeightPrecision::Ternary: return 2;
    case WeightPrecision::Int8: return 8;
    case WeightPrecision::Fp16:
    case WeightPrecision::Bf16: return 16;
  }
  return 16;
}

Op op_at_step(const Op& body_op, const RepeatLoop::Varying& v, uint64_t step) {
  Op op = body_op;
  if (v.m) op.m = v.am.at(step);
  if (v.n) op.n = v.an.at(step);
  if (v.k) op.k = v.ak.at(step);
  return op;
}

UnitKind unit_of(OpKind k) {
  switch (k) {
    case OpKind::Gemm: return UnitKind::Array;
    case OpKind::Mlgru: return UnitKind::Recurrent;
    case OpKind::Collective: return UnitKind::Link;
    default: return UnitKind::Vector;
  }
}

}  // namespace ternsim
