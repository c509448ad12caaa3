"""repeat: loops from Python: the API takes the loop form as a dict, and a sweep over
`tokens` sweeps the generation length (docs/workload_ir.md, "Loops")."""
import os
import subprocess
import sys

import yaml

from ternsim_build import ASIC, REPO

import ternsim

MODEL = os.path.join(REPO, "workloads", "models", "mmfreelm-370m.json")


def _trace(tmp_path, tokens, *extra):
    out = tmp_path / ("decode_%d%s.yaml" % (tokens, "_".join(extra)))
    subprocess.run([sys.executable, "-m", "tracegen", "decode", "--model", MODEL, "--context", "0",
                    "--tokens", str(tokens), "--layers", "2", *extra, "-o", str(out)], check=True,
                   env=dict(os.environ, PYTHONPATH=os.path.join(REPO, "workloads")))
    return str(out)


def test_loop_dict_equals_unrolled_file(tmp_path):
    with open(_trace(tmp_path, 24)) as f:
        doc = yaml.safe_load(f)
    assert list(doc["ops"][0]) == ["repeat"] and doc["tokens"] == 24  # steps default to tokens
    loop = ternsim.run(ASIC, doc, base_dir=REPO)
    unrolled = ternsim.run(ASIC, _trace(tmp_path, 24, "--unroll"))
    for key in ("cycles", "energy_j", "dram_bytes", "events"):
        assert loop[key] == unrolled[key], key
    assert loop["loop"]["method"] == "exact_steady_state"
    assert loop["loop"]["simulated_steps"] + loop["loop"]["extrapolated_steps"] == 24
    assert "loop" not in unrolled
    # one row per body op, 24 executions each
    assert len(loop["op_records"]) == len(doc["ops"][0]["repeat"]["body"])
    assert {r["count"] for r in loop["op_records"]} == {24}


def test_sweep_over_tokens_sweeps_the_generation_length(tmp_path):
    wl = _trace(tmp_path, 2)
    df = ternsim.sweep({"arch": ASIC, "workload": wl, "grid": {"tokens": [16, 32, 64]}}, jobs=1, quiet=True)
    df = df.sort_values("tokens")
    assert list(df["status"]) == ["ok"] * 3
    assert list(df["loop.steps"]) == [16, 32, 64]
    # Past the warm-up every step adds the same cycles: 16 more tokens, 16 more steps.
    step = df["loop.step_cycles"].iloc[0]
    cyc = list(df["cycles"])
    assert cyc[1] - cyc[0] == 16 * step and cyc[2] - cyc[1] == 32 * step
