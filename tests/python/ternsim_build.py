"""Locates the CMake build for the Python tests: $TERNSIM_BUILD_DIR, default <repo>/build.

The module is required, not optional: if it is missing the tests fail with how to build it.
"""
import glob
import os
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("TERNSIM_BUILD_DIR", os.path.join(REPO, "build")))
PYDIR = os.path.join(BUILD, "python")
CLI = os.path.join(BUILD, "ternsim")
LAYER = os.path.join(REPO, "workloads", "examples", "mmfreelm-1.3b_layer_decode.yaml")
ASIC = os.path.join(REPO, "arch_configs", "ternary_asic.yaml")

if not glob.glob(os.path.join(PYDIR, "_ternsim*.so")):
    pytest.fail("no _ternsim module in %s: build it (cmake -S %s -B %s -G Ninja && ninja -C %s) "
                "or point TERNSIM_BUILD_DIR at your build" % (PYDIR, REPO, BUILD, BUILD), pytrace=False)
for p in (os.path.join(REPO, "python"), PYDIR):
    if p not in sys.path:
        sys.path.insert(0, p)


def env():
    """Environment for subprocesses that import ternsim."""
    e = dict(os.environ)
    e["PYTHONPATH"] = PYDIR + os.pathsep + os.path.join(REPO, "python")
    return e
