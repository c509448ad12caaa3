"""`ternsim sweep` and `ternsim plot` (the C++ CLI execs `python3 -m ternsim.sweep_cli ...`)."""
import argparse
import os
import sys

import yaml


def _sweep(a):
    from . import ConfigError
    from .runner import SchedulerUnreachable, SweepInterrupted, run_sweep
    from .store import SweepLocked

    try:
        df = run_sweep(a.spec, jobs=a.jobs, out=a.out, scheduler=a.scheduler, quiet=a.quiet,
                       retry_failed=a.retry_failed)
    except (ConfigError, SchedulerUnreachable, SweepLocked) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    except SweepInterrupted as e:
        print("%s; run the same command again to continue" % e, file=sys.stderr)
        return 130
    except KeyboardInterrupt:  # before the sweep started (loading the spec): nothing to keep
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as e:  # writing the results (disk full, permissions)
        print("error: %s%s" % (e.strerror or e, ": %s" % e.filename if e.filename else ""), file=sys.stderr)
        return 1
    counts = df["status"].value_counts().to_dict() if len(df) else {}
    line = ", ".join("%d %s" % (counts.get(s, 0), s) for s in ("ok", "failed", "pruned"))
    front = int(df["pareto"].sum()) if "pareto" in df else None
    if not a.quiet:
        print("  %d points: %s%s" % (len(df), line, "" if front is None else "; %d on the Pareto front" % front))
        print("  results in %s/ (results.jsonl, results.csv, spec.yaml)" % a.out)
    failed = df[df["status"] == "failed"] if len(df) else df
    if len(failed):
        # A failed point is a result nobody got: the exit status says so, even with --quiet.
        print(failure_summary(failed, len(df)), file=sys.stderr)
        return 1
    return 0


def failure_summary(failed, total, max_reasons=5):
    """'error: 3 of 4 points failed:' then one line per distinct reason, most frequent first."""
    groups = {}
    for _, r in failed.iterrows():
        groups.setdefault(str(r["error"]).splitlines()[0] if r["error"] else "unknown error", []).append(r["point"])
    lines = ["error: %d of %d points failed:" % (len(failed), total)]
    for reason, pts in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[1][0]))[:max_reasons]:
        shown = ", ".join(str(p) for p in pts[:8]) + (", ..." if len(pts) > 8 else "")
        lines.append("  %d point%s (%s): %s" % (len(pts), "" if len(pts) == 1 else "s", shown, reason))
    if len(groups) > max_reasons:
        lines.append("  ... and %d more reasons (see the error column of results.csv)" % (len(groups) - max_reasons))
    return "\n".join(lines)


def _plot(a):
    import pandas as pd

    from .plots import plot_all

    csv = os.path.join(a.results, "results.csv")
    if not os.path.isfile(csv):
        print("error: %s: no results.csv (run `ternsim sweep SPEC --out %s` first)" % (csv, a.results), file=sys.stderr)
        return 2
    df = pd.read_csv(csv)
    for c in (a.x, a.y):
        if c not in df:
            print("error: %s: no column '%s'" % (csv, c), file=sys.stderr)
            return 2
    objectives = _spec_objectives(os.path.join(a.results, "spec.yaml"))
    for sense, other in (("maximize", "minimize"), ("minimize", "maximize")):
        for c in getattr(a, sense) or []:  # the command line wins over the spec
            objectives[sense] = [n for n in objectives[sense] if n != c] + [c]
            objectives[other] = [n for n in objectives[other] if n != c]
    both = set(a.maximize or []) & set(a.minimize or [])
    if both:
        print("error: %s given to both --maximize and --minimize" % ", ".join(sorted(both)), file=sys.stderr)
        return 2
    written, notes = plot_all(df, a.plots or os.path.join(a.results, "plots"), x=a.x, y=a.y, objectives=objectives)
    for n in notes:
        print("  note: " + n)
    for w in written:
        print("  wrote " + w)
    return 0


def _spec_objectives(path):
    """The objectives of the sweep that wrote the results (its spec.yaml), or none."""
    out = {"minimize": [], "maximize": []}
    try:
        with open(path) as f:
            data = yaml.safe_load(f)
    except (OSError, yaml.YAMLError):
        return out
    obj = data.get("objectives") if isinstance(data, dict) else None
    if isinstance(obj, dict):
        for sense in out:
            v = obj.get(sense) or []
            out[sense] = [v] if isinstance(v, str) else [str(n) for n in v if isinstance(n, str)]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(prog="ternsim", description="ternsim design-space sweeps")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sweep", help="Run a sweep spec")
    s.add_argument("spec")
    s.add_argument("--jobs", "-j", type=int, default=None)
    s.add_argument("--out", "-o", required=True)
    s.add_argument("--scheduler", default=None)
    s.add_argument("--quiet", "-q", action="store_true")
    s.add_argument("--retry-failed", action="store_true")
    p = sub.add_parser("plot", help="Plot a sweep's results")
    p.add_argument("results")
    p.add_argument("--x", default="seconds")
    p.add_argument("--y", default="energy_j")
    p.add_argument("--plots", default=None, help="output directory (default RESULTS/plots)")
    p.add_argument("--maximize", action="append", metavar="METRIC", help="higher is better (overrides the spec)")
    p.add_argument("--minimize", action="append", metavar="METRIC", help="lower is better (overrides the spec)")
    a = ap.parse_args(argv)
    return _sweep(a) if a.cmd == "sweep" else _plot(a)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # while importing pandas/ternsim: no traceback for a Ctrl-C
        print("interrupted", file=sys.stderr)
        sys.exit(130)
