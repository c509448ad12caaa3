"""Running a sweep: local process pool or Dask, one results-store line per finished point.

Only this (parent) process writes the store, so the file never sees interleaved writers; the
workers just simulate. Each simulation forks its own child inside _ternsim.run, and each local
worker is a disposable process (pool.IsolatedPool), so a crash of either costs one `failed`
row, recorded with its signal, never the sweep.
"""
import os
import signal
import sys
import time

import yaml

from .expr import ExprError
from .pool import IsolatedPool, WorkerDied
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


def _test_hook_matches(var, task):
    spec = os.environ.get(var)
    if not spec or "=" not in spec:
        return False
    key, value = spec.split("=", 1)
    return str(task["overrides"].get(key)) == value


def _test_crash_hook(task):
    """Test hook: TERNSIM_TEST_CRASH_POINT="array.rows=17" makes the process running that
    point die with SIGSEGV, the way a parser crash in the worker would (tests only)."""
    if _test_hook_matches("TERNSIM_TEST_CRASH_POINT", task):
        import faulthandler

        faulthandler.disable()  # no traceback dump: die like a real crash
        try:
            signal.signal(signal.SIGSEGV, signal.SIG_DFL)
        except ValueError:  # not the main thread (a Dask worker's task thread): Python left SIGSEGV alone
            pass
        os.kill(os.getpid(), signal.SIGSEGV)


def _simulate(task):
    """_ternsim.run for a point. Test hook: TERNSIM_TEST_ABORT_CHILD_POINT="array.rows=17" makes
    that point's forked simulation abort (SIGABRT) while this process lives on (tests only;
    the extension's TERNSIM_TEST_ABORT_CHILD=1, read in the child, does the aborting)."""
    import _ternsim

    args = (task["arch"], task["workload"], task["overrides"], None, False)
    if not _test_hook_matches("TERNSIM_TEST_ABORT_CHILD_POINT", task):
        return _ternsim.run(*args)
    os.environ["TERNSIM_TEST_ABORT_CHILD"] = "1"
    try:
        return _ternsim.run(*args)
    finally:
        del os.environ["TERNSIM_TEST_ABORT_CHILD"]


def run_point(task):
    """Worker body (local pool or Dask): never raises, returns (status, metrics|error, wall_s).
    A simulation that dies on a signal is `SimulationCrash: simulation process died with
    signal N (...)`; the process running this function is not affected."""
    _test_crash_hook(task)
    t0 = time.time()
    try:
        r = _simulate(task)
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


class SchedulerUnreachable(ConnectionError):
    """The Dask scheduler address given to a sweep does not answer."""


# Seconds to wait for a Dask scheduler before giving up. distributed's default (30 s) made a
# typo in --scheduler look like a hang; a scheduler that is up answers in milliseconds.
CONNECT_TIMEOUT_S = 5


