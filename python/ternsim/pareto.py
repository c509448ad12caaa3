"""Pareto front: the points no other point beats on every objective at once."""
import numpy as np


def pareto_front(df, minimize=(), maximize=()):
    """Boolean Series (index of df): True where the row is not dominated.

    Row a dominates b when a is no worse on every objective and strictly better on one.
    Rows with a missing (NaN) objective are never on the front. Equal rows do not dominate
    each other, so duplicates of a front point are all on the front.
    """
    import pandas as pd

    minimize, maximize = list(minimize), list(maximize)
    cols = minimize + maximize
    if not cols:
        raise ValueError("pareto_front: give at least one objective to minimize or maximize")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KeyError("pareto_front: no column %s (columns: %s)" % (", ".join(missing), ", ".join(map(str, df.columns))))
    # Turn everything into minimization.
    v = np.column_stack([df[c].astype(float).to_numpy() for c in minimize] +
                        [-df[c].astype(float).to_numpy() for c in maximize]) if len(df) else np.zeros((0, len(cols)))
    valid = ~np.isnan(v).any(axis=1)
    on_front = valid.copy()
    for i in np.flatnonzero(valid):
        others = v[valid]
        dominated = np.any(np.all(others <= v[i], axis=1) & np.any(others < v[i], axis=1))
        on_front[i] = not dominated
    return pd.Series(on_front, index=df.index, name="pareto")
