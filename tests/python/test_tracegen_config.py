"""`ternsim trace` config.json checking (issue 14.14): every key the generator reads is
validated, one line per bad key naming the file and the key, exit 2, nothing written."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WL = os.path.join(ROOT, "workloads")
MODELS = os.path.join(WL, "models")


def config(name, **changes):
    with open(os.path.join(MODELS, name)) as f:
        cfg = json.load(f)
    cfg.update(changes)
    return cfg


def trace(tmp_path, cfg, raw=None):
    p = tmp_path / "config.json"
    p.write_text(raw if raw is not None else json.dumps(cfg))
    out = tmp_path / "out.yaml"
    r = subprocess.run([sys.executable, "-m", "tracegen", "decode", "--model", str(p), "--context", "4",
                        "--layers", "1", "-o", str(out)], cwd=ROOT, env=dict(os.environ, PYTHONPATH=WL),
                       capture_output=True, text=True)
    return r, str(p), out


@pytest.mark.parametrize("changes, line", [
    ({"hidden_ratio": "4"}, "hidden_ratio: expected a number in (0, 64], got \"4\""),
    ({"hidden_ratio": float("nan")}, "hidden_ratio: expected a number in (0, 64], got NaN"),
    ({"hidden_ratio": True}, "hidden_ratio: expected a number in (0, 64], got true"),
    ({"intermediate_size": -5}, "intermediate_size: expected an integer in [1, 2147483648], got -5"),
    ({"intermediate_size": 5632.0}, "intermediate_size: expected an integer in [1, 2147483648], got 5632.0"),
    ({"hidden_size": 2 ** 40}, "hidden_size: expected an integer in [1, 2147483648], got 1099511627776"),
    ({"num_hidden_layers": 10 ** 6}, "num_hidden_layers: expected an integer in [1, 4096], got 1000000"),
    ({"vocab_size": "32000"}, "vocab_size: expected an integer in [1, 2147483648], got \"32000\""),
    ({"tie_word_embeddings": "false"}, "tie_word_embeddings: expected true or false, got \"false\""),
    ({"use_short_conv": 0}, "use_short_conv: expected true or false, got 0"),
    ({"expand_ratio": "1"}, "expand_ratio: expected an integer in [1, 1024], got \"1\""),
    ({"hidden_ratio": 60, "hidden_size": 2 ** 26}, "intermediate_size (from hidden_ratio) = 2684354560 exceeds "
                                                   "the workload IR's limit 2147483648"),
    ({"_name": 7}, "_name: expected a string, got 7"),
])
def test_bad_hgrn_key_is_one_line_exit_2(tmp_path, changes, line):
    r, path, out = trace(tmp_path, config("mmfreelm-370m.json", **changes))
    assert r.returncode == 2
    assert r.stderr == "tracegen: error: %s: %s\n" % (path, line)
    assert not out.exists()


@pytest.mark.parametrize("changes, line", [
    ({"head_dim": 64.5}, "head_dim: expected an integer in [1, 2147483648], got 64.5"),
    ({"head_dim": 0}, "head_dim: expected an integer in [1, 2147483648], got 0"),
    ({"num_key_value_heads": 3}, "num_key_value_heads: num_attention_heads (32) must be a multiple of it, got 3"),
    ({"num_attention_heads": None}, None),
])
def test_bad_llama_key_is_one_line_exit_2(tmp_path, changes, line):
    r, path, out = trace(tmp_path, config("llama-1.3b.json", **changes))
    assert r.returncode == 2
    if line is None:
        line = "missing required key 'num_attention_heads' for model_type 'llama'"
    assert r.stderr == "tracegen: error: %s: %s\n" % (path, line)
    assert not out.exists()


def test_every_bad_key_gets_its_own_line(tmp_path):
    r, path, _ = trace(tmp_path, config("mmfreelm-370m.json", hidden_ratio="4", tie_word_embeddings="no",
                                        vocab_size=-1))
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        "tracegen: error: %s: vocab_size: expected an integer in [1, 2147483648], got -1" % path,
        "tracegen: error: %s: tie_word_embeddings: expected true or false, got \"no\"" % path,
        "tracegen: error: %s: hidden_ratio: expected a number in (0, 64], got \"4\"" % path]


def test_nan_literal_in_the_file(tmp_path):
    text = json.dumps(config("mmfreelm-370m.json")).replace('"hidden_size": 1024', '"hidden_size": NaN')
    r, path, _ = trace(tmp_path, None, raw=text)
    assert r.returncode == 2
    assert r.stderr == "tracegen: error: %s: hidden_size: expected an integer in [1, 2147483648], got NaN\n" % path


def test_valid_values_still_work(tmp_path):
    r, _, out = trace(tmp_path, config("mmfreelm-370m.json", hidden_ratio=4.0, tie_word_embeddings=True))
    assert r.returncode == 0, r.stderr
    assert "  intermediate_size: 2816\n" in out.read_text()  # 1024 * 4.0 * 2/3 rounded up to 256
