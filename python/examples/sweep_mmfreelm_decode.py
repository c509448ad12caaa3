#!/usr/bin/env python3
"""Ternary array size x weight SRAM x DRAM type for one MMfreeLM-1.3B decode step, against
the int8 systolic NPU baseline, then the latency/energy Pareto front as a PNG.

    PYTHONPATH=build/python:python /usr/bin/python3 python/examples/sweep_mmfreelm_decode.py \
        --out results/ternary_vs_systolic [--jobs 2] [--scheduler tcp://host:8786]

Rerunning with the same --out skips the points already in results.jsonl.
"""
import argparse
import os

import yaml

import ternsim
from ternsim.pareto import pareto_front
from ternsim.plots import plot_all

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SPEC = os.path.join(REPO, "arch_configs", "sweeps", "ternary_vs_systolic.yaml")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="results/ternary_vs_systolic")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--scheduler", default=None)
    a = ap.parse_args()

    with open(SPEC) as f:
        spec = yaml.safe_load(f)
    # The baseline arch may be missing in a trimmed checkout: sweep the ternary part alone then.
    if not os.path.isfile(os.path.join(REPO, "arch_configs", "npu_systolic.yaml")):
        print("note: arch_configs/npu_systolic.yaml not found, sweeping without the int8 baseline")
        spec["studies"] = [s for s in spec["studies"] if s["name"] != "int8_systolic"]
    df = ternsim.sweep(spec, jobs=a.jobs, out=a.out, scheduler=a.scheduler, base_dir=os.path.dirname(SPEC))

    ok = df[df["status"] == "ok"]
    front = ok[pareto_front(ok, minimize=["seconds", "energy_j"])].sort_values("seconds")
    cols = [c for c in ["study", "array.rows", "sram.weight_buffer.capacity_kib", "dram.kind",
                        "seconds", "energy_j", "area_mm2"] if c in front]
    print(front[cols].to_string(index=False))
    written, notes = plot_all(df, os.path.join(a.out, "plots"))
    for n in notes:
        print("note: " + n)
    for w in written:
        print("wrote " + w)


if __name__ == "__main__":
    main()
