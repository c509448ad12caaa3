"""`ternsim validate --published`: reproduce published ternary hardware from its own description.

Reads validation/designs.yaml (designs, their arch configs and workloads, published figures with their
sources, and the ASSUMPTION parameters), runs every design once as described, then once per assumption at
x0.5 and x1.5 of its value (--set overrides), and writes docs/validation.md: one row per published figure
with the published value, the simulated value, the signed error and the assumption that moves it most.
Every number in the document comes from these runs; nothing is typed by hand. Deterministic: the same
inputs give a byte-identical document.

    python3 -m ternsim.validate_published [--out FILE | --check FILE] [--manifest designs.yaml] [--dram-backend]

A design may compute one arch key instead of stating it (`fit:`): the copies of its core that fit on the FPGA, from the
tool's own FPGA cost model (fit_count), recomputed for every sensitivity run.

Designs marked `opt_in: dram_backend` (the cycle-accurate DRAM backend: tens of seconds of CPU per run) are run only with
--dram-backend; that run writes its summary to validation/results/<design>.json (atomically, with a fingerprint of the
input files and the command), and every later regeneration renders those rows from the recorded file, marked as
recorded, and flags them stale when an input file has changed since.
"""
import argparse
import hashlib
import json
import math
import os
import re
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_MANIFEST = os.path.join(REPO, "validation", "designs.yaml")
DEFAULT_DOC = os.path.join(REPO, "docs", "validation.md")

METRICS = {
    # metric: (label, unit, kind) -- kind picks the error target
    "latency_s": ("latency", "s", "throughput"),
    "tokens_per_s": ("throughput", "tokens/s", "throughput"),
    "power_w": ("power", "W", "power"),
    "tokens_per_s_per_w": ("efficiency", "tokens/s/W", "power"),
}
# issue 20's targets: |error| <= 15 % on throughput (and latency), <= 25 % on power (and tokens/s/W)
TARGET_PCT = {"throughput": 15.0, "power": 25.0}
FACTORS = (0.5, 1.5)
OPT_IN = ("dram_backend",)  # `opt_in:` values; each is run only with its --flag (--dram-backend)
RECORDED_KEYS = ("cycles", "clock_mhz", "seconds", "tokens", "batch", "tokens_per_s", "power_w", "dram_bytes",
                 "dram_read_bytes", "energy_breakdown_j", "roofline", "dram_backend")


class ValidationError(Exception):
    """A malformed manifest: one line naming the file, the design and what is wrong."""


def _fail(where, what):
    raise ValidationError("%s: %s" % (where, what))


