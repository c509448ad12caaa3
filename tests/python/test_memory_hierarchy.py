"""memory_hierarchy: from Python and the CLI (docs/memory_hierarchy.md): the per-level report, the
ops.csv level columns, and the one-line error for a bad level."""
import csv
import os
import subprocess

import pytest

from ternsim_build import ASIC, CLI, LAYER, REPO

import ternsim

THREE = os.path.join(REPO, "arch_configs", "ternary_asic_3level.yaml")


def test_three_level_report_balances_and_places_decode_activations_in_the_scratchpad():
    r = ternsim.run(THREE, LAYER, with_ops=False)
    m = r["memory_hierarchy"]
    assert [l["name"] for l in m["levels"]] == ["act_scratch", "weight_buffer", "global_buffer"]
    assert [l["role"] for l in m["levels"]] == ["staging", "weight home", "activation home"]
    # A decode step's input vector (1 x K int8, K <= 8192) fits the 8 KiB scratchpad: every GEMM.
    gemms = sum(m["gemm_placement"]["weights"].values())
    assert m["gemm_placement"]["activations"] == {"act_scratch": gemms}
    assert sum(l["energy_j"] for l in m["levels"]) == pytest.approx(r["energy_breakdown_j"]["sram"], rel=1e-12)
    assert "energy.sram curve at 8 KiB" in m["levels"][0]["energy_source"]
    # One access is one 16-byte port word: 128 bits.
    assert m["levels"][0]["read_pj_per_access"] == pytest.approx(128 * m["levels"][0]["read_pj_per_bit"], rel=1e-12)
    # Same cycles as the two-buffer arch (the fills hide under compute), less SRAM energy.
    flat = ternsim.run(ASIC, LAYER, with_ops=False)
    assert r["cycles"] == flat["cycles"]
    assert r["energy_breakdown_j"]["sram"] < flat["energy_breakdown_j"]["sram"]
    assert "memory_hierarchy" not in flat


def test_cli_ops_csv_has_level_columns(tmp_path):
    out = tmp_path / "run"
    subprocess.run([CLI, "run", "-a", THREE, "-w", LAYER, "-o", str(out)], check=True, capture_output=True)
    rows = list(csv.DictReader(open(out / "ops.csv")))
    g = [r for r in rows if r["kind"] == "gemm"]
    assert g and all(r["activations_level"] == "act_scratch" and r["weights_level"] == "weight_buffer" for r in g)
    assert all(r["weights_level"] == "" and r["activations_level"] == "global_buffer" for r in rows if r["kind"] != "gemm")


def test_bad_level_is_one_line_exit_2(tmp_path):
    text = open(THREE).read().replace("holds: [activations]}", "holds: [activation]}")
    text = text.replace("tech: tech/28nm.yaml", "tech: " + os.path.join(REPO, "arch_configs", "tech", "28nm.yaml"))
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    res = subprocess.run([CLI, "run", "-a", str(p), "-w", LAYER, "-o", str(tmp_path / "o")],
                         capture_output=True, text=True)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"error: {p}:24:79: memory_hierarchy[0].holds: expected operands from "
        "[weights, activations, outputs, state], got 'activation'"]


def test_decode_loop_ops_sum_to_the_dynamic_energy(tmp_path):
    """A decode trace with a repeat: loop (one row per body op, count executions): the rows moved
    to the levels still add up to the run's dynamic energy, and every GEMM is placed."""
    wl = os.path.join(REPO, "workloads", "examples", "mmfreelm-370m_decode.yaml")
    out = tmp_path / "run"
    subprocess.run([CLI, "run", "-a", THREE, "-w", wl, "-o", str(out)], check=True, capture_output=True)
    import json
    s = json.load(open(out / "summary.json"))
    rows = list(csv.DictReader(open(out / "ops.csv")))
    assert sum(float(r["energy_j"]) for r in rows) == pytest.approx(s["dynamic_energy_j"], rel=1e-9)
    g = [r for r in rows if r["kind"] == "gemm"]
    assert len(g) == sum(s["memory_hierarchy"]["gemm_placement"]["weights"].values())
    assert sum(l["energy_j"] for l in s["memory_hierarchy"]["levels"]) == pytest.approx(
        s["energy_breakdown_j"]["sram"], rel=1e-12)


def test_shared_scratchpad_in_a_four_core_system_reports_per_worker():
    """shared: chip on a 4-core chip (docs/memory_hierarchy.md, "Levels shared by a chip's cores"):
    a quarter of the 8 KiB scratchpad (2 KiB) still holds each core's decode input row (at most 2048 B
    after the tensor-parallel split: every GEMM stays in it),
    its fills take 4x the cycles (still hidden under compute), and the chip pays its area once."""
    import yaml

    arch = yaml.safe_load(open(THREE))
    arch["system"] = {"chips": 1, "cores_per_chip": 4,
                      "interconnect": {"topology": "ring",
                                       "link": {"bandwidth_gb_per_s": 25.6, "latency_ns": 2.5, "energy_pj_per_bit": 0.1}}}
    base = os.path.dirname(THREE)
    own = ternsim.run(arch, LAYER, base_dir=base, with_ops=False)
    shared = ternsim.run(arch, LAYER, {"memory_hierarchy.act_scratch.shared": "chip"}, base_dir=base, with_ops=False)
    w_own, w_shared = own["memory_hierarchy"]["workers"][0], shared["memory_hierarchy"]["workers"][0]
    assert w_shared["stands_for"] == 4 and w_shared["name"] == "chip0_core0"
    assert w_shared["levels"][0]["cores_sharing"] == 4 and "cores_sharing" not in w_own["levels"][0]
    assert w_shared["gemm_placement"]["activations"] == {"act_scratch": 6}
    assert w_shared["fill_cycles"] == 4 * w_own["fill_cycles"]
    assert shared["cycles"] == own["cycles"]
    # 28 nm SRAM 6950 um2/KiB: three of the four 8 KiB scratchpads are gone.
    assert own["area_breakdown_mm2"]["sram"] - shared["area_breakdown_mm2"]["sram"] == pytest.approx(3 * 8 * 6950e-6, rel=1e-12)
    assert sum(4 * l["energy_j"] for l in w_shared["levels"]) == pytest.approx(shared["energy_breakdown_j"]["sram"], rel=1e-12)
