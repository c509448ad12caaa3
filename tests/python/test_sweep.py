"""Sweeps: spec expansion and validation, results store (kill -9 + rerun), failed/pruned
rows, Pareto front, Dask == local pool, plots, CLI."""
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
import yaml

from ternsim_build import ASIC, CLI, LAYER, REPO, env

import ternsim
from ternsim.pareto import pareto_front
from ternsim.spec import SpecError, load_spec


def small_spec(**extra):
    spec = {"arch": ASIC, "workload": LAYER,
            "grid": {"array.rows": [16, 32, 64]},
            "zip": {"dram.kind": ["lpddr5", "hbm2e"], "dram.bandwidth_gbps": [102.4, 460]},
            "derived": {"array.cols": "array.rows"},
            "objectives": {"minimize": ["seconds", "dram_bytes"]}}
    spec.update(extra)
    return spec


def jsonl(out):
    with open(os.path.join(out, "results.jsonl")) as f:
        return [json.loads(l) for l in f if l.strip()]


def test_spec_expansion_grid_zip_random_points():
    s = load_spec(small_spec())
    assert [(p.params["array.rows"], p.params["dram.kind"], p.params["array.cols"]) for p in s.points] == [
        (16, "lpddr5", 16), (16, "hbm2e", 16), (32, "lpddr5", 32), (32, "hbm2e", 32), (64, "lpddr5", 64), (64, "hbm2e", 64)]
    r = {"seed": 7, "n": 4, "params": {"clock_mhz": {"uniform": [500, 1000]}, "array.rows": {"choice": [8, 16]}}}
    a, b = load_spec({"arch": ASIC, "workload": LAYER, "random": r}), load_spec({"arch": ASIC, "workload": LAYER, "random": r})
    assert [p.params for p in a.points] == [p.params for p in b.points] and len(a.points) == 4  # seeded
    assert all(500 <= p.params["clock_mhz"] <= 1000 for p in a.points)
    pts = load_spec({"arch": ASIC, "workload": LAYER, "points": [{"array.rows": 8}, {"_x": 3, "array.rows": 24}]})
    assert [p.overrides() for p in pts.points] == [{"array.rows": 8}, {"array.rows": 24}]  # _x is not passed


def test_spec_errors_are_clear():
    with pytest.raises(SpecError, match=r"gird: unknown key \(did you mean 'grid'\?\)"):
        load_spec({"arch": ASIC, "workload": LAYER, "gird": {"a": [1]}})
    with pytest.raises(SpecError, match="zip: lists must have equal lengths"):
        load_spec({"arch": ASIC, "workload": LAYER, "zip": {"a": [1, 2], "b": [1]}})
    with pytest.raises(SpecError, match="constraints.0.: .*only these functions may be called"):
        load_spec({"arch": ASIC, "workload": LAYER, "constraints": ["__import__('os').system('true')"]})
    with pytest.raises(SpecError, match="not allowed"):
        load_spec({"arch": ASIC, "workload": LAYER, "derived": {"x": "array.__class__"}})
    with pytest.raises(SpecError, match="workload: file not found"):
        load_spec({"arch": ASIC, "workload": "missing.yaml"})
    with pytest.raises(ternsim.ConfigError, match=r"random.params.x.unifrom: unknown distribution \(did you mean 'uniform'"):
        load_spec({"arch": ASIC, "workload": LAYER, "random": {"n": 2, "params": {"x": {"unifrom": [1, 2]}}}})


