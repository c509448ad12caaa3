"""`pip install .` (offline, --no-build-isolation, Debian's setuptools) into a fresh venv:
the extension, the packages, the `ternsim` console command and its Python-backed commands
work from another directory without PYTHONPATH, and every version string is CMake's."""
import os
import re
import subprocess
import sys

import pytest

from ternsim_build import BUILD, REPO

import ternsim


def _pip_available():
    r = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True)
    return r.returncode == 0


def _cmake_version():
    with open(os.path.join(REPO, "CMakeLists.txt")) as f:
        return re.search(r"project\(ternsim VERSION ([0-9.]+)", f.read()).group(1)


def test_versions_come_from_cmake():
    import _ternsim

    v = _cmake_version()
    assert ternsim.__version__ == _ternsim.__version__ == v
    out = subprocess.run([os.path.join(BUILD, "ternsim"), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ternsim " + v


@pytest.mark.skipif(not _pip_available(), reason="pip is not installed for this interpreter (Debian: python3-pip)")
def test_pip_install_into_a_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # Reuse this test run's CMake build (setup.py configures a fresh one without it).
    env["TERNSIM_CMAKE_BUILD_DIR"] = BUILD
    r = subprocess.run([py, "-m", "pip", "install", "--no-build-isolation", "--no-index", REPO],
                       capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    del env["TERNSIM_CMAKE_BUILD_DIR"]
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = ("import ternsim, _ternsim, tracegen, ternsim.importers.scalesim, os; "
            "print(ternsim.__version__, os.path.dirname(ternsim.__file__), _ternsim.__file__)")
    out = subprocess.run([py, "-c", code], capture_output=True, text=True, env=env, cwd=str(work), check=True)
    version, pkg, ext = out.stdout.split()
    assert version == _cmake_version()
    assert pkg.startswith(str(venv)) and ext.startswith(str(venv))          # the installed copy, not the repo
    assert os.path.isfile(os.path.join(os.path.dirname(ext), "_ternsim.pyi"))
    assert os.path.isfile(os.path.join(pkg, "py.typed"))
    exe = str(venv / "bin" / "ternsim")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "ternsim " + _cmake_version()
    # A Python-backed command (import) and a simulation, from another directory, no PYTHONPATH.
    data = os.path.join(REPO, "tests", "data", "scalesim")
    r = subprocess.run([exe, "import", "scalesim", "--cfg", os.path.join(data, "scale.cfg"), "--topology",
                        os.path.join(data, "test.csv"), "-o", "imp", "--exact-compute"],
                       capture_output=True, text=True, env=env, cwd=str(work))
    assert r.returncode == 0, r.stderr
    code = ("import ternsim; r = ternsim.run('imp/arch.yaml', 'imp/workload.yaml'); "
            "print(r['op_records'][0]['compute_cycles'])")
    out = subprocess.run([py, "-c", code], capture_output=True, text=True, env=env, cwd=str(work), check=True)
    assert out.stdout.strip() == "21479"   # SCALE-Sim's Total Cycles for this layer (scalesim_runs.csv)
