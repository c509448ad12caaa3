"""What a design point simulates, by content: the bytes of every file it reads.

A point used to be identified by its file paths, so editing the arch or workload and
resuming a sweep silently reused results computed from the old files (issue 14.17). Here a
point's key is a hash of the arch file, the workload file, every file the arch refers to
(technology table, FPGA device and cost model) and the overrides. The same set of files is
what a Dask task ships to its worker (issue 19.5), so what is hashed and what is simulated
cannot drift apart.
"""
import hashlib
import json
import os

import yaml

# Files larger than this are not followed as references (a 2.7B trace is ~100 MB and has no
# file references; an arch file that names a huge file is not an arch file).
_MAX_REFERENCING_FILE = 16 << 20


class FileHashes:
    """sha256 of files, read once per sweep: thousands of points share a handful of files."""

    def __init__(self):
        self._memo = {}

    def digest(self, path):
        path = os.path.realpath(path)
        st = os.stat(path)
        key = (path, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        d = self._memo.get(key)
        if d is None:
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            d = self._memo[key] = h.hexdigest()
        return d


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def arch_references(arch, overrides):
    """Absolute paths of the files an arch (with its overrides) reads besides itself.

    Any string value that names an existing file relative to the arch's directory counts (the
    simulator resolves `tech:`, `fpga.device` and the like that way), and the FPGA cost model
    that sits beside a device directory (fpga/devices/X.yaml -> fpga/cost_model.yaml). Reading
    the YAML here is only for finding names: a file that does not parse references nothing, and
    the simulator then reports its error as usual.
    """
    base = os.path.dirname(os.path.abspath(arch))
    try:
        if os.path.getsize(arch) > _MAX_REFERENCING_FILE:
            return []
        with open(arch) as f:
            data = yaml.safe_load(f)
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError):
        data = None
    values = list(_strings(data)) + [v for v in overrides.values() if isinstance(v, str)]
    found = set()
    for v in values:
        if not v or len(v) > 4096 or "\n" in v:
            continue
        p = v if os.path.isabs(v) else os.path.join(base, v)
        if os.path.isfile(p):
            p = os.path.normpath(p)
            found.add(p)
            parent = os.path.dirname(p)
            if os.path.basename(parent) == "devices":  # see sim/energy/fpga_cost.cpp
                cost = os.path.join(os.path.dirname(parent), "cost_model.yaml")
                if os.path.isfile(cost):
                    found.add(cost)
    found.discard(os.path.normpath(os.path.abspath(arch)))
    return sorted(found)


def point_files(arch, workload, references):
    """{absolute path: role} of every file a point reads; references from arch_references()."""
    files = {os.path.normpath(os.path.abspath(arch)): "arch",
             os.path.normpath(os.path.abspath(workload)): "workload"}
    for p in references:
        files.setdefault(p, "reference")
    return files


def point_key(files, overrides, hashes):
    """Stable identity of a simulation: same bytes and overrides -> same key.

    `files` is point_files(); references are keyed by their path relative to the arch file,
    since that is how the arch names them."""
    arch = next(p for p, role in files.items() if role == "arch")
    base = os.path.dirname(arch)
    entries = []
    for p, role in sorted(files.items()):
        name = role if role != "reference" else "reference:" + os.path.relpath(p, base)
        entries.append([name, hashes.digest(p)])
    text = json.dumps({"files": sorted(entries), "overrides": overrides}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]
