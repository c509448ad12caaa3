"""Weight statistics for ternary gemms: zero fraction and per-tile zero fractions
computed from a real safetensors checkpoint."""

import numpy as np

from . import TracegenError
from .sharded import open_checkpoint


class WeightsError(TracegenError):
    pass


def absmean_ternary(w, eps=1e-5):
    """BitNet b1.58 / MMfreeLM absmean weight quantization.

    gamma = mean(|W|) over the whole matrix (one scale per matrix),
    W_t = clip(round(W / gamma), -1, +1).
    Sources: Ma et al., "The Era of 1-bit LLMs" (arXiv 2402.17764) eq. 1-3;
    ridgerchu/matmulfreellm mmfreelm/ops/bitnet.py weight_quant(): scale =
    1/mean|w|.clamp(min=1e-5); (w*scale).round().clamp(-1, 1).
    np.round, like torch.round, rounds halves to even. Returns int8 {-1,0,1}.
    """
    w = np.asarray(w, dtype=np.float64)
    gamma = max(float(np.mean(np.abs(w))), eps)
    return np.clip(np.round(w / gamma), -1, 1).astype(np.int8)


def is_ternary(w):
    """True if W takes at most the values {-s, 0, +s} for one scale s > 0
    (covers exact {-1,0,1} and checkpoints that store the dequantized W_t*s)."""
    w = np.asarray(w)
    if not np.all(np.isfinite(w)):
        return False
    nz = np.abs(w[w != 0])
    return nz.size == 0 or bool(np.all(nz == nz.flat[0]))


def zero_fraction(wt):
    return float(np.count_nonzero(wt == 0)) / float(wt.size)


def tile_zero_fractions(wt, tile_k, tile_n):
    """Zero fraction of each tile of a k x n matrix, row-major over
    ceil(k/tile_k) x ceil(n/tile_n) tiles; edge tiles count only their real elements."""
    k, n = wt.shape
    rs = np.arange(0, k, tile_k)
    cs = np.arange(0, n, tile_n)
    z = (wt == 0).astype(np.int64)
    counts = np.add.reduceat(np.add.reduceat(z, rs, axis=0), cs, axis=1)
    rows = np.minimum(rs + tile_k, k) - rs
    cols = np.minimum(cs + tile_n, n) - cs
    sizes = rows[:, None] * cols[None, :]
    return [float(c) / float(s) for c, s in zip(counts.ravel().tolist(), sizes.ravel().tolist())]


class WeightStats:
    """Computes (and caches) sparsity of ternary projection matrices from a checkpoint."""

    def __init__(self, path, tile=(64, 64), quantize=None):
        self.path = str(path)
        self.f = open_checkpoint(path)  # one file, an index.json of shards, or a directory
        self.tile_k, self.tile_n = tile
        self.quantize = quantize
        self._cache = {}
        self.quantized = []   # tensor names that needed absmean quantization

    def stats(self, tensor, k, n):
        """Return (zero_fraction, tile dict) of the ternary k x n matrix W = weight^T.

        nn.Linear / BitLinear store weight as [out, in]; the IR's gemm W is
        k x n = in x out, so the tensor must have shape (n, k) and is transposed."""
        if tensor in self._cache:
            return self._cache[tensor]
        if tensor not in self.f:
            raise WeightsError(f"{self.path}: tensor '{tensor}' not found (needed for a "
                               f"{k}x{n} gemm); file has {len(self.f.keys())} tensors, "
                               f"e.g. {', '.join(self.f.keys()[:5])}")
        shape = self.f.shape(tensor)
        if shape != (n, k):
            raise WeightsError(f"{self.path}: tensor '{tensor}' has shape {list(shape)}, "
                               f"expected [out={n}, in={k}] for a gemm with k={k}, n={n}")
        w = self.f.get(tensor)
        if not is_ternary(w):
            if self.quantize == "absmean":
                w = absmean_ternary(w)
                self.quantized.append(tensor)
            else:
                raise WeightsError(
                    f"{self.path}: tensor '{tensor}' ({self.f.dtype(tensor)}) is not "
                    "ternary-valued; pass --quantize absmean to quantize it with the "
                    "absmean rule (W/mean|W|, round, clip to {-1,0,1})")
        wt = np.asarray(w).T  # [in, out] = k x n
        res = (zero_fraction(wt),
               {"tile_k": self.tile_k, "tile_n": self.tile_n,
                "values": tile_zero_fractions(wt, self.tile_k, self.tile_n)})
        self._cache[tensor] = res
        return res
