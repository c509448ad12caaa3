"""`tracegen onnx` / `ternsim trace onnx`: small models built here with onnx.helper, and sharded
HF safetensors checkpoints (model.safetensors.index.json)."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WL = os.path.join(ROOT, "workloads")
sys.path.insert(0, WL)

onnx = pytest.importorskip("onnx", reason="python3-onnx not installed (scripts/install_deps.sh installs it)")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from tracegen import TracegenError  # noqa: E402
from tracegen.onnx_trace import trace_onnx  # noqa: E402
from tracegen.safetensors_io import read_safetensors, write_safetensors  # noqa: E402
from tracegen.sharded import ShardedSafetensors  # noqa: E402
from tracegen.weights import tile_zero_fractions  # noqa: E402

FIX = os.path.join(WL, "fixtures")


def _save(tmp_path, nodes, inputs, outputs, inits, name="m.onnx"):
    g = helper.make_graph(nodes, "g", inputs, outputs, initializer=[numpy_helper.from_array(a, n) for n, a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    p = str(tmp_path / name)
    onnx.save(m, p)
    return p


def _ops(path, **kw):
    doc = yaml.safe_load(trace_onnx(path, **kw).dump())
    return doc, {o["name"]: o for o in doc["ops"]}


def test_mlp_with_ternary_weights_norm_and_activation(tmp_path):
    rng = np.random.default_rng(1)
    w1 = rng.choice([-1.0, 0.0, 1.0], size=(96, 80), p=[0.25, 0.5, 0.25]).astype(np.float32) * 0.5
    w2 = rng.standard_normal((80, 40)).astype(np.float32)
    p = _save(tmp_path, [
        helper.make_node("LayerNormalization", ["x", "g", "b"], ["xn"], axis=-1, name="ln"),
        helper.make_node("MatMul", ["xn", "W1"], ["h"], name="fc1"),
        helper.make_node("Relu", ["h"], ["hr"], name="act"),
        helper.make_node("Reshape", ["hr", "shape"], ["hr2"], name="rs"),
        helper.make_node("Gemm", ["hr2", "W2t"], ["y"], name="fc2", transB=1),
        helper.make_node("Add", ["y", "xres"], ["z"], name="res"),
        helper.make_node("Softmax", ["z"], ["out"], name="sm"),
    ], [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "seq", 96]),
        helper.make_tensor_value_info("xres", TensorProto.FLOAT, ["batch_seq", 40])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, None)],
        [("W1", w1), ("W2t", np.ascontiguousarray(w2.T)), ("g", np.ones(96, np.float32)),
         ("b", np.zeros(96, np.float32)), ("shape", np.array([-1, 80], np.int64))])
    doc, ops = _ops(p, dims=["batch=2", "seq=3", "batch_seq=6"], tile=(32, 32))
    assert list(ops) == ["ln", "fc1", "act", "fc2", "res", "sm"]
    assert (ops["ln"]["kind"], ops["ln"]["m"], ops["ln"]["n"], ops["ln"]["bits"]) == ("rmsnorm", 6, 96, 32)
    f1 = ops["fc1"]
    assert (f1["kind"], f1["m"], f1["k"], f1["n"], f1["weight"]) == ("gemm", 6, 96, 80, "ternary")
    assert f1["zero_fraction"] == np.count_nonzero(w1 == 0) / w1.size
    # per-tile zero fractions over the k x n = 96 x 80 matrix in 32 x 32 tiles: 3 x 3 tiles
    tz = f1["tile_zero_fractions"]
    assert (tz["tile_k"], tz["tile_n"]) == (32, 32) and len(tz["values"]) == 9
    assert tz["values"][0] == np.count_nonzero(w1[:32, :32] == 0) / 1024
    assert tz["values"][8] == np.count_nonzero(w1[64:, 64:] == 0) / (32 * 16)
    assert ops["act"]["kind"] == "silu"
    f2 = ops["fc2"]  # transB: the initializer is n x k
    assert (f2["m"], f2["k"], f2["n"], f2["weight"]) == (6, 80, 40, "fp16")
    assert f2.get("deps") is None  # reshape skipped: depends on act, the op before
    assert ops["res"]["kind"] == "add" and ops["sm"]["kind"] == "softmax"
    assert doc["meta"]["skipped_ops"] == {"Reshape": 1}
    assert ops["ln"]["deps"] == []


def test_conv_is_scalesim_gemm_and_grouped_conv_splits(tmp_path):
    w = np.zeros((8, 3, 3, 3), np.float32)
    w[:, :, 1, 1] = 1.0  # ternary, 8/9 zeros
    p = _save(tmp_path, [
        helper.make_node("Conv", ["x", "W"], ["y"], name="conv", strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("Slice", ["y", "st", "en", "ax"], ["y4"], name="take4"),   # skipped: deps flow through
        helper.make_node("Conv", ["y4", "Wdf"], ["z"], name="dw", group=4),
    ],
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 16, 16])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, None)],
        [("W", w), ("Wdf", 0.1 * np.arange(1, 37, dtype=np.float32).reshape(4, 1, 3, 3)),
         ("st", np.array([0], np.int64)), ("en", np.array([4], np.int64)), ("ax", np.array([1], np.int64))])
    doc, ops = _ops(p)
    c = ops["conv"]
    # 16x16, 3x3, stride 2, pad 1 -> 8x8 outputs: M = 64, N = 8 filters, K = 3*3*3
    assert (c["m"], c["n"], c["k"], c["weight"]) == (64, 8, 27, "ternary")
    assert c["zero_fraction"] == 1 - 3 / 27
    # depthwise 4 groups on 8x8 (no pad) -> 6x6: 4 gemms of M = 36, N = 1, K = 9
    assert [(ops[f"dw.g{i}"]["m"], ops[f"dw.g{i}"]["n"], ops[f"dw.g{i}"]["k"]) for i in range(4)] == [(36, 1, 9)] * 4
    assert all(ops[f"dw.g{i}"]["deps"] == ["conv"] for i in range(1, 4))


def test_quantized_matmuls(tmp_path):
    wq = np.array([[1, 0, -1, 1]] * 16, np.int8)          # 16 x 4, ternary int8
    wz = (128 + np.arange(64).reshape(16, 4) % 7 - 3).astype(np.uint8)  # zero point 128 -> -3..3: int8
    p = _save(tmp_path, [
        helper.make_node("MatMulInteger", ["a", "Wq"], ["y"], name="mmi"),
        helper.make_node("QLinearMatMul", ["a", "s", "zp", "Wz", "s", "wzp", "s", "zp"], ["q"], name="qlm"),
        helper.make_node("DequantizeLinear", ["q", "s", "zp"], ["d"], name="dq"),
    ], [helper.make_tensor_value_info("a", TensorProto.UINT8, [5, 16])],
        [helper.make_tensor_value_info("d", TensorProto.FLOAT, None)],
        [("Wq", wq), ("Wz", wz), ("s", np.array(0.1, np.float32)), ("zp", np.array(0, np.uint8)),
         ("wzp", np.array(128, np.uint8))])
    doc, ops = _ops(p, act_bits=16)
    m = ops["mmi"]
    assert (m["m"], m["k"], m["n"], m["weight"], m["act_bits"]) == (5, 16, 4, "ternary", 8)
    assert m["zero_fraction"] == 0.25
    q = ops["qlm"]
    assert (q["m"], q["k"], q["n"], q["weight"], q["act_bits"], q["deps"]) == (5, 16, 4, "int8", 8, [])
    assert ops["dq"]["kind"] == "mul"


def test_attention_matmul_of_two_activations_is_kv_cache_gemm(tmp_path):
    p = _save(tmp_path, [helper.make_node("MatMul", ["q", "kt"], ["s"], name="qk")],
              [helper.make_tensor_value_info("q", TensorProto.FLOAT, [2, 4, 1, 64]),
               helper.make_tensor_value_info("kt", TensorProto.FLOAT, [2, 4, 64, 128])],
              [helper.make_tensor_value_info("s", TensorProto.FLOAT, None)], [])
    _, ops = _ops(p)
    assert (ops["qk"]["m"], ops["qk"]["k"], ops["qk"]["n"], ops["qk"]["b_operand"]) == (8, 64, 128, "kv_cache")


@pytest.mark.filterwarnings("ignore:Unexpected end-group tag")
def test_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"\x00not protobuf at all\xff" * 3)
    with pytest.raises(TracegenError, match="not a readable ONNX model"):
        trace_onnx(str(bad))
    with pytest.raises(TracegenError, match=r"--dim 'b': expected NAME=POSITIVE_INTEGER"):
        trace_onnx(str(bad), dims=["b"])
    p = _save(tmp_path, [helper.make_node("Identity", ["x"], ["y"])],
              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2])],
              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], [])
    with pytest.raises(TracegenError, match="no supported op in the graph"):
        trace_onnx(p)


def test_ternsim_trace_onnx_cli_runs_in_the_simulator(tmp_path):
    from ternsim_build import CLI, env

    w = np.sign(np.random.default_rng(3).standard_normal((128, 64))).astype(np.float32)
    p = _save(tmp_path, [helper.make_node("MatMul", ["x", "W"], ["y"], name="proj"),
                         helper.make_node("Sigmoid", ["y"], ["z"], name="gate")],
              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["seq", 128])],
              [helper.make_tensor_value_info("z", TensorProto.FLOAT, None)], [("W", w)])
    out = tmp_path / "w.yaml"
    r = subprocess.run([CLI, "trace", "onnx", p, "--dim", "seq=4", "-o", str(out)], capture_output=True, text=True,
                       env=env())
    assert r.returncode == 0, r.stderr
    r = subprocess.run([CLI, "trace", "onnx", p, "-o", str(tmp_path / "x.yaml")], capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "--dim NAME=VALUE" in r.stderr
    assert not (tmp_path / "x.yaml").exists()
    r = subprocess.run([CLI, "run", "--arch", os.path.join(ROOT, "arch_configs", "ternary_asic.yaml"),
                        "--workload", str(out), "--out", str(tmp_path / "run")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "run" / "summary.json") as f:
        assert json.load(f)["cycles"] > 0


def test_sharded_checkpoint_equals_single_file(tmp_path):
    """Split the ternary fixture into two shards + index.json: same tensors, same trace."""
    st = os.path.join(FIX, "tiny-hgrn_bit-ternary-f16.safetensors")
    tensors = read_safetensors(st)
    names = sorted(tensors)
    half = len(names) // 2
    shards = {"model-00001-of-00002.safetensors": names[:half], "model-00002-of-00002.safetensors": names[half:]}
    d = tmp_path / "ckpt"
    d.mkdir()
    for fn, ns in shards.items():
        write_safetensors(str(d / fn), {n: tensors[n] for n in ns})
    index = {"metadata": {"total_size": sum(t.nbytes for t in tensors.values())},
             "weight_map": {n: fn for fn, ns in shards.items() for n in ns}}
    (d / "model.safetensors.index.json").write_text(json.dumps(index))
    with ShardedSafetensors(str(d / "model.safetensors.index.json")) as f:
        assert f.keys() == names
        for n in names:
            assert f.shape(n) == tensors[n].shape and np.array_equal(f.get(n), tensors[n])
    from test_tracegen import trace_doc
    base = ["decode", "--model", os.path.join(FIX, "tiny-hgrn_bit.json"), "--context", "8", "--no-head",
            "--tile", "16x32", "--weights"]
    single = trace_doc(base + [st])
    for src in (str(d / "model.safetensors.index.json"), str(d)):
        sharded = trace_doc(base + [src])
        assert sharded["ops"] == single["ops"]
    # a shard missing from disk is a one-line error naming it
    os.unlink(d / "model-00002-of-00002.safetensors")
    with pytest.raises(TracegenError, match="shard model-00002-of-00002.safetensors not found next to the index"):
        ShardedSafetensors(str(d / "model.safetensors.index.json"))
    _ = tile_zero_fractions
