"""docs/results.md documents every summary.json field and ops.csv column real runs emit, and
the renamed fields keep their old names as aliases for one release (summary, ops.csv, arch)."""
import bisect
import csv
import json
import os
import re
import subprocess

import pytest
import yaml

from ternsim_build import ASIC, CLI, LAYER, REPO

import ternsim

DOC = os.path.join(REPO, "docs", "results.md")
FPGA = os.path.join(REPO, "arch_configs", "fpga_mmfree_prototype.yaml")
# maps whose entry names depend on the run: documented as <placeholder>
DYNAMIC = {"units": "<unit>", "cycles_by_kind": "<kind>", "energy_breakdown_j": "<component>",
           "area_breakdown_mm2": "<component>", "events": "<event>", "fpga_resources": "<resource>"}


def _documented():
    text = open(DOC, encoding="utf-8").read()
    summary, ops = text.split("## ops.csv")
    names = lambda part: set(re.findall(r"^\| `([^`]+)` \|", part, re.M))  # noqa: E731
    return names(summary.split("## summary.json")[1]), names(ops)


def _flatten(d, prefix=""):
    out = set()
    for k, v in d.items():
        if prefix == "" and k in DYNAMIC:
            for entry in v.values():
                if isinstance(entry, dict):
                    out |= {f"{k}.{DYNAMIC[k]}.{f}" for f in entry}
                else:
                    out.add(f"{k}.{DYNAMIC[k]}")
        elif isinstance(v, dict):
            out |= _flatten(v, f"{prefix}{k}.")
        else:
            out.add(prefix + k)
    return out


def _run(tmp_path, arch, name, workload=LAYER):
    out = tmp_path / name
    subprocess.run([CLI, "run", "--arch", arch, "--workload", workload, "--out", str(out)], check=True,
                   capture_output=True)
    with open(out / "summary.json") as f:
        summary = json.load(f)
    with open(out / "ops.csv") as f:
        rows = list(csv.DictReader(f))
    return summary, rows


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("results")
    small = tmp / "small.yaml"  # fits the FPGA prototype's 4 KiB activation buffer
    small.write_text("name: small\nops:\n  - {name: n, kind: rmsnorm, m: 1, n: 256, deps: []}\n"
                     "  - {name: g, kind: gemm, m: 1, n: 256, k: 256, weight: ternary}\n")
    return [_run(tmp, ASIC, "asic"), _run(tmp, FPGA, "fpga", str(small))]


def test_every_emitted_field_is_documented_and_every_documented_one_emitted(runs):
    doc_summary, doc_ops = _documented()
    emitted = set()
    for summary, rows in runs:
        fields = _flatten(summary)
        assert fields <= doc_summary, sorted(fields - doc_summary)
        emitted |= fields
        assert set(rows[0]) <= doc_ops, sorted(set(rows[0]) - doc_ops)
    assert doc_summary - emitted == set(), "documented but emitted by neither run"
    r = ternsim.run(ASIC, LAYER)
    rec = set(r["op_records"][0])
    assert rec <= doc_ops, sorted(rec - doc_ops)
    assert doc_ops - rec - set(runs[0][1][0]) == set()


def test_old_names_are_aliases_for_one_release(runs):
    summary, rows = runs[0]
    assert summary["dram_bandwidth_gbps"] == summary["dram_bandwidth_gb_per_s"] > 0
    assert summary["dram_peak_gbps"] == summary["dram_peak_gb_per_s"] == pytest.approx(102.4)
    assert summary["ops"] == summary["arith_ops"] > 0
    for u in summary["units"].values():
        assert u["ops"] == u["op_count"] >= 1
    assert sum(u["op_count"] for u in summary["units"].values()) == len(rows)
    assert all(row["ops"] == row["arith_ops"] for row in rows)
    assert sum(float(row["arith_ops"]) for row in rows) == pytest.approx(summary["arith_ops"])


def test_dram_bandwidth_key_new_name_and_old_alias(tmp_path):
    arch = yaml.safe_load(open(ASIC))
    base = os.path.dirname(ASIC)
    old = ternsim.run(arch, LAYER, base_dir=base, with_ops=False)
    new_arch = dict(arch, dram={("bandwidth_gb_per_s" if k == "bandwidth_gbps" else k): v
                                for k, v in arch["dram"].items()})
    new = ternsim.run(new_arch, LAYER, base_dir=base, with_ops=False)
    assert new["cycles"] == old["cycles"] and new["dram_peak_gb_per_s"] == old["dram_peak_gb_per_s"]
    slower = ternsim.run(new_arch, LAYER, {"dram.bandwidth_gb_per_s": 10}, base_dir=base, with_ops=False)
    assert slower["dram_peak_gb_per_s"] == pytest.approx(10) and slower["cycles"] > new["cycles"]
    both = dict(arch, dram=dict(arch["dram"], bandwidth_gb_per_s=1.0))
    with pytest.raises(ternsim.ConfigError, match=r"dram\.bandwidth_gbps: old name of bandwidth_gb_per_s: "
                                                  r"give one of them"):
        ternsim.run(both, LAYER, base_dir=base)


