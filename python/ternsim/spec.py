"""Sweep spec: which design points to simulate.

    name: ternary_vs_systolic          # optional
    arch: ../ternary_asic.yaml         # paths are relative to the spec file
    workload: ../../workloads/examples/mmfreelm-1.3b_decode.yaml   # or workloads: [...]
    grid:   {array.rows: [32, 64], sram.weight_buffer.capacity_kib: [256, 1024]}   # cartesian
    zip:    {dram.kind: [lpddr5, hbm2e], dram.bandwidth_gbps: [102.4, 460]}      # in lockstep
    random: {seed: 1, n: 8, params: {clock_mhz: {uniform: [500, 1000]},
                                     array.cols: {choice: [32, 64]}}}   # also int, loguniform
    points: [{array.rows: 16}, {array.rows: 256}]   # explicit list
    derived: {array.cols: "array.rows"}              # Python expressions over the point
    constraints: ["array.rows * array.cols <= 16384", "area_mm2 <= 50"]
    objectives: {minimize: [seconds, energy_j], maximize: []}
    studies: [{name: ..., arch: ..., grid: ...}, ...]  # optional: several sub-sweeps that
                                                       # inherit every top-level key

The points of a study are the product of its present generators (grid x zip x random x
points) times its workloads. Parameter names are `--set` keys of the arch, except `arch` and
`workload` (replace the base files) and names starting with `_` (free variables for
expressions, not passed to the simulator). Constraints whose names are all known before the
run prune the point unsimulated; the others are checked on the results (row `pruned`).
"""
import difflib
import itertools
import math
import os
import random as _random
import reprlib

import yaml

import _ternsim

from .content import FileHashes, arch_references, point_files, point_key
from .expr import Expr, ExprError
from .spec_schema import STUDY_KEYS, TOP_KEYS, schema_problem  # noqa: F401 (re-exported)

RANDOM_KINDS = ["uniform", "loguniform", "int", "choice"]


class SpecError(_ternsim.ConfigError):
    """A bad sweep spec: the message says file, key and what was expected. One line: control
    characters from the input (a path with a newline) are escaped, as in the C++ errors."""

    def __init__(self, message):
        super().__init__("".join(c if c >= " " and c != "\x7f" else repr(c)[1:-1] for c in str(message)))


# Bounds on a spec, like the simulator's on its inputs (issue 14): a spec is a few dozen keys,
# lists of values and expressions; a design space is thousands of points.
MAX_SPEC_DEPTH = 64
MAX_SPEC_VALUES = 2_000_000
MAX_POINTS = 1_000_000


