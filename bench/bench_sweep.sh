#!/usr/bin/env bash
# Design points per minute for a 200-point sweep on the local pool: MMfreeLM-1.3B decode over
# array sizes and DRAM (default), or any spec given (bench/sweep_system_2p7b_decode.yaml: systems
# over chips x cores x link bandwidth). Also prints the CPU seconds the sweep used (parent,
# workers and simulation children), which do not depend on how loaded the machine is.
# Usage: bench/bench_sweep.sh [build-dir] [jobs] [spec]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
jobs="${2:-$(nproc)}"
spec="${3:-$root/bench/sweep_1p3b_decode.yaml}"
out="$(mktemp -d)"
times="$(mktemp)"
start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$times" "$build/ternsim" sweep "$spec" --jobs "$jobs" --out "$out" --quiet >/dev/null
end=$(date +%s.%N)
points=$(grep -c '"status": *"ok"' "$out/results.jsonl" || true)
/usr/bin/python3 - "$points" "$start" "$end" "$jobs" "$(cat "$times")" "$(basename "$spec")" <<'PY'
import sys
points, start, end, jobs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
user, sys_s = (float(x) for x in sys.argv[5].split())
wall, cpu = end - start, user + sys_s
print(f"sweep {sys.argv[6]}: {points} points in {wall:.2f} s on {jobs} jobs = {60 * points / wall:.0f} points/min; "
      f"{cpu:.1f} CPU s ({1000 * cpu / max(points, 1):.0f} CPU ms per point)")
PY
rm -f "$times"
rm -rf "$out"
