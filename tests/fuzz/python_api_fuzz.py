"""Structure-aware fuzzer for the Python entry points (issue 14): ternsim.run, ternsim.sweep,
ternsim.spec.load_spec, config and workload dicts, overrides as a dict or as `--set` strings.

Each iteration takes a real config (tests/fuzz/corpus, yaml.safe_load'ed into Python objects)
or a small sweep spec and changes it the way Python code can and a YAML file cannot: dicts and
lists that contain themselves, lists repeated by reference (a "billion laughs" of objects),
nesting thousands deep, ints beyond 64 bits, NaN/inf, bytes, sets, complex, non-str keys,
lone surrogates and NUL in strings and paths, numpy scalars and arrays, objects whose
__str__/__fspath__/item() raise, wrong types everywhere. It then calls one entry point.

The only acceptable outcomes are a return value or a clean exception: ternsim.ConfigError
(SpecError is one) or MappingError with a one-line message, TypeError, ValueError, or the
exception a hostile object raised itself (Hostile). Anything else (RecursionError, KeyError,
SimulationCrash, a RuntimeError from a failed cast, ...) is reported with its iteration; a
crash of this interpreter is caught by whoever runs this script (tests/python/test_fuzz_python_api.py).

Deterministic: iteration i uses random.Random(seed * 1000003 + i), so one failing iteration
reruns alone with --only i.
Usage: python3 tests/fuzz/python_api_fuzz.py [--iters N] [--seed S] [--only I]
Defaults come from TERNSIM_PY_FUZZ_ITERS (400) and TERNSIM_PY_FUZZ_SEED (1).
Simulations are bounded by the run guard (TERNSIM_MAX_SECONDS, set to 20 s here unless given).
"""
import argparse
import copy
import decimal
import fractions
import glob
import math
import os
import random
import reprlib
import sys
import tempfile
import time

import yaml

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(REPO, "tests", "fuzz", "corpus")
ARCH_DIR = os.path.join(REPO, "arch_configs")  # base_dir of arch dicts: their tech: paths resolve here
SMALL_ARCH = os.path.join(CORPUS, "arch", "small.yaml")
GEMMS = os.path.join(CORPUS, "workload", "gemms.yaml")

os.environ.setdefault("TERNSIM_MAX_SECONDS", "20")
os.environ.setdefault("TERNSIM_MAX_MEMORY_MB", "2048")

import ternsim  # noqa: E402
from ternsim.spec import load_spec  # noqa: E402

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None


class Hostile(Exception):
    """Raised by the fuzzer's own hostile objects; passing it through is correct."""


class RaisingStr:
    def __str__(self):
        raise Hostile("__str__")

    __repr__ = __str__


class RaisingItem:
    def item(self):
        raise Hostile("item()")


class SelfItem:
    """numpy-like: .item() returns another object with .item(), forever."""

    def item(self):
        return SelfItem()


class FsPath:
    def __init__(self, value):
        self.value = value

    def __fspath__(self):
        if isinstance(self.value, Exception):
            raise self.value
        return self.value


class IntSub(int):
    def __str__(self):
        return "not a number"


class StrSub(str):
    pass


class WeirdDict(dict):
    def __iter__(self):
        raise Hostile("__iter__")


def hostile_scalars():
    v = [0, -1, 1, 2 ** 31, 2 ** 63, -2 ** 63 - 1, 2 ** 64, 10 ** 400, -10 ** 4000, float("nan"), float("inf"),
         -float("inf"), -0.0, 1e-320, 1.5, 1e308, True, False, None, b"bytes", bytearray(b"\xff"), "", "\0",
         "a\0b", "x" * 100000, "\ud800", "\udcff", "é", "1e309", ".nan", "- a", "{a: b}", "*a", "&a [*a]",
         "a=b", "array.rows=8", "<<", "~", "\n", "line\nbreak", "\r\n", "\x1b[31m", set(), frozenset({1}),
         complex(1, 2), object(), decimal.Decimal("1.5"), decimal.Decimal("NaN"), fractions.Fraction(1, 3),
         range(3), (), (1, 2), [], {}, IntSub(7), StrSub("ternary"), RaisingStr(), RaisingItem(), SelfItem(),
         FsPath("/nonexistent"), type, len, Ellipsis, NotImplemented]
    if np is not None:
        v += [np.int64(5), np.int8(-1), np.uint64(2 ** 64 - 1), np.float32("nan"), np.float64("inf"), np.bool_(True),
              np.array([1, 2]), np.array([]), np.array(3.5), np.str_("lpddr5"), np.zeros((2, 2))]
    return v


HOSTILE = hostile_scalars()
KEYS = ["clock_mhz", "array.rows", "array.cols", "array.kind", "array.acc_bits", "array.zero_skip", "dram.kind",
        "dram.bandwidth_gbps", "sram.weight_buffer.capacity_kib", "dma.buffers", "vector.lanes", "tokens", "tech",
        "array", "nosuch.key", "array.rows.deeper", "", ".", "a..b", "=", "array.rows=", "\ud800", "a\0b",
        "meta", "ops", "name"]


