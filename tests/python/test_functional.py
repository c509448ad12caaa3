"""Functional mode and timeline of `ternsim run` against numpy (python/ternsim/functional_ref.py).

Runs the CLI through subprocess; build dir from TERNSIM_BUILD_DIR (default <repo>/build).
"""

import importlib.util
import json
import os
import subprocess

import numpy as np
import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("TERNSIM_BUILD_DIR", os.path.join(ROOT, "build"))
TERNSIM = os.path.join(BUILD, "ternsim")
ARCH = os.path.join(ROOT, "arch_configs", "ternary_asic.yaml")
LAYER = os.path.join(ROOT, "workloads", "examples", "mmfreelm-1.3b_layer_decode.yaml")

# Loaded by path: `import ternsim` needs the compiled extension, the reference does not.
_spec = importlib.util.spec_from_file_location("functional_ref", os.path.join(ROOT, "python", "ternsim", "functional_ref.py"))
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)

pytestmark = pytest.mark.skipif(not os.path.exists(TERNSIM), reason="ternsim not built in " + BUILD)


def run(args, check=True):
    p = subprocess.run([TERNSIM, "run"] + args, capture_output=True, text=True, timeout=600)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def write_workload(path, ops):
    with open(path, "w") as f:
        yaml.safe_dump({"name": "functional_test", "phase": "other", "ops": ops}, f, sort_keys=False)


def random_case(rng, idx, rows):
    ops = []
    for g in range(3):
        k = int(rng.integers(1, 5)) * rows + int(rng.integers(1, rows))  # never a multiple of rows
        ops.append({"name": "c%d.g%d" % (idx, g), "kind": "gemm", "m": int(rng.integers(1, 6)),
                    "n": int(rng.integers(1, 40)), "k": k, "weight": "ternary", "act_bits": 8,
                    "zero_fraction": float(np.round(rng.uniform(0.0, 0.7), 3)), "deps": []})
    for kind in ("quantize", "rmsnorm", "silu", "sigmoid"):
        ops.append({"name": "c%d.%s" % (idx, kind), "kind": kind, "m": int(rng.integers(1, 5)),
                    "n": int(rng.integers(1, 300)), "deps": []})
    return ops


