"""Tests for workloads/tracegen (run: /usr/bin/python3 -m pytest tests/python -q)."""

import json
import os
import struct
import subprocess
import sys

import numpy as np
import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WL = os.path.join(ROOT, "workloads")
sys.path.insert(0, WL)

from tracegen.cli import build_parser, generate, main  # noqa: E402
from tracegen.config import ModelConfig, hgrn_intermediate_size, load_config  # noqa: E402
from tracegen.safetensors_io import (SafetensorsError, SafetensorsFile,  # noqa: E402
                                     bf16_bits_to_float32,
                                     float32_to_bf16_bits, read_safetensors,
                                     write_safetensors)
from tracegen.weights import absmean_ternary, tile_zero_fractions  # noqa: E402

MODELS = os.path.join(WL, "models")
FIX = os.path.join(WL, "fixtures")
EXAMPLES = os.path.join(WL, "examples")
IR_KEYS = {"name", "kind", "m", "n", "k", "weight", "act_bits", "zero_fraction", "b_operand",
           "tile_zero_fractions", "bits", "batch", "state", "schedule", "deps"}
KINDS = {"gemm", "rmsnorm", "silu", "sigmoid", "mul", "add", "quantize", "softmax",
         "embedding", "kv_append", "mlgru"}


def model(name):
    return os.path.join(MODELS, name)


def trace_doc(argv):
    """Run the generator in-process and return the parsed YAML document."""
    args = build_parser().parse_args(argv + ["-o", "-"])
    cfg = load_config(args.model)
    return yaml.safe_load(generate(cfg, args).dump())


def ops_by_name(doc):
    """name -> op, with omitted deps resolved to the IR default [previous op]."""
    out, prev = {}, None
    for o in doc["ops"]:
        o = dict(o)
        if "deps" not in o:
            assert prev is not None, "first op must state deps: []"
            o["deps"] = [prev]
        out[o["name"]] = o
        prev = o["name"]
    return out


