"""Per-architecture op graphs (one forward pass over `s` tokens per sequence).

Conventions (docs/workload_ir.md): activation ops and gemms have m = tokens x batch
rows; the mlgru op has m = tokens per sequence and batch = sequences.
"""

from .ir import Trace


class PassCtx:
    """What one forward pass needs: s tokens per sequence, `ctx` attention context."""

    def __init__(self, trace, cfg, opts, prefix, s, ctx, phase):
        self.t, self.cfg, self.o, self.p = trace, cfg, opts, prefix
        self.s, self.ctx, self.phase = s, ctx, phase
        self.B = opts.batch
        self.m = s * opts.batch

    # ternary gemm with optional real sparsity from --weights / --zero-fraction
    def tgemm(self, name, m, k, n, tensor, deps=None, weight="ternary", act_bits=8):
        zf = tzf = None
        if weight == "ternary":
            if self.o.wstats is not None:
                zf, tzf = self.o.wstats.stats(tensor, k, n)
            elif self.o.zero_fraction is not None:
                zf = self.o.zero_fraction
        return self.t.gemm(self.p + name, m, k, n, weight, act_bits=act_bits, deps=deps,
                           zero_fraction=zf, tile_zero_fractions=tzf)

    def vec(self, name, kind, m, n, bits=16, deps=None):
        return self.t.vec(self.p + name, kind, m, n, bits=bits, deps=deps)

    def add(self, name, kind, deps=None, **keys):
        return self.t.add(self.p + name, kind, deps, **keys)


# ---------------------------------------------------------------- embedding / head

def lm_head(c, x):
    """Final RMSNorm + LM head. In prefill only the last position of each sequence
    is projected to logits (what generation needs), so m = batch there."""
    cfg, d, V = c.cfg, c.cfg.hidden_size, c.cfg.vocab_size
    mh = c.B if c.phase == "prefill" else c.m
    deps = [x] if x else []
    c.vec("final_norm", "rmsnorm", mh, d, deps=deps)
    # HF names: HGRNBitModel.embeddings / LlamaModel.embed_tokens (the tied head matrix)
    emb = "model.embeddings.weight" if cfg.model_type == "hgrn_bit" else "model.embed_tokens.weight"
    tensor = emb if cfg.tie_word_embeddings else "lm_head.weight"
    if c.o.head_weight == "ternary":
        c.vec("head_quant", "quantize", mh, d)
        return c.tgemm("lm_head", mh, d, V, tensor)
    return c.tgemm("lm_head", mh, d, V, tensor, weight=c.o.head_weight, act_bits=16)


# ---------------------------------------------------------------- hgrn_bit (MMfreeLM)

