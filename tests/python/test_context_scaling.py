"""Decode latency per token vs context length (issue 5): flat for MMfreeLM (its state is a
fixed-size recurrence), growing for a Llama-style transformer (its KV cache grows)."""
import os
import subprocess
import sys

from ternsim_build import REPO as ROOT
import ternsim as ts


def decode_seconds(tmp_path, model, context, arch, overrides):
    out = tmp_path / f"{model}-{context}.yaml"
    subprocess.run([sys.executable, "-m", "tracegen", "decode", "--model",
                    os.path.join(ROOT, "workloads/models", model + ".json"), "--context", str(context),
                    "--batch", "1", "--layers", "1", "--no-head", "-o", str(out)],
                   check=True, env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "workloads")})
    return ts.run(os.path.join(ROOT, "arch_configs", arch), str(out), overrides)["seconds"]


def test_mmfreelm_decode_is_flat_and_llama_grows_with_context(tmp_path):
    contexts = [128, 1024, 8192]
    mm = [decode_seconds(tmp_path, "mmfreelm-1.3b", c, "ternary_asic.yaml", {}) for c in contexts]
    ll = [decode_seconds(tmp_path, "llama-1.3b", c, "npu_systolic.yaml", {"array.mac": "fp16"})
          for c in contexts]
    print("MMfreeLM-1.3B layer decode s:", mm)
    print("Llama-1.3B layer decode s:  ", ll)
    # No attention, no KV cache: the same work at every context.
    assert mm[0] == mm[1] == mm[2]
    # One layer's KV cache at 8192 tokens, 2 x 8192 x 2048 x 2 B = 64 MiB, is read on top of its
    # 2 x (4 x 2048^2 + 3 x 2048 x 5460) B = 100 MB of fp16 weights: latency must rise by >1.4x.
    assert ll[0] < ll[1] < ll[2]
    assert ll[2] / ll[0] > 1.4
