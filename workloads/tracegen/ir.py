"""Workload IR v1 builder and deterministic YAML writer (docs/workload_ir.md)."""

import yaml

from . import TracegenError

VECTOR_KINDS = ("rmsnorm", "silu", "sigmoid", "mul", "add", "quantize", "softmax",
                "embedding", "kv_append")
GEMM_WEIGHTS = ("ternary", "int8", "fp16", "bf16")
# canonical key order inside an op (only these keys are legal in the IR)
KEY_ORDER = ("name", "kind", "m", "n", "k", "weight", "act_bits", "zero_fraction",
             "b_operand", "tile_zero_fractions", "bits", "batch", "state", "schedule",
             "deps", "deps_prev")


class FlowList(list):
    pass


class FlowMap(dict):
    pass


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


_Dumper.add_representer(FlowList, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", list(v), flow_style=True))
_Dumper.add_representer(FlowMap, lambda d, v: d.represent_mapping(
    "tag:yaml.org,2002:map", list(v.items()), flow_style=True))


class Trace:
    """An ordered op list. ``add`` takes explicit deps (list of earlier op names);
    the writer omits deps when they equal [previous op] (the IR's default)."""

    def __init__(self, name, phase, tokens=1, batch=1, meta=None):
        self.name, self.phase, self.tokens, self.batch = name, phase, tokens, batch
        self.meta = meta if meta is not None else {}
        self.ops = []
        self._names = {}
        self.repeat_steps = None  # set_repeat(): the ops are one decode step's loop body

    @property
    def last(self):
        return self.ops[-1]["name"] if self.ops else None

    def add(self, name, kind, deps=None, **keys):
        if name in self._names:
            raise TracegenError(f"internal: duplicate op name {name}")
        if deps is None:
            deps = [self.last] if self.ops else []
        for d in deps:
            if d not in self._names:
                raise TracegenError(f"internal: op {name} depends on unknown op {d}")
        op = {"name": name, "kind": kind}
        op.update({k: v for k, v in keys.items() if v is not None})
        bad = set(op) - set(KEY_ORDER)
        if bad:
            raise TracegenError(f"internal: op {name} has non-IR keys {sorted(bad)}")
        op["deps"] = list(deps)
        self._names[name] = len(self.ops)
        self.ops.append(op)
        return name

    def gemm(self, name, m, k, n, weight, act_bits=8, b_operand="weights", deps=None,
             zero_fraction=None, tile_zero_fractions=None):
        if weight not in GEMM_WEIGHTS:
            raise TracegenError(f"internal: bad weight kind {weight}")
        return self.add(name, "gemm", deps, m=m, n=n, k=k, weight=weight, act_bits=act_bits,
                        zero_fraction=zero_fraction, b_operand=b_operand,
                        tile_zero_fractions=tile_zero_fractions)

    def vec(self, name, kind, m, n, bits=16, deps=None):
        assert kind in VECTOR_KINDS, kind
        return self.add(name, kind, deps, m=m, n=n, bits=None if bits == 16 else bits)

    def set_repeat(self, steps, varying):
        """Make the op list the body of ``repeat: {steps}`` (docs/workload_ir.md, "Loops").
        varying: {op name: {key: (value at step 0, increment per step)}}. The first op also
        waits for the previous step's last op."""
        for op in self.ops:
            for key, (v0, inc) in varying.get(op["name"], {}).items():
                op[key] = f"{v0} + {inc}*step" if inc != 1 else f"{v0} + step"
        if steps > 1:
            self.ops[0]["deps_prev"] = [self.ops[-1]["name"]]
        self.repeat_steps = steps

    def to_doc(self):
        ops = []
        prev = None
        for op in self.ops:
            out = {}
            for key in KEY_ORDER:
                if key not in op:
                    continue
                v = op[key]
                if key == "deps":
                    if prev is not None and v == [prev]:
                        continue
                    v = FlowList(v)
                elif key == "deps_prev":
                    v = FlowList(v)
                elif key == "tile_zero_fractions":
                    v = FlowMap(tile_k=v["tile_k"], tile_n=v["tile_n"],
                                values=FlowList(v["values"]))
                out[key] = v
            ops.append(out)
            prev = op["name"]
        doc = {"name": self.name, "phase": self.phase, "tokens": self.tokens,
               "batch": self.batch}
        if self.meta:
            doc["meta"] = self.meta
        if self.repeat_steps is not None:
            # No `steps`: it defaults to `tokens` (= the steps), so overriding tokens (a sweep
            # over the generation length) changes the step count too.
            assert self.tokens == self.repeat_steps
            ops = [{"repeat": {"body": ops}}]
        doc["ops"] = ops
        return doc

    def dump(self):
        text = yaml.dump(self.to_doc(), Dumper=_Dumper, sort_keys=False,
                         default_flow_style=False, width=100, allow_unicode=False)
        return "# ternsim workload IR v1 (docs/workload_ir.md); generated by tracegen\n" + text
