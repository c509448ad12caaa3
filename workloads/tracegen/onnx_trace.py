"""ONNX model -> workload IR (`tracegen onnx MODEL.onnx -o OUT.yaml`, `ternsim trace onnx ...`).

Reads the graph with Debian's python3-onnx, runs ONNX shape inference with the symbolic input
dimensions fixed by --dim, and maps each node:

* MatMul, Gemm, MatMulInteger, QLinearMatMul -> gemm (m = product of the leading output dims).
  A weight operand that is an initializer gives the weight kind and, when ternary-valued, the
  zero fraction and per-tile zero fractions (tracegen.weights, as for safetensors). A MatMul of
  two activations (attention's QK^T, PV) is a gemm with b_operand kv_cache, one per leading
  (batch x head) index folded into m, k x n one slice.
* Conv -> gemm the SCALE-Sim way: m = N x OH x OW, n = filters, k = C/group x KH x KW; a
  grouped conv is `group` gemms of one group each.
* Add/Sub/Sum -> add; Mul/Div/DequantizeLinear -> mul; Sigmoid -> sigmoid; Softmax/LogSoftmax
  -> softmax; the other activations (Relu, Gelu, Tanh, Erf, ...) -> silu (one vector
  activation per element, the IR's only generic activation); LayerNormalization,
  SimplifiedLayerNormalization, BatchNormalization, InstanceNormalization, GroupNormalization
  -> rmsnorm; QuantizeLinear/DynamicQuantizeLinear -> quantize. For these m x n is the output
  tensor with n = its last dimension.
* Layout and shape ops (Reshape, Transpose, Concat, Slice, Cast, ...) cost nothing; any other op
  is skipped too. Both keep the data dependencies flowing through them and are counted in
  meta.skipped_ops.
"""
from __future__ import annotations

import os
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import TracegenError
from .ir import Trace
from .weights import absmean_ternary, is_ternary, tile_zero_fractions, zero_fraction

GEMM_OPS = ("MatMul", "Gemm", "MatMulInteger", "QLinearMatMul")
VECTOR_OPS = {
    "Add": "add", "Sub": "add", "Sum": "add",
    "Mul": "mul", "Div": "mul", "DequantizeLinear": "mul",
    "Sigmoid": "sigmoid",
    "Softmax": "softmax", "LogSoftmax": "softmax",
    "Relu": "silu", "LeakyRelu": "silu", "PRelu": "silu", "Gelu": "silu", "FastGelu": "silu",
    "Tanh": "silu", "Erf": "silu", "Elu": "silu", "Selu": "silu", "HardSigmoid": "silu",
    "HardSwish": "silu", "Softplus": "silu", "Clip": "silu", "Exp": "silu", "Sqrt": "silu",
    "Reciprocal": "silu", "Pow": "silu",
    "LayerNormalization": "rmsnorm", "SimplifiedLayerNormalization": "rmsnorm",
    "SkipLayerNormalization": "rmsnorm", "RMSNormalization": "rmsnorm",
    "BatchNormalization": "rmsnorm", "InstanceNormalization": "rmsnorm", "GroupNormalization": "rmsnorm",
    "QuantizeLinear": "quantize", "DynamicQuantizeLinear": "quantize",
}
_DTYPE_BITS = {1: 32, 2: 8, 3: 8, 5: 16, 6: 32, 7: 64, 10: 16, 11: 64, 16: 16}  # TensorProto elem types
_INT8 = (2, 3)  # UINT8, INT8


def _onnx():
    try:
        import onnx  # Debian: python3-onnx
        from onnx import numpy_helper, shape_inference
    except ImportError:
        raise TracegenError("reading ONNX needs the onnx package (Debian: apt-get install python3-onnx)")
    return onnx, numpy_helper, shape_inference


def _parse_dims(dims: Sequence[str]) -> Dict[str, int]:
    out = {}
    for d in dims:
        name, sep, val = d.partition("=")
        if not sep or not name or not val.isdigit() or int(val) <= 0:
            raise TracegenError(f"--dim {d!r}: expected NAME=POSITIVE_INTEGER, e.g. --dim batch=1")
        out[name] = int(val)
    return out


