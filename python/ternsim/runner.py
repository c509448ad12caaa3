"""Running a sweep: local process pool or Dask, one results-store line per finished point.

Only this (parent) process writes the store, so the file never sees interleaved writers; the
workers just simulate. Each simulation forks its own child inside _ternsim.run, so a crashing
point is a `failed` row, never a lost worker.
"""
import concurrent.futures as cf
import multiprocessing
import os
import sys
import time

import yaml

from .expr import ExprError
from .spec import load_spec
from .store import ResultStore


def flatten(d, prefix=""):
    """summary dict -> flat {dotted.name: scalar}; lists (per-op rows) are left out."""
    out = {}
    for k, v in d.items():
        name = prefix + str(k)
        if isinstance(v, dict):
            out.update(flatten(v, name + "."))
        elif not isinstance(v, list):
            out[name] = v
    return out


def run_point(task):
    """Worker body (local pool or Dask): never raises, returns (status, metrics|error, wall_s)."""
    import _ternsim

    t0 = time.time()
    try:
        r = _ternsim.run(task["arch"], task["workload"], task["overrides"], None, False)
    except Exception as e:  # every failure becomes a recorded row
        return "failed", "%s: %s" % (type(e).__name__, e), time.time() - t0
    r.pop("op_records", None)
    r.pop("resolved_arch_yaml", None)
    return "ok", flatten(r), time.time() - t0


def _check(point, constraints, metrics):
    """First violated constraint (text), or None. Pre-run when metrics is None."""
    values = dict(point.params, arch=point.arch, workload=point.workload)
    if metrics is not None:
        values.update(metrics)
    avail = {n.split(".")[0] for n in values}
    for c in constraints:
        if metrics is None and not c.can_evaluate(avail):
            continue  # needs results: checked after the run
        if not c.evaluate(values):
            return c.text
    return None


def _record(point, status, error=None, metrics=None, pruned_by=None, wall_s=None):
    return {"key": point.key, "study": point.study, "arch": point.arch, "workload": point.workload,
            "params": point.params, "status": status, "error": error, "pruned_by": pruned_by,
            "metrics": metrics or {}, "wall_s": wall_s}


def _finish(point, constraints, status, payload, wall_s):
    if status != "ok":
        return _record(point, "failed", error=payload, wall_s=wall_s)
    try:
        violated = _check(point, constraints, payload)
    except ExprError as e:
        return _record(point, "failed", error="ConfigError: %s" % e, metrics=payload, wall_s=wall_s)
    if violated:
        return _record(point, "pruned", metrics=payload, pruned_by=violated, wall_s=wall_s)
    return _record(point, "ok", metrics=payload, wall_s=wall_s)


def _progress(total, quiet):
    try:
        from tqdm.auto import tqdm  # a widget in Jupyter, a text bar in a terminal
    except ImportError:  # pragma: no cover
        tqdm = None
    disable = quiet or not (sys.stderr.isatty() or "ipykernel" in sys.modules)
    if tqdm is None:
        class _Null:
            def update(self, n=1): pass
            def close(self): pass
        return _Null()
    return tqdm(total=total, disable=disable, unit="pt", desc="sweep", dynamic_ncols=True)


def _dask_client(scheduler):
    from dask.distributed import Client

    if isinstance(scheduler, Client):
        return scheduler, False
    return Client(scheduler), True


