"""`ternsim import scalesim`: SCALE-Sim's own configs and topologies (tests/data/scalesim,
PROVENANCE there) converted, simulated, and compared with real SCALE-Sim v2 output."""
import csv
import os
import subprocess

import pytest
import yaml

from ternsim_build import CLI, REPO

import ternsim
from ternsim.importers import scalesim as ss

DATA = os.path.join(REPO, "tests", "data", "scalesim")
REFERENCE = os.path.join(REPO, "tests", "cpp", "data", "scalesim_reference.csv")


def _ops_cycles(out):
    r = ternsim.run(os.path.join(out, "arch.yaml"), os.path.join(out, "workload.yaml"))
    return {op["name"]: op["compute_cycles"] for op in r["op_records"]}


def test_conv_mapped_the_scalesim_way():
    kind, layers = ss.read_topology(os.path.join(DATA, "alexnet.csv"))
    assert kind == "conv"
    # Conv1: 224x224, 11x11, 3 ch, 96 filters, stride 4: ofmap ceil((224-11+4)/4) = 55 -> M = 3025
    assert (layers[0].m, layers[0].n, layers[0].k) == (55 * 55, 96, 11 * 11 * 3)
    # Conv2: 27x27, 5x5, 96 ch, stride 1: ofmap 23x23
    assert (layers[1].m, layers[1].n, layers[1].k) == (23 * 23, 256, 5 * 5 * 96)
    kind, layers = ss.read_topology(os.path.join(DATA, "test_mnk_input.csv"))
    assert kind == "gemm" and [(x.name, x.m, x.n, x.k) for x in layers] == [("Test 1", 128, 64, 256)]