class _Shapes:
    def __init__(self, model, path):
        self.shape: Dict[str, Tuple[int, ...]] = {}
        self.dtype: Dict[str, int] = {}
        g = model.graph
        for vi in list(g.input) + list(g.value_info) + list(g.output):
            t = vi.type.tensor_type
            if not t.HasField("shape"):
                continue
            dims = []
            for d in t.shape.dim:
                dims.append(d.dim_value if d.HasField("dim_value") and d.dim_value > 0 else None)
            if all(x is not None for x in dims):
                self.shape[vi.name] = tuple(dims)
            self.dtype[vi.name] = t.elem_type
        for init in g.initializer:
            self.shape[init.name] = tuple(init.dims)
            self.dtype[init.name] = init.data_type
        self.path = path

    def of(self, name: str, node) -> Tuple[int, ...]:
        if name not in self.shape:
            raise TracegenError(f"{self.path}: node {node.name or node.op_type!r} ({node.op_type}): the shape of "
                                f"{name!r} is unknown after shape inference; fix symbolic input dimensions "
                                "with --dim NAME=VALUE")
        return self.shape[name]


def _prod(xs) -> int:
    p = 1
    for x in xs:
        p *= int(x)
    return p


def trace_onnx(path: str, name: Optional[str] = None, dims: Sequence[str] = (), tile=(64, 64),
               quantize: Optional[str] = None, act_bits: int = 8) -> Trace:
    onnx, numpy_helper, shape_inference = _onnx()
    fixed = _parse_dims(dims)
    try:
        model = onnx.load(path)
    except FileNotFoundError:
        raise TracegenError(f"{path}: no such file")
    except Exception as e:  # protobuf DecodeError and friends
        raise TracegenError(f"{path}: not a readable ONNX model ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})")
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    # Fix symbolic input dims, then infer every intermediate shape.
    missing = set()
    for inp in g.input:
        if inp.name in inits:
            continue
        for d in inp.type.tensor_type.shape.dim:
            if d.HasField("dim_value") and d.dim_value > 0:
                continue
            if d.dim_param in fixed:
                d.dim_value = fixed[d.dim_param]
            else:
                missing.add(d.dim_param or "?")
    if missing:
        raise TracegenError(f"{path}: input dimension(s) {', '.join(sorted(missing))} are symbolic; give each "
                            "with --dim NAME=VALUE" + (" (an unnamed '?' dim cannot be fixed: re-export the "
                                                       "model with static shapes)" if "?" in missing else ""))
    try:
        model = shape_inference.infer_shapes(model, strict_mode=True)
    except Exception as e:
        raise TracegenError(f"{path}: ONNX shape inference failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
    shapes = _Shapes(model, path)
    consts = {n.output[0]: n for n in model.graph.node if n.op_type == "Constant" and n.output}

    def weight_array(tensor: str) -> Optional[np.ndarray]:
        if tensor in inits:
            return numpy_helper.to_array(inits[tensor])
        if tensor in consts:
            for a in consts[tensor].attribute:
                if a.name == "value":
                    return numpy_helper.to_array(a.t)
        return None

    trace_name = name or os.path.splitext(os.path.basename(path))[0]
    skipped: Dict[str, int] = {}
    notes: List[str] = []
    trace = Trace(trace_name, "other", meta={"source": os.path.basename(path), "format": "onnx",
                                             "opset": next((int(o.version) for o in model.opset_import
                                                                       if o.domain in ("", "ai.onnx")), 0)})
    producers: Dict[str, List[str]] = {}  # tensor -> IR ops it depends on
    used_names: Dict[str, int] = {}

    def unique(base: str) -> str:
        used_names[base] = used_names.get(base, 0) + 1
        return base if used_names[base] == 1 else f"{base}#{used_names[base]}"

    def deps_of(node) -> List[str]:
        out: List[str] = []
        for i in node.input:
            for p in producers.get(i, []):
                if p not in out:
                    out.append(p)
        return out

    def weight_keys(w: np.ndarray, wdtype: int, k: int, n: int) -> dict:
        """IR keys of a k x n weight matrix `w` (already in k x n orientation)."""
        w = np.asarray(w).reshape(k, n)
        if is_ternary(w) or quantize == "absmean":
            wt = w if is_ternary(w) else absmean_ternary(w)
            wt = np.sign(wt).astype(np.int8)
            return {"weight": "ternary", "zero_fraction": zero_fraction(wt),
                    "tile_zero_fractions": {"tile_k": tile[0], "tile_n": tile[1],
                                            "values": tile_zero_fractions(wt, *tile)}}
        if wdtype in _INT8:
            return {"weight": "int8"}
        if wdtype == 16:
            return {"weight": "bf16"}
        if wdtype != 10 and "float32 weights are costed as fp16 (the IR has no fp32 weight kind)" not in notes:
            notes.append("float32 weights are costed as fp16 (the IR has no fp32 weight kind)")
        return {"weight": "fp16"}

    for idx, node in enumerate(model.graph.node):
        op = node.op_type
        base = node.name or f"{op.lower()}_{idx}"
        deps = deps_of(node)
        if op in GEMM_OPS:
            a_in, b_in = (node.input[0], node.input[3]) if op == "QLinearMatMul" else (node.input[0], node.input[1])
            a_shape, b_shape = shapes.of(a_in, node), shapes.of(b_in, node)
            out_shape = shapes.of(node.output[0], node)
            bits = 8 if op in ("MatMulInteger", "QLinearMatMul") or shapes.dtype.get(a_in) in _INT8 else act_bits
            w = weight_array(b_in)
            zp_in = {"QLinearMatMul": 5, "MatMulInteger": 3}.get(op)
            if w is not None and zp_in is not None and len(node.input) > zp_in and node.input[zp_in]:
                zp = weight_array(node.input[zp_in])
                if zp is not None:  # the integer weight's real value is w - zero_point
                    w = np.asarray(w).astype(np.int32) - np.asarray(zp).astype(np.int32)
            if op == "Gemm":
                attrs = {a.name: a.i for a in node.attribute}
                m = a_shape[1] if attrs.get("transA", 0) else a_shape[0]
                k = a_shape[0] if attrs.get("transA", 0) else a_shape[1]
                n = out_shape[-1]
                if w is not None and attrs.get("transB", 0):
                    w = np.asarray(w).T
            else:
                k, n = a_shape[-1], out_shape[-1]
                m = _prod(out_shape[:-1])
            if w is not None:
                if w.ndim != 2 or tuple(w.shape) != (k, n):
                    raise TracegenError(f"{path}: node {base!r} ({op}): weight {b_in!r} has shape {list(w.shape)}, "
                                        f"expected [{k}, {n}] (batched weights are not supported)")
                keys = weight_keys(w, shapes.dtype.get(b_in, 1), k, n)
                nm = trace.gemm(unique(base), m=m, k=k, n=n, act_bits=bits, deps=deps, **keys)
            else:
                # activation x activation: one (batch x head) slice per leading index, folded into m
                nm = trace.gemm(unique(base), m=m, k=k, n=n, act_bits=bits, deps=deps, b_operand="kv_cache",
                                weight="int8" if shapes.dtype.get(b_in) in _INT8 else "fp16")
                if len(b_shape) > 2 and "activation x activation MatMul" not in " ".join(notes):
                    notes.append("activation x activation MatMul (attention) is a gemm with b_operand kv_cache; "
                                 "batch x head indices are folded into m, k x n is one slice")
            producers[node.output[0]] = [nm]
        elif op == "Conv":
            x_shape, out_shape = shapes.of(node.input[0], node), shapes.of(node.output[0], node)
            w = weight_array(node.input[1])
            w_shape = shapes.of(node.input[1], node)
            group = next((a.i for a in node.attribute if a.name == "group"), 1) or 1
            filters, cpg = w_shape[0], w_shape[1]
            m = out_shape[0] * _prod(out_shape[2:])
            k = cpg * _prod(w_shape[2:])
            n = filters // group
            outs = []
            for gi in range(group):
                keys = {"weight": "fp16"}
                if w is not None:
                    wg = np.asarray(w)[gi * n:(gi + 1) * n].reshape(n, k).T  # k x n
                    keys = weight_keys(wg, shapes.dtype.get(node.input[1], 1), k, n)
                nm = base if group == 1 else f"{base}.g{gi}"
                outs.append(trace.gemm(unique(nm), m=m, k=k, n=n, act_bits=act_bits, deps=deps, **keys))
            if group > 1:
                notes.append(f"{base}: grouped conv ({group} groups) emitted as {group} gemms of one group each")
            producers[node.output[0]] = outs
        elif op in VECTOR_OPS:
            out = node.output[0]
            shp = shapes.of(out, node)
            n = shp[-1] if shp else 1
            m = _prod(shp[:-1]) if len(shp) > 1 else 1
            bits = _DTYPE_BITS.get(shapes.dtype.get(node.input[0], 1), 16)
            nm = trace.vec(unique(base), VECTOR_OPS[op], m=m, n=n, bits=min(bits, 64), deps=deps)
            for o in node.output:
                producers[o] = [nm]
        else:
            skipped[op] = skipped.get(op, 0) + 1
            for o in node.output:
                producers[o] = deps
    if not trace.ops:
        raise TracegenError(f"{path}: no supported op in the graph (supported: {', '.join(GEMM_OPS)}, Conv, "
                            f"{', '.join(sorted(VECTOR_OPS))})")
    if skipped:
        trace.meta["skipped_ops"] = dict(sorted(skipped.items()))
        notes.append("skipped ops (layout/shape ops and unsupported ones) cost nothing; dependencies flow through them")
    trace.meta["act_bits"] = act_bits
    trace.meta["notes"] = notes
    return trace