CASES = [  # rows, acc_bits, acc_overflow, frac_bits
    (16, 24, "wrap", 8),     # wide accumulator: no overflow expected
    (8, 10, "wrap", 6),      # narrow: wraps
    (8, 10, "saturate", 6),
    (5, 9, "saturate", 10),  # vector values in Q5.10
    (3, 9, "wrap", 4),
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_dump_equals_numpy_reference(tmp_path, case):
    rows, acc_bits, mode, frac = CASES[case]
    rng = np.random.default_rng(1000 + case)
    wl = tmp_path / "wl.yaml"
    write_workload(wl, random_case(rng, case, rows))
    dump, out = tmp_path / "dump", tmp_path / "out"
    p = run(["--arch", ARCH, "--workload", str(wl), "--functional", "--seed", str(7 + case), "--dump", str(dump),
             "--out", str(out), "--set", "array.rows=%d" % rows, "--set", "array.acc_bits=%d" % acc_bits,
             "--set", "array.acc_overflow=" + mode, "--set", "vector.frac_bits=%d" % frac])
    assert "functional" in p.stdout
    manifest = json.load(open(dump / "manifest.json"))
    assert (manifest["array_rows"], manifest["acc_bits"], manifest["acc_overflow"], manifest["frac_bits"]) == (rows, acc_bits, mode, frac)
    assert all(e["status"] == "computed" for e in manifest["ops"])
    assert ref.check_dump(str(dump)) == []
    gemm_ov = sum(e["overflows"] for e in manifest["ops"] if e["kind"] == "gemm")
    if acc_bits >= 24:
        assert gemm_ov == 0
    else:  # |int8| * rows per tile over several tiles cannot fit in 9..12 bits every time
        assert gemm_ov > 0
    # functional.csv in --out carries the same counts.
    lines = open(out / "functional.csv").read().splitlines()
    assert lines[0] == "name,kind,status,elements,overflows"
    assert {l.split(",")[0]: int(l.split(",")[4]) for l in lines[1:]} == {e["name"]: e["overflows"] for e in manifest["ops"]}


def test_overflow_by_hand():
    # rows 2, acc 8 bit: x = [100, 100, 100, 100], w = +1: tile sums 200, 200.
    x = np.array([[100, 100, 100, 100]])
    w = np.ones((4, 1), dtype=np.int8)
    y, ov = ref.ternary_gemm(x, w, 2, 8, "wrap")
    # 0+200 = 200 -> wraps to -56 (1 event); -56+200 = 144 -> -112 (1 event)
    assert (int(y[0, 0]), ov) == (-112, 2)
    y, ov = ref.ternary_gemm(x, w, 2, 8, "saturate")
    assert (int(y[0, 0]), ov) == (127, 2)
    y, ov = ref.ternary_gemm(x, w, 4, 8, "saturate")  # one tile: 400 -> 127, one event
    assert (int(y[0, 0]), ov) == (127, 1)
    assert list(ref.rdiv(np.array([5, -5, 4, -7]), 2)) == [3, -3, 2, -4]  # half away from zero
    # rmsnorm: ss = 10^6, ms = 250000, r = 500, y0 = 1000 * 2^10 / 500 = 2048 > 2047 (12-bit Q1.10)
    y, sat = ref.rmsnorm_fixed(np.array([[1000, 0, 0, 0]]), 12, 10)
    assert (list(y[0]), sat) == ([2047, 0, 0, 0], 1)
    y, sat = ref.absmax_quantize(np.array([[3, -6, 1, 0]]))  # 127 q / 6: 63.5 -> 64, -127, 21.17 -> 21
    assert (list(y[0]), sat) == ([64, -127, 21, 0], 0)


def test_seed_changes_data_and_is_deterministic(tmp_path):
    args = ["--arch", ARCH, "--workload", LAYER, "--functional"]
    run(args + ["--dump", str(tmp_path / "a")])
    run(args + ["--dump", str(tmp_path / "b")])
    run(args + ["--dump", str(tmp_path / "c"), "--seed", "2"])
    a = np.load(tmp_path / "a" / "l0.tm.f_proj.y.npy")
    assert np.array_equal(a, np.load(tmp_path / "b" / "l0.tm.f_proj.y.npy"))
    assert not np.array_equal(a, np.load(tmp_path / "c" / "l0.tm.f_proj.y.npy"))
    assert ref.check_dump(str(tmp_path / "a")) == []


def test_functional_and_trace_do_not_change_timing(tmp_path):
    run(["--arch", ARCH, "--workload", LAYER, "--out", str(tmp_path / "plain")])
    run(["--arch", ARCH, "--workload", LAYER, "--out", str(tmp_path / "func"), "--functional",
         "--trace", str(tmp_path / "t.json")])
    for f in ("summary.json", "ops.csv"):
        assert open(tmp_path / "plain" / f).read() == open(tmp_path / "func" / f).read()


def test_dump_needs_functional():
    p = run(["--arch", ARCH, "--workload", LAYER, "--dump", "/tmp/x"], check=False)
    assert p.returncode != 0 and "--functional" in p.stderr


def test_trace_json_tracks_and_busy_cycles(tmp_path):
    trace = tmp_path / "t.json"
    run(["--arch", ARCH, "--workload", LAYER, "--out", str(tmp_path / "o"), "--trace", str(trace)])
    doc = json.load(open(trace))
    ev = doc["traceEvents"]
    names = {e["tid"]: e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "thread_name"}
    assert {"dma", "array", "vector", "mlgru", "dram.ch0"} <= set(names.values())
    assert len(set(names)) == len(names)  # one tid per track
    summary = json.load(open(tmp_path / "o" / "summary.json"))
    clock = summary["clock_mhz"]
    spans = [e for e in ev if e["ph"] == "X"]
    by_track = {}
    for e in spans:
        by_track.setdefault(names[e["tid"]], []).append(e)
        assert e["dur"] == pytest.approx(e["args"]["cycles"] / clock)
        assert e["ts"] == pytest.approx(e["args"]["start_cycle"] / clock)
    for unit in ("array", "vector", "mlgru"):
        assert sum(e["args"]["cycles"] for e in by_track[unit]) == summary["units"][unit]["busy_cycles"], unit
    # No overlap within a track (Perfetto draws overlapping complete events badly).
    for track, es in by_track.items():
        es = sorted(es, key=lambda e: e["args"]["start_cycle"])
        for a, b in zip(es, es[1:]):
            assert a["args"]["start_cycle"] + a["args"]["cycles"] <= b["args"]["start_cycle"], track
    # DRAM channel spans sum to the DRAM busy cycles (bandwidth utilization x cycles).
    dram = sum(e["args"]["cycles"] for t, es in by_track.items() if t.startswith("dram") for e in es)
    assert dram == pytest.approx(summary["dram_bandwidth_utilization"] * summary["cycles"], rel=1e-9)


LUT_ARCH = os.path.join(ROOT, "arch_configs", "lut_asic.yaml")


@pytest.mark.parametrize("case", [("base3", "true", 5, 24), ("2bit", "false", 3, 24), ("base3", "false", 4, 11)])
def test_lut_array_dump_equals_numpy_and_adder_array(tmp_path, case):
    # The table-lookup array computes the integers of the ternary adder array with R = G x g rows
    # (the manifest's array_rows), which numpy's reference reproduces; with a wide accumulator
    # that is plain x @ w.
    encoding, mirror, g, acc_bits = case
    rows = 4 * g
    rng = np.random.default_rng(77 + g)
    wl = tmp_path / "wl.yaml"
    write_workload(wl, random_case(rng, g, rows)[:3])
    dump = tmp_path / "dump"
    run(["--arch", LUT_ARCH, "--workload", str(wl), "--functional", "--seed", "5", "--dump", str(dump),
         "--set", "array.group_size=%d" % g, "--set", "array.rows=4", "--set", "array.index_encoding=" + encoding,
         "--set", "array.mirror=" + mirror, "--set", "array.table_bits=%d" % (8 + (g - 1).bit_length()),
         "--set", "array.acc_bits=%d" % acc_bits, "--set", "array.table_kib=1"])
    manifest = json.load(open(dump / "manifest.json"))
    assert manifest["array_rows"] == rows and manifest["acc_bits"] == acc_bits
    assert ref.check_dump(str(dump)) == []
    gemms = [e for e in manifest["ops"] if e["kind"] == "gemm"]
    assert len(gemms) == 3
    for e in gemms:
        x, w, y = (np.load(dump / e[f]) for f in ("x", "w", "y"))
        if acc_bits >= 24:
            assert np.array_equal(y, x.astype(np.int64) @ w.astype(np.int64))
    if acc_bits < 24:
        assert sum(e["overflows"] for e in gemms) > 0


def test_dump_files_stay_inside_dir_for_any_op_name(tmp_path):
    # ONNX-style names contain '/', and a name may be "..": each op's files must land directly in
    # DIR, and names differing only in such characters ("a/b", "a:b", "a_b") must get distinct files.
    names = ["/model/layers.0/MatMul", "a/b", "a:b", "a_b", "../../escape", "..", ".hidden", "x/../../../y"]
    ops = [{"name": n, "kind": "gemm", "m": 2, "n": 3, "k": 5, "weight": "ternary", "act_bits": 8,
            "zero_fraction": 0.3, "deps": []} for n in names]
    wl = tmp_path / "wl.yaml"
    write_workload(wl, ops)
    work = tmp_path / "work"
    (work / "dump").mkdir(parents=True)
    run(["--arch", ARCH, "--workload", str(wl), "--functional", "--dump", str(work / "dump"), "--out", str(tmp_path / "out")])
    assert sorted(os.listdir(work)) == ["dump"]  # nothing written beside DIR ("../../escape")
    assert sorted(os.listdir(tmp_path)) == ["out", "wl.yaml", "work"]
    files = os.listdir(work / "dump")
    assert all(os.path.isfile(work / "dump" / f) for f in files)  # no nested directories
    assert len(files) == 3 * len(names) + 2  # x, w, y per op + manifest.json + functional.csv
    manifest = json.load(open(work / "dump" / "manifest.json"))
    assert [e["name"] for e in manifest["ops"]] == names
    stems = [e["x"][:-len(".x.npy")] for e in manifest["ops"]]
    assert len(set(stems)) == len(names)
    assert stems[3] == "a_b" and stems[1].startswith("a_b-") and stems[2].startswith("a_b-")
    assert all("/" not in e[k] and not e[k].startswith(".") for e in manifest["ops"] for k in ("x", "w", "y"))
    assert ref.check_dump(str(work / "dump")) == []
