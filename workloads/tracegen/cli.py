"""Command line: ``tracegen {prefill,decode,info} ...`` (see --help)."""

import argparse
import math
import os
import sys

from . import TracegenError, __version__
from .archs import emit_pass
from .config import ModelConfig, load_config
from .ir import Trace
from .weights import WeightStats


class Opts:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def _tile(s):
    try:
        a, b = s.lower().split("x")
        tk, tn = int(a), int(b)
        if tk <= 0 or tn <= 0:
            raise ValueError
        return tk, tn
    except ValueError:
        raise argparse.ArgumentTypeError(f"--tile must look like 64x64, got {s!r}")


def _pos_int(s):
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {s!r}")
    if v <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {s!r}")
    return v


def _nonneg_int(s):
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got {s!r}")
    if v < 0:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got {s!r}")
    return v


def _fraction(s):
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0,1], got {s!r}")
    if not 0.0 <= v <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number in [0,1], got {s!r}")
    return v


def _add_common(p):
    g = p.add_argument_group("model")
    g.add_argument("--model", required=True, metavar="CONFIG.json",
                   help="HF-style config.json; model_type hgrn_bit | llama | bitnet")
    g.add_argument("--batch", type=_pos_int, default=1, help="sequences processed together (default 1)")
    g.add_argument("--layers", type=_pos_int, default=None, metavar="N",
                   help="keep only the first N decoder layers (default: all)")
    g.add_argument("--no-head", dest="head", action="store_false",
                   help="omit the token embedding and the final norm + LM head")
    g.add_argument("--head-weight", choices=("fp16", "bf16", "int8", "ternary"), default="fp16",
                   help="LM head weight precision (default fp16, as the released models keep "
                        "embedding/LM head in higher precision)")
    g.add_argument("--weight-precision", choices=("fp16", "bf16", "int8"), default="fp16",
                   help="llama only: weight precision of the linear layers (default fp16; "
                        "int8 = weight-only W8A16)")
    g = p.add_argument_group("sparsity")
    g.add_argument("--weights", metavar="W.safetensors",  # or model.safetensors.index.json (shards)
                   help="checkpoint to take real zero fractions of the ternary matrices from: a "
                        ".safetensors file, a sharded model.safetensors.index.json, or their directory")
    g.add_argument("--tile", type=_tile, default=(64, 64), metavar="KxN",
                   help="tile size for tile_zero_fractions (default 64x64)")
    g.add_argument("--quantize", choices=("absmean",), default=None,
                   help="quantize non-ternary weights with the absmean rule before counting zeros")
    g.add_argument("--zero-fraction", type=_fraction, default=None, metavar="Z",
                   help="without --weights: zero_fraction to put on every ternary gemm "
                        "(default: omit the key)")
    g = p.add_argument_group("modelling choices")
    g.add_argument("--mlgru-state", choices=("onchip", "dram"), default="onchip",
                   help="hgrn_bit: where the recurrent state h lives (default onchip)")
    g.add_argument("--mlgru-schedule", choices=("sequential", "scan"), default="sequential",
                   help="hgrn_bit: recurrence schedule (default sequential, like the released "
                        "fused_recurrent kernel)")
    g.add_argument("--attn-fold", choices=("m", "n"), default="n",
                   help="llama/bitnet: fold heads x batch into the attention gemms' n (default: "
                        "the kv_cache operand is the whole per-layer cache read, so KV traffic is "
                        "right) or m (kv_cache operand = one head's slice); see archs.attention_shapes")
    g = p.add_argument_group("output")
    g.add_argument("--name", default=None, help="trace name (default derived from the config)")
    g.add_argument("-o", "--output", required=True, metavar="OUT.yaml", help="output file ('-' = stdout)")


