#!/usr/bin/env bash
# Every test: C++ (GoogleTest through ctest) and Python (pytest with /usr/bin/python3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build"
bash "$root/scripts/build.sh" "$build"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
(cd "$build" && ctest --output-on-failure -j"$(nproc)")
export TERNSIM_BUILD_DIR="$build"
export PYTHONPATH="$build/python:$root/python:$root/workloads${PYTHONPATH:+:$PYTHONPATH}"
cd "$root" && /usr/bin/python3 -m pytest tests/python -q