def run_cli(*argv):
    env = dict(os.environ, PYTHONPATH=WL)
    return subprocess.run([sys.executable, "-m", "tracegen", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def check_ir(doc):
    """Structural conformance with docs/workload_ir.md."""
    assert set(doc) <= {"name", "phase", "tokens", "batch", "meta", "ops"}
    assert doc["phase"] in ("decode", "prefill", "other")
    seen = set()
    for op in doc["ops"]:
        assert set(op) <= IR_KEYS, op
        assert op["kind"] in KINDS
        assert op["name"] not in seen
        for d in op.get("deps", []):
            assert d in seen, (op["name"], d)
        seen.add(op["name"])
        for key in ("m", "n"):
            assert isinstance(op[key], int) and op[key] > 0
        if op["kind"] == "gemm":
            assert op["k"] > 0 and op["weight"] in ("ternary", "int8", "fp16", "bf16")
            assert op["b_operand"] in ("weights", "kv_cache")


# ------------------------------------------------------------------ config

def test_intermediate_size_derivation():
    assert hgrn_intermediate_size(1024) == 2816
    assert hgrn_intermediate_size(2048) == 5632
    assert hgrn_intermediate_size(2560) == 6912
    assert hgrn_intermediate_size(2048, hidden_ratio=4) == 5632
    assert hgrn_intermediate_size(64, 4) == 256          # int(170.67)=170 -> 256
    assert hgrn_intermediate_size(2048, 4, 1234) == 1234  # explicit value wins
    for f, i in (("mmfreelm-370m.json", 2816), ("mmfreelm-1.3b.json", 5632),
                 ("mmfreelm-2.7b.json", 6912)):
        cfg = load_config(model(f))
        assert cfg.model_type == "hgrn_bit" and cfg.intermediate_size == i
        assert "_source" in cfg.raw


@pytest.mark.parametrize("f,expect", [("mmfreelm-370m.json", 374e6),
                                      ("mmfreelm-1.3b.json", 1.36e9),
                                      ("mmfreelm-2.7b.json", 2.70e9)])
def test_config_param_counts(f, expect):
    assert abs(load_config(model(f)).param_count() - expect) / expect < 0.01


def test_bad_config_errors_in_process():
    with pytest.raises(Exception, match="hidden_size"):
        ModelConfig({"model_type": "hgrn_bit", "num_hidden_layers": 2, "vocab_size": 10})
    with pytest.raises(Exception, match="unknown model_type 'mamba'"):
        ModelConfig({"model_type": "mamba", "hidden_size": 8, "num_hidden_layers": 1,
                     "vocab_size": 10})


@pytest.mark.parametrize("cfg,msg", [
    ({"model_type": "hgrn_bit", "num_hidden_layers": 2, "vocab_size": 100},
     "missing required key 'hidden_size'"),
    ({"model_type": "mamba", "hidden_size": 64, "num_hidden_layers": 2, "vocab_size": 100},
     "unknown model_type 'mamba'"),
])
def test_bad_config_cli_exit(tmp_path, cfg, msg):
    p = tmp_path / "config.json"
    p.write_text(json.dumps(cfg))
    out = tmp_path / "out.yaml"
    r = run_cli("decode", "--model", str(p), "--context", "4", "-o", str(out))
    assert r.returncode == 2
    assert msg in r.stderr and r.stderr.startswith("tracegen: error:")
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_missing_config_file_and_too_many_layers(tmp_path):
    r = run_cli("decode", "--model", str(tmp_path / "nope.json"), "--context", "4", "-o", "-")
    assert r.returncode == 2 and "not found" in r.stderr
    r = run_cli("decode", "--model", model("mmfreelm-370m.json"), "--context", "4",
                "--layers", "25", "-o", "-")
    assert r.returncode == 2 and "exceeds num_hidden_layers 24" in r.stderr


@pytest.mark.parametrize("sub", [[], ["prefill"], ["decode"], ["info"]])
def test_help_everywhere(sub):
    r = run_cli(*sub, "--help")
    assert r.returncode == 0 and "usage: tracegen" in r.stdout


# ------------------------------------------------------------------ hgrn_bit

HGRN_LAYER_KINDS = [
    "rmsnorm", "quantize", "gemm", "gemm", "gemm", "sigmoid", "silu", "mlgru", "sigmoid",
    "mul", "rmsnorm", "quantize", "gemm", "add",
    "rmsnorm", "quantize", "gemm", "silu", "mul", "quantize", "gemm", "add"]


def test_hgrn_layer_decode_ops_and_shapes():
    doc = trace_doc(["decode", "--model", model("mmfreelm-1.3b.json"), "--context", "128",
                     "--batch", "1", "--layers", "1", "--no-head"])
    check_ir(doc)
    assert [o["kind"] for o in doc["ops"]] == HGRN_LAYER_KINDS
    ops = ops_by_name(doc)
    for p in ("l0.tm.f_proj", "l0.tm.c_proj", "l0.tm.g_proj", "l0.tm.o_proj"):
        assert (ops[p]["m"], ops[p]["k"], ops[p]["n"]) == (1, 2048, 2048)
        assert ops[p]["weight"] == "ternary" and ops[p]["act_bits"] == 8
        assert "zero_fraction" not in ops[p]
    g, dn = ops["l0.cm.gate_proj"], ops["l0.cm.down_proj"]
    assert (g["k"], g["n"]) == (2048, 2 * 5632)
    assert (dn["k"], dn["n"]) == (5632, 2048)
    assert ops["l0.cm.silu"]["n"] == 5632 and ops["l0.cm.mul"]["n"] == 5632
    h = ops["l0.tm.mlgru"]
    assert (h["m"], h["n"], h["batch"], h["state"], h["schedule"]) == (1, 2048, 1, "onchip",
                                                                       "sequential")
    assert h["deps"] == ["l0.tm.f_sigmoid", "l0.tm.c_silu"]
    assert ops["l0.tm.f_sigmoid"]["deps"] == ["l0.tm.f_proj"]
    assert ops["l0.tm.c_silu"]["deps"] == ["l0.tm.c_proj"]
    assert ops["l0.tm.gate_mul"]["deps"] == ["l0.tm.g_sigmoid", "l0.tm.mlgru"]
    assert ops["l0.tm.norm"]["deps"] == []
    assert ops["l0.cm.residual"]["deps"] == ["l0.cm.down_proj", "l0.tm.residual"]
    assert doc["phase"] == "decode" and doc["tokens"] == 1 and doc["batch"] == 1
    assert doc["meta"]["params"]["gemm_weights"] == 4 * 2048 ** 2 + 3 * 2048 * 5632


def test_hgrn_prefill_batch_rows():
    doc = trace_doc(["prefill", "--model", model("mmfreelm-370m.json"), "--seq-len", "16",
                     "--batch", "3", "--layers", "2", "--mlgru-schedule", "scan"])
    check_ir(doc)
    ops = ops_by_name(doc)
    assert doc["tokens"] == 16 and doc["batch"] == 3
    assert ops["embed"]["m"] == 48 and ops["embed"]["n"] == 1024
    assert ops["l1.tm.f_proj"]["m"] == 48
    assert ops["l1.cm.gate_proj"]["n"] == 2 * 2816
    h = ops["l1.tm.mlgru"]
    assert (h["m"], h["batch"], h["schedule"]) == (16, 3, "scan")
    assert ops["l1.tm.norm"]["deps"] == ["l0.cm.residual"]
    # prefill head: last position of each sequence only
    assert ops["lm_head"]["m"] == 3 and ops["lm_head"]["n"] == 32000
    assert ops["lm_head"]["weight"] == "fp16" and ops["lm_head"]["act_bits"] == 16
    assert len(doc["ops"]) == 1 + 2 * 22 + 2
    assert doc["meta"]["precision"]["embedding"] == "fp16"
    assert doc["meta"]["precision"]["lm_head"] == "fp16"


def test_mmfreelm_13b_param_count_from_gemms():
    doc = trace_doc(["decode", "--model", model("mmfreelm-1.3b.json"), "--context", "128"])
    check_ir(doc)
    gemms = [o for o in doc["ops"] if o["kind"] == "gemm" and o["b_operand"] == "weights"]
    assert len(gemms) == 24 * 6 + 1
    emb = [o for o in doc["ops"] if o["kind"] == "embedding"]
    assert len(emb) == 1
    params = sum(o["k"] * o["n"] for o in gemms) + doc["meta"]["vocab_size"] * emb[0]["n"]
    assert params == 1364197376
    assert abs(params - 1.36e9) / 1.36e9 < 0.02
    assert doc["meta"]["params"]["total"] == params


def test_zero_fraction_flag():
    doc = trace_doc(["decode", "--model", model("mmfreelm-370m.json"), "--context", "1",
                     "--layers", "1", "--zero-fraction", "0.4"])
    tern = [o for o in doc["ops"] if o["kind"] == "gemm" and o["weight"] == "ternary"]
    assert len(tern) == 6 and all(o["zero_fraction"] == 0.4 for o in tern)
    head = ops_by_name(doc)["lm_head"]
    assert "zero_fraction" not in head


# ------------------------------------------------------------------ llama / bitnet

def test_llama_layer_ops_and_shapes():
    doc = trace_doc(["decode", "--model", model("llama-1.3b.json"), "--context", "128",
                     "--layers", "1", "--no-head", "--attn-fold", "m"])
    check_ir(doc)
    assert [o["kind"] for o in doc["ops"]] == [
        "rmsnorm", "gemm", "gemm", "gemm", "mul", "kv_append", "kv_append", "gemm", "softmax",
        "gemm", "gemm", "add", "rmsnorm", "gemm", "gemm", "silu", "mul", "gemm", "add"]
    ops = ops_by_name(doc)
    for p in ("q_proj", "k_proj", "v_proj", "o_proj"):
        o = ops["l0.attn." + p]
        assert (o["m"], o["k"], o["n"], o["weight"], o["act_bits"]) == (1, 2048, 2048, "fp16", 16)
    qk, pv = ops["l0.attn.qk"], ops["l0.attn.pv"]
    # heads folded into m: 1 token x 1 sequence x 32 heads; head_dim 64; context 128
    assert (qk["m"], qk["k"], qk["n"], qk["b_operand"]) == (32, 64, 128, "kv_cache")
    assert (pv["m"], pv["k"], pv["n"], pv["b_operand"]) == (32, 128, 64, "kv_cache")
    assert qk["deps"] == ["l0.attn.rope", "l0.attn.k_append"]
    assert pv["deps"] == ["l0.attn.softmax", "l0.attn.v_append"]
    assert (ops["l0.attn.softmax"]["m"], ops["l0.attn.softmax"]["n"]) == (32, 128)
    assert ops["l0.attn.k_append"]["m"] == 1 and ops["l0.attn.k_append"]["n"] == 2048
    assert ops["l0.attn.rope"]["kind"] == "mul" and ops["l0.attn.rope"]["n"] == 4096
    assert (ops["l0.mlp.gate_proj"]["n"], ops["l0.mlp.up_proj"]["n"]) == (5460, 5460)
    assert (ops["l0.mlp.down_proj"]["k"], ops["l0.mlp.down_proj"]["n"]) == (5460, 2048)


def test_llama_int8_and_n_fold_and_prefill():
    doc = trace_doc(["decode", "--model", model("llama-1.3b.json"), "--context", "100",
                     "--batch", "4", "--layers", "1", "--weight-precision", "int8",
                     "--attn-fold", "n"])
    ops = ops_by_name(doc)
    assert ops["l0.attn.q_proj"]["weight"] == "int8" and ops["l0.attn.q_proj"]["m"] == 4
    qk, pv = ops["l0.attn.qk"], ops["l0.attn.pv"]
    assert (qk["m"], qk["k"], qk["n"]) == (1, 64, 100 * 32 * 4)
    assert (pv["m"], pv["k"], pv["n"]) == (1, 100, 64 * 32 * 4)
    # MACs identical to the m-fold: tokens*batch*heads*head_dim*context
    assert qk["m"] * qk["k"] * qk["n"] == 4 * 32 * 64 * 100
    pre = ops_by_name(trace_doc(["prefill", "--model", model("llama-1.3b.json"),
                                 "--seq-len", "64", "--batch", "2", "--layers", "1",
                                 "--attn-fold", "m"]))
    assert (pre["l0.attn.qk"]["m"], pre["l0.attn.qk"]["n"]) == (64 * 2 * 32, 64)
    assert pre["l0.attn.k_append"]["m"] == 128


def test_llama_decode_multi_token_context_grows():
    doc = trace_doc(["decode", "--model", model("llama-1.3b.json"), "--context", "128",
                     "--tokens", "3", "--layers", "2", "--unroll"])
    check_ir(doc)
    ops = ops_by_name(doc)
    assert doc["tokens"] == 3
    # default n-fold: n = context x heads (32) x batch (1)
    assert [ops[f"t{j}.l1.attn.qk"]["n"] for j in range(3)] == [128 * 32, 129 * 32, 130 * 32]
    assert [ops[f"t{j}.l0.attn.pv"]["k"] for j in range(3)] == [128, 129, 130]
    assert ops["t0.embed"]["deps"] == []
    assert ops["t1.embed"]["deps"] == ["t0.lm_head"]
    assert ops["t2.embed"]["deps"] == ["t1.lm_head"]
    assert len(doc["ops"]) == 3 * (1 + 2 * 19 + 2)
    assert doc["meta"]["attention_context"] == [128, 129, 130]


def test_llama_decode_loop_form_context_is_a_step_expression():
    doc = trace_doc(["decode", "--model", model("llama-1.3b.json"), "--context", "128",
                     "--tokens", "3", "--layers", "2"])
    assert doc["tokens"] == 3 and len(doc["ops"]) == 1
    rep = doc["ops"][0]["repeat"]
    assert "steps" not in rep  # = tokens
    body = {o["name"]: o for o in rep["body"]}
    assert len(rep["body"]) == 1 + 2 * 19 + 2  # one step of the unrolled list
    assert body["l1.attn.qk"]["n"] == "4096 + 32*step"  # (128 + step) x 32 heads
    assert body["l0.attn.pv"]["k"] == "128 + step"
    assert body["l0.attn.softmax"]["n"] == "128 + step"
    assert body["embed"]["deps"] == [] and body["embed"]["deps_prev"] == ["lm_head"]
    assert doc["meta"]["attention_context"] == {"first": 128, "last": 130}


def test_bitnet_layer_ops_and_shapes():
    doc = trace_doc(["decode", "--model", model("bitnet-b1.58-1.3b.json"), "--context", "128",
                     "--layers", "1", "--no-head"])
    check_ir(doc)
    kinds = [o["kind"] for o in doc["ops"]]
    assert len(kinds) == 27
    ops = ops_by_name(doc)
    lin = [o for o in doc["ops"] if o["kind"] == "gemm" and o["b_operand"] == "weights"]
    assert len(lin) == 7 and all(o["weight"] == "ternary" and o["act_bits"] == 8 for o in lin)
    for o in lin:  # every linear layer is preceded (via deps) by a quantize op
        assert [ops[p]["kind"] for p in ops[o["name"]]["deps"]] == ["quantize"], o["name"]
    for p in ("l0.attn.qk", "l0.attn.pv"):
        assert ops[p]["weight"] == "int8" and ops[p]["act_bits"] == 8
        assert ops[p]["b_operand"] == "kv_cache"
    assert ops["l0.attn.k_append"]["bits"] == 8 and ops["l0.attn.v_append"]["bits"] == 8
    assert ops["l0.mlp.down_proj"]["k"] == 5460
    full = trace_doc(["decode", "--model", model("bitnet-b1.58-1.3b.json"), "--context", "8"])
    assert ops_by_name(full)["lm_head"]["n"] == 32002
    assert full["meta"]["params"]["embedding_table"] == 0  # tied with lm_head


# ------------------------------------------------------------------ safetensors

def test_safetensors_roundtrip(tmp_path):
    rng = np.random.default_rng(0)
    bf = np.array([[1.5, -2.0, 0.15625], [0.0, 3.0e38, -1.0e-3]], np.float32)
    t = {"a.f32": rng.standard_normal((3, 5)).astype(np.float32),
         "b.f16": rng.standard_normal((4, 2)).astype(np.float16),
         "c.i8": rng.integers(-128, 128, (7,), dtype=np.int8),
         "d.u8": rng.integers(0, 256, (2, 3, 2), dtype=np.uint8),
         "e.bf16": bf}
    p = tmp_path / "x.safetensors"
    write_safetensors(p, t, dtypes={"e.bf16": "BF16"}, metadata={"format": "pt"})
    raw = p.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    assert header["__metadata__"] == {"format": "pt"}
    assert header["a.f32"]["dtype"] == "F32" and header["e.bf16"]["dtype"] == "BF16"
    assert (8 + n) % 8 == 0
    back = read_safetensors(p)
    assert sorted(back) == sorted(t)
    for k in ("a.f32", "b.f16", "c.i8", "d.u8"):
        assert back[k].dtype == t[k].dtype and np.array_equal(back[k], t[k])
    assert back["e.bf16"].dtype == np.float32
    exp = bf16_bits_to_float32(float32_to_bf16_bits(bf))
    assert np.array_equal(back["e.bf16"], exp)
    assert np.array_equal(back["e.bf16"][0], np.array([1.5, -2.0, 0.15625], np.float32))
    with SafetensorsFile(p) as f:
        assert f.shape("d.u8") == (2, 3, 2) and f.dtype("c.i8") == "I8"
        assert f.get("e.bf16", raw=True).dtype == np.uint16


def test_bf16_bits():
    assert bf16_bits_to_float32(np.array([0x3FC0, 0xC000, 0x0000], np.uint16)).tolist() == \
        [1.5, -2.0, 0.0]
    assert float32_to_bf16_bits(np.array([1.5], np.float32)).tolist() == [0x3FC0]


def test_safetensors_rejects_bad_files(tmp_path):
    p = tmp_path / "bad.safetensors"
    p.write_bytes(struct.pack("<Q", 1000) + b"{}")
    with pytest.raises(Exception, match="exceeds file size"):
        SafetensorsFile(p)


def _st_file(path, header, data=b""):
    h = json.dumps(header).encode() if not isinstance(header, bytes) else header
    path.write_bytes(struct.pack("<Q", len(h)) + h + data)
    return path


@pytest.mark.parametrize("header,data,msg", [
    (None, b"", "too short"),                                          # empty file
    (b"{\"a\": ", b"", "bad JSON header"),                               # cut inside the header
    (b"\xff\xfe{}", b"", "bad JSON header"),                             # not UTF-8
    ([1, 2], b"", "header is not a JSON object"),
    ({"w": {"dtype": "F32", "shape": [2]}}, b"\0" * 8, "header entry needs dtype, shape"),
    ({"w": "F32"}, b"", "header entry needs dtype, shape"),
    ({"w": {"dtype": "F32", "shape": [2, "x"], "data_offsets": [0, 8]}}, b"\0" * 8,
     "header entry needs"),
    ({"w": {"dtype": "Q4", "shape": [2], "data_offsets": [0, 8]}}, b"\0" * 8,
     "unsupported dtype 'Q4'"),
    ({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\0" * 8,
     "inconsistent data_offsets"),
    ({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, b"\0" * 8,
     "truncated: tensor 'w' ends at byte"),
])
def test_safetensors_corrupt_headers_are_clear(tmp_path, header, data, msg):
    p = tmp_path / "c.safetensors"
    if header is None:
        p.write_bytes(b"")
    else:
        _st_file(p, header, data)
    with pytest.raises(SafetensorsError, match=msg):
        SafetensorsFile(p)


def test_truncated_fixture_is_a_clear_cli_error(tmp_path):
    """A real checkpoint cut short (interrupted copy) and one with a garbled header: exit 2,
    one error line naming the file and the problem, no traceback, no output file."""
    src = open(os.path.join(FIX, "tiny-hgrn_bit-ternary-f16.safetensors"), "rb").read()
    cfg = os.path.join(FIX, "tiny-hgrn_bit.json")
    cases = {"cut.safetensors": (src[:len(src) - 1000], "truncated: tensor"),
             "cut_header.safetensors": (src[:20], "exceeds file size"),
             "garbled.safetensors": (src[:8] + b"#" * 16 + src[24:], "bad JSON header")}
    for name, (raw, msg) in cases.items():
        p = tmp_path / name
        p.write_bytes(raw)
        out = tmp_path / "o.yaml"
        r = run_cli("decode", "--model", cfg, "--context", "8", "--no-head", "--weights", str(p),
                    "-o", str(out))
        assert r.returncode == 2, (name, r.stderr)
        assert msg in r.stderr and name in r.stderr, (name, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert not out.exists()


# ------------------------------------------------------------------ weights / sparsity

def test_absmean_known_matrix():
    w = np.array([[0.1, -0.5, 0.0], [1.2, -0.05, 0.3]])
    # gamma = mean|W| = 2.15/6 = 0.358333; W/gamma = [.279 -1.395 0; 3.349 -.140 .837]
    assert absmean_ternary(w).tolist() == [[0, -1, 0], [1, 0, 1]]
    assert absmean_ternary(np.array([[2.0, -2.0, 0.0, 0.0]])).tolist() == [[1, -1, 0, 0]]


def test_tile_zero_fractions_ragged():
    wt = np.zeros((5, 3))
    wt[0, 0] = wt[4, 2] = wt[3, 1] = 1
    # 2x2 tiles over 5x3 -> 3x2 tiles, edge tiles partial
    assert tile_zero_fractions(wt, 2, 2) == [3 / 4, 1.0, 3 / 4, 1.0, 1.0, 0.0]


TENSOR_OF = {"tm.f_proj": "attn.f_proj", "tm.c_proj": "attn.i_proj",
             "tm.g_proj": "attn.g_proj", "tm.o_proj": "attn.o_proj",
             "cm.gate_proj": "mlp.gate_proj", "cm.down_proj": "mlp.down_proj"}


def _tensor_for(opname):
    layer, rest = opname.split(".", 1)
    return f"model.layers.{layer[1:]}.{TENSOR_OF[rest]}.weight"


def test_zero_fractions_from_ternary_fixture():
    st = os.path.join(FIX, "tiny-hgrn_bit-ternary-f16.safetensors")
    doc = trace_doc(["decode", "--model", os.path.join(FIX, "tiny-hgrn_bit.json"),
                     "--context", "8", "--no-head", "--weights", st, "--tile", "16x32"])
    check_ir(doc)
    gemms = [o for o in doc["ops"] if o["kind"] == "gemm"]
    assert len(gemms) == 12
    tensors = read_safetensors(st)
    seen = set()
    for o in gemms:
        w = tensors[_tensor_for(o["name"])]          # [out, in]
        assert w.dtype == np.float16 and w.shape == (o["n"], o["k"])
        assert o["zero_fraction"] == np.count_nonzero(w == 0) / w.size
        tz = o["tile_zero_fractions"]
        assert (tz["tile_k"], tz["tile_n"]) == (16, 32)
        wt = w.T
        exp = [np.count_nonzero(wt[a:a + 16, b:b + 32] == 0) / wt[a:a + 16, b:b + 32].size
               for a in range(0, o["k"], 16) for b in range(0, o["n"], 32)]
        assert tz["values"] == exp
        seen.add(o["zero_fraction"])
    assert len(seen) == 12  # each fixture matrix has its own sparsity
    # the fixture's zero column band lands in the first k-tile of l0.tm.f_proj
    f = ops_by_name(doc)["l0.tm.f_proj"]["tile_zero_fractions"]["values"]
    assert min(f[:2]) > max(f[2:])


def test_latent_fixture_needs_quantize(tmp_path):
    st = os.path.join(FIX, "tiny-hgrn_bit-latent-f32.safetensors")
    cfg = os.path.join(FIX, "tiny-hgrn_bit.json")
    out = tmp_path / "o.yaml"
    r = run_cli("decode", "--model", cfg, "--context", "8", "--no-head", "--weights", st,
                "-o", str(out))
    assert r.returncode == 2 and "--quantize absmean" in r.stderr and not out.exists()
    r = run_cli("decode", "--model", cfg, "--context", "8", "--no-head", "--weights", st,
                "--quantize", "absmean", "-o", str(out))
    assert r.returncode == 0, r.stderr
    doc = yaml.safe_load(out.read_text())
    assert doc["meta"]["weights"]["absmean_quantized"] is True
    tensors = read_safetensors(st)
    for o in (x for x in doc["ops"] if x["kind"] == "gemm"):
        w = tensors[_tensor_for(o["name"])].astype(np.float64)
        q = np.clip(np.round(w / np.mean(np.abs(w))), -1, 1)
        assert o["zero_fraction"] == np.count_nonzero(q == 0) / q.size
        assert 0.2 < o["zero_fraction"] < 0.45   # gaussian latent weights: ~0.31


def test_weights_shape_mismatch_is_clear(tmp_path):
    cfg = json.load(open(os.path.join(FIX, "tiny-hgrn_bit.json")))
    cfg["hidden_size"] = 32
    p = tmp_path / "c.json"
    p.write_text(json.dumps(cfg))
    r = run_cli("decode", "--model", str(p), "--context", "8", "--no-head", "--weights",
                os.path.join(FIX, "tiny-hgrn_bit-ternary-f16.safetensors"), "-o", "-")
    assert r.returncode == 2 and "has shape [64, 64], expected [out=32, in=32]" in r.stderr


# ------------------------------------------------------------------ determinism / examples

def test_deterministic_output(tmp_path):
    argv = ["decode", "--model", os.path.join(FIX, "tiny-hgrn_bit.json"), "--context", "8",
            "--no-head", "--weights", os.path.join(FIX, "tiny-hgrn_bit-ternary-f16.safetensors")]
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert main(argv + ["-o", str(a)]) == 0 and main(argv + ["-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()


def _readme_commands():
    cmds = {}
    for line in open(os.path.join(EXAMPLES, "README.md")):
        if line.startswith("| `") and "tracegen" in line:
            cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
            cmds[cells[0]] = cells[1]
    return cmds


def test_examples_match_generator(tmp_path):
    cmds = _readme_commands()
    assert set(cmds) == {
        "mmfreelm-1.3b_layer_decode.yaml", "mmfreelm-1.3b_layer_prefill.yaml",
        "mmfreelm-370m_decode.yaml", "mmfreelm-1.3b_decode.yaml", "mmfreelm-2.7b_decode.yaml",
        "mmfreelm-1.3b_prefill512.yaml", "llama-1.3b_decode.yaml", "bitnet-1.3b_decode.yaml",
        "mmfreelm-370m_decode_bitlinear_head.yaml", "mmfreelm-1.3b_decode_bitlinear_head.yaml",
        "mmfreelm-2.7b_decode_bitlinear_head.yaml", "mmfreelm-1.3b_prefill512_scan.yaml"}
    for fname, cmd in cmds.items():
        argv = cmd.split()
        i = argv.index("tracegen")
        args = argv[i + 1:]
        o = args.index("-o")
        out = tmp_path / fname
        args[o + 1] = str(out)
        args = [os.path.join(ROOT, a) if a.startswith("workloads/") else a for a in args]
        assert main(args) == 0
        shipped = os.path.join(EXAMPLES, fname)
        assert out.read_bytes() == open(shipped, "rb").read(), fname
        doc = yaml.safe_load(out.read_text())
        check_ir(doc)
        assert not any("zero_fraction" in op for op in doc["ops"])