def build_parser():
    ap = argparse.ArgumentParser(
        prog="tracegen",
        description="Generate ternsim workload IR (docs/workload_ir.md) for one phase of a model.")
    ap.add_argument("--version", action="version", version=f"tracegen {__version__}")
    sub = ap.add_subparsers(dest="cmd", metavar="{prefill,decode,info,onnx}")
    sub.required = True
    p = sub.add_parser("prefill", help="prompt processing: seq_len tokens per sequence",
                       description="Emit a prefill trace: m = seq_len x batch rows per op.")
    p.add_argument("--seq-len", type=_pos_int, required=True, metavar="L", help="prompt length")
    _add_common(p)
    p = sub.add_parser("decode", help="token generation: one step per token",
                       description="Emit decode steps: m = batch rows per op; with --tokens T "
                                   "emits T steps, the attention context growing by one each step.")
    p.add_argument("--context", type=_nonneg_int, required=True, metavar="C",
                   help="tokens already in the context (KV cache) before the first step")
    p.add_argument("--tokens", type=_pos_int, default=1, metavar="T",
                   help="decode steps to emit (default 1); T > 1 is written as a repeat: loop "
                        "over one step's ops")
    p.add_argument("--unroll", action="store_true",
                   help="with --tokens T > 1: write every step's ops (t0., t1., ...) instead of "
                        "the repeat: loop")
    _add_common(p)
    p = sub.add_parser("onnx", help="trace an ONNX model's graph (MatMul/Gemm/Conv, quantized matmuls, "
                                    "elementwise and normalisation ops)",
                       description="Emit the workload IR of an ONNX model (tracegen/onnx_trace.py lists the op "
                                   "mapping); weights from initializers, ternary ones with real zero fractions.")
    p.add_argument("model", metavar="MODEL.onnx")
    p.add_argument("--dim", action="append", default=[], metavar="NAME=VALUE",
                   help="value of a symbolic input dimension (repeatable), e.g. --dim batch=1 --dim seq=128")
    p.add_argument("--tile", type=_tile, default=(64, 64), metavar="KxN",
                   help="tile size for tile_zero_fractions of ternary weights (default 64x64)")
    p.add_argument("--quantize", choices=("absmean",), default=None,
                   help="treat every float weight as ternary after absmean quantization")
    p.add_argument("--act-bits", type=_pos_int, default=8, metavar="B",
                   help="activation bits of float matmuls/convs (default 8; integer ops use 8)")
    p.add_argument("--name", default=None, help="trace name (default: the file name)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.yaml", help="output file ('-' = stdout)")
    p = sub.add_parser("info", help="print derived dimensions and parameter count",
                       description="Print derived dimensions and parameter count of a config.")
    p.add_argument("--model", required=True, metavar="CONFIG.json", help="HF-style config.json")
    return ap


def _command_string(args):
    """Canonical, path-independent description of the inputs (for meta)."""
    parts = ["tracegen", args.cmd, "--model", os.path.basename(args.model)]
    if args.cmd == "prefill":
        parts += ["--seq-len", str(args.seq_len)]
    else:
        parts += ["--context", str(args.context)]
        if args.tokens != 1:
            parts += ["--tokens", str(args.tokens)]
            if getattr(args, "unroll", False):
                parts.append("--unroll")
    parts += ["--batch", str(args.batch)]
    if args.layers is not None:
        parts += ["--layers", str(args.layers)]
    if not args.head:
        parts.append("--no-head")
    for flag, val, default in (("--head-weight", args.head_weight, "fp16"),
                               ("--weight-precision", args.weight_precision, "fp16"),
                               ("--mlgru-state", args.mlgru_state, "onchip"),
                               ("--mlgru-schedule", args.mlgru_schedule, "sequential"),
                               ("--attn-fold", args.attn_fold, "n")):
        if val != default:
            parts += [flag, val]
    if args.weights:
        parts += ["--weights", os.path.basename(args.weights), "--tile", "%dx%d" % args.tile]
    if args.quantize:
        parts += ["--quantize", args.quantize]
    if args.zero_fraction is not None:
        parts += ["--zero-fraction", repr(args.zero_fraction)]
    return " ".join(parts)


