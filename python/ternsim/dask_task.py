"""Dask tasks that need no setup on the worker (issue 19.5).

A task used to carry file paths, so every worker needed the project on PYTHONPATH and the same
absolute files. Now the client ships everything:
  * this module is pickled by value (cloudpickle.register_pickle_by_value), so the worker
    does not need to import ternsim to run it;
  * the ternsim package and the _ternsim extension travel as one broadcast blob and are
    unpacked once per worker host into a directory named by their hash;
  * a point's files (arch, workload, every file the arch names; see content.py) travel as
    bytes, keyed by their sha256, and are laid out under a content-addressed bundle
    directory at their original absolute paths, so the arch's relative `tech:` and device
    paths resolve exactly as on the client.
ASSUMPTION: workers run the same OS/CPU/Python as the client (the extension is a binary).

Nothing here may import ternsim at module level: the worker imports it from the shipped copy.
"""
import hashlib
import os
import sys
import tempfile


def _write_once(path, data):
    """Content-addressed directories never change a file: if it is there, it is right."""
    if os.path.exists(path):
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _cache_root():
    return os.path.join(tempfile.gettempdir(), "ternsim-%d" % os.getuid())


def _import_shipped(package):
    """Make the shipped copy of ternsim + _ternsim importable (first on sys.path) and import it."""
    d = os.path.join(_cache_root(), "package-" + package["digest"])
    for name, data in package["files"].items():
        _write_once(os.path.join(d, name), data)
    if d not in sys.path:
        sys.path.insert(0, d)
    import importlib

    importlib.invalidate_caches()
    import ternsim.runner

    return ternsim.runner


def run_bundled(task, blobs, package):
    """Worker side: lay out the point's files, then simulate exactly as the local pool does.

    task: {"arch", "workload": absolute client paths, "overrides", "files": {path: sha256}}
    blobs: {sha256: bytes}; package: {"digest", "files": {relative name: bytes}}."""
    runner = _import_shipped(package)
    bundle = hashlib.sha256("".join(sorted(p + "\0" + d + "\0" for p, d in task["files"].items())).encode()).hexdigest()
    root = os.path.join(_cache_root(), "bundle-" + bundle[:24])
    for path, digest in task["files"].items():
        data = blobs[digest]
        if hashlib.sha256(data).hexdigest() != digest:  # pragma: no cover - a corrupted transfer
            return "failed", "SimulationCrash: %s arrived damaged on the worker" % path, None
        _write_once(root + path, data)
    # An override that names one of the files by absolute path (--set tech=/x/7nm.yaml) follows it.
    overrides = {k: root + os.path.normpath(v) if isinstance(v, str) and os.path.isabs(v)
                 and os.path.normpath(v) in task["files"] else v for k, v in task["overrides"].items()}
    local = {"arch": root + task["arch"], "workload": root + task["workload"], "overrides": overrides}
    return runner.run_point(local)


def package_blob():
    """Client side: the ternsim package (.py files) and the _ternsim extension as bytes."""
    import _ternsim
    import ternsim

    files = {}
    pkg_dir = os.path.dirname(os.path.abspath(ternsim.__file__))
    for name in sorted(os.listdir(pkg_dir)):
        if name.endswith(".py"):
            with open(os.path.join(pkg_dir, name), "rb") as f:
                files["ternsim/" + name] = f.read()
    with open(_ternsim.__file__, "rb") as f:
        files[os.path.basename(_ternsim.__file__)] = f.read()
    h = hashlib.sha256()
    for name, data in sorted(files.items()):
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return {"digest": h.hexdigest()[:24], "files": files}