def load_seeds(kind):
    out = []
    for p in sorted(glob.glob(os.path.join(CORPUS, kind, "*.yaml"))):
        with open(p) as f:
            out.append(yaml.safe_load(f))
    return out


ARCH_SEEDS = load_seeds("arch")
WL_SEEDS = load_seeds("workload")


def nested(rng, depth, leaf):
    v = leaf
    as_dict = rng.random() < 0.5
    for _ in range(depth):
        v = {"a": v} if as_dict else [v]
    return v


def laughs(rng):
    """A list repeated by reference: either 10^8 values (must be refused at once) or at most
    ~10^3. Sizes in between are legal and only slow (seconds per 10^6 values), not interesting."""
    if rng.random() < 0.5:
        v = ["x"] * 10
        for _ in range(7):
            v = [v] * 10
        return v
    v = ["x"] * rng.randint(2, 5)
    for _ in range(rng.randint(1, 3)):
        v = [v] * rng.randint(2, 6)
    return v


def containers(tree):
    """Every dict/list reachable from tree (no cycles yet: called before wiring any)."""
    out, stack = [], [tree]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            out.append(n)
            stack.extend(n.values())
        elif isinstance(n, list):
            out.append(n)
            stack.extend(n)
    return out


def value(rng, nodes):
    """A value to put somewhere: hostile scalar, structure, or a reference into the tree."""
    r = rng.random()
    if r < 0.45:
        return rng.choice(HOSTILE)
    if r < 0.55:
        return nested(rng, rng.choice([10, 200, 255, 256, 257, 1000, 5000]), rng.choice(HOSTILE))
    if r < 0.62:
        return laughs(rng)
    if r < 0.8 and nodes:
        return rng.choice(nodes)  # shared; an ancestor makes a cycle
    if r < 0.9:
        return {rng.choice(HOSTILE_KEYS): rng.choice(HOSTILE)}
    return [rng.choice(HOSTILE) for _ in range(rng.randint(0, 4))]


HOSTILE_KEYS = [1, -1, 2 ** 70, None, True, 1.5, float("nan"), (1, 2), b"k", "", "\ud800", "a.b", "<<", "x" * 5000,
                frozenset(), IntSub(3), StrSub("rows")]


def mutate_tree(rng, tree):
    tree = copy.deepcopy(tree)
    nodes = containers(tree)
    for _ in range(rng.randint(1, 4)):
        n = rng.choice(nodes)
        op = rng.random()
        if isinstance(n, dict):
            keys = list(n)
            if op < 0.55 and keys:
                n[rng.choice(keys)] = value(rng, nodes)
            elif op < 0.7 and keys:
                del n[rng.choice(keys)]
            elif op < 0.85:
                n[rng.choice(HOSTILE_KEYS)] = value(rng, nodes)
            else:
                n[rng.choice(KEYS)] = value(rng, nodes)
        else:
            if op < 0.55 and n:
                n[rng.randrange(len(n))] = value(rng, nodes)
            elif op < 0.7 and n:
                del n[rng.randrange(len(n))]
            else:
                n.append(value(rng, nodes))
    if rng.random() < 0.05:  # the top level itself of another type
        return rng.choice([list(tree.items()), tuple(tree.values()), WeirdDict(tree), short(tree)])
    return tree


def hostile_path(rng, good):
    return rng.choice([good, good, good, "", "\0", good + "\0.yaml", "/dev/zero", "/dev/null", "/", REPO,
                       "/nonexistent/x.yaml", "\udcff.yaml", good.encode(), FsPath(good), FsPath(3), FsPath(None),
                       FsPath(Hostile("fspath")), FsPath(good.encode()), "x" * 5000, 42, None, [good],
                       "/proc/self/status"])


def overrides(rng):
    r = rng.random()
    if r < 0.25:
        return None
    if r < 0.6:
        return {rng.choice(KEYS + HOSTILE_KEYS): value(rng, []) if rng.random() < 0.7 else rng.randint(1, 64)
                for _ in range(rng.randint(1, 3))}
    if r < 0.85:
        out = []
        for _ in range(rng.randint(1, 3)):
            v = rng.choice(HOSTILE)
            s = "%s%s%s" % (rng.choice(KEYS), rng.choice(["=", "=", ""]),
                            v if isinstance(v, (str, int, float)) else rng.randint(0, 1 << 20))
            out.append(s if rng.random() < 0.8 else rng.choice(HOSTILE))
        return out if rng.random() < 0.8 else tuple(out)
    return rng.choice(HOSTILE + ["array.rows=8", iter(["array.rows=8"]), {1: 2}])


def fuzz_run(rng):
    arch = mutate_tree(rng, rng.choice(ARCH_SEEDS)) if rng.random() < 0.5 else hostile_path(rng, SMALL_ARCH)
    wl = mutate_tree(rng, rng.choice(WL_SEEDS)) if rng.random() < 0.6 else hostile_path(rng, GEMMS)
    base = rng.choice([ARCH_DIR, ARCH_DIR, None, "", "/nonexistent", b"/tmp", 5, "\udcff"])
    with_ops = rng.choice([True, False, False, 1, None, "yes"])
    return "run", (arch, wl, overrides(rng), base, with_ops)