def hgrn_bit_layer(c, i, x):
    """One HGRNBitBlock (ridgerchu/matmulfreellm mmfreelm/models/hgrn_bit/modeling_hgrn_bit.py
    and mmfreelm/layers/hgrn_bit.py; paper arXiv 2406.02528 Sec. 3).

    Token mixer (HGRNBitAttention): f = sigmoid(x W_f), c = silu(x W_c) (module i_proj),
    h_t = f_t*h_{t-1} + (1-f_t)*c_t (mlgru op), g = sigmoid(x W_g), o = RMSNorm(g*h) W_o.
    The code applies one RMSNorm inside every BitLinear; as in the paper's fused
    RMSNorm+quantize+ternary kernel, the three projections that share an input share one
    rmsnorm+quantize here. The code's output gate is FusedRMSNormSwishGate; we model it as
    sigmoid(g) -> mul -> rmsnorm as specified for ternsim.
    Channel mixer (HGRNBitMLP): gate_proj d->2I (gate and up fused), silu, mul, down_proj I->d.
    """
    cfg, d, I, m = c.cfg, c.cfg.hidden_size, c.cfg.intermediate_size, c.m
    L, W = f"l{i}.", f"model.layers.{i}."
    dx = [x] if x else []
    c.vec(L + "tm.norm", "rmsnorm", m, d, deps=dx)
    q = c.vec(L + "tm.quant", "quantize", m, d)
    f = c.tgemm(L + "tm.f_proj", m, d, d, W + "attn.f_proj.weight", deps=[q])
    cc = c.tgemm(L + "tm.c_proj", m, d, d, W + "attn.i_proj.weight", deps=[q])
    g = c.tgemm(L + "tm.g_proj", m, d, d, W + "attn.g_proj.weight", deps=[q])
    fs = c.vec(L + "tm.f_sigmoid", "sigmoid", m, d, deps=[f])
    cs = c.vec(L + "tm.c_silu", "silu", m, d, deps=[cc])
    h = c.add(L + "tm.mlgru", "mlgru", deps=[fs, cs], m=c.s, n=d, batch=c.B,
              state=c.o.mlgru_state, schedule=c.o.mlgru_schedule)
    gs = c.vec(L + "tm.g_sigmoid", "sigmoid", m, d, deps=[g])
    c.vec(L + "tm.gate_mul", "mul", m, d, deps=[gs, h])
    c.vec(L + "tm.g_norm", "rmsnorm", m, d)
    c.vec(L + "tm.o_quant", "quantize", m, d)
    o = c.tgemm(L + "tm.o_proj", m, d, d, W + "attn.o_proj.weight")
    r1 = c.vec(L + "tm.residual", "add", m, d, deps=[o] + dx)
    c.vec(L + "cm.norm", "rmsnorm", m, d)
    c.vec(L + "cm.quant", "quantize", m, d)
    gp = c.tgemm(L + "cm.gate_proj", m, d, 2 * I, W + "mlp.gate_proj.weight")
    si = c.vec(L + "cm.silu", "silu", m, I)
    c.vec(L + "cm.mul", "mul", m, I, deps=[si, gp])
    c.vec(L + "cm.down_quant", "quantize", m, I)
    dn = c.tgemm(L + "cm.down_proj", m, I, d, W + "mlp.down_proj.weight")
    return c.vec(L + "cm.residual", "add", m, d, deps=[dn, r1])


# ---------------------------------------------------------------- llama / bitnet

def attention_shapes(c):
    """Shapes of the two attention matmuls over the KV cache.

    fold 'm' (default): each (token, sequence, head) is a row: QK^T has m = s*B*H,
    k = head_dim, n = context; PV has m = s*B*H, k = context, n = head_dim. MACs are
    exact, but the gemm's B operand (k x n) is one head's K (or V) slice, so the
    simulator's kv_cache traffic is 1/(B*KVH) of the real cache read.
    fold 'n': heads and sequences go into n: QK^T m = s*G (G = query heads per KV head),
    k = head_dim, n = context*KVH*B; PV m = s*G, k = context, n = head_dim*KVH*B.
    MACs are equally exact and k x n equals the real per-layer K (V) cache read.
    """
    cfg, s, B, ctx = c.cfg, c.s, c.B, c.ctx
    H, KVH, hd = cfg.num_heads, cfg.num_kv_heads, cfg.head_dim
    if c.o.attn_fold == "m":
        return dict(qk=(s * B * H, hd, ctx), pv=(s * B * H, ctx, hd), sm=(s * B * H, ctx))
    G = H // KVH
    return dict(qk=(s * G, hd, ctx * KVH * B), pv=(s * G, ctx, hd * KVH * B),
                sm=(s * B * H, ctx))


