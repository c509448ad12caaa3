"""numpy reference for ternsim's functional mode (`ternsim run --functional --dump DIR`).

Recomputes every dumped op from its dumped operands with the arithmetic documented in
sim/functional/ternary_gemm.hpp and sim/functional/vector_fixed_point.hpp, independently of
the C++ code, so tests can require bit-for-bit equality:

  gemm      int activations x ternary weights; K in tiles of `rows`; after adding each
            tile's exact sum the accumulator is wrapped or saturated to acc_bits (one
            overflow event per output per tile that left the range).
  quantize  per-row absmax to int8: rdiv(127 q, max|q|), rounded half away from zero.
  rmsnorm   Q(bits-1-f).f: r = isqrt(floor(sum q^2 / n)), y = sat(rdiv(q 2^f, r)).
  sigmoid / silu  x = q 2^-f, evaluated in float64, rounded once to float32.

Only numpy and the standard library (no ternsim build needed); usable on its own to check
a dump: `python3 -m ternsim.functional_ref DIR` (from python/).
"""

import json
import math
import os
import sys

import numpy as np


def rdiv(a, b):
    """Integer a / b (b > 0) rounded half away from zero, elementwise; a, b int64 arrays."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    mag = (2 * np.abs(a) + b) // (2 * b)
    return np.where(a < 0, -mag, mag)


def accumulate(acc, s, acc_bits, mode):
    """One accumulator update on Python-int object arrays; returns (acc, overflow count)."""
    hi = (1 << (acc_bits - 1)) - 1
    lo = -hi - 1
    v = acc + s
    out = (v < lo) | (v > hi)
    n = int(np.count_nonzero(out))
    if mode == "saturate":
        v = np.where(v > hi, hi, np.where(v < lo, lo, v))
    else:
        v = (v - lo) % (1 << acc_bits) + lo  # Python ints: exact modulo
    return v, n


def ternary_gemm(x, w, rows, acc_bits, mode):
    """x: m x k ints, w: k x n in {-1,0,1}. Returns (y int64 m x n, overflow count)."""
    x = np.asarray(x, dtype=np.int64)
    w = np.asarray(w, dtype=np.int64)
    m, k = x.shape
    n = w.shape[1]
    acc = np.zeros((m, n), dtype=object)  # exact integers: acc_bits may be 64
    overflows = 0
    for k0 in range(0, k, rows):
        s = x[:, k0:k0 + rows] @ w[k0:k0 + rows, :]  # exact: |s| <= rows * 2^15
        acc, n_ov = accumulate(acc, s.astype(object), acc_bits, mode)
        overflows += n_ov
    return acc.astype(np.int64), overflows


def absmax_quantize(q):
    q = np.asarray(q, dtype=np.int64)
    mx = np.abs(q).max(axis=1, keepdims=True)
    y = rdiv(127 * q, np.maximum(mx, 1))
    y = np.where(mx == 0, 0, y)
    clipped = int(np.count_nonzero(np.abs(y) > 127))
    return np.clip(y, -127, 127).astype(np.int8), clipped


def rmsnorm_fixed(q, bits, frac_bits):
    q = np.asarray(q, dtype=np.int64)
    m, n = q.shape
    y = np.zeros((m, n), dtype=np.int64)
    for i in range(m):
        ss = int((q[i] * q[i]).sum())
        r = math.isqrt(ss // n)
        if r:
            y[i] = rdiv(q[i] * (1 << frac_bits), r)
    hi = (1 << (bits - 1)) - 1
    lo = -hi - 1
    sat = int(np.count_nonzero((y > hi) | (y < lo)))
    return np.clip(y, lo, hi).astype(np.int16), sat


def _real(q, frac_bits):
    return (np.asarray(q, dtype=np.float64) / (1 << frac_bits)).astype(np.float32).astype(np.float64)


def sigmoid_f32(q, frac_bits):
    x = _real(q, frac_bits)
    return (1.0 / (1.0 + np.exp(-x))).astype(np.float32)


def silu_f32(q, frac_bits):
    x = _real(q, frac_bits)
    return (x * (1.0 / (1.0 + np.exp(-x)))).astype(np.float32)


def reference_op(entry, dump_dir, manifest):
    """(expected y, expected overflow count) for one manifest entry with status 'computed'."""
    x = np.load(os.path.join(dump_dir, entry["x"]))
    kind = entry["kind"]
    f = manifest["frac_bits"]
    if kind == "gemm":
        w = np.load(os.path.join(dump_dir, entry["w"]))
        return ternary_gemm(x, w, manifest["array_rows"], manifest["acc_bits"], manifest["acc_overflow"])
    if kind == "quantize":
        return absmax_quantize(x)
    if kind == "rmsnorm":
        return rmsnorm_fixed(x, entry["bits"], f)
    if kind == "sigmoid":
        return sigmoid_f32(x, f), 0
    if kind == "silu":
        return silu_f32(x, f), 0
    raise ValueError("no reference for op kind " + kind)


def check_dump(dump_dir):
    """Compares every computed op of a dump with the reference; returns a list of mismatches."""
    with open(os.path.join(dump_dir, "manifest.json")) as fh:
        manifest = json.load(fh)
    bad = []
    for e in manifest["ops"]:
        if e["status"] != "computed":
            continue
        want, ov = reference_op(e, dump_dir, manifest)
        got = np.load(os.path.join(dump_dir, e["y"]))
        if got.dtype != want.dtype or got.shape != want.shape or got.tobytes() != want.tobytes():
            bad.append(e["name"] + ": outputs differ")
        if ov != e["overflows"]:
            bad.append("%s: overflows %d, reference %d" % (e["name"], e["overflows"], ov))
    return bad


if __name__ == "__main__":
    problems = check_dump(sys.argv[1])
    print("\n".join(problems) if problems else "all dumped outputs equal the numpy reference")
    sys.exit(1 if problems else 0)