def _integral(events, name, series):
    """Area under a step counter: sum of value x time to the next sample (us x unit)."""
    pts = sorted((e["ts"], e["args"][series]) for e in events if e.get("ph") == "C" and e["name"] == name)
    return sum(v * (t2 - t1) for (t1, v), (t2, _) in zip(pts, pts[1:])), pts


def test_perfetto_counter_tracks_balance(tmp_path):
    """DRAM bandwidth integrates to busy channel time x channel peak; power integrates to the
    run's energy (ops' dynamic energy over their spans + leakage)."""
    out = tmp_path / "r"
    subprocess.run([CLI, "run", "--arch", ASIC, "--workload", LAYER, "--out", str(out), "--trace",
                    str(tmp_path / "t.json")], check=True, capture_output=True)
    with open(tmp_path / "t.json") as f:
        events = json.load(f)["traceEvents"]
    with open(out / "summary.json") as f:
        s = json.load(f)
    us = s["seconds"] * 1e6
    gb_us, pts = _integral(events, "DRAM bandwidth (GB/s)", "GB/s")
    assert pts[0][0] == 0.0 and pts[-1][1] == 0
    assert max(v for _, v in pts) == pytest.approx(s["dram_peak_gb_per_s"])
    busy_us = s["dram_bandwidth_utilization"] * us   # one channel in ternary_asic.yaml
    assert gb_us == pytest.approx(busy_us * s["dram_peak_gb_per_s"], rel=1e-9)
    assert gb_us * 1e3 >= s["dram_bytes"] * (1 - 1e-12)  # GB/s x us = 1e3 bytes; whole bursts
    w_us, pts = _integral(events, "power (W)", "W")
    rows = list(csv.DictReader(open(out / "ops.csv")))
    unspread = sum(float(r["energy_j"]) for r in rows if int(r["cycles"]) == 0)
    assert w_us * 1e-6 == pytest.approx(s["energy_j"] - unspread, rel=1e-9)
    assert pts[-1][1] == 0


def test_perfetto_weight_buffer_occupancy_track(tmp_path):
    """Weight-buffer occupancy (bytes in the DMA slots) starts and ends empty, never exceeds the
    weight buffer's capacity, and is non-zero whenever the array computes a chunk (the chunk
    holds its slot until the array releases it). Exact integral: tests/cpp/test_trace_counters.cpp."""
    subprocess.run([CLI, "run", "--arch", ASIC, "--workload", LAYER, "--trace", str(tmp_path / "t.json")],
                   check=True, capture_output=True)
    events = json.load(open(tmp_path / "t.json"))["traceEvents"]
    capacity = yaml.safe_load(open(ASIC))["sram"]["weight_buffer"]["capacity_kib"] * 1024
    byte_us, pts = _integral(events, "weight buffer occupancy (bytes)", "bytes")
    assert pts[0][0] == 0.0 and pts[-1][1] == 0
    assert 0 < max(v for _, v in pts) <= capacity and min(v for _, v in pts) >= 0
    assert 0 < byte_us <= capacity * pts[-1][0]
    times = [t for t, _ in pts]
    spans = [e for e in events if e.get("ph") == "X" and e["cat"] == "array"]
    assert spans
    for e in spans:
        mid = e["ts"] + e["dur"] / 2
        i = bisect.bisect_right(times, mid) - 1
        assert pts[i][1] > 0, e


def test_perfetto_flow_arrows_follow_op_dependencies(tmp_path):
    subprocess.run([CLI, "run", "--arch", ASIC, "--workload", LAYER, "--trace", str(tmp_path / "t.json")],
                   check=True, capture_output=True)
    events = json.load(open(tmp_path / "t.json"))["traceEvents"]
    starts = {e["id"]: e for e in events if e.get("ph") == "s"}
    ends = {e["id"]: e for e in events if e.get("ph") == "f"}
    ops = yaml.safe_load(open(LAYER))["ops"]
    edges = sum(len(o["deps"]) if "deps" in o else 1 for o in ops[1:]) + len(ops[0].get("deps", []))
    assert len(starts) == len(ends) == edges
    for i, s in starts.items():
        assert ends[i]["ts"] >= s["ts"] and ends[i]["bp"] == "e"
