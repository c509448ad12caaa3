"""Sweeps never lose or misreport a point (issue 14, items 6, 7, 10, 13, 16-19; issue 19.5)."""
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pandas as pd
import pytest
import yaml

from ternsim_build import ASIC, CLI, LAYER, REPO, env

import ternsim
from ternsim.expr import Expr, ExprError
from ternsim.spec import SpecError, load_spec


def jsonl(out):
    with open(os.path.join(out, "results.jsonl")) as f:
        return [json.loads(l) for l in f if l.strip()]


def write_spec(tmp_path, spec, name="spec.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(spec, sort_keys=False))
    return str(p)


# ---- 10: failures are not success; a dead scheduler is one line; expressions are bounded ----

def test_cli_sweep_where_every_point_fails_exits_1_with_a_summary(tmp_path):
    spec = write_spec(tmp_path, {"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [0, -1]}})
    out = str(tmp_path / "o")
    r = subprocess.run([CLI, "sweep", spec, "--out", out, "-j", "1", "--quiet"], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[0] == "error: 2 of 2 points failed:"
    assert lines[1].startswith("  1 point (0): ConfigError: ") and "array.rows" in lines[1] and "0" in lines[1]
    assert lines[2].startswith("  1 point (1): ConfigError: ") and "array.rows" in lines[2]
    assert len(lines) == 3
    assert [r["status"] for r in jsonl(out)] == ["failed", "failed"]  # still recorded


def test_cli_unreachable_scheduler_is_one_line_and_quick(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    spec = write_spec(tmp_path, {"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [16]}})
    t0 = time.time()
    r = subprocess.run([CLI, "sweep", spec, "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:%d" % port,
                        "--quiet"], capture_output=True, text=True, timeout=120)
    took = time.time() - t0
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:%d within 5 s (" % port)
    assert took < 25, "gave up after %.1f s; distributed's default wait is 30 s" % took


@pytest.mark.parametrize("text, message", [
    ("9 ** 9 ** 9 ** 9", "result too large (a power with 4-bit base and exponent 387420489; integers are limited to 4096 bits)"),
    ("4000000 ** 4000000", "result too large (a power with 22-bit base and exponent 4000000; integers are limited to 4096 bits)"),
    ("pow(10, 10 ** 6)", "result too large (a power with 4-bit base and exponent 1000000; integers are limited to 4096 bits)"),
    ("10 ** 1000 * 10 ** 1000 * 10 ** 1000 * 10 ** 1000 * 10 ** 1000", "result too large (a product; integers are limited to 4096 bits)"),
    ("'ab' * 10 ** 9", "sequence too long (2000000000 > 10000)"),
    ("10.0 ** 400", "result too large (floating-point overflow)"),
])
def test_derived_expressions_are_bounded(text, message):
    with pytest.raises(SpecError) as e:
        load_spec({"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [16]}, "derived": {"array.cols": text}})
    assert str(e.value) == "<sweep spec>: derived.array.cols: %r: %s" % (text, message)


def test_expressions_still_compute():
    e = Expr("max(array.rows, 3) * 2 if x in [1, 2] else 2 ** 10", "w")
    assert e.evaluate({"array.rows": 64, "x": 2}) == 128
    assert e.evaluate({"array.rows": 64, "x": 5}) == 1024
    assert Expr("2 ** 4000 > 0", "w").evaluate({}) is True  # 4001 bits: inside the bound
    with pytest.raises(ExprError, match=r"^w: 'array.rows.bit_length\(\)': only these functions may be called"):
        Expr("array.rows.bit_length()", "w")
    with pytest.raises(ExprError, match=r"^w: expression is 30002 characters long \(at most 2000\)$"):
        Expr("x" * 30002, "w")


# ---- 16: a dead worker costs exactly its own point ----

CRASH = "SimulationCrash: worker process died with signal 11 (Segmentation fault)"


@pytest.mark.parametrize("jobs", [1, 2])
def test_crashing_point_costs_only_itself(tmp_path, monkeypatch, jobs):
    monkeypatch.setenv("TERNSIM_TEST_CRASH_POINT", "array.rows=24")  # that point's process SIGSEGVs
    out = str(tmp_path / "o")
    df = ternsim.sweep({"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [16, 24, 32, 40]}},
                       jobs=jobs, out=out, quiet=True)
    assert list(df["array.rows"]) == [16, 24, 32, 40]
    assert list(df["status"]) == ["ok", "failed", "ok", "ok"]
    assert df["error"][1] == CRASH
    assert (df[df["status"] == "ok"]["cycles"] > 0).all()
    assert sorted(r["status"] for r in jsonl(out)) == ["failed", "ok", "ok", "ok"]


def test_cli_crashing_point_with_j1_keeps_the_others(tmp_path):
    spec = write_spec(tmp_path, {"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [16, 24, 32]}})
    out = str(tmp_path / "o")
    e = dict(os.environ, TERNSIM_TEST_CRASH_POINT="array.rows=16")
    r = subprocess.run([CLI, "sweep", spec, "--out", out, "-j", "1", "--quiet"], capture_output=True, text=True, env=e)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == ["error: 1 of 3 points failed:", "  1 point (0): " + CRASH]
    recs = {r["params"]["array.rows"]: r for r in jsonl(out)}
    assert recs[16]["status"] == "failed" and recs[24]["status"] == "ok" and recs[32]["status"] == "ok"


def test_self_referential_workload_fails_alone(tmp_path):
    bad = tmp_path / "alias.yaml"
    bad.write_text("ops: &x [*x]\n")  # crashed the parser (SIGSEGV) in the worker process
    df = ternsim.sweep({"arch": ASIC, "workloads": [LAYER, str(bad)], "grid": {"array.rows": [16, 32]}},
                       jobs=2, quiet=True)
    assert list(df["status"]) == ["ok", "failed", "ok", "failed"]
    assert (df[df["status"] == "failed"]["workload_file"] == os.path.relpath(str(bad))).all()


ABORTED = "SimulationCrash: simulation process died with signal 6 (Aborted)"


def test_dask_point_whose_simulation_dies_costs_only_itself(tmp_path, monkeypatch):
    from dask.distributed import Client, LocalCluster

    # The workers inherit this: the point with array.rows=24 aborts its forked simulation
    # (runner._simulate), as a crashing model would; the Dask worker process itself lives on.
    monkeypatch.setenv("TERNSIM_TEST_ABORT_CHILD_POINT", "array.rows=24")
    spec = {"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [16, 24, 32, 40]}}
    all_bad = write_spec(tmp_path, {"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [24], "clock_mhz": [500, 600]}})
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.wait_for_workers(2, timeout=60)
        pids = client.run(os.getpid)
        df = ternsim.sweep(spec, out=str(tmp_path / "o"), scheduler=client, quiet=True)
        assert client.run(os.getpid) == pids  # no worker died, none was restarted
        # The CLI on the same scheduler, every point's simulation dying: exit 1 and a summary.
        r = subprocess.run([CLI, "sweep", all_bad, "--out", str(tmp_path / "cli"), "--scheduler",
                            cluster.scheduler_address, "--quiet"], capture_output=True, text=True, env=env(), timeout=300)
        assert client.run(os.getpid) == pids
    assert list(df["array.rows"]) == [16, 24, 32, 40]
    assert list(df["status"]) == ["ok", "failed", "ok", "ok"]
    assert df["error"][1] == ABORTED
    assert (df[df["status"] == "ok"]["cycles"] > 0).all()
    assert sorted(r["status"] for r in jsonl(str(tmp_path / "o"))) == ["failed", "ok", "ok", "ok"]
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip().splitlines() == ["error: 2 of 2 points failed:", "  2 points (0, 1): " + ABORTED]
    assert [x["status"] for x in jsonl(str(tmp_path / "cli"))] == ["failed", "failed"]


def test_dask_worker_that_dies_itself_costs_its_point_and_the_sweep_goes_on(tmp_path, monkeypatch):
    import dask
    from dask.distributed import Client, LocalCluster

    # The worker process itself dies on the array.rows=24 point (runner._test_crash_hook: SIGSEGV
    # in the process running run_point). No retries, one worker: exactly that point is lost.
    monkeypatch.setenv("TERNSIM_TEST_CRASH_POINT", "array.rows=24")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.wait_for_workers(1, timeout=60)
        df = ternsim.sweep({"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [24]}}, out=str(tmp_path / "o"),
                           scheduler=client, quiet=True)
        assert list(df["status"]) == ["failed"]
        assert df["error"][0].startswith("SimulationCrash: the Dask worker process died while running this point, "
                                         "on every retry (KilledWorker; last worker tcp://")
        # The nanny restarts the worker; the next sweep on the same cluster runs normally.
        again = ternsim.sweep({"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [16, 32]}}, scheduler=client,
                              quiet=True)
        assert list(again["status"]) == ["ok", "ok"]


def test_dask_worker_death_is_one_line_per_point():
    # A Dask worker process that dies itself (OOM killer, a crash outside the simulation) makes
    # distributed retry the task elsewhere and then raise KilledWorker: recorded as one line.
    from distributed.scheduler import KilledWorker

    from ternsim.runner import _dask_failure

    class Worker:
        address = "tcp://127.0.0.1:4321"

    assert _dask_failure(KilledWorker("ternsim-abc", Worker(), 3)) == (
        "SimulationCrash: the Dask worker process died while running this point, on every retry "
        "(KilledWorker; last worker tcp://127.0.0.1:4321)")
    assert _dask_failure(OSError("first\nsecond")) == "OSError: first"


# ---- 17: a point is what it simulates, not where its files are ----

def gemm_workload(path, k, n=256):
    path.write_text("name: one_gemm\nphase: decode\ntokens: 1\nbatch: 1\nops:\n"
                    "- {name: g, kind: gemm, m: 1, n: %d, k: %d, weight: ternary, act_bits: 8, b_operand: weights}\n"
                    % (n, k))
    return str(path)


def local_arch(tmp_path):
    """The ASIC arch and its tech table copied where the test may edit them."""
    (tmp_path / "tech").mkdir()
    tech = open(os.path.join(REPO, "arch_configs", "tech", "28nm.yaml")).read()
    (tmp_path / "tech" / "28nm.yaml").write_text(tech)
    arch = tmp_path / "arch.yaml"
    arch.write_text(open(ASIC).read())
    return arch, tmp_path / "tech" / "28nm.yaml"


def test_resume_reruns_points_whose_files_changed(tmp_path):
    arch, tech = local_arch(tmp_path)
    wl = gemm_workload(tmp_path / "wl.yaml", 1024)
    spec = {"arch": str(arch), "workload": wl, "grid": {"array.rows": [16, 32]}}
    out = str(tmp_path / "o")
    a = ternsim.sweep(spec, jobs=1, out=out, quiet=True)
    assert len(jsonl(out)) == 2
    # Unchanged files: resumed, nothing simulated again.
    assert ternsim.sweep(spec, jobs=1, out=out, quiet=True)["cycles"].tolist() == a["cycles"].tolist()
    assert len(jsonl(out)) == 2
    # Same path, new content (k doubled): both points run again, with the new workload's numbers.
    gemm_workload(tmp_path / "wl.yaml", 2048)
    b = ternsim.sweep(spec, jobs=1, out=out, quiet=True)
    assert len(jsonl(out)) == 4
    fresh = ternsim.sweep(dict(spec), jobs=1, quiet=True)
    assert b["cycles"].tolist() == fresh["cycles"].tolist() != a["cycles"].tolist()
    # The tech table the arch names is part of the point too.
    tech.write_text(tech.read_text().replace("int8: 0.0152", "int8: 0.0304"))
    c = ternsim.sweep(spec, jobs=1, out=out, quiet=True)
    assert len(jsonl(out)) == 6 and set(c["key"]).isdisjoint(b["key"])
    # And so is the arch file itself.
    arch.write_text(arch.read_text().replace("clock_mhz: 800", "clock_mhz: 400"))
    d = ternsim.sweep(spec, jobs=1, out=out, quiet=True)
    assert len(jsonl(out)) == 8 and (d["seconds"] > c["seconds"]).all()


def test_point_key_is_the_same_for_a_copy(tmp_path):
    arch, _ = local_arch(tmp_path)
    (tmp_path / "copy").mkdir()
    wl1 = gemm_workload(tmp_path / "wl.yaml", 1024)
    wl2 = gemm_workload(tmp_path / "copy" / "other_name.yaml", 1024)
    s = load_spec({"arch": str(arch), "workloads": [wl1, wl2]})
    assert s.points[0].key == s.points[1].key  # same bytes: one simulation
    assert sorted(os.path.basename(p) for p in s.points[0].files) == ["28nm.yaml", "arch.yaml", "wl.yaml"]


# ---- 19: duplicate study names ----

def test_duplicate_study_names_are_an_error():
    spec = {"arch": ASIC, "workload": LAYER,
            "studies": [{"name": "big", "grid": {"array.rows": [128, 256]}, "constraints": ["array.rows > 100"]},
                        {"name": "big", "grid": {"array.rows": [16]}}]}
    with pytest.raises(SpecError) as e:
        load_spec(spec)
    assert str(e.value) == ("<sweep spec>: studies[1].name: duplicate study name 'big' (also studies[0]); "
                            "give each study its own name")
    # An unnamed study is studyN: naming another one that way clashes too.
    with pytest.raises(SpecError, match=r"^<sweep spec>: studies\[1\].name: duplicate study name 'study0'"):
        load_spec({"arch": ASIC, "workload": LAYER, "studies": [{"grid": {"array.rows": [16]}},
                                                                  {"name": "study0", "grid": {"array.rows": [32]}}]})
    # Distinct names keep each study's own constraints.
    spec["studies"][1]["name"] = "small"
    s = load_spec(spec)
    assert [c.text for c in s.constraints_for(s.points[0])] == ["array.rows > 100"]
    assert s.constraints_for(s.points[2]) == []


# ---- 7: the Pareto front follows each objective's sense ----

def hand_made_results(out):
    """a(10 tok/s, 5 J) b(20, 6) c(15, 7) d(5, 1): maximizing tokens/s and minimizing energy,
    c is beaten by b and the front is a, b, d. Minimizing both (the old behaviour) gives d alone."""
    os.makedirs(out)
    pd.DataFrame({"point": [0, 1, 2, 3], "study": "s", "status": "ok", "tokens_per_s": [10.0, 20.0, 15.0, 5.0],
                  "energy_j": [5.0, 6.0, 7.0, 1.0]}).to_csv(os.path.join(out, "results.csv"), index=False)


def test_pareto_axes_take_the_sense_of_the_objectives():
    from ternsim.plots import axis_senses, front_label, pareto_for_axes

    df = pd.DataFrame({"status": "ok", "tokens_per_s": [10.0, 20.0, 15.0, 5.0], "energy_j": [5.0, 6.0, 7.0, 1.0]},
                      index=list("abcd"))
    senses, notes = axis_senses(["tokens_per_s", "energy_j"], {"maximize": ["tokens_per_s"], "minimize": ["energy_j"]})
    assert senses == {"tokens_per_s": "maximize", "energy_j": "minimize"} and notes == []
    ok, front = pareto_for_axes(df, "tokens_per_s", "energy_j", senses)
    assert list(ok.index[front]) == ["a", "b", "d"]
    assert front_label(senses) == "Pareto front (maximize tokens_per_s, minimize energy_j)"
    senses, notes = axis_senses(["tokens_per_s", "energy_j"], {})
    assert list(ok.index[pareto_for_axes(df, "tokens_per_s", "energy_j", senses)[1]]) == ["d"]
    assert notes[0] == ("tokens_per_s is not in the objectives; the Pareto front minimizes it "
                        "(give --maximize tokens_per_s if higher is better)")


def test_cli_plot_reads_the_sense_from_the_spec_or_the_flags(tmp_path):
    out = str(tmp_path / "r")
    hand_made_results(out)
    with open(os.path.join(out, "spec.yaml"), "w") as f:
        yaml.safe_dump({"objectives": {"maximize": ["tokens_per_s"], "minimize": ["energy_j"]}}, f)
    r = subprocess.run([CLI, "plot", out, "--x", "tokens_per_s", "--y", "energy_j"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "  note: energy_j_vs_tokens_per_s.png: Pareto front (maximize tokens_per_s, minimize energy_j), 3 points" \
        in r.stdout.splitlines()
    os.remove(os.path.join(out, "spec.yaml"))
    r = subprocess.run([CLI, "plot", "--maximize", "tokens_per_s", out, "--x", "tokens_per_s", "--y", "energy_j",
                        "--minimize", "energy_j"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "  note: energy_j_vs_tokens_per_s.png: Pareto front (maximize tokens_per_s, minimize energy_j), 3 points" \
        in r.stdout.splitlines()
    with open(os.path.join(out, "plots", "energy_j_vs_tokens_per_s.png"), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    r = subprocess.run([CLI, "plot", out, "--x", "tokens_per_s", "--y", "energy_j"], capture_output=True, text=True)
    assert "  note: energy_j_vs_tokens_per_s.png: Pareto front (minimize tokens_per_s, minimize energy_j), 1 point" \
        in r.stdout.splitlines()


# ---- 6: the parsed-workload cache follows content, not path + size + mtime ----

def test_workload_cache_is_keyed_by_content(tmp_path, monkeypatch):
    import shutil

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    wa = gemm_workload(tmp_path / "a" / "wl.yaml", 1024)
    wb = gemm_workload(tmp_path / "b" / "wl.yaml", 2048)  # same size: "1024" -> "2048"
    st = os.stat(wa)
    os.utime(wb, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.path.getsize(wa) == os.path.getsize(wb)
    # Dict workloads never touch the cache: the true numbers of each file.
    truth = {k: ternsim.run(ASIC, yaml.safe_load(open(p)), with_ops=False)["cycles"] for k, p in (("a", wa), ("b", wb))}
    assert truth["a"] != truth["b"]
    monkeypatch.chdir(tmp_path / "a")
    assert ternsim.run(ASIC, "wl.yaml", with_ops=False)["cycles"] == truth["a"]
    monkeypatch.chdir(tmp_path / "b")  # same relative name, another file
    assert ternsim.run(ASIC, "wl.yaml", with_ops=False)["cycles"] == truth["b"]
    monkeypatch.chdir(tmp_path / "a")
    assert ternsim.run(ASIC, "wl.yaml", with_ops=False)["cycles"] == truth["a"]
    shutil.copy2(wb, wa)  # cp -p: same path, size and mtime as the cached entry, other bytes
    assert os.stat(wa).st_mtime_ns == st.st_mtime_ns
    assert ternsim.run(ASIC, "wl.yaml", with_ops=False)["cycles"] == truth["b"]


# ---- 13 / 18: killed or interrupted sweeps leave no processes; one sweep per --out ----

def long_spec(tmp_path):
    """48 points of a 256K x 256K GEMM on a 1x1 array, ~1-2 s each on this machine: a sweep that is
    still running when the test interrupts it, however slowly the test's own commands start."""
    wl = gemm_workload(tmp_path / "big.yaml", 1 << 18, n=1 << 18)
    return write_spec(tmp_path, {"arch": ASIC, "workload": wl,
                                 "grid": {"clock_mhz": list(range(400, 880, 10))},
                                 "derived": {"array.rows": "1", "array.cols": "1",
                                             "sram.act_buffer.capacity_kib": "65536"}})


LONG_POINTS = 48


def session_processes(sid):
    """Live (non-zombie) processes of a session: what a killed sweep might leave behind."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = open("/proc/%s/stat" % d).read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            out.append(int(d))
    return out


def kill_session(sid):
    """Clean up after a failed test: every process of the session the test started."""
    for pid in session_processes(sid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def wait_for_rows(out, n, proc, timeout=120):
    path = os.path.join(out, "results.jsonl")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path) and sum(1 for l in open(path) if l.endswith("\n")) >= n:
            return
        assert proc.poll() is None, "the sweep ended before it could be interrupted"
        time.sleep(0.02)
    raise AssertionError("no %d rows after %d s" % (n, timeout))


def wait_gone(sid, timeout=20):
    deadline = time.time() + timeout
    while session_processes(sid) and time.time() < deadline:
        time.sleep(0.05)
    return session_processes(sid)


def test_kill_9_of_a_sweep_leaves_no_orphans_holding_stdout(tmp_path):
    out = str(tmp_path / "o")
    p = subprocess.Popen([sys.executable, "-m", "ternsim.sweep_cli", "sweep", long_spec(tmp_path), "--out", out,
                          "-j", "2", "--quiet"], env=env(), stdout=subprocess.PIPE, start_new_session=True)
    try:
        wait_for_rows(out, 2, p)
        os.kill(p.pid, signal.SIGKILL)  # the sweep alone, as `kill -9 PID` does
        p.wait()
        # `ternsim sweep | tee log` returns when every holder of the pipe is gone.
        t0 = time.time()
        assert p.stdout.read() == b""
        assert time.time() - t0 < 20
        assert wait_gone(p.pid) == []
    finally:
        kill_session(p.pid)


def test_second_sweep_into_the_same_out_is_refused_and_ctrl_c_keeps_what_finished(tmp_path):
    out = str(tmp_path / "o")
    spec = long_spec(tmp_path)
    p = subprocess.Popen([CLI, "sweep", spec, "--out", out, "-j", "2", "--quiet"], env=env(),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_for_rows(out, 2, p)
        r = subprocess.run([CLI, "sweep", spec, "--out", out, "-j", "1", "--quiet"], capture_output=True, text=True)
        assert r.returncode == 2
        assert r.stderr == ("error: %s: another sweep (pid %d) is writing to this directory; wait for it to finish "
                            "or use another --out\n" % (out, p.pid))
        os.killpg(p.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole foreground group
        stdout, stderr = p.communicate(timeout=30)
    finally:
        kill_session(p.pid)
    assert p.returncode == 130
    rows = jsonl(out)
    assert 2 <= len(rows) < LONG_POINTS and all(r["status"] == "ok" for r in rows)
    assert stderr == ("sweep interrupted: %d of %d points to run had finished and are saved in %s/; "
                      "run the same command again to continue\n" % (len(rows), LONG_POINTS, out))
    csv = pd.read_csv(os.path.join(out, "results.csv"))
    assert sorted(csv["key"]) == sorted(r["key"] for r in rows)
    assert wait_gone(p.pid) == []
    # The lock went with the sweep: the directory can be taken again.
    from ternsim.store import lock_directory

    os.close(lock_directory(out))


PY_SWEEP = """
import sys, ternsim
from ternsim.runner import SweepInterrupted
print("started", flush=True)
try:
    ternsim.sweep(sys.argv[1], jobs=2, out=sys.argv[2], quiet=True)
except SweepInterrupted as e:
    print("interrupted", len(e.results), flush=True)
    sys.exit(130)
"""

PY_RUN = """
import sys, ternsim
print("started", flush=True)
try:
    ternsim.run(sys.argv[1], sys.argv[2], {"array.rows": 1, "array.cols": 1, "sram.act_buffer.capacity_kib": 65536})
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
print("finished", flush=True)
"""


def test_ctrl_c_in_python_sweep_returns_promptly_with_the_finished_points(tmp_path):
    out = str(tmp_path / "o")
    p = subprocess.Popen([sys.executable, "-c", PY_SWEEP, long_spec(tmp_path), out], env=env(),
                         stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_for_rows(out, 2, p)
        os.kill(p.pid, signal.SIGINT)  # a notebook's interrupt: the kernel process only
        stdout, _ = p.communicate(timeout=30)
    finally:
        kill_session(p.pid)
    assert p.returncode == 130
    n = len(jsonl(out))
    assert stdout.splitlines() == ["started", "interrupted %d" % n] and 2 <= n < LONG_POINTS
    assert len(pd.read_csv(os.path.join(out, "results.csv"))) == n
    assert wait_gone(p.pid) == []


def test_ctrl_c_in_python_run_kills_the_simulation(tmp_path):
    # A 1x1 array over a 4M x 4M GEMM: 11 s for 1M x 1M on this machine, minutes for this one.
    wl = gemm_workload(tmp_path / "wl.yaml", 1 << 22, n=1 << 22)
    p = subprocess.Popen([sys.executable, "-c", PY_RUN, ASIC, wl], env=env(), stdout=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        assert p.stdout.readline() == "started\n"
        deadline = time.time() + 60
        while len(session_processes(p.pid)) < 2 and time.time() < deadline:  # the simulation has forked
            time.sleep(0.05)
        assert len(session_processes(p.pid)) == 2
        os.kill(p.pid, signal.SIGINT)
        stdout, _ = p.communicate(timeout=20)
    finally:
        kill_session(p.pid)
    assert p.returncode == 130 and stdout == "interrupted\n"
    assert wait_gone(p.pid) == []


# ---- 19.5: Dask workers need no setup ----

CLUSTER = """
import sys
from dask.distributed import LocalCluster
c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
print(c.scheduler_address, flush=True)
sys.stdin.read()
c.close()
"""


# A lambda, so that Dask pickles it by value: the workers cannot import this test module.
_worker_view = lambda: (__import__("os").getcwd(), __import__("importlib.util").util.find_spec("ternsim") is not None)  # noqa: E731


def test_dask_workers_in_another_directory_without_pythonpath(tmp_path):
    from dask.distributed import Client

    arch, _ = local_arch(tmp_path)
    spec = {"arch": str(arch), "workload": gemm_workload(tmp_path / "wl.yaml", 1024),
            "grid": {"array.rows": [16, 32, 64]}, "objectives": {"minimize": ["seconds", "energy_j"]}}
    local = ternsim.sweep(spec, jobs=2, out=str(tmp_path / "local"), quiet=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    bare = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    c = subprocess.Popen([sys.executable, "-c", CLUSTER], cwd=str(elsewhere), env=bare, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        address = c.stdout.readline().strip()
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
            views = list(client.run(_worker_view).values())
            assert views == [(str(elsewhere), False)] * 2  # no ternsim, another cwd
            dask = ternsim.sweep(spec, out=str(tmp_path / "dask"), scheduler=client, quiet=True)
    finally:
        c.stdin.close()
        try:
            c.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        kill_session(c.pid)
    assert (local["status"] == "ok").all() and len(local) == 3
    pd.testing.assert_frame_equal(local, dask)


# ---- 19.7: the spec's structure is a JSON Schema (python3-jsonschema), errors stay one clear line ----

@pytest.mark.parametrize("extra, line", [
    ({"grid": {"array.rows": 16}}, "grid.array.rows: expected a non-empty list of values"),
    ({"grid": {}}, "grid: expected a mapping {parameter: [values]}"),
    ({"random": {"n": 0, "params": {"x": [1]}}}, "random.n: expected a positive integer number of samples"),
    ({"random": {"params": {"x": [1]}}}, "random.n: required key is missing; expected a positive integer number of samples"),
    ({"random": {"n": 2, "params": {"x": [1]}, "sed": 1}},
     "random.sed: unknown key (did you mean 'seed'?); expected one of: seed, n, params"),
    ({"points": [{"array.rows": 16}, 5]}, "points[1]: expected a mapping {parameter: value}"),
    ({"objectives": {"minimise": ["seconds"]}},
     "objectives.minimise: unknown key (did you mean 'minimize'?); expected one of: minimize, maximize"),
    ({"objectives": {"minimize": [3]}}, "objectives.minimize[0]: expected a metric name"),
    ({"studies": []}, "studies: expected a non-empty list of study mappings"),
    ({"studies": [{"grid": {"array.rows": [16]}, "objectives": {}}]},
     "studies[0].objectives: unknown key; expected one of: name, description, arch, workload, workloads, grid, zip, "
     "random, points, derived, constraints"),
    ({"workloads": [LAYER, ""]}, "workloads[1]: expected a file path"),
])
def test_spec_structure_errors(extra, line):
    spec = {"arch": ASIC, "workload": LAYER}
    if "workloads" in extra:
        del spec["workload"]
    spec.update(extra)
    with pytest.raises(SpecError) as e:
        load_spec(spec)
    assert str(e.value) == "<sweep spec>: " + line