def _dask_client(scheduler, timeout=CONNECT_TIMEOUT_S):
    import logging

    from dask.distributed import Client

    if isinstance(scheduler, Client):
        return scheduler, False
    # distributed logs each failed connection attempt with a traceback; the one line below says it all.
    log = logging.getLogger("distributed")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        return Client(scheduler, timeout="%ss" % timeout), True
    except (OSError, TimeoutError, ValueError) as e:
        raise SchedulerUnreachable("cannot reach the Dask scheduler at %s within %s s (%s)"
                                   % (scheduler, timeout, str(e).splitlines()[0] if str(e) else type(e).__name__)) from None
    finally:
        log.setLevel(level)


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep. Every finished point is saved (results.jsonl and results.csv when
    out= was given); `results` is the DataFrame of them. A KeyboardInterrupt, so a notebook or
    script stops as it would for any interrupt."""

    def __init__(self, message, results):
        super().__init__(message)
        self.results = results


def write_atomic(path, write):
    """write(tmp_path) then rename: a file on disk is always a complete one (GUIDE rule 5)."""
    tmp = "%s.tmp.%d" % (path, os.getpid())
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_text(text):
    def w(tmp):
        with open(tmp, "w") as f:
            f.write(text)
    return w


def _spec_yaml(spec):
    """A dict spec as YAML for out/spec.yaml; values YAML cannot hold are a SpecError."""
    from .spec import SpecError

    try:
        return yaml.safe_dump(spec.data, sort_keys=False)
    except yaml.YAMLError as e:
        raise SpecError("%s: cannot be saved as YAML (%s): use numbers, strings, booleans, lists and mappings"
                        % (spec.file, str(e).splitlines()[0])) from None


def run_sweep(spec, jobs=None, out=None, scheduler=None, quiet=False, retry_failed=False, base_dir=None):
    spec = load_spec(spec, base_dir)
    store = ResultStore(out)  # locks `out` for this sweep, or raises SweepLocked
    try:
        if out is not None:
            write_atomic(os.path.join(out, "spec.yaml"), _write_text(getattr(spec, "text", None) or _spec_yaml(spec)))
        todo = _plan(spec, store, retry_failed)
        bar = _progress(len(todo), quiet)
        interrupted = False
        try:
            if todo and scheduler is not None:
                _run_dask(todo, spec, store, scheduler, bar)
            elif todo:
                _run_local(todo, spec, store, jobs or os.cpu_count() or 1, bar)
        except KeyboardInterrupt:
            # The pool's workers (and their simulations) are already killed; keep what finished.
            interrupted = True
        finally:
            bar.close()
        df = results_frame(spec, store.records)
        if out is not None:
            write_atomic(os.path.join(out, "results.csv"), lambda tmp: df.to_csv(tmp, index=False))
    finally:
        store.close()
    if interrupted:
        done = sum(1 for p in todo if p.key in store.records)
        raise SweepInterrupted("sweep interrupted: %d of %d points to run had finished%s"
                               % (done, len(todo), "" if out is None else " and are saved in %s/" % out), df)
    return df


def _plan(spec, store, retry_failed):
    """The points still to simulate; pruned and bad-expression points are recorded here."""
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
    return todo


def _run_local(todo, spec, store, jobs, bar):
    # Even -j 1 runs in a worker process: a crash there must cost one point, not the sweep.
    with IsolatedPool(run_point, min(jobs, len(todo))) as pool:
        for i, result in pool.run([p.task() for p in todo]):
            p = todo[i]
            if isinstance(result, WorkerDied):
                result = ("failed", "SimulationCrash: %s" % result, None)
            store.append(_finish(p, spec.constraints_for(p), *result))
            bar.update(1)


def _run_dask(todo, spec, store, scheduler, bar):
    import cloudpickle
    from dask.distributed import as_completed

    from . import dask_task

    # Tasks carry content, not paths: workers need no PYTHONPATH and none of our files.
    cloudpickle.register_pickle_by_value(dask_task)
    client, owned = _dask_client(scheduler)
    try:
        package = client.scatter(dask_task.package_blob(), broadcast=True)
        blobs, futures = {}, {}
        for p in todo:
            files = {}
            for path in p.files:
                digest = spec.file_digest(path)
                if digest not in blobs:
                    blobs[digest] = client.scatter(_read_checked(path, digest))
                files[path] = digest
            task = dict(p.task(), arch=os.path.normpath(os.path.abspath(p.arch)),
                        workload=os.path.normpath(os.path.abspath(p.workload)), files=files)
            f = client.submit(dask_task.run_bundled, task, {d: blobs[d] for d in set(files.values())}, package,
                              key="ternsim-%s" % p.key, pure=False)
            futures[f] = p
        try:
            for fut in as_completed(list(futures)):
                p = futures[fut]
                try:
                    result = fut.result()
                except Exception as e:
                    result = ("failed", _dask_failure(e), None)
                store.append(_finish(p, spec.constraints_for(p), *result))
                bar.update(1)
        except KeyboardInterrupt:
            client.cancel(list(futures))
            raise
    finally:
        if owned:
            client.close()


def _dask_failure(e):
    """One line for a point whose Dask task raised instead of returning its row. run_point never
    raises, and a simulation that dies on a signal is already a row with its signal, so this is
    the worker process itself dying (KilledWorker, after distributed's allowed-failures retries,
    each on another worker) or a cancelled/lost task. Unlike the local pool, Dask decides which
    tasks a dead worker takes along: a point queued on the same worker is retried elsewhere and
    counts that death too, so only a worker dying repeatedly can cost it."""
    if type(e).__name__ == "KilledWorker":
        last = getattr(getattr(e, "last_worker", None), "address", None)
        return ("SimulationCrash: the Dask worker process died while running this point, on every retry "
                "(KilledWorker%s)" % ("; last worker %s" % last if last else ""))
    text = str(e).splitlines()[0] if str(e) else ""
    return "%s: %s" % (type(e).__name__, text)


def _read_checked(path, digest):
    """The bytes a point was keyed by; a file edited since the spec was loaded is an error."""
    import hashlib

    from .spec import SpecError

    with open(path, "rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != digest:
        raise SpecError("%s: changed while the sweep was starting; run it again" % path)
    return data


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
    try:
        df = pd.DataFrame(rows)
    except OverflowError:  # an int beyond 64 bits among numbers (a hostile parameter value): keep it as is
        df = pd.DataFrame(rows, dtype=object)
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
