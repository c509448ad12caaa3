"""Safe expressions for sweep specs: `derived` parameters and `constraints`.

An expression is plain Python arithmetic/comparison over the point's names, where dotted
parameter names read naturally (`array.rows * array.cols <= 65536`).

Evaluation is Debian's python3-simpleeval (issue 19.7: no hand-written interpreter): it walks
the AST itself, with no builtins, no `_` attributes and only the functions we hand it. Two
things are ours on top of it:
  * a check when the spec is loaded, so a bad constraint fails before any simulation (simpleeval
    would only notice when the point is evaluated, possibly after the run) and so we know which
    names an expression reads (pre-run constraints vs. ones that need results);
  * bounded arithmetic: simpleeval's own power limit lets `4000000 ** 4000000` through, and
    `9 ** 9 ** 9 ** 9` must not hang a sweep. Every operator checks the size of its result
    before computing it (MAX_INT_BITS), so no single operation can run long or eat memory.
"""
import ast
import difflib
import math
import operator as op

import simpleeval

# Integers in a hardware sweep are sizes and counts: 2**64 is already absurd. 4096 bits keeps
# every operation microseconds long while no sensible expression comes near it.
MAX_INT_BITS = 4096
MAX_SEQUENCE_LEN = 10000
MAX_EXPR_CHARS = 2000


class ExprError(ValueError):
    pass


def _int_bits(x):
    return abs(int(x)).bit_length() if isinstance(x, int) and not isinstance(x, bool) else 0


def _too_big(what):
    raise ExprError("result too large (%s; integers are limited to %d bits)" % (what, MAX_INT_BITS))


def bounded_pow(a, b):
    if isinstance(a, int) and isinstance(b, int) and not isinstance(b, bool) and b > 0:
        if abs(a) > 1 and math.log2(abs(a)) * b > MAX_INT_BITS:
            _too_big("a power with %d-bit base and exponent %s" % (_int_bits(a), b if b < 10 ** 9 else "%.3g" % b))
    try:
        return a ** b
    except OverflowError:  # float powers: 10.0 ** 400
        raise ExprError("result too large (floating-point overflow)") from None


def bounded_mul(a, b):
    if isinstance(a, (str, list, tuple)) or isinstance(b, (str, list, tuple)):
        n = (len(a) * b) if isinstance(a, (str, list, tuple)) else (len(b) * a)
        if n > MAX_SEQUENCE_LEN:
            raise ExprError("sequence too long (%d > %d)" % (n, MAX_SEQUENCE_LEN))
    elif _int_bits(a) + _int_bits(b) > MAX_INT_BITS:
        _too_big("a product")
    return a * b


def _checked(f):
    def g(a, b):
        r = f(a, b)
        if _int_bits(r) > MAX_INT_BITS:
            _too_big("a sum")
        return r
    return g


OPERATORS = {
    ast.Add: _checked(op.add), ast.Sub: _checked(op.sub), ast.Mult: bounded_mul, ast.Div: op.truediv,
    ast.FloorDiv: op.floordiv, ast.Mod: op.mod, ast.Pow: bounded_pow,
    ast.Eq: op.eq, ast.NotEq: op.ne, ast.Lt: op.lt, ast.LtE: op.le, ast.Gt: op.gt, ast.GtE: op.ge,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.USub: op.neg, ast.UAdd: op.pos, ast.Not: op.not_,
}

FUNCTIONS = {
    "min": min, "max": max, "abs": abs, "round": round, "int": int, "float": float, "bool": bool,
    "sqrt": math.sqrt, "log": math.log, "log2": math.log2, "log10": math.log10,
    "ceil": math.ceil, "floor": math.floor, "pow": bounded_pow,
}

# What the load-time check lets through; simpleeval evaluates exactly these node kinds (plus
# Tuple/List, added below for `x in [1, 2]`).
_ALLOWED = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.BinOp, ast.UnaryOp, ast.Compare, ast.IfExp,
    ast.Name, ast.Load, ast.Attribute, ast.Constant, ast.Call, ast.Tuple, ast.List,
) + tuple(OPERATORS)


class _Evaluator(simpleeval.SimpleEval):
    def __init__(self, names):
        super().__init__(operators=OPERATORS, functions=FUNCTIONS, names=names)
        self.nodes[ast.Tuple] = lambda n: tuple(self._eval(e) for e in n.elts)
        self.nodes[ast.List] = lambda n: [self._eval(e) for e in n.elts]


class Namespace:
    """Nested read-only view of dotted names: {"array.rows": 64} -> ns.array.rows == 64."""

    def __init__(self, prefix=""):
        self._prefix = prefix
        self._items = {}

    def __getattr__(self, name):
        items = self.__dict__.get("_items", {})
        if name in items:
            return items[name]
        full = self.__dict__.get("_prefix", "") + name
        raise ExprError("unknown name '%s'%s" % (full, _suggest(name, items)))


def _suggest(name, options):
    close = difflib.get_close_matches(name, list(options), n=1)
    return " (did you mean '%s'?)" % close[0] if close else ""


def build_namespace(values):
    """Top-level names from flat dotted names."""
    root = {}
    for full, value in values.items():
        parts = full.split(".")
        if len(parts) == 1:
            root[full] = value
            continue
        node = root.get(parts[0])
        if not isinstance(node, Namespace):
            node = root[parts[0]] = Namespace(parts[0] + ".")
        for i, p in enumerate(parts[1:-1], start=1):
            nxt = node._items.get(p)
            if not isinstance(nxt, Namespace):
                nxt = node._items[p] = Namespace(".".join(parts[: i + 1]) + ".")
            node = nxt
        node._items[parts[-1]] = value
    return root


class Expr:
    """A checked expression; `names` are the root names it reads."""

    def __init__(self, text, where):
        self.text = str(text)
        self.where = where
        if len(self.text) > MAX_EXPR_CHARS:
            raise ExprError("%s: expression is %d characters long (at most %d)" % (where, len(self.text), MAX_EXPR_CHARS))
        try:
            tree = ast.parse(self.text.strip(), mode="eval")
        except (SyntaxError, RecursionError, MemoryError) as e:
            raise ExprError("%s: invalid expression %r: %s" % (where, self.text, getattr(e, "msg", "too deeply nested"))) from None
        self.names = set()
        for node in ast.walk(tree):
            if not isinstance(node, _ALLOWED):
                raise ExprError("%s: %r: %s is not allowed in sweep expressions"
                                % (where, self.text, type(node).__name__))
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                raise ExprError("%s: %r: attribute '%s' is not allowed" % (where, self.text, node.attr))
            if isinstance(node, ast.Call):
                if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
                    raise ExprError("%s: %r: only these functions may be called: %s"
                                    % (where, self.text, ", ".join(sorted(FUNCTIONS))))
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and not (node.id in calls and node.id in FUNCTIONS):
                self.names.add(node.id)

    def can_evaluate(self, available):
        return all(n in available for n in self.names)

    def evaluate(self, values):
        ns = build_namespace(values)
        for n in self.names:
            if n not in ns:
                raise ExprError("%s: %r: unknown name '%s'%s" % (self.where, self.text, n, _suggest(n, ns)))
        try:
            return _Evaluator(ns).eval(self.text.strip())
        except ExprError as e:
            raise ExprError("%s: %r: %s" % (self.where, self.text, e)) from None
        except Exception as e:
            raise ExprError("%s: %r: %s: %s" % (self.where, self.text, type(e).__name__, e)) from None


def root_names(flat_names):
    return {n.split(".")[0] for n in flat_names}