def load_manifest(path):
    try:
        with open(path) as f:
            data = yaml.safe_load(f)
    except OSError as e:
        raise ValidationError("%s: cannot read manifest: %s" % (path, e.strerror))
    except yaml.YAMLError as e:
        raise ValidationError("%s: not valid YAML: %s" % (path, str(e).splitlines()[0]))
    if not isinstance(data, dict) or not isinstance(data.get("designs"), list) or not data["designs"]:
        _fail(path, "expected a mapping with a non-empty 'designs' list")
    papers = data.get("papers") or {}
    for o in data.get("others") or []:
        if not isinstance(o, dict) or not all(o.get(k) for k in ("id", "source", "quote", "why_not")):
            _fail(path, "each entry of 'others' needs id, source, quote and why_not")
    seen = set()
    for i, d in enumerate(data["designs"]):
        where = "%s: designs[%d]" % (path, i)
        if not isinstance(d, dict) or not d.get("id"):
            _fail(where, "every design needs an 'id'")
        where = "%s: design '%s'" % (path, d["id"])
        if d["id"] in seen:
            _fail(where, "duplicate id")
        seen.add(d["id"])
        if d.get("paper") not in papers:
            _fail(where, "paper '%s' is not under 'papers'" % d.get("paper"))
        simulated = d.get("status", "simulated") == "simulated"
        if not simulated and d.get("status") != "not_simulated":
            _fail(where, "status must be 'simulated' (default) or 'not_simulated', got %r" % d.get("status"))
        if simulated:
            for k in ("arch", "workload"):
                if not d.get(k):
                    _fail(where, "missing '%s'" % k)
                p = os.path.join(os.path.dirname(path), d[k])
                if not os.path.isfile(p):
                    _fail(where, "%s: no such file %s" % (k, p))
        elif not d.get("missing") or not d.get("blocked_by"):
            _fail(where, "a not_simulated design must say what is 'missing' and, briefly, what it is 'blocked_by'")
        if d.get("overrides") is not None and not isinstance(d["overrides"], dict):
            _fail(where, "'overrides' must be a mapping of dotted.key: value")
        if d.get("fit") is not None:
            _check_fit_spec(where, path, d)
        for a in d.get("assumptions") or []:
            if not isinstance(a, dict) or not a.get("key") or not a.get("reason"):
                _fail(where, "each assumption needs 'key' and 'reason'")
            if a.get("with") is not None and (not isinstance(a["with"], list)
                                              or not all(isinstance(k, str) and k for k in a["with"])):
                _fail(where, "assumption '%s': 'with' must be a list of dotted keys set to the same value" % a["key"])
        if d.get("opt_in") is not None:
            if d["opt_in"] not in OPT_IN:
                _fail(where, "opt_in must be one of %s, got %r" % (", ".join(OPT_IN), d["opt_in"]))
            if not simulated:
                _fail(where, "an opt_in design must be simulated")
            if d.get("assumptions"):
                _fail(where, "an opt_in design has no sensitivity runs (each run is slow): drop 'assumptions'")
        figs = d.get("figures")
        if not isinstance(figs, list) or not figs:
            _fail(where, "needs a non-empty 'figures' list")
        for f in figs:
            if not isinstance(f, dict) or f.get("metric") not in METRICS:
                _fail(where, "figure metric must be one of %s, got %r"
                      % (", ".join(METRICS), f.get("metric") if isinstance(f, dict) else f))
            pub = f.get("published")
            if isinstance(pub, bool) or not isinstance(pub, (int, float)) or not pub > 0:
                _fail(where, "figure '%s': 'published' must be a number > 0" % f.get("id"))
            for k in ("id", "version", "place", "quality", "quote"):
                if not f.get(k):
                    _fail(where, "figure '%s': missing '%s'" % (f.get("id"), k))
    return data


def _lookup(tree, dotted):
    node = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


FIT_KEYS = ("key", "resource", "usable_fraction", "workload", "reason")


def _check_fit_spec(where, path, d):
    fit = d["fit"]
    if not isinstance(fit, dict) or any(fit.get(k) in (None, "") for k in FIT_KEYS):
        _fail(where, "'fit' needs %s" % ", ".join(FIT_KEYS))
    if sorted(fit) != sorted(FIT_KEYS):
        _fail(where, "'fit' takes only %s, got %s" % (", ".join(FIT_KEYS), ", ".join(sorted(map(str, fit)))))
    f = fit["usable_fraction"]
    if isinstance(f, bool) or not isinstance(f, (int, float)) or not 0 < f <= 1:
        _fail(where, "fit.usable_fraction must be a number in (0, 1], got %r" % (f,))
    if not os.path.isfile(os.path.join(os.path.dirname(path), fit["workload"])):
        _fail(where, "fit.workload: no such file %s" % os.path.join(os.path.dirname(path), fit["workload"]))


def fit_count(base, d, overrides, usable_fraction=None):
    """The copies of one core that fit on the FPGA, computed from the tool's own FPGA cost model (design key `fit`).

    Runs the design's arch as one core (the design's overrides without any `system.*` key) on fit.workload, reads
    fpga_resources[fit.resource] (used by one core, available on the device) and returns
    (floor(available x usable_fraction / used), detail). Nothing is typed in: the per-core use is what the cost
    model counts for this arch and these overrides, so a sensitivity run that changes the core changes the count."""
    fit = d["fit"]
    frac = fit["usable_fraction"] if usable_fraction is None else usable_fraction
    core = {k: v for k, v in overrides.items() if k != "system" and not k.startswith("system.")}
    summary, err = _run(os.path.join(base, d["arch"]), os.path.join(base, fit["workload"]), core)
    if summary is None:
        return None, err
    res = (summary.get("fpga_resources") or {}).get(fit["resource"])
    if not res or not res.get("used"):
        return None, "the core reports no FPGA resource '%s' (is the arch an FPGA target?)" % fit["resource"]
    n = int(math.floor(res["available"] * frac / res["used"] + 1e-9))
    if n < 1:
        return None, "not even one core fits in %g of the device's %s" % (frac, fit["resource"])
    return n, {"used": res["used"], "available": res["available"], "fraction": frac, "count": n,
               "device": summary.get("fpga_device")}


