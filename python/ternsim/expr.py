"""Safe expressions for sweep specs: `derived` parameters and `constraints`.

An expression is plain Python arithmetic/comparison over the point's names, where dotted
parameter names read naturally (`array.rows * array.cols <= 65536`). It is parsed once, every
AST node is checked against a whitelist (no attribute starting with `_`, no calls except a few
math functions, no comprehensions/lambdas/subscripts), and evaluated without builtins.
"""
import ast
import difflib
import math

FUNCTIONS = {
    "min": min, "max": max, "abs": abs, "round": round, "int": int, "float": float, "bool": bool,
    "sqrt": math.sqrt, "log": math.log, "log2": math.log2, "log10": math.log10,
    "ceil": math.ceil, "floor": math.floor, "pow": pow,
}

_ALLOWED = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div,
    ast.FloorDiv, ast.Mod, ast.Pow, ast.UnaryOp, ast.USub, ast.UAdd, ast.Not, ast.Compare, ast.Eq,
    ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.IfExp, ast.Name, ast.Load,
    ast.Attribute, ast.Constant, ast.Call, ast.Tuple, ast.List,
)


class ExprError(ValueError):
    pass


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
    """Top-level dict for eval() from flat dotted names."""
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
    """A checked, compiled expression; `names` are the root names it reads."""

    def __init__(self, text, where):
        self.text = str(text)
        self.where = where
        try:
            tree = ast.parse(self.text.strip(), mode="eval")
        except SyntaxError as e:
            raise ExprError("%s: invalid expression %r: %s" % (where, self.text, e.msg)) from None
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
        self._code = compile(tree, "<%s>" % where, "eval")

    def can_evaluate(self, available):
        return all(n in available for n in self.names)

    def evaluate(self, values):
        ns = build_namespace(values)
        for n in self.names:
            if n not in ns:
                raise ExprError("%s: %r: unknown name '%s'%s" % (self.where, self.text, n, _suggest(n, ns)))
        env = dict(FUNCTIONS)
        env.update(ns)
        env["__builtins__"] = {}
        try:
            return eval(self._code, env)
        except ExprError as e:
            raise ExprError("%s: %r: %s" % (self.where, self.text, e)) from None
        except Exception as e:
            raise ExprError("%s: %r: %s: %s" % (self.where, self.text, type(e).__name__, e)) from None


def root_names(flat_names):
    return {n.split(".")[0] for n in flat_names}
