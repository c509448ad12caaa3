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


def test_sampled_growing_context_from_python(tmp_path):
    """A growing-context loop, sampled every 8th step by an override: the summary says so, with
    its bound, and the totals stay within that bound of the every-step run."""
    out = tmp_path / "llama_65.yaml"
    subprocess.run([sys.executable, "-m", "tracegen", "decode", "--model",
                    os.path.join(REPO, "workloads", "models", "llama-1.3b.json"), "--context", "128",
                    "--tokens", "65", "--layers", "2", "-o", str(out)], check=True,
                   env=dict(os.environ, PYTHONPATH=os.path.join(REPO, "workloads")))
    npu = os.path.join(REPO, "arch_configs", "npu_systolic.yaml")
    sampled = ternsim.run(npu, str(out), ["array.mac=fp16", "loop.method=sampled", "loop.sample_every=8"])
    exact = ternsim.run(npu, str(out), ["array.mac=fp16", "loop.method=exact"])
    loop = sampled["loop"]
    assert loop["method"] == "sampled" and loop["sample_every"] == 8
    assert loop["simulated_steps"] + loop["interpolated_steps"] == 65
    assert exact["loop"]["method"] == "every_step" and "bound" not in exact["loop"]
    assert 0 < loop["bound"]["cycles"] < 0.01 * exact["cycles"]
    assert abs(sampled["cycles"] - exact["cycles"]) <= loop["bound"]["cycles"]
    assert abs(sampled["energy_j"] - exact["energy_j"]) <= loop["bound"]["energy_j"]
    assert abs(sampled["dram_bytes"] - exact["dram_bytes"]) <= loop["bound"]["dram_bytes"]