def _plain(data, file):
    """The spec as plain YAML data (dict/list/str/int/float/bool/None), checked before anything
    walks it recursively (jsonschema, json, yaml.safe_dump would overflow the stack, run for
    ever or fail with their own exceptions). SpecError for: a dict/list that contains itself
    (PyYAML builds those from `a: &x [*x]` too), nesting deeper than MAX_SPEC_DEPTH, more than
    MAX_SPEC_VALUES values (shared lists counted at every use), a key that is not a string
    (parameter names are --set keys; YAML allows `1: [..]`), a value of another type (Decimal,
    set, bytes, ...). numpy scalars and arrays become Python numbers and lists, tuples lists,
    str/int/float subclasses their base type."""
    memo, active, count = {}, set(), [0]

    def fail(where, what):
        raise SpecError("%s: %s%s" % (file, where + ": " if where else "", what))

    def conv(x, depth, where):
        if isinstance(x, (dict, list, tuple)):
            if id(x) in active:
                fail(where, "a dict or list contains itself")
            if depth >= MAX_SPEC_DEPTH:
                fail(where, "nested deeper than %d levels" % MAX_SPEC_DEPTH)
            if id(x) in memo:
                copy, n = memo[id(x)]
                count[0] += n
            else:
                active.add(id(x))
                start = count[0]
                count[0] += 1
                if isinstance(x, dict):
                    copy = {}
                    for k, v in x.items():
                        if type(k) is not str:  # noqa: E721 - a str subclass may print as anything
                            fail(where, "keys must be strings, got %s %s" % (type(k).__name__, reprlib.repr(k)))
                        conv(k, depth + 1, where)  # the same text checks as a value
                        copy[k] = conv(v, depth + 1, (where + "." if where else "") + k)
                else:
                    copy = [conv(v, depth + 1, "%s[%d]" % (where, i)) for i, v in enumerate(x)]
                active.discard(id(x))
                memo[id(x)] = (copy, count[0] - start)
            if count[0] > MAX_SPEC_VALUES:
                fail("", "more than %d values (a list or dict repeated by reference many times?)" % MAX_SPEC_VALUES)
            return copy
        count[0] += 1
        if x is None or isinstance(x, bool):
            return x
        if isinstance(x, str):
            try:
                x.encode("utf-8")  # spec.yaml and the simulator take UTF-8
            except UnicodeEncodeError:
                fail(where, "a string that is not valid Unicode text (a lone surrogate such as '\\udcff')")
            return str.__str__(x)
        for t in (int, float):
            if isinstance(x, t):
                return t(x)
        if type(x).__module__ == "numpy" and hasattr(x, "tolist"):  # np.int64(8), np.arange(8, 64, 8)
            return conv(x.tolist(), depth, where)
        fail(where, "a Python %s is not a YAML value (use numbers, strings, booleans, lists and mappings)"
             % type(x).__name__)

    return conv(data, 0, "")


def _did_you_mean(key, options):
    close = difflib.get_close_matches(str(key), options, n=1)
    return " (did you mean '%s'?)" % close[0] if close else ""


class Point:
    """One design point: what to simulate, plus the parameters as the user wrote them."""

    def __init__(self, index, study, arch, workload, params, derived_names, content):
        self.index = index
        self.study = study
        self.arch = arch
        self.workload = workload
        self.params = params  # every swept and derived value, in order
        self.derived_names = derived_names
        # Identity by content (content.py): an edited file is a new point, not a resumed one.
        self.files, self.key = content.identify(arch, workload, self.overrides())

    def overrides(self):
        return {k: v for k, v in self.params.items() if k not in ("arch", "workload") and not k.startswith("_")}

    def task(self):
        return {"arch": self.arch, "workload": self.workload, "overrides": self.overrides()}


class _Content:
    """Per-spec memo of file hashes and arch references (thousands of points, few files)."""

    def __init__(self):
        self.hashes = FileHashes()
        self._refs = {}

    def identify(self, arch, workload, overrides):
        strs = tuple(sorted((k, v) for k, v in overrides.items() if isinstance(v, str)))
        refs = self._refs.get((arch, strs))
        if refs is None:
            refs = self._refs[(arch, strs)] = arch_references(arch, dict(strs))
        files = point_files(arch, workload, refs)
        return files, point_key(files, overrides, self.hashes)


