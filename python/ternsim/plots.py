"""Plots of a sweep's results: each helper returns a matplotlib Figure and saves it only when
given a path.

Figures are made with `matplotlib.figure.Figure`, not pyplot, so importing or using this module
never selects a backend or registers figures with pyplot: in a notebook the returned Figure
displays itself (`fig` as the cell's last line) and a later `plt.show()` works as usual; in a
script or the CLI `fig.savefig` needs no display.
"""
from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Sequence, Tuple

from matplotlib.figure import Figure

from .pareto import pareto_front

AREA_COLUMNS = ("area_mm2", "area.total_mm2")

# Readable names with units for the summary fields a sweep usually plots (docs/results.md).
LABELS = {
    "seconds": "latency (s)",
    "cycles": "latency (cycles)",
    "energy_j": "energy (J)",
    "energy_per_token_j": "energy per token (J/token)",
    "power_w": "average power (W)",
    "area_mm2": "area (mm²)",
    "area.total_mm2": "total area (mm²)",
    "tokens_per_s": "throughput (tokens/s)",
    "tops_per_w": "efficiency (TOPS/W)",
    "dram_bytes": "DRAM traffic (bytes)",
    "dram_read_bytes": "DRAM reads (bytes)",
    "dram_write_bytes": "DRAM writes (bytes)",
    "array_utilization": "array utilization (fraction)",
}
# Unit suffixes of summary.json names, for columns without an entry above.
_SUFFIX_UNITS = (("_gb_per_s", "GB/s"), ("_gbps", "GB/s"), ("_mm2", "mm²"), ("_bytes", "bytes"),
                 ("_cycles", "cycles"), ("_j", "J"), ("_w", "W"), ("_s", "s"), ("_mhz", "MHz"))


def label(column: str) -> str:
    """Axis label for a results column: a readable name and its unit. The unit is the suffix of
    the field, also for a flattened dict (energy_breakdown_j.dram -> 'energy breakdown dram (J)')."""
    if column in LABELS:
        return LABELS[column]
    parts = column.split(".")
    for i, part in enumerate(parts):
        for suffix, unit in _SUFFIX_UNITS:
            if part.endswith(suffix) and len(part) > len(suffix):
                parts[i] = part[: -len(suffix)]
                return "%s (%s)" % (" ".join(p.replace("_", " ") for p in parts), unit)
    return " ".join(p.replace("_", " ") for p in parts)


def _finish(fig: Figure, path: Optional[str]) -> Figure:
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig


def axis_senses(columns, objectives=None) -> Tuple[Dict[str, str], List[str]]:
    """{column: "minimize"|"maximize"} for the plotted columns, and notes for assumed ones.

    The sense comes from the objectives (the sweep spec's, or --maximize/--minimize); a
    column named in neither is minimized, and the note says so: a Pareto front drawn with
    the wrong sense is the set of *worst* designs, so it is never chosen silently."""
    objectives = objectives or {}
    senses: Dict[str, str] = {}
    notes: List[str] = []
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


def front_label(senses: Dict[str, str]) -> str:
    return "Pareto front (%s)" % ", ".join("%s %s" % (s, c) for c, s in senses.items())


def pareto_for_axes(df, x: str, y: str, senses: Dict[str, str]):
    ok = df[(df["status"] == "ok") & df[x].notna() & df[y].notna()] if "status" in df else df
    front = pareto_front(ok, minimize=[c for c in (x, y) if senses[c] == "minimize"],
                         maximize=[c for c in (x, y) if senses[c] == "maximize"])
    return ok, front