def test_sweep_store_rerun_failed_and_pruned(tmp_path):
    out = str(tmp_path / "out")
    spec = small_spec(points=[{"_tag": "ok"}, {"array.rows": 0, "_tag": "bad"}],
                      constraints=["array.rows <= 32 or dram.kind == 'hbm2e'",  # pre-run
                                   "cycles < 1e12", "dram_bytes > 0"])       # post-run
    df = ternsim.sweep(spec, jobs=2, out=out, quiet=True)
    # 3 rows x 2 DRAMs x 2 points, but the rows=0 point overrides the grid's rows: its three
    # grid copies are the same simulation, run once -> 6 + 2 rows.
    assert len(df) == 8 and df["key"].is_unique
    pruned = df[df["status"] == "pruned"]
    # rows=64 on lpddr5 breaks the first constraint and is never simulated
    assert list(pruned["array.rows"]) == [64] and pruned["cycles"].isna().all()
    failed = df[df["status"] == "failed"]
    assert len(failed) == 2 and (failed["array.rows"] == 0).all()
    assert failed["error"].str.startswith("ConfigError: ").all() and failed["error"].str.contains("array.rows").all()
    ok = df[df["status"] == "ok"]
    assert len(ok) == 5 and (ok["cycles"] > 0).all()
    assert ok["pareto"].any() and not df[df["status"] != "ok"]["pareto"].any()
    lines = jsonl(out)
    assert len(lines) == 8
    csv = pd.read_csv(os.path.join(out, "results.csv"))
    assert list(csv["key"]) == list(df["key"])
    assert os.path.isfile(os.path.join(out, "spec.yaml"))
    # Rerun: nothing new is simulated or written.
    df2 = ternsim.sweep(spec, jobs=2, out=out, quiet=True)
    assert len(jsonl(out)) == 8
    pd.testing.assert_frame_equal(df, df2)
    # A post-run constraint that fails marks the row pruned but keeps its metrics.
    spec3 = small_spec(constraints=["cycles < 0"])
    df3 = ternsim.sweep(spec3, jobs=1, quiet=True)
    assert (df3["status"] == "pruned").all() and (df3["cycles"] > 0).all()
    assert (df3["pruned_by"] == "cycles < 0").all()


