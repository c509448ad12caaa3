"""`ternsim sweep` and `ternsim plot` (the C++ CLI execs `python3 -m ternsim.sweep_cli ...`)."""
import argparse
import os
import sys


def _sweep(a):
    from . import ConfigError
    from .runner import run_sweep

    try:
        df = run_sweep(a.spec, jobs=a.jobs, out=a.out, scheduler=a.scheduler, quiet=a.quiet,
                       retry_failed=a.retry_failed)
    except ConfigError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    counts = df["status"].value_counts().to_dict() if len(df) else {}
    line = ", ".join("%d %s" % (counts.get(s, 0), s) for s in ("ok", "failed", "pruned"))
    front = int(df["pareto"].sum()) if "pareto" in df else None
    if not a.quiet:
        print("  %d points: %s%s" % (len(df), line, "" if front is None else "; %d on the Pareto front" % front))
        for _, r in df[df["status"] == "failed"].head(5).iterrows():
            print("  failed point %s: %s" % (r["point"], r["error"]))
        print("  results in %s/ (results.jsonl, results.csv, spec.yaml)" % a.out)
    return 0


def _plot(a):
    import pandas as pd
    import yaml

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
    written, notes = plot_all(df, a.plots or os.path.join(a.results, "plots"), x=a.x, y=a.y)
    for n in notes:
        print("  note: " + n)
    for w in written:
        print("  wrote " + w)
    return 0


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
    a = ap.parse_args(argv)
    return _sweep(a) if a.cmd == "sweep" else _plot(a)


if __name__ == "__main__":
    sys.exit(main())