def _precision_meta(cfg, o):
    emb = "fp16"
    head = o.head_weight
    if cfg.model_type == "hgrn_bit":
        lin = "ternary (absmean, one scale per matrix), 8-bit per-token absmax activations"
        rec = "fp16 elementwise MLGRU recurrence"
        note = ("embedding and LM head kept in fp16 as in the released MMfreeLM checkpoints "
                "(arXiv 2406.02528); note the reference code constructs lm_head as a BitLinear, "
                "use --head-weight ternary to model that instead")
        return {"embedding": emb, "lm_head": head, "linear": lin, "token_mixer": rec,
                "note": note}
    if cfg.model_type == "bitnet":
        return {"embedding": emb, "lm_head": head,
                "linear": "ternary (absmean), 8-bit per-token absmax activations",
                "attention": "int8 activations over an int8 KV cache"}
    return {"embedding": emb, "lm_head": head,
            "linear": o.weight_precision + (" weight-only, fp16 activations"
                                            if o.weight_precision == "int8" else ""),
            "attention": "fp16 over an fp16 KV cache"}


def _step_varying(trace, cfg, o, context):
    """Dimensions of one decode step that change with the step (the attention context):
    {op name: {key: (value at step 0, increment per step)}}, from passes emitted at
    context, context + 1 and context + 2 (the shapes must be affine in the context)."""
    passes = []
    for c in (context, context + 1, context + 2):
        t = Trace("probe", "decode")
        emit_pass(t, cfg, o, "", 1, c, "decode")
        passes.append(t.ops)
    varying = {}
    for a, b, c in zip(*passes):
        for key in ("m", "n", "k"):
            if key in a and a[key] != b[key]:
                inc = b[key] - a[key]
                if c[key] - b[key] != inc or inc < 0:
                    raise TracegenError(f"internal: {a['name']}.{key} is not affine in the context")
                varying.setdefault(a["name"], {})[key] = (a[key], inc)
    return varying


