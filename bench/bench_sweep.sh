#!/usr/bin/env bash
# Design points per minute for a 200-point sweep of MMfreeLM-1.3B decode on the local pool.
# Usage: bench/bench_sweep.sh [build-dir] [jobs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
jobs="${2:-$(nproc)}"
out="$(mktemp -d)"
start=$(date +%s.%N)
"$build/ternsim" sweep "$root/bench/sweep_1p3b_decode.yaml" --jobs "$jobs" --out "$out" --quiet >/dev/null
end=$(date +%s.%N)
points=$(grep -c '"status": *"ok"' "$out/results.jsonl" || true)
/usr/bin/python3 - "$points" "$start" "$end" "$jobs" <<'PY'
import sys
points, start, end, jobs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
wall = end - start
print(f"sweep: {points} points in {wall:.2f} s on {jobs} jobs = {60 * points / wall:.0f} points/min")
PY
rm -rf "$out"