class Spec:
    def __init__(self, data, file, base_dir):
        self.file = file
        self.base_dir = base_dir
        if not isinstance(data, dict):
            raise SpecError("%s: expected a YAML mapping at the top level" % file)
        data = self.data = _plain(data, file)
        problem = schema_problem(data)  # structure: spec_schema.py; the rest is checked below
        if problem:
            self._fail(*problem)
        self.name = str(data.get("name", os.path.splitext(os.path.basename(file))[0]))
        self.objectives = self._objectives(data.get("objectives", {}))
        studies = data.get("studies")
        if studies is None:
            study_dicts = [dict(data)]
        else:
            study_dicts = []
            for i, s in enumerate(studies):
                merged = {k: v for k, v in data.items() if k not in ("studies", "objectives", "name")}
                if "workload" in s or "workloads" in s:
                    merged.pop("workload", None)
                    merged.pop("workloads", None)
                merged.update(s)
                merged.setdefault("name", "study%d" % i)
                study_dicts.append((merged, "studies[%d]." % i))
            # Constraints are looked up by study name: a second study of the same name used to
            # replace the first one's constraints without a word.
            first = {}
            for i, (m, prefix) in enumerate(study_dicts):
                n = str(m["name"])
                if n in first:
                    self._fail(prefix + "name", "duplicate study name '%s' (also studies[%d]); give each study its own name"
                               % (n, first[n]))
                first[n] = i
        self.points = []
        self._content = _Content()
        self.constraints = []  # (Expr, study name)
        for entry in study_dicts:
            s, prefix = entry if isinstance(entry, tuple) else (entry, "")
            self._expand(s, prefix)

    # ---- validation helpers ----
    def _fail(self, key, what):
        raise SpecError("%s: %s: %s" % (self.file, key, what))

    def _path(self, value, key):
        if not isinstance(value, str) or not value:
            self._fail(key, "expected a file path")
        p = value if os.path.isabs(value) else os.path.normpath(os.path.join(self.base_dir, value))
        if not os.path.isfile(p):
            self._fail(key, "file not found: %s" % p)
        return p

    @staticmethod
    def _objectives(o):
        out = {}
        for sense in ("minimize", "maximize"):
            names = o.get(sense, [])
            out[sense] = [names] if isinstance(names, str) else names
        return out

    # ---- point generation ----
    def _expand(self, s, prefix):
        study = str(s.get("name", self.name))
        arch = self._path(s.get("arch"), prefix + "arch") if "arch" in s else None
        if "workload" in s and "workloads" in s:
            self._fail(prefix + "workloads", "give either 'workload' or 'workloads', not both")
        if "workloads" in s:
            wls = [self._path(w, "%sworkloads[%d]" % (prefix, i)) for i, w in enumerate(s["workloads"])]
        elif "workload" in s:
            wls = [self._path(s["workload"], prefix + "workload")]
        else:
            wls = [None]
        factors = []
        if "grid" in s:
            g = s["grid"]
            names = list(g)
            lists = [g[n] for n in names]
            if math.prod(len(v) for v in lists) > MAX_POINTS:
                self._fail(prefix + "grid", "the grid has %d points (at most %d)"
                           % (math.prod(len(v) for v in lists), MAX_POINTS))
            factors.append([dict(zip(names, combo)) for combo in itertools.product(*lists)])
        if "zip" in s:
            z = s["zip"]
            lens = {n: len(z[n]) for n in z}
            if len(set(lens.values())) != 1:
                self._fail(prefix + "zip", "lists must have equal lengths, got %s"
                           % ", ".join("%s: %d" % kv for kv in lens.items()))
            factors.append([dict(zip(z, row)) for row in zip(*z.values())])
        if "random" in s:
            factors.append(self._random(s["random"], prefix + "random"))
        if "points" in s:
            factors.append([dict(p) for p in s["points"]])
        derived = s.get("derived", {})
        dexprs = [(n, Expr(e, "%s: %sderived.%s" % (self.file, prefix, n))) for n, e in derived.items()]
        cons = s.get("constraints", [])
        if isinstance(cons, str):
            cons = [cons]
        cexprs = [Expr(c, "%s: %sconstraints[%d]" % (self.file, prefix, i)) for i, c in enumerate(cons)]
        self.constraints.append((study, cexprs))
        count = len(wls)
        for f in factors:
            count *= len(f)
        if len(self.points) + count > MAX_POINTS:
            self._fail(prefix.rstrip(".") or "grid", "the spec expands to more than %d points (%d here)"
                       % (MAX_POINTS, len(self.points) + count))
        for combo in itertools.product(*factors) if factors else [()]:
            params = {}
            for part in combo:
                params.update(part)
            for wl in wls:
                p = dict(params)
                a = self._path(p["arch"], prefix + "arch (parameter)") if "arch" in p else arch
                w = self._path(p["workload"], prefix + "workload (parameter)") if "workload" in p else wl
                if a is None:
                    self._fail(prefix + "arch", "required key is missing (base architecture YAML)")
                if w is None:
                    self._fail(prefix + "workload", "required key is missing (workload IR YAML)")
                for n, e in dexprs:
                    try:
                        p[n] = e.evaluate(dict(p, arch=a, workload=w))
                    except ExprError as err:
                        raise SpecError(str(err)) from None
                self.points.append(Point(len(self.points), study, a, w, p, [n for n, _ in dexprs], self._content))
        self._study_constraints = dict(self.constraints)

    def _random(self, r, key):
        params = r["params"]  # structure checked by spec_schema
        rng = _random.Random(r.get("seed", 0))
        dists = {}
        for n, d in params.items():
            k = "%s.params.%s" % (key, n)
            if isinstance(d, list):
                d = {"choice": d}
            if not isinstance(d, dict) or len(d) != 1:
                self._fail(k, "expected one of {uniform: [lo, hi]}, {loguniform: [lo, hi]}, "
                              "{int: [lo, hi]}, {choice: [values]}")
            kind, arg = next(iter(d.items()))
            if kind not in RANDOM_KINDS:
                self._fail(k + "." + str(kind), "unknown distribution%s" % _did_you_mean(kind, RANDOM_KINDS))
            if kind == "choice":
                if not isinstance(arg, list) or not arg:
                    self._fail(k + ".choice", "expected a non-empty list of values")
            elif not (isinstance(arg, list) and len(arg) == 2 and all(_finite_number(x, kind) for x in arg)
                      and arg[0] <= arg[1] and (kind != "loguniform" or arg[0] > 0)):
                self._fail(k + "." + kind, "expected [lo, hi] with lo <= hi%s"
                           % (" and lo > 0" if kind == "loguniform" else ""))
            dists[n] = (kind, arg)
        if r["n"] > MAX_POINTS:
            self._fail(key + ".n", "at most %d samples, got %d" % (MAX_POINTS, r["n"]))
        out = []
        for _ in range(r["n"]):
            sample = {}
            for n, (kind, arg) in dists.items():  # fixed order: same seed, same points
                if kind == "uniform":
                    sample[n] = rng.uniform(arg[0], arg[1])
                elif kind == "loguniform":
                    sample[n] = math.exp(rng.uniform(math.log(arg[0]), math.log(arg[1])))
                elif kind == "int":
                    sample[n] = rng.randint(int(arg[0]), int(arg[1]))
                else:
                    sample[n] = arg[rng.randrange(len(arg))]
            out.append(sample)
        return out

    def file_digest(self, path):
        """sha256 of a file a point reads, as used in its key."""
        return self._content.hashes.digest(path)

    def constraints_for(self, point):
        return self._study_constraints.get(point.study, [])


def _finite_number(x, kind):
    """A bound of a distribution: a finite number (an int too big for a float only for `int`)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return False
    if kind == "int":
        return isinstance(x, int) or math.isfinite(x)
    try:
        return math.isfinite(float(x))
    except OverflowError:
        return False


def load_spec(spec, base_dir=None):
    """spec: a path to a YAML file or an already-parsed dict (paths relative to base_dir/cwd)."""
    if isinstance(spec, Spec):
        return spec
    if isinstance(spec, dict):
        return _checked(spec, "<sweep spec>", os.path.abspath(base_dir or os.getcwd()))
    path = os.fspath(spec)
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        raise SpecError("%s: cannot open file: %s" % (path, e.strerror)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = "%s:%d:%d" % (path, mark.line + 1, mark.column + 1) if mark else path
        raise SpecError("%s: YAML syntax error: %s" % (where, getattr(e, "problem", e))) from None
    s = _checked(data, path, os.path.dirname(os.path.abspath(path)))
    s.text = text
    return s


def _checked(data, file, base_dir):
    try:
        return Spec(data, file, base_dir)
    except ExprError as e:  # expression syntax / whitelist errors are spec errors too
        raise SpecError(str(e)) from None