def generate(cfg: ModelConfig, args):
    """Build the Trace for parsed CLI args (also used by the tests)."""
    layers = cfg.num_layers if args.layers is None else args.layers
    if layers > cfg.num_layers:
        raise TracegenError(f"--layers {layers} exceeds num_hidden_layers "
                            f"{cfg.num_layers} of {cfg.src}")
    if args.weights and args.zero_fraction is not None:
        raise TracegenError("--zero-fraction and --weights are mutually exclusive")
    if cfg.model_type != "hgrn_bit" and (args.mlgru_state != "onchip"
                                         or args.mlgru_schedule != "sequential"):
        raise TracegenError("--mlgru-* options only apply to model_type hgrn_bit")
    if cfg.model_type != "llama" and args.weight_precision != "fp16":
        raise TracegenError("--weight-precision only applies to model_type llama")
    wstats = WeightStats(args.weights, args.tile, args.quantize) if args.weights else None
    o = Opts(batch=args.batch, layers=layers, head=args.head, head_weight=args.head_weight,
             weight_precision=args.weight_precision, mlgru_state=args.mlgru_state,
             mlgru_schedule=args.mlgru_schedule, attn_fold=args.attn_fold,
             zero_fraction=args.zero_fraction, wstats=wstats)
    stem = os.path.splitext(os.path.basename(args.model))[0]
    scope = "" if layers == cfg.num_layers else (".layer0" if layers == 1
                                                 else f".layers0-{layers - 1}")
    name = args.name or f"{stem}{scope}.{args.cmd}"
    tokens = args.seq_len if args.cmd == "prefill" else args.tokens
    d = cfg.hidden_size
    meta = {"model": cfg.name, "model_type": cfg.model_type,
            "config": os.path.basename(args.model),
            "generated_by": _command_string(args),
            "hidden_size": d, "num_hidden_layers": cfg.num_layers, "layers_emitted": layers,
            "intermediate_size": cfg.intermediate_size, "vocab_size": cfg.vocab_size,
            "head_included": bool(args.head),
            "precision": _precision_meta(cfg, o)}
    if cfg.model_type != "hgrn_bit":
        meta.update(num_attention_heads=cfg.num_heads, num_key_value_heads=cfg.num_kv_heads,
                    head_dim=cfg.head_dim, attn_fold=args.attn_fold)
    trace = Trace(name, args.cmd, tokens=tokens, batch=args.batch, meta=meta)
    if args.cmd == "prefill":
        emit_pass(trace, cfg, o, "", args.seq_len, args.seq_len, "prefill")
        if cfg.model_type != "hgrn_bit":
            meta["attention_context"] = [args.seq_len]
    elif args.tokens > 1 and not getattr(args, "unroll", False):
        emit_pass(trace, cfg, o, "", 1, args.context, "decode")
        trace.set_repeat(args.tokens, _step_varying(trace, cfg, o, args.context))
        if cfg.model_type != "hgrn_bit":
            meta["attention_context"] = {"first": args.context, "last": args.context + args.tokens - 1}
    else:
        after = None
        for j in range(args.tokens):
            prefix = f"t{j}." if args.tokens > 1 else ""
            after = emit_pass(trace, cfg, o, prefix, 1, args.context + j, "decode", after)
        if cfg.model_type != "hgrn_bit":
            meta["attention_context"] = [args.context + j for j in range(args.tokens)]
    # parameter bookkeeping: weight gemms of one pass (+ the embedding table if emitted)
    per_pass = [op for op in trace.ops if op["kind"] == "gemm" and op.get("b_operand") == "weights"]
    if args.cmd == "decode" and args.tokens > 1 and getattr(args, "unroll", False):
        per_pass = [op for op in per_pass if op["name"].startswith("t0.")]
    gemm_params = sum(op["k"] * op["n"] for op in per_pass)
    # a tied embedding table is the LM head matrix, already counted in the gemms
    emb_params = cfg.vocab_size * d if args.head and not cfg.tie_word_embeddings else 0
    meta["params"] = {"gemm_weights": gemm_params, "embedding_table": emb_params,
                      "total": gemm_params + emb_params}
    notes = []
    if cfg.model_type == "hgrn_bit":
        notes.append("c_proj is the code's attn.i_proj (MLGRU candidate); the three "
                     "projections sharing an input share one rmsnorm+quantize (fused BitLinear)")
    else:
        notes.append("attention over the cache: QK^T and PV are gemms with b_operand kv_cache; "
                     + ("heads x batch folded into m (m = tokens x batch x heads), so each "
                        "gemm's k x n is one head's K/V slice" if args.attn_fold == "m" else
                        "heads x batch folded into n, so k x n is the whole per-layer K/V read")
                     + "; prefill attention is modelled unmasked (full L x L)")
        notes.append("decode attention context = --context + tokens generated earlier in this "
                     "trace; the new token's own K/V goes through kv_append")
    if args.head and args.cmd == "prefill":
        notes.append("prefill computes logits for the last position of each sequence only")
    meta["notes"] = notes
    if wstats is not None:
        meta["weights"] = {"file": os.path.basename(args.weights),
                           "tile": "%dx%d" % args.tile,
                           "absmean_quantized": len(wstats.quantized) > 0}
        wstats.f.close()
    return trace


def main(argv=None):
    ap = build_parser()
    args = ap.parse_args(argv)
    try:
        if args.cmd == "onnx":
            from .onnx_trace import trace_onnx
            text = trace_onnx(args.model, name=args.name, dims=args.dim, tile=args.tile, quantize=args.quantize,
                              act_bits=args.act_bits).dump()
            return _write_output(args.output, text)
        cfg = load_config(args.model)
        if args.cmd == "info":
            print(f"model_type: {cfg.model_type}\nhidden_size: {cfg.hidden_size}\n"
                  f"num_hidden_layers: {cfg.num_layers}\nintermediate_size: "
                  f"{cfg.intermediate_size}\nvocab_size: {cfg.vocab_size}\n"
                  f"params: {cfg.param_count()}")
            return 0
        trace = generate(cfg, args)
        text = trace.dump()
    except TracegenError as e:
        for line in str(e).splitlines():  # a config can have several bad keys: one line each
            print(f"tracegen: error: {line}", file=sys.stderr)
        return 2
    return _write_output(args.output, text)


def _write_output(output, text):
    if output == "-":
        sys.stdout.write(text)
        return 0
    # write to a temporary name, then rename: a reader never sees half a trace
    tmp = f"{output}.tmp.{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, output)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        print(f"tracegen: error: {output}: cannot write ({e.strerror})", file=sys.stderr)
        return 2
    return 0