def plot_pareto(df, x: str = "seconds", y: str = "energy_j", path: Optional[str] = None,
                title: Optional[str] = None, objectives: Optional[Dict[str, List[str]]] = None) -> Figure:
    """Scatter of y against x (one colour per study) with the Pareto front. Each axis's sense
    (minimize / maximize) comes from `objectives` ({"maximize": [...], "minimize": [...]});
    an axis named in neither is minimized. The legend says which sense the front uses."""
    senses, _ = axis_senses([x, y], objectives)
    ok, front = pareto_for_axes(df, x, y, senses)
    fig = Figure(figsize=(6.4, 4.8))
    ax = fig.subplots()
    groups = ok.groupby("study") if "study" in ok else [("points", ok)]
    for name, g in groups:
        ax.scatter(g[x], g[y], s=18, alpha=0.6, label=str(name))
    f = ok[front].sort_values(x)
    ax.plot(f[x], f[y], "-o", color="black", markerfacecolor="none", markersize=9, label=front_label(senses))
    ax.set_xlabel(label(x))
    ax.set_ylabel(label(y))
    ax.set_title(title or "%s vs %s" % (label(y).split(" (")[0], label(x).split(" (")[0]))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.pareto_points = int(front.sum())  # how many designs the front holds, for the CLI's note
    return _finish(fig, path)


def breakdown_columns(df) -> List[str]:
    """Per-component energy columns: flattened 'energy...<component>' dicts from summary.json."""
    cols = [c for c in df.columns if "." in c and "energy" in c.split(".")[0]
            and df[c].dtype.kind in "fi"]
    return cols


def plot_breakdown(df, path: Optional[str] = None, max_points: int = 40) -> Optional[Figure]:
    """Stacked energy per component for each point (the Pareto points if marked); None when the
    results have no per-component energy columns."""
    cols = breakdown_columns(df)
    ok = df[df["status"] == "ok"] if "status" in df else df
    if not cols or not len(ok):
        return None
    if "pareto" in ok and ok["pareto"].any():
        ok = ok[ok["pareto"]]
    ok = ok.head(max_points)
    fig = Figure(figsize=(max(6.4, 0.35 * len(ok)), 4.8))
    ax = fig.subplots()
    bottom = None
    labels = [str(p) for p in ok["point"]] if "point" in ok else [str(i) for i in range(len(ok))]
    for c in cols:
        vals = ok[c].fillna(0).to_numpy()
        ax.bar(labels, vals, bottom=bottom, label=c.split(".", 1)[1])
        bottom = vals if bottom is None else bottom + vals
    ax.set_xlabel("design point")
    ax.set_ylabel(label(cols[0].split(".")[0]))
    ax.set_title("energy breakdown" + (" (Pareto points)" if "pareto" in df and df["pareto"].any() else ""))
    ax.legend(fontsize=7)
    return _finish(fig, path)


def plot_all(df, out_dir: str, x: str = "seconds", y: str = "energy_j",
             objectives: Optional[Dict[str, List[str]]] = None) -> Tuple[List[str], List[str]]:
    """Writes every plot the columns allow; returns the list of PNG paths and notes on the rest.

    objectives: {"minimize": [...], "maximize": [...]}, the sense of each Pareto axis."""
    os.makedirs(out_dir, exist_ok=True)
    written: List[str] = []
    notes: List[str] = []
    pairs: Sequence[Tuple[str, str]] = [(x, y)] + [(ac, "energy_j") for ac in AREA_COLUMNS if ac in df]
    for a, b in pairs:
        if a in df and b in df:
            senses, assumed = axis_senses([a, b], objectives)
            notes += [n for n in assumed if n not in notes]
            p = os.path.join(out_dir, "%s_vs_%s.png" % (b, a))
            n = plot_pareto(df, a, b, path=p, title="%s vs %s" % (b, a), objectives=objectives).pareto_points
            written.append(p)
            notes.append("%s: %s, %d point%s" % (os.path.basename(p), front_label(senses), n, "" if n == 1 else "s"))
        else:
            notes.append("no %s vs %s plot: column(s) %s not in the results"
                         % (b, a, ", ".join(c for c in (a, b) if c not in df)))
    if not any(ac in df for ac in AREA_COLUMNS):
        notes.append("no energy vs area plot: no area_mm2 column in the results")
    p = os.path.join(out_dir, "energy_breakdown.png")
    if plot_breakdown(df, p) is not None:
        written.append(p)
    else:
        notes.append("no breakdown plot: no per-component energy columns (energy*.<component>)")
    return written, notes
