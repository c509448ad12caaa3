"""Plots of a sweep's results as PNG files (matplotlib, Agg backend: no display needed)."""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .pareto import pareto_front  # noqa: E402

AREA_COLUMNS = ("area_mm2", "area.total_mm2")


def axis_senses(columns, objectives=None):
    """{column: "minimize"|"maximize"} for the plotted columns, and notes for assumed ones.

    The sense comes from the objectives (the sweep spec's, or --maximize/--minimize); a
    column named in neither is minimized, and the note says so: a Pareto front drawn with
    the wrong sense is the set of *worst* designs, so it is never chosen silently."""
    objectives = objectives or {}
    senses, notes = {}, []
    for c in columns:
        if c in objectives.get("maximize", []):
            senses[c] = "maximize"
        elif c in objectives.get("minimize", []):
            senses[c] = "minimize"
        else:
            senses[c] = "minimize"
            notes.append("%s is not in the objectives; the Pareto front minimizes it (give --maximize %s if higher is better)"
                         % (c, c))
    return senses, notes


def front_label(senses):
    return "Pareto front (%s)" % ", ".join("%s %s" % (s, c) for c, s in senses.items())


def pareto_for_axes(df, x, y, senses):
    ok = df[(df["status"] == "ok") & df[x].notna() & df[y].notna()] if "status" in df else df
    front = pareto_front(ok, minimize=[c for c in (x, y) if senses[c] == "minimize"],
                         maximize=[c for c in (x, y) if senses[c] == "maximize"])
    return ok, front


def _scatter(df, x, y, path, title, senses):
    ok, front = pareto_for_axes(df, x, y, senses)
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    groups = ok.groupby("study") if "study" in ok else [("points", ok)]
    for name, g in groups:
        ax.scatter(g[x], g[y], s=18, alpha=0.6, label=str(name))
    f = ok[front].sort_values(x)
    ax.plot(f[x], f[y], "-o", color="black", markerfacecolor="none", markersize=9, label=front_label(senses))
    better = {"minimize": "lower is better", "maximize": "higher is better"}
    ax.set_xlabel("%s (%s)" % (x, better[senses[x]]))
    ax.set_ylabel("%s (%s)" % (y, better[senses[y]]))
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path, int(front.sum())


def breakdown_columns(df):
    """Per-component energy columns: flattened 'energy...<component>' dicts from summary.json."""
    cols = [c for c in df.columns if "." in c and "energy" in c.split(".")[0]
            and df[c].dtype.kind in "fi"]
    return cols


def plot_breakdown(df, path, max_points=40):
    cols = breakdown_columns(df)
    ok = df[df["status"] == "ok"] if "status" in df else df
    if not cols or not len(ok):
        return None
    if "pareto" in ok and ok["pareto"].any():
        ok = ok[ok["pareto"]]
    ok = ok.head(max_points)
    fig, ax = plt.subplots(figsize=(max(6.4, 0.35 * len(ok)), 4.8))
    bottom = None
    labels = [str(p) for p in ok["point"]] if "point" in ok else [str(i) for i in range(len(ok))]
    for c in cols:
        vals = ok[c].fillna(0).to_numpy()
        ax.bar(labels, vals, bottom=bottom, label=c.split(".", 1)[1])
        bottom = vals if bottom is None else bottom + vals
    ax.set_xlabel("point")
    ax.set_ylabel(cols[0].split(".")[0])
    ax.set_title("energy breakdown" + (" (Pareto points)" if "pareto" in df and df["pareto"].any() else ""))
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_all(df, out_dir, x="seconds", y="energy_j", objectives=None):
    """Writes every plot the columns allow; returns the list of PNG paths and notes on the rest.

    objectives: {"minimize": [...], "maximize": [...]}, the sense of each Pareto axis."""
    os.makedirs(out_dir, exist_ok=True)
    written, notes = [], []
    pairs = [(x, y)] + [(ac, "energy_j") for ac in AREA_COLUMNS if ac in df]
    for a, b in pairs:
        if a in df and b in df:
            senses, assumed = axis_senses([a, b], objectives)
            notes += [n for n in assumed if n not in notes]
            path, n = _scatter(df, a, b, os.path.join(out_dir, "%s_vs_%s.png" % (b, a)), "%s vs %s" % (b, a), senses)
            written.append(path)
            notes.append("%s: %s, %d point%s" % (os.path.basename(path), front_label(senses), n, "" if n == 1 else "s"))
        else:
            notes.append("no %s vs %s plot: column(s) %s not in the results"
                         % (b, a, ", ".join(c for c in (a, b) if c not in df)))
    if not any(ac in df for ac in AREA_COLUMNS):
        notes.append("no energy vs area plot: no area_mm2 column in the results")
    p = plot_breakdown(df, os.path.join(out_dir, "energy_breakdown.png"))
    if p:
        written.append(p)
    else:
        notes.append("no breakdown plot: no per-component energy columns (energy*.<component>)")
    return written, notes