def test_depthwise_layer_split_per_channel(tmp_path):
    topo = tmp_path / "dw.csv"
    topo.write_text("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                    "Conv2_DP, 10, 10, 3, 3, 4, 1, 1,\n")
    _, layers = ss.read_topology(str(topo))
    assert [(x.name, x.m, x.n, x.k) for x in layers] == [(f"Conv2_DPChannel_{c}", 64, 1, 9) for c in range(4)]


def _reference_rows():
    with open(REFERENCE) as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


def test_compute_cycles_equal_128_real_scalesim_runs(tmp_path):
    """Each reference row is one real SCALE-Sim v2 run (config: 4096 kB SRAMs, CALC). Written
    back as a SCALE-Sim .cfg + GEMM topology, imported with the defaults (SRAM sizes carried
    over), simulated: the op's compute_cycles must be SCALE-Sim's Total Cycles."""
    rows = _reference_rows()
    assert len(rows) == 128
    for i, r in enumerate(rows):
        d = tmp_path / str(i)
        d.mkdir()
        (d / "x.cfg").write_text(
            "[general]\nrun_name = ref%d\n\n[architecture_presets]\nArrayHeight: %s\nArrayWidth: %s\n"
            "IfmapSramSzkB: 4096\nFilterSramSzkB: 4096\nOfmapSramSzkB: 4096\nIfmapOffset: 0\n"
            "FilterOffset: 10000000\nOfmapOffset: 20000000\nDataflow: %s\n\n[run_presets]\n"
            "InterfaceBandwidth: CALC\n" % (i, r["R"], r["C"], r["dataflow"]))
        (d / "t.csv").write_text("Layer Name, M, N, K,\ng, %s, %s, %s,\n" % (r["M"], r["N"], r["K"]))
        res = ss.import_scalesim(str(d / "x.cfg"), str(d / "t.csv"), str(d / "out"))
        assert not any("several passes" in n for n in res["notes_list"])
        assert _ops_cycles(str(d / "out")) == {"g": int(r["scalesim_total_cycles"])}, r


def _scalesim_runs():
    with open(os.path.join(DATA, "scalesim_runs.csv")) as f:
        return [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]


def test_compute_cycles_equal_real_scalesim_on_its_example_topologies(tmp_path):
    """SCALE-Sim's own example configs x topologies (conv and GEMM), its COMPUTE_REPORT.csv
    committed in scalesim_runs.csv; imported with --exact-compute (one pass per layer)."""
    runs = _scalesim_runs()
    groups = {}
    for r in runs:
        groups.setdefault((r["config"], r["topology"]), []).append(r)
    assert len(groups) >= 6  # 3 configs x (a conv and a GEMM topology)
    for (cfg, topo), rows in sorted(groups.items()):
        out = tmp_path / f"{cfg}_{topo}"
        ss.import_scalesim(os.path.join(DATA, cfg), os.path.join(DATA, topo), str(out), exact_compute=True)
        got = list(_ops_cycles(str(out)).values())
        assert got == [int(r["total_cycles"]) for r in sorted(rows, key=lambda r: int(r["layer_id"]))], (cfg, topo)


def test_sram_and_bandwidth_carried_over_with_notes(tmp_path):
    cfg = tmp_path / "u.cfg"
    cfg.write_text(open(os.path.join(DATA, "eyeriss.cfg")).read().replace("CALC", "USER"))
    res = ss.import_scalesim(str(cfg), os.path.join(DATA, "alexnet.csv"), str(tmp_path / "o"))
    arch = yaml.safe_load(open(res["arch"]))
    assert arch["array"] == {"kind": "systolic", "rows": 12, "cols": 14, "dataflow": "ws", "timing": "scalesim",
                             "mac": "int8", "acc_bits": 32}
    assert arch["sram"]["act_buffer"]["capacity_kib"] == 36 + 36      # ifmap + ofmap
    assert arch["sram"]["weight_buffer"]["capacity_kib"] == 36
    assert arch["dram"]["bandwidth_gbps"] == 10.0                      # 10 words/cycle x 1 B x 1 GHz
    notes = "\n".join(res["notes_list"])
    assert "5 layer(s) do not fit the activation buffer in one pass" in notes
    for key in ("IfmapOffset", "FilterOffset", "OfmapOffset", "MemoryBanks", "own interface"):
        assert key in notes
    # the arch it wrote is valid: ternsim runs it (multi-pass, so not SCALE-Sim's cycles)
    r = ternsim.run(res["arch"], res["workload"], with_ops=False)
    assert r["cycles"] > 0


@pytest.mark.parametrize("cfg_text,topo_text,expected", [
    ("[general]\nrun_name=x\n[architecture_presets]\nArrayHeight: 0\n", "Layer,M,N,K,\na,1,2,3,\n",
     "[architecture_presets] ArrayHeight: expected a positive integer, got '0'"),
    (None, "Layer,M,N,K,\na,1,2,x,\n", "t.csv:2: layer 'a': expected integers, got 'x'"),
    (None, "Layer,M,N,K,\na,1,2,\n", "t.csv:2: expected 4 fields (name, M, N, K), got 3"),
    (None, "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
           "c, 3, 3, 5, 5, 1, 1, 1,\n", "t.csv:2: layer 'c': filter 5x5 is larger than the ifmap 3x3"),
])
def test_bad_input_one_line_exit_2(tmp_path, cfg_text, topo_text, expected):
    cfg = tmp_path / "x.cfg"
    cfg.write_text(cfg_text if cfg_text else open(os.path.join(DATA, "scale.cfg")).read())
    (tmp_path / "t.csv").write_text(topo_text)
    p = subprocess.run([CLI, "import", "scalesim", "--cfg", str(cfg), "--topology", str(tmp_path / "t.csv"),
                        "-o", str(tmp_path / "o")], capture_output=True, text=True)
    assert p.returncode == 2, p.stderr
    assert p.stderr.count("\n") == 1 and p.stderr.startswith("error: ") and p.stderr.rstrip().endswith(expected)
    assert not (tmp_path / "o" / "arch.yaml").exists()


def test_cli_writes_arch_and_workload(tmp_path):
    p = subprocess.run([CLI, "import", "scalesim", "--cfg", os.path.join(DATA, "google.cfg"), "--topology",
                        os.path.join(DATA, "gpt2.csv"), "-o", str(tmp_path)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    w = yaml.safe_load(open(tmp_path / "workload.yaml"))
    assert [(o["name"], o["m"], o["n"], o["k"]) for o in w["ops"]][:2] == [("QKT", 1024, 1024, 64),
                                                                            ("QKTV", 1024, 64, 1024)]
    assert "note: IfmapSramSzkB 6144 + OfmapSramSzkB 2048" in p.stdout
    q = subprocess.run([CLI, "run", "--arch", str(tmp_path / "arch.yaml"), "--workload", str(tmp_path / "workload.yaml"),
                        "--out", str(tmp_path / "run")], capture_output=True, text=True)
    assert q.returncode == 0, q.stderr