def _with_fit(base, d, overrides, usable_fraction=None):
    """overrides plus the fitted core count (design key `fit`); (sets, detail) or (None, error)."""
    if not d.get("fit"):
        return dict(overrides), None
    n, detail = fit_count(base, d, overrides, usable_fraction)
    if n is None:
        return None, "fit: " + detail
    return dict(overrides, **{d["fit"]["key"]: n}), detail


def _scaled(value, factor):
    """The --set value for value x factor: integers stay integers (rounded, at least 1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int):
        return max(1, int(math.floor(value * factor + 0.5)))
    return float("%.6g" % (value * factor))


def figure_value(metric, summary):
    if metric == "latency_s":
        return summary["seconds"]
    if metric == "tokens_per_s":
        return summary["tokens_per_s"]
    power = summary.get("power_w")  # present when the arch has a tech table
    if power is None:
        return None
    if metric == "power_w":
        return power
    return summary["tokens_per_s"] / power if power > 0 else None


def _repo_relative(text):
    """Absolute paths under the checkout, as in an error line, made relative to it, so that the document is the
    same in every checkout."""
    return re.sub(re.escape(REPO) + r"/[^\s)'\"]*",
                  lambda m: os.path.relpath(os.path.normpath(m.group(0)), REPO), text)


def _run(arch, workload, overrides):
    """One simulation; (summary, None) or (None, one-line error)."""
    import _ternsim

    try:
        r = _ternsim.run(arch, workload, overrides or None, None, False)
    except Exception as e:  # a variant that does not map or fit is a result too
        return None, _repo_relative("%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else ""))
    r.pop("resolved_arch_yaml", None)
    return r, None


def _resolved(arch, workload, overrides):
    import _ternsim

    r = _ternsim.run(arch, workload, dict(overrides) or None, None, False)
    return yaml.safe_load(r["resolved_arch_yaml"]), r


def _fingerprint(arch, workload, overrides):
    """sha256 of what a recorded run depends on: the arch and workload files, the overrides, and any override value
    that names a file beside the arch (a DRAM preset). Files the arch includes (tech table, device) are not covered."""
    h = hashlib.sha256()
    for p in (arch, workload):
        with open(p, "rb") as f:
            h.update(f.read())
    h.update(json.dumps(overrides, sort_keys=True).encode())

    def leaves(v):
        if isinstance(v, dict):
            for x in v.values():
                yield from leaves(x)
        elif isinstance(v, str):
            yield v
    for leaf in sorted(set(leaves(overrides))):
        p = os.path.join(os.path.dirname(arch), leaf)
        if os.path.isfile(p):
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def _recorded_path(manifest_path, design_id):
    return os.path.join(os.path.dirname(os.path.abspath(manifest_path)), "results", design_id + ".json")


def _child_cpu_s():
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run_opt_in(manifest_path, d, arch, workload, flag):
    """Runs an opt-in design (no sensitivity) and records its summary; returns the record."""
    import time

    cpu0, wall0 = _child_cpu_s(), time.monotonic()
    summary, err = _run(arch, workload, d["_overrides"])
    if summary is None:
        raise ValidationError("%s: design '%s': the run as described failed: %s" % (manifest_path, d["id"], err))
    record = {
        "design": d["id"],
        "command": "ternsim validate --published --%s" % flag.replace("_", "-"),
        "fingerprint": _fingerprint(arch, workload, d["_overrides"]),
        "cpu_s": round(_child_cpu_s() - cpu0, 1),
        "wall_s": round(time.monotonic() - wall0, 1),
        "summary": {k: summary[k] for k in RECORDED_KEYS if k in summary},
    }
    path = _recorded_path(manifest_path, d["id"])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(record, indent=1, sort_keys=True) + "\n"
    _write_atomic(path, text)
    return json.loads(text)  # as a later regeneration reads it, so both render the same text


def _load_recorded(manifest_path, d):
    path = _recorded_path(manifest_path, d["id"])
    if not os.path.isfile(path):
        return None
    try:
        with open(path) as f:
            record = json.load(f)
        record["summary"]["seconds"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ValidationError("%s: recorded run of design '%s' is not readable (%s): rerun with --%s"
                              % (path, d["id"], e, d["opt_in"].replace("_", "-")))
    return record


def evaluate(manifest_path=DEFAULT_MANIFEST, opt_in=()):
    """Runs the suite; returns the manifest data with results attached (no I/O besides the runs and, for the opt-in
    designs named in `opt_in`, their recorded results)."""
    data = load_manifest(manifest_path)
    base = os.path.dirname(os.path.abspath(manifest_path))
    for d in data["designs"]:
        d["_results"] = None
        d["_recorded"] = None
        if d.get("status", "simulated") != "simulated":
            continue
        arch = os.path.join(base, d["arch"])
        workload = os.path.join(base, d["workload"])
        # design-wide --set overrides, e.g. the DRAM backend variant of a design
        d["_overrides"] = {str(k): v for k, v in (d.get("overrides") or {}).items()}
        if d.get("opt_in"):
            if d["opt_in"] in opt_in:
                record = _run_opt_in(manifest_path, d, arch, workload, d["opt_in"])
            else:
                record = _load_recorded(manifest_path, d)
            if record is None:
                continue
            record["_stale"] = record.get("fingerprint") != _fingerprint(arch, workload, d["_overrides"])
            d["_recorded"] = record
            d["_summary"] = record["summary"]
            d["_sensitivity"] = []
            d["_results"] = True
            continue
        sets, fit_detail = _with_fit(base, d, d["_overrides"])
        if sets is None:
            raise ValidationError("%s: design '%s': %s" % (manifest_path, d["id"], fit_detail))
        d["_fit"] = fit_detail
        try:
            resolved, summary = _resolved(arch, workload, sets)
        except Exception as e:
            raise ValidationError("%s: design '%s': the run as described failed: %s"
                                  % (manifest_path, d["id"], str(e).splitlines()[0]))
        summary.pop("resolved_arch_yaml", None)
        d["_summary"] = summary
        d["_resolved"] = resolved
        sens = []
        for a in d.get("assumptions") or []:
            on_fit = a["key"].startswith("fit.")  # a `fit` parameter (the usable fraction), not an arch key
            value = _lookup({"fit": d.get("fit") or {}}, a["key"]) if on_fit else _lookup(resolved, a["key"])
            if value is None:
                raise ValidationError("%s: design '%s': assumption key '%s' is not in the resolved arch"
                                      % (manifest_path, d["id"], a["key"]))
            tied = a.get("with") or []
            for k in tied:  # keys that must move with this one (e.g. system.parallel.pp with system.chips)
                if _lookup(resolved, k) != value:
                    raise ValidationError("%s: design '%s': assumption '%s' is tied to '%s', but they differ "
                                          "in the resolved arch (%r vs %r)"
                                          % (manifest_path, d["id"], a["key"], k, value, _lookup(resolved, k)))
            row = {"key": a["key"], "with": tied, "reason": a["reason"], "base": value, "variants": []}
            for fac in FACTORS:
                v = _scaled(value, fac)
                if v is None:
                    raise ValidationError("%s: design '%s': assumption '%s' = %r is not numeric"
                                          % (manifest_path, d["id"], a["key"], value))
                if v == value:  # x0.5 of 1 rounds back to 1: nothing to vary
                    row["variants"].append({"factor": fac, "value": v, "summary": summary, "error": None})
                    continue
                if on_fit:
                    sets, err = _with_fit(base, d, d["_overrides"], usable_fraction=v)
                else:  # the core count is refitted to the changed core
                    sets, err = _with_fit(base, d, dict(d["_overrides"], **{k: v for k in [a["key"]] + tied}))
                s = None
                if sets is not None:
                    s, err = _run(arch, workload, sets)
                row["variants"].append({"factor": fac, "value": v, "summary": s, "error": err})
            sens.append(row)
        d["_sensitivity"] = sens
        d["_results"] = True
    return data


# ---------------------------------------------------------------------------------------------- report


def _num(v):
    """Deterministic, readable: 4 significant digits, no exponent for everyday magnitudes."""
    if v is None:
        return "—"
    a = abs(v)
    if a != 0 and (a < 1e-3 or a >= 1e7):
        return "%.4g" % v
    digits = max(0, 3 - int(math.floor(math.log10(a)))) if a != 0 else 0
    return "{:,.{p}f}".format(v, p=digits)


def _pct(v):
    return "—" if v is None else "%+.1f %%" % v


def _err(sim, pub):
    return None if sim is None else (sim - pub) / pub * 100.0


def _effect(design, fig):
    """[(key, [(factor, value, change % of the simulated figure or error text)], max |change|)]"""
    base = figure_value(fig["metric"], design["_summary"])
    out = []
    for row in design["_sensitivity"]:
        changes, worst = [], 0.0
        for v in row["variants"]:
            if v["summary"] is None:
                changes.append((v["factor"], v["value"], v["error"]))
                continue
            sim = figure_value(fig["metric"], v["summary"])
            ch = None if sim is None or not base else (sim - base) / base * 100.0
            changes.append((v["factor"], v["value"], ch))
            if ch is not None:
                worst = max(worst, abs(ch))
        out.append((row["key"], changes, worst))
    return out


def _most(effects):
    if not effects:
        return None
    best = max(effects, key=lambda e: e[2])  # first listed wins ties: manifest order, deterministic
    return best if best[2] > 0 else None


def _opt_in_command(d):
    return "ternsim validate --published --%s" % d["opt_in"].replace("_", "-")


def _inline(v):
    """An override value as one deterministic line (mappings as flow YAML)."""
    if isinstance(v, (dict, list)):
        return yaml.safe_dump(v, default_flow_style=True, sort_keys=True).strip()
    return v


def _changes_text(changes):
    parts = []
    for fac, val, ch in changes:
        if isinstance(ch, str):
            parts.append("x%g (%s): fails" % (fac, _num(val) if isinstance(val, float) else val))
        else:
            parts.append("x%g (%s): %s" % (fac, _num(val) if isinstance(val, float) else val, _pct(ch)))
    return "; ".join(parts)


def render(data, manifest_rel="validation/designs.yaml"):
    L = []
    w = L.append
    w("# Validation against published ternary hardware")
    w("")
    w("Generated by `ternsim validate --published` (python/ternsim/validate_published.py) from `%s`;"
      % manifest_rel)
    w("do not edit: every simulated value and every sensitivity below is computed by that command's runs,")
    w("and `tests/python/test_validation_published.py` fails when this file differs from a fresh run.")
    w("")
    w("Each design is modelled from its own published description, **not tuned** to the figures it is")
    w("compared with. Values the papers do not give are marked `ASSUMPTION` in the arch configs with their")
    w("reason; the sensitivity column re-runs the design with each assumption at x0.5 and x1.5 of its value")
    w("and names the one that moves the figure most. Target (issue 20): |error| <= %g %% on throughput and"
      % TARGET_PCT["throughput"])
    w("latency, <= %g %% on power and tokens/s/W. Error = (simulated - published) / published." % TARGET_PCT["power"])
    w("")
    w("Designs marked opt-in (the cycle-accurate DRAM backend: tens of seconds of CPU per run) are run only by")
    w("`ternsim validate --published --dram-backend`, which records each run in `validation/results/<design>.json`;")
    w("every regeneration renders their rows from that record and marks them stale when an input has changed since.")
    w("")
    w("## Published figures")
    w("")
    w("| design | figure | metric | paper version, place | published | simulated | error | target | assumption that moves it most |")
    w("|---|---|---|---|---:|---:|---:|---|---|")
    notes = []
    for d in data["designs"]:
        for f in d["figures"]:
            label, unit, kind = METRICS[f["metric"]]
            pub = f["published"]
            src = "%s, %s (%s)" % (f["version"], f["place"], f["quality"])
            if not d["_results"]:
                if d.get("opt_in"):
                    w("| %s | %s | %s | %s | %s %s | not run (opt-in) | — | — | run `%s` |"
                      % (d["id"], f["id"], label, src, _num(pub), unit, _opt_in_command(d)))
                else:
                    w("| %s | %s | %s | %s | %s %s | not simulated | — | — | %s |"
                      % (d["id"], f["id"], label, src, _num(pub), unit, d["blocked_by"]))
                continue
            sim = figure_value(f["metric"], d["_summary"])
            err = _err(sim, pub)
            limit = TARGET_PCT[kind]
            ok = err is not None and abs(err) <= limit
            most = _most(_effect(d, f))
            most_txt = "%s (up to %s)" % (most[0], _pct(max((c for _, _, c in most[1] if not isinstance(c, str)),
                                                            key=abs))) if most else "none moves it"
            if d["_recorded"]:
                most_txt = "no sensitivity runs (recorded opt-in run%s)" % (", **stale**" if d["_recorded"]["_stale"]
                                                                           else "")
            w("| %s | %s | %s | %s | %s %s | %s %s | %s | %s | %s |"
              % (d["id"], f["id"], label, src, _num(pub), unit, _num(sim), unit, _pct(err),
                 "met (<= %g %%)" % limit if ok else "**missed** (> %g %%)" % limit, most_txt))
            if not ok:
                if not f.get("explain"):
                    raise ValidationError("design '%s' figure '%s': error %s exceeds the %g %% target but the "
                                          "manifest gives no 'explain' (why, and what the paper would have to state)"
                                          % (d["id"], f["id"], _pct(err), limit))
                notes.append((d, f, err))
    w("")
    if notes:
        w("## Why the large errors")
        w("")
        explained = {}
        for d, f, err in notes:
            explained.setdefault(" ".join(f["explain"].split()), []).append("%s %s (%s)" % (d["id"], f["id"], _pct(err)))
        for text, who in explained.items():
            w("- **%s**: %s" % (", ".join(who), text))
        w("")
    for d in data["designs"]:
        paper = data["papers"][d["paper"]]
        w("## %s" % d["id"])
        w("")
        w(d["title"] + ".")
        w("")
        w("- Paper: %s (%s). Read: %s" % (paper["cite"], paper["versions"], paper["read"]))
        if not d["_results"] and d.get("opt_in"):
            w("- **Not run yet.** An opt-in design (a slow run): `%s` runs it and records its "
              "summary in `%s`, from which this document is regenerated."
              % (_opt_in_command(d), os.path.join("validation", "results", d["id"] + ".json")))
            w("")
            continue
        if not d["_results"]:
            w("- **Not simulated.** %s" % " ".join(d["missing"].split()))
            if d.get("arch"):
                w("- Config kept for later: `validation/%s`." % d["arch"])
            w("")
            w("| figure | published | version, place | quote |")
            w("|---|---:|---|---|")
            for f in d["figures"]:
                label, unit, _ = METRICS[f["metric"]]
                w("| %s | %s %s | %s, %s (%s) | \"%s\" |" % (label, _num(f["published"]), unit, f["version"],
                                                            f["place"], f["quality"], f["quote"]))
            w("")
            continue
        arch = os.path.normpath(os.path.join("validation", d["arch"]))
        w("- Arch: `%s`%s. Workload: `%s` (%s)." % (arch, "; %s" % d["arch_notes"] if d.get("arch_notes") else "",
                                                  os.path.normpath(os.path.join("validation", d["workload"])),
                                                  d.get("workload_notes", "")))
        if d.get("dram_model"):
            w("- DRAM: %s." % d["dram_model"])
        if d["_overrides"]:
            w("- Overrides on every run: %s." % ", ".join("`%s=%s`" % (k, _inline(v))
                                                         for k, v in sorted(d["_overrides"].items())))
        if d.get("_fit"):
            fit, fd = d["fit"], d["_fit"]
            unit = fit["resource"].upper()
            w("- `%s` = %s, computed by this suite from the tool's FPGA cost model: floor(%s %s available on %s x %s "
              "usable (ASSUMPTION: %s) / %s %s per core) = %s. The per-core %s is `fpga_resources.%s.used` of a run of "
              "the same arch as one core (the overrides above without `system.*`) on `%s`; the system run then checks "
              "that all %s cores fit together (every resource, `design does not fit` otherwise)."
              % (fit["key"], fd["count"], "{:,.0f}".format(fd["available"]), unit, fd["device"], _num(fd["fraction"]),
                 " ".join(fit["reason"].split()), "{:,.0f}".format(fd["used"]), unit, fd["count"], unit,
                 fit["resource"], os.path.normpath(os.path.join("validation", fit["workload"])), fd["count"]))
            res = d["_summary"].get("fpga_resources") or {}
            if res:
                w("- The chip's FPGA use on that run (all cores): %s."
                  % ", ".join("%s %s of %s (%s %%)" % (k.upper(), "{:,.0f}".format(res[k]["used"]),
                                                       "{:,.0f}".format(res[k]["available"]),
                                                       _num(100.0 * res[k]["used"] / res[k]["available"]))
                              for k in sorted(res)))
        if d["_recorded"]:
            rec = d["_recorded"]
            w("- Recorded run (opt-in, not repeated by the regular suite): `%s` wrote `%s`; that run took %s s of CPU "
              "(%s s wall) on the machine it ran on.%s"
              % (rec.get("command", _opt_in_command(d)), os.path.join("validation", "results", d["id"] + ".json"),
                 _num(rec.get("cpu_s")) if rec.get("cpu_s") is not None else "—",
                 _num(rec.get("wall_s")) if rec.get("wall_s") is not None else "—",
                 " **Stale: the arch, workload, overrides or DRAM preset changed since; rerun it.**"
                 if rec["_stale"] else " Its inputs (arch, workload, overrides, DRAM preset) are unchanged since."))
            b = d["_summary"].get("dram_backend") or {}
            if b:
                bw = b.get("channel_bandwidth_gbps") or []
                w("- DRAM backend on that run: row-buffer hit rate %s; %s activates, %s refreshes; %s GB/s achieved, "
                  "summed over %d channels; its own DRAM energy %s J (the power figures below still price DRAM from "
                  "the tech table, docs/dram.md)."
                  % (_num(b.get("row_buffer_hit_rate")), "{:,.0f}".format(b.get("activates", 0)),
                     "{:,.0f}".format(b.get("refreshes", 0)), _num(sum(bw)), len(bw),
                     _num((b.get("energy_j") or {}).get("total"))))
        s = d["_summary"]
        w("- Run as described: %s cycles at %s MHz = %s s; %s tokens/s; DRAM %s bytes; bound: %s."
          % ("{:,}".format(s["cycles"]), _num(s["clock_mhz"]), _num(s["seconds"]), _num(s["tokens_per_s"]),
             "{:,}".format(s["dram_bytes"]), (s.get("roofline") or {}).get("bound", "—")))
        if s.get("power_w") is not None:
            br = s.get("energy_breakdown_j") or {}
            parts = ", ".join("%s %s" % (k, _num(br[k] / s["seconds"]) if s["seconds"] else "—")
                              for k in sorted(br))
            w("- Power: %s W average (by part, W: %s)." % (_num(s["power_w"]), parts))
        w("")
        w("| figure | published | simulated | error | version, place | quote |")
        w("|---|---:|---:|---:|---|---|")
        for f in d["figures"]:
            label, unit, _ = METRICS[f["metric"]]
            sim = figure_value(f["metric"], s)
            w("| %s | %s %s | %s %s | %s | %s, %s (%s) | \"%s\" |"
              % (label, _num(f["published"]), unit, _num(sim), unit, _pct(_err(sim, f["published"])),
                 f["version"], f["place"], f["quality"], f["quote"]))
        w("")
        if d["_sensitivity"]:
            metrics = []
            for f in d["figures"]:
                if f["metric"] not in metrics:
                    metrics.append(f["metric"])
            w("Sensitivity (change of the simulated figure when one ASSUMPTION is scaled):")
            w("")
            w("| assumption | value | reason | %s |" % " | ".join(METRICS[m][0] for m in metrics))
            w("|---|---:|---|%s" % ("---|" * len(metrics)))
            for i, row in enumerate(d["_sensitivity"]):
                cells = []
                for m in metrics:
                    eff = _effect(d, {"metric": m})[i]
                    cells.append(_changes_text(eff[1]))
                key = "`%s`" % row["key"] + "".join(" (with `%s`)" % k for k in row.get("with") or [])
                w("| %s | %s | %s | %s |" % (key, _num(row["base"]) if isinstance(row["base"], float)
                                             else row["base"], row["reason"], " | ".join(cells)))
            fails = [(row["key"], v) for row in d["_sensitivity"] for v in row["variants"] if v["error"]]
            if fails:
                w("")
                for key, v in fails:
                    w("- `%s` x%g does not run: %s" % (key, v["factor"], v["error"]))
            w("")
    if data.get("others"):
        w("## Other published designs, not modelled")
        w("")
        w("| design | source | published | why not modelled |")
        w("|---|---|---|---|")
        for o in data["others"]:
            w("| %s | %s | \"%s\" | %s |" % (o["id"], o["source"], o["quote"], o["why_not"]))
        w("")
    return "\n".join(L) + "\n"


def _write_atomic(path, text):
    """Write to a temporary name and rename, so a reader never sees half a document. A target that exists
    and is not a regular file (/dev/stdout, /dev/full, a FIFO) is written in place: renaming over it would
    replace the device node itself."""
    if os.path.isdir(path):
        raise ValidationError("%s: is a directory (--out takes the document's file name)" % path)
    if os.path.exists(path) and not os.path.isfile(path):
        try:
            with open(path, "w") as f:
                f.write(text)
                f.flush()
        except OSError as e:
            raise ValidationError("%s: cannot write: %s" % (path, e.strerror))
        return
    tmp = "%s.tmp.%d" % (path, os.getpid())
    try:
        with open(tmp, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ValidationError("%s: cannot write: %s" % (path, e.strerror))


def generate(manifest=DEFAULT_MANIFEST, opt_in=()):
    data = evaluate(manifest, opt_in)
    rel = os.path.relpath(os.path.abspath(manifest), REPO)
    return render(data, rel if not rel.startswith("..") else manifest)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="ternsim validate --published",
        description="Run the published-design validation suite and (re)write docs/validation.md.")
    ap.add_argument("--manifest", default=DEFAULT_MANIFEST, help="designs file (default validation/designs.yaml)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--out", "-o", default=None, help="write here instead of docs/validation.md ('-' = stdout)")
    g.add_argument("--check", default=None, metavar="FILE",
                   help="do not write: exit 1 if FILE differs from the regenerated text")
    ap.add_argument("--dram-backend", action="store_true",
                    help="also run the designs marked opt_in: dram_backend (cycle-accurate DRAM: slow) "
                         "and record them in validation/results/")
    args = ap.parse_args(argv)
    try:
        text = generate(args.manifest, ("dram_backend",) if args.dram_backend else ())
        if args.check:
            try:
                with open(args.check) as f:
                    old = f.read()
            except OSError as e:
                raise ValidationError("%s: cannot read: %s" % (args.check, e.strerror))
            if old != text:
                print("%s is out of date: run `ternsim validate --published`" % args.check, file=sys.stderr)
                return 1
            print("%s is up to date" % args.check)
            return 0
        out = args.out or DEFAULT_DOC
        if out == "-":
            sys.stdout.write(text)
        else:
            _write_atomic(out, text)
            print("wrote %s" % out)
        return 0
    except ValidationError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted (nothing written)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