BASE_SPEC = {"arch": SMALL_ARCH, "workload": GEMMS, "grid": {"array.rows": [8, 16]},
             "derived": {"array.cols": "array.rows"}, "constraints": ["array.rows * array.cols <= 4096"],
             "objectives": {"minimize": ["seconds"], "maximize": ["tokens_per_s"]}}
STUDY_SPEC = {"arch": SMALL_ARCH, "workload": GEMMS,
              "studies": [{"name": "a", "points": [{"array.rows": 8}]},
                          {"name": "b", "random": {"seed": 3, "n": 2, "params": {"clock_mhz": {"uniform": [500, 900]}}}}]}


def fuzz_spec(rng):
    spec = mutate_tree(rng, rng.choice([BASE_SPEC, STUDY_SPEC]))
    if rng.random() < 0.3:
        return "load_spec", (spec, rng.choice([None, REPO, "/nonexistent", b"/tmp"]))
    jobs = rng.choice([1, 1, 2, None, 0, -3, 2 ** 70, "2", 1.5, True])
    return "sweep", (spec, jobs, rng.random() < 0.3)


def call(target, args, tmp):
    if target == "run":
        r = ternsim.run(*args)
        assert isinstance(r, dict) and r["cycles"] > 0, r
    elif target == "load_spec":
        load_spec(*args)
    else:
        spec, jobs, keep = args
        out = tempfile.mkdtemp(dir=tmp) if keep else None
        df = ternsim.sweep(spec, jobs=jobs, out=out, quiet=True)
        assert len(df) >= 0


CLEAN = (ternsim.ConfigError, ternsim.MappingError, TypeError, ValueError, Hostile)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 5, 6, 6, 8, 80, 80


def short(x):
    """A bounded repr: inputs may be cyclic, 5000 deep or 10^8 elements by reference."""
    try:
        return _REPR.repr(x)
    except Exception as e:  # hostile objects
        return "<unrepresentable: %s>" % type(e).__name__


def one(seed, i, tmp):
    rng = random.Random(seed * 1000003 + i)
    target, args = fuzz_run(rng) if rng.random() < 0.6 else fuzz_spec(rng)
    try:
        call(target, args, tmp)
    except CLEAN as e:
        OUTCOMES[type(e).__name__] = OUTCOMES.get(type(e).__name__, 0) + 1
        msg = str(e) if not isinstance(e, Hostile) else ""
        if isinstance(e, (ternsim.ConfigError, ternsim.MappingError)) and "\n" in msg:
            return target, "message spans lines: %r" % msg[:500], args
        return target, None, args
    except BaseException as e:  # noqa: B902 - everything else is a finding, even KeyboardInterrupt-likes
        if isinstance(e, KeyboardInterrupt) and not isinstance(e, ternsim.runner.SweepInterrupted):
            raise
        return target, "%s: %s" % (type(e).__qualname__, str(e)[:500]), args
    OUTCOMES["returned"] = OUTCOMES.get("returned", 0) + 1
    return target, None, args


OUTCOMES = {}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--iters", type=int, default=int(os.environ.get("TERNSIM_PY_FUZZ_ITERS", "400")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("TERNSIM_PY_FUZZ_SEED", "1")))
    ap.add_argument("--only", type=int, default=None, help="run just this iteration")
    ap.add_argument("--max-failures", type=int, default=5)
    ap.add_argument("--slowest", type=int, default=0, help="list the N slowest iterations")
    a = ap.parse_args(argv)
    import ternsim.runner  # noqa: F401 (SweepInterrupted, above)

    counts, failures, slow = {}, [], []
    t0 = time.time()
    iters = [a.only] if a.only is not None else range(a.iters)
    with tempfile.TemporaryDirectory(prefix="ternsim-pyfuzz-") as tmp:
        for i in iters:
            t1 = time.time()
            target, problem, args = one(a.seed, i, tmp)
            slow.append((time.time() - t1, i, target))
            counts[target] = counts.get(target, 0) + 1
            if problem:
                failures.append("iteration %d (%s): %s\n  input: %s" % (i, target, problem, short(args)))
                if len(failures) >= a.max_failures:
                    break
    took = time.time() - t0
    n = sum(counts.values())
    print("[pyfuzz] seed %d: %d executions (%s) in %.1f s, %d failure(s)"
          % (a.seed, n, ", ".join("%s %d" % kv for kv in sorted(counts.items())), took, len(failures)))
    print("[pyfuzz] outcomes: " + ", ".join("%s %d" % kv for kv in sorted(OUTCOMES.items(), key=lambda kv: -kv[1])))
    for f in failures:
        print(f)
    if a.slowest:
        for t, i, target in sorted(slow, reverse=True)[:a.slowest]:
            print("  %.2f s iteration %d (%s)" % (t, i, target))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
