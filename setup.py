"""`pip install .` for ternsim: builds the C++ extension `_ternsim` and the `ternsim` CLI with
CMake (the same build as scripts/build.sh) and installs them with the `ternsim` and `tracegen`
packages. Offline, with Debian's setuptools and pybind11-dev:

    /usr/bin/python3 -m pip install --no-build-isolation .

Environment:
  TERNSIM_CMAKE_BUILD_DIR  reuse an existing CMake build directory (e.g. ./build) instead of
                           configuring a fresh one under setuptools' build_temp
  CMAKE_BUILD_PARALLEL_LEVEL  compile jobs (default: all cores)
"""
import glob
import os
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


def cmake_project_version() -> str:
    """The one version number: `project(ternsim VERSION x.y.z ...)` in CMakeLists.txt."""
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"project\(\s*ternsim\s+VERSION\s+([0-9.]+)", f.read())
    if not m:
        sys.exit("setup.py: no `project(ternsim VERSION x.y.z)` in CMakeLists.txt")
    return m.group(1)


class CMakeBuild(build_ext):
    """Builds the CMake targets `_ternsim` and `ternsim`, then places the extension where
    setuptools expects it and the CLI binary inside the package (ternsim/bin/ternsim)."""

    def build_extension(self, ext):
        build_dir = os.environ.get("TERNSIM_CMAKE_BUILD_DIR") or os.path.join(os.path.abspath(self.build_temp),
                                                                               "cmake")
        os.makedirs(build_dir, exist_ok=True)
        if not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
            subprocess.check_call(["cmake", "-S", ROOT, "-B", build_dir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                                   "-DPython_EXECUTABLE=" + sys.executable, "-DTERNSIM_RTL=OFF",
                                   "-DTERNSIM_BENCH=OFF"])
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "_ternsim", "ternsim", "-j", jobs])
        built = glob.glob(os.path.join(build_dir, "python", "_ternsim*.so"))
        if len(built) != 1:
            sys.exit("setup.py: expected one _ternsim*.so in %s/python, found %r" % (build_dir, built))
        dest = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(built[0], dest)
        # The typing stub of the extension sits next to it.
        shutil.copy2(os.path.join(ROOT, "python", "_ternsim.pyi"), os.path.join(os.path.dirname(dest), "_ternsim.pyi"))
        bindir = os.path.join(self.build_lib, "ternsim", "bin")
        os.makedirs(bindir, exist_ok=True)
        shutil.copy2(os.path.join(build_dir, "ternsim"), os.path.join(bindir, "ternsim"))


setup(
    version=cmake_project_version(),
    package_dir={"ternsim": "python/ternsim", "tracegen": "workloads/tracegen"},
    packages=["ternsim", "ternsim.importers", "tracegen"],
    package_data={"ternsim": ["py.typed"]},
    ext_modules=[Extension("_ternsim", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