def llama_layer(c, i, x, bitnet=False):
    """Llama / Transformer++ decoder layer (HF LlamaDecoderLayer: input_layernorm,
    self_attn q/k/v/o_proj with RoPE, post_attention_layernorm, SwiGLU MLP gate/up/down).

    bitnet=True: BitNet b1.58 (arXiv 2402.17764): every linear layer is BitLinear with
    ternary weights, each preceded by rmsnorm + 8-bit quantize; the attention matmuls
    run on int8 activations over an int8 KV cache.
    """
    cfg, d, I, m = c.cfg, c.cfg.hidden_size, c.cfg.intermediate_size, c.m
    qd, kvd = cfg.q_dim, cfg.kv_dim
    L, W = f"l{i}.", f"model.layers.{i}."
    dx = [x] if x else []
    if bitnet:
        wkind, abits, kvbits, kvw = "ternary", 8, 8, "int8"
    else:
        wkind, abits, kvbits, kvw = c.o.weight_precision, 16, 16, "fp16"
    c.vec(L + "attn.norm", "rmsnorm", m, d, deps=dx)
    if bitnet:
        c.vec(L + "attn.quant", "quantize", m, d)
    src = c.t.last
    q = c.tgemm(L + "attn.q_proj", m, d, qd, W + "self_attn.q_proj.weight", deps=[src],
                weight=wkind, act_bits=abits)
    k = c.tgemm(L + "attn.k_proj", m, d, kvd, W + "self_attn.k_proj.weight", deps=[src],
                weight=wkind, act_bits=abits)
    v = c.tgemm(L + "attn.v_proj", m, d, kvd, W + "self_attn.v_proj.weight", deps=[src],
                weight=wkind, act_bits=abits)
    # rotary embedding: elementwise multiply-add of q and k with cos/sin tables
    rope = c.vec(L + "attn.rope", "mul", m, qd + kvd, deps=[q, k])
    ka = c.vec(L + "attn.k_append", "kv_append", m, kvd, bits=kvbits, deps=[rope])
    va = c.vec(L + "attn.v_append", "kv_append", m, kvd, bits=kvbits, deps=[v])
    qsrc = rope
    if bitnet:
        qsrc = c.vec(L + "attn.q_quant", "quantize", m, qd, deps=[rope])
    sh = attention_shapes(c)
    c.t.gemm(c.p + L + "attn.qk", *sh["qk"], weight=kvw, act_bits=abits,
             b_operand="kv_cache", deps=[qsrc, ka])
    psrc = c.vec(L + "attn.softmax", "softmax", *sh["sm"])
    if bitnet:
        psrc = c.vec(L + "attn.p_quant", "quantize", *sh["sm"])
    c.t.gemm(c.p + L + "attn.pv", *sh["pv"], weight=kvw, act_bits=abits,
             b_operand="kv_cache", deps=[psrc, va])
    if bitnet:
        c.vec(L + "attn.o_norm", "rmsnorm", m, qd)
        c.vec(L + "attn.o_quant", "quantize", m, qd)
    o = c.tgemm(L + "attn.o_proj", m, qd, d, W + "self_attn.o_proj.weight",
                weight=wkind, act_bits=abits)
    r1 = c.vec(L + "attn.residual", "add", m, d, deps=[o] + dx)
    c.vec(L + "mlp.norm", "rmsnorm", m, d)
    if bitnet:
        c.vec(L + "mlp.quant", "quantize", m, d)
    src = c.t.last
    gp = c.tgemm(L + "mlp.gate_proj", m, d, I, W + "mlp.gate_proj.weight", deps=[src],
                 weight=wkind, act_bits=abits)
    up = c.tgemm(L + "mlp.up_proj", m, d, I, W + "mlp.up_proj.weight", deps=[src],
                 weight=wkind, act_bits=abits)
    si = c.vec(L + "mlp.silu", "silu", m, I, deps=[gp])
    c.vec(L + "mlp.mul", "mul", m, I, deps=[si, up])
    if bitnet:
        c.vec(L + "mlp.down_norm", "rmsnorm", m, I)
        c.vec(L + "mlp.down_quant", "quantize", m, I)
    dn = c.tgemm(L + "mlp.down_proj", m, I, d, W + "mlp.down_proj.weight",
                 weight=wkind, act_bits=abits)
    return c.vec(L + "mlp.residual", "add", m, d, deps=[dn, r1])


LAYER_FN = {
    "hgrn_bit": hgrn_bit_layer,
    "llama": llama_layer,
    "bitnet": lambda c, i, x: llama_layer(c, i, x, bitnet=True),
}


def emit_pass(trace: Trace, cfg, opts, prefix, s, ctx, phase, after=None):
    """Append one forward pass (embedding, opts.layers layers, head) to the trace.
    `after` is the op the pass waits for (previous decode step), or None."""
    c = PassCtx(trace, cfg, opts, prefix, s, ctx, phase)
    x = after
    if opts.head:
        x = c.add("embed", "embedding", deps=[after] if after else [], m=c.m,
                  n=cfg.hidden_size)
    layer = LAYER_FN[cfg.model_type]
    for i in range(opts.layers):
        x = layer(c, i, x)
    if opts.head:
        x = lm_head(c, x)
    return x