def run_sweep(spec, jobs=None, out=None, scheduler=None, quiet=False, retry_failed=False, base_dir=None):
    spec = load_spec(spec, base_dir)
    store = ResultStore(out)
    if out is not None:
        with open(os.path.join(out, "spec.yaml"), "w") as f:
            f.write(getattr(spec, "text", None) or yaml.safe_dump(spec.data, sort_keys=False))

    todo, seen = [], set()
    for p in spec.points:
        if p.key in seen:
            continue  # two spec entries that describe the same simulation run once
        seen.add(p.key)
        rec = store.records.get(p.key)
        if rec is not None and (rec["status"] != "failed" or not retry_failed):
            continue
        try:
            violated = _check(p, spec.constraints_for(p), None)
        except ExprError as e:
            store.append(_record(p, "failed", error="ConfigError: %s" % e))
            continue
        if violated:
            store.append(_record(p, "pruned", pruned_by=violated))
            continue
        todo.append(p)

    bar = _progress(len(todo), quiet)
    try:
        if todo and scheduler is not None:
            _run_dask(todo, spec, store, scheduler, bar)
        elif todo:
            _run_local(todo, spec, store, jobs or os.cpu_count() or 1, bar)
    finally:
        bar.close()
        store.close()
    df = results_frame(spec, store.records)
    if out is not None:
        df.to_csv(os.path.join(out, "results.csv"), index=False)
    return df


def _run_local(todo, spec, store, jobs, bar):
    if jobs <= 1:
        for p in todo:
            store.append(_finish(p, spec.constraints_for(p), *run_point(p.task())))
            bar.update(1)
        return
    # fork: workers inherit sys.path and the loaded module; each point forks again in C++.
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {pool.submit(run_point, p.task()): p for p in todo}
        for fut in cf.as_completed(futures):
            p = futures[fut]
            try:
                result = fut.result()
            except Exception as e:  # a worker process died: record, keep going
                result = ("failed", "%s: %s" % (type(e).__name__, e), None)
            store.append(_finish(p, spec.constraints_for(p), *result))
            bar.update(1)


def _run_dask(todo, spec, store, scheduler, bar):
    from dask.distributed import as_completed

    client, owned = _dask_client(scheduler)
    try:
        futures = {}
        for p in todo:
            f = client.submit(run_point, p.task(), key="ternsim-%s" % p.key, pure=False)
            futures[f] = p
        for fut in as_completed(list(futures)):
            p = futures[fut]
            try:
                result = fut.result()
            except Exception as e:
                result = ("failed", "%s: %s" % (type(e).__name__, e), None)
            store.append(_finish(p, spec.constraints_for(p), *result))
            bar.update(1)
    finally:
        if owned:
            client.close()


def results_frame(spec, records):
    """One row per spec point (spec order): point columns, parameters, then metrics."""
    import pandas as pd

    from .pareto import pareto_front

    rows, seen = [], set()
    for p in spec.points:
        if p.key in seen or p.key not in records:
            continue
        seen.add(p.key)
        rec = records[p.key]
        row = {"point": p.index, "key": p.key, "study": p.study, "status": rec["status"],
               "error": rec.get("error"), "pruned_by": rec.get("pruned_by"),
               "arch_file": os.path.relpath(p.arch, spec.base_dir),
               "workload_file": os.path.relpath(p.workload, spec.base_dir)}
        for k, v in p.params.items():
            if k not in ("arch", "workload"):
                row[k] = v
        row.update(rec.get("metrics") or {})
        rows.append(row)
    df = pd.DataFrame(rows)
    # Column order must not depend on where rows came from (fresh run or results.jsonl) or on
    # which point finished first: fixed columns, parameters in spec order, metrics sorted.
    fixed = ["point", "key", "study", "status", "error", "pruned_by", "arch_file", "workload_file"]
    params = []
    for p in spec.points:
        params += [k for k in p.params if k not in ("arch", "workload") and k not in params]
    metrics = sorted(c for c in df.columns if c not in fixed and c not in params)
    df = df[[c for c in fixed + params + metrics if c in df.columns]]
    obj = spec.objectives
    cols = obj["minimize"] + obj["maximize"]
    if cols and len(df):
        missing = [c for c in cols if c not in df.columns]
        if missing:
            print("ternsim: objectives not in the results (yet): %s" % ", ".join(missing), file=sys.stderr)
        else:
            ok = df["status"] == "ok"
            front = pareto_front(df[ok], minimize=obj["minimize"], maximize=obj["maximize"])
            df["pareto"] = False
            df.loc[front[front].index, "pareto"] = True
    return df
