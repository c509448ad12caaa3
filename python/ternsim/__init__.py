"""ternsim from Python: one simulation (`run`) or a design-space sweep (`sweep`).

The simulator itself is the C++ extension `_ternsim` (built by CMake into <build>/python);
this package adds sweeps, a crash-safe results store, Dask execution, Pareto fronts and plots.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Union

try:
    import _ternsim
except ImportError as e:  # pragma: no cover - the message is the point
    raise ImportError(
        "ternsim: the C++ module _ternsim is not importable (%s). Build it with CMake "
        "(TERNSIM_PYTHON=ON) and put <build>/python on PYTHONPATH next to <repo>/python." % e
    ) from e

# One version for the package, the extension and `ternsim --version`: CMake's project version.
__version__: str = _ternsim.__version__

ConfigError = _ternsim.ConfigError
MappingError = _ternsim.MappingError
SimulationCrash = _ternsim.SimulationCrash


if TYPE_CHECKING:
    import pandas

PathOrDict = Union[str, "os.PathLike[str]", Mapping[str, Any]]
Overrides = Optional[Union[Mapping[str, Any], Sequence[str]]]


def run(arch: PathOrDict, workload: PathOrDict, overrides: Overrides = None, base_dir: Optional[str] = None,
        with_ops: bool = True) -> Dict[str, Any]:
    """Simulate `workload` on `arch`; each is a path or a dict (a parsed YAML file).

    overrides: {"array.rows": 32, ...} applied to the arch like `ternsim run --set`; the key
    `tokens` sets the workload's tokens instead (a `repeat:` loop's default step count).
    base_dir: where relative paths inside dict configs (e.g. `tech:`) are resolved; cwd by default.
    Returns the summary.json fields plus `op_records` (one dict per op, per body op of a loop; left out with
    with_ops=False, which a sweep uses) and `resolved_arch_yaml`.
    Raises ConfigError / MappingError with the CLI's messages, SimulationCrash if the
    simulation process dies. Ctrl-C (KeyboardInterrupt) kills the simulation and returns at once.
    """
    if not isinstance(with_ops, bool):  # pybind11's own message would repr every argument (a whole workload)
        raise TypeError("with_ops: expected True or False, got a Python %s" % type(with_ops).__name__)
    if isinstance(arch, os.PathLike):
        arch = os.fspath(arch)
    if isinstance(workload, os.PathLike):
        workload = os.fspath(workload)
    from .interrupt import call_interruptibly

    return call_interruptibly(_ternsim.run, arch, workload, overrides, base_dir, with_ops)


def sweep(spec: PathOrDict, jobs: Optional[int] = None, out: Optional[str] = None, scheduler: Any = None,
          quiet: bool = False, retry_failed: bool = False, base_dir: Optional[str] = None) -> "pandas.DataFrame":
    """Run a sweep spec (YAML path or dict) and return a pandas DataFrame, one row per point.

    jobs: local worker processes (default: all cores); scheduler: a Dask address
    ("tcp://host:8786") or dask.distributed.Client; out: results directory (results.jsonl,
    results.csv, spec.yaml; rerunning skips finished points), None keeps nothing on disk.
    base_dir: where relative paths in a dict spec are resolved (default: cwd). See ternsim.spec.
    Ctrl-C stops the sweep at once and kills its processes: ternsim.runner.SweepInterrupted (a
    KeyboardInterrupt) carries the finished points as `.results`, and they are saved in `out`.
    """
    from .runner import run_sweep

    return run_sweep(spec, jobs=jobs, out=out, scheduler=scheduler, quiet=quiet,
                     retry_failed=retry_failed, base_dir=base_dir)


__all__ = ["__version__", "run", "sweep", "ConfigError", "MappingError", "SimulationCrash"]