def test_truncated_last_line_is_tolerated(tmp_path):
    out = str(tmp_path / "out")
    spec = {"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [16, 32]}}
    ternsim.sweep(spec, jobs=1, out=out, quiet=True)
    path = os.path.join(out, "results.jsonl")
    with open(path) as f:
        first, second = [l for l in f if l.strip()]
    with open(path, "w") as f:  # as if the machine died while writing the second line
        f.write(first + second[: len(second) // 2])
    df = ternsim.sweep(spec, jobs=1, out=out, quiet=True)
    assert (df["status"] == "ok").all() and len(df) == 2
    keys = [r["key"] for r in jsonl_tolerant(path)]
    assert sorted(keys) == sorted(df["key"]) and len(keys) == 2


def jsonl_tolerant(path):
    recs = []
    with open(path) as f:
        for line in f:
            try:
                recs.append(json.loads(line))
            except ValueError:
                pass
    return recs


def test_sigkill_halfway_then_rerun_gives_every_point_once(tmp_path):
    spec_path = tmp_path / "spec.yaml"
    # 64 points of a full 1.3B decode step (tens of ms each): long enough that the kill lands
    # mid-sweep even though points run fast; a one-layer sweep can finish before the first poll.
    full_decode = os.path.join(REPO, "workloads", "examples", "mmfreelm-1.3b_decode.yaml")
    spec_path.write_text(yaml.safe_dump({"arch": ASIC, "workload": full_decode,
                                         "grid": {"array.rows": [8, 16, 24, 32, 40, 48, 56, 64],
                                                  "array.cols": [8, 16, 24, 32, 40, 48, 56, 64]}}))
    out = str(tmp_path / "out")
    cmd = ["/usr/bin/python3", "-m", "ternsim.sweep_cli", "sweep", str(spec_path), "--out", out, "--jobs", "2", "--quiet"]
    p = subprocess.Popen(cmd, env=env(), start_new_session=True)
    path = os.path.join(out, "results.jsonl")
    deadline = time.time() + 120
    while time.time() < deadline:
        if os.path.exists(path) and len(jsonl_tolerant(path)) >= 3:
            break
        time.sleep(0.01)
    os.killpg(p.pid, signal.SIGKILL)  # the sweep and its workers, as in a power loss
    p.wait()
    done_before = len(jsonl_tolerant(path))
    assert 3 <= done_before < 64, "kill came too late to test an interruption"
    subprocess.run(cmd, env=env(), check=True, timeout=300)
    keys = [r["key"] for r in jsonl_tolerant(path)]
    expected = [pt.key for pt in load_spec(str(spec_path)).points]
    assert sorted(keys) == sorted(expected)  # every point, exactly once
    assert all(r["status"] == "ok" for r in jsonl_tolerant(path))


def brute_front(v):
    n = len(v)
    return [not any(all(v[j] <= v[i]) and any(v[j] < v[i]) for j in range(n) if j != i) for i in range(n)]


def test_pareto_front_hand_made_and_brute_force():
    df = pd.DataFrame({"lat": [1, 2, 3, 4, 2, 5, 3], "energy": [5, 3, 4, 1, 3, 5, np.nan]},
                      index=list("abcdefg"))
    # a(1,5), b(2,3), d(4,1) trade off; e duplicates b; c is beaten by b; f by everything; g has no energy.
    assert list(df.index[pareto_front(df, minimize=["lat", "energy"])]) == ["a", "b", "d", "e"]
    df["tput"] = -df["energy"]
    assert list(df.index[pareto_front(df, minimize=["lat"], maximize=["tput"])]) == ["a", "b", "d", "e"]
    rng = np.random.default_rng(0)
    v = rng.integers(0, 8, size=(200, 3)).astype(float)
    r = pd.DataFrame(v, columns=["x", "y", "z"])
    assert list(pareto_front(r, minimize=["x", "y", "z"])) == brute_front(v)


def test_dask_matches_local_pool(tmp_path):
    from dask.distributed import Client, LocalCluster

    spec = small_spec()
    local = ternsim.sweep(spec, jobs=2, out=str(tmp_path / "local"), quiet=True)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        dask = ternsim.sweep(spec, out=str(tmp_path / "dask"), scheduler=client, quiet=True)
    assert (local["status"] == "ok").all()
    pd.testing.assert_frame_equal(local, dask)


def test_plots_are_png(tmp_path):
    from ternsim.plots import plot_all

    df = ternsim.sweep(small_spec(), jobs=2, quiet=True)
    written, notes = plot_all(df, str(tmp_path / "plots"))
    names = sorted(os.path.basename(w) for w in written)
    assert names == ["energy_breakdown.png", "energy_j_vs_area_mm2.png", "energy_j_vs_seconds.png"], notes
    written, notes = plot_all(df, str(tmp_path / "plots2"), x="seconds", y="dram_bytes")
    assert os.path.basename(written[0]) == "dram_bytes_vs_seconds.png"
    for w in written:
        with open(w, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_cli_sweep_and_plot(tmp_path):
    h = subprocess.run([CLI, "sweep", "--help"], capture_output=True, text=True)
    assert h.returncode == 0 and "--scheduler" in h.stdout
    spec_path = tmp_path / "s.yaml"
    spec_path.write_text(yaml.safe_dump({"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [16, 32]},
                                         "objectives": {"minimize": ["seconds", "dram_bytes"]}}))
    out = str(tmp_path / "o")
    r = subprocess.run([CLI, "sweep", str(spec_path), "--out", out, "--jobs", "1"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "2 points: 2 ok, 0 failed, 0 pruned" in r.stdout
    r = subprocess.run([CLI, "plot", out], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert os.path.isfile(os.path.join(out, "plots", "energy_j_vs_seconds.png"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("arch: %s\nworkload: %s\ngird: {}\n" % (ASIC, LAYER))
    r = subprocess.run([CLI, "sweep", str(bad), "--out", out], capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.strip() == "error: %s: gird: unknown key (did you mean 'grid'?); expected one of: %s" % (
        bad, ", ".join(["name", "description", "arch", "workload", "workloads", "grid", "zip", "random", "points",
                        "derived", "constraints", "objectives", "studies"]))
