#!/usr/bin/env bash
# Simulation-speed benchmarks (issue 10): builds, runs build/ternsim_bench (Google Benchmark,
# one forked run per iteration, median of 5 repetitions) and the two 200-point sweeps (one chip;
# systems over chips x cores x link bandwidth), and prints
# the README's benchmark table with the machine, load and commit it came from.
# Usage: scripts/bench.sh [build-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
bash "$root/scripts/build.sh" "$build" >/dev/null
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
json="$(mktemp)"
trap 'rm -f "$json"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
"$build/ternsim_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=json --benchmark_out="$json" --benchmark_out_format=json >/dev/null
sweep="$(bash "$root/bench/bench_sweep.sh" "$build")
$(bash "$root/bench/bench_sweep.sh" "$build" "$(nproc)" "$root/bench/sweep_system_2p7b_decode.yaml")"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$json" "$sweep" "$load_before" "$load_after" "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'PY'
import json, platform, sys
path, sweep, load_before, load_after, commit = sys.argv[1:]
rows = [b for b in json.load(open(path))["benchmarks"] if b.get("aggregate_name") == "median"]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
cores = sum(1 for l in open("/proc/cpuinfo") if l.startswith("processor"))

def si(v, unit=""):
    for div, p in ((1e9, " G"), (1e6, " M"), (1e3, " k")):
        if v >= div:
            return f"{v / div:.3g}{p}{unit}"
    return f"{v:.3g} {unit}".rstrip()

print(f"machine: {cpu}, {cores} cores, {platform.system()} {platform.release()}; commit {commit}")
print(f"load average before / after: {load_before} / {load_after}")
print()
print("| benchmark | arch | wall per run | in child | simulated cycles per wall second | delta cycles | peak RSS | simulated cycles |")
print("|---|---|---|---|---|---|---|---|")
others = []
for b in rows:
    if "in_child_ms" not in b:  # not a forked run (DRAM streams, wire format): listed below the table
        others.append(b)
        continue
    label, arch = (b.get("label", b["run_name"]) + " | ?").split(" | ")[:2]
    ms = b["real_time"] if b.get("time_unit", "ns") == "ms" else b["real_time"] / {"ns": 1e6, "us": 1e3, "s": 1e-3}[b["time_unit"]]
    print(f"| {label} | {arch.removesuffix('.yaml')} | {ms:.1f} ms | {b['in_child_ms']:.1f} ms | "
          f"{si(b['sim_cycles'] / (ms / 1e3))} | {si(b['delta_cycles'])} | {b['peak_rss_mb']:.1f} MB | "
          f"{si(b['sim_cycles'])} |")
print()
for b in others:
    print(f"- {b['run_name']}: {b['real_time']:.3g} {b.get('time_unit', 'ns')} wall, {b['cpu_time']:.3g} {b.get('time_unit', 'ns')} CPU")
print()
print(sweep)
PY
