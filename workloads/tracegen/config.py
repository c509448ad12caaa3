"""Model configs (HF config.json style) and derived dimensions."""

import json
import math

from . import TracegenError

SUPPORTED_MODEL_TYPES = ("hgrn_bit", "llama", "bitnet")


class ConfigError(TracegenError):
    pass


def hgrn_intermediate_size(hidden_size, hidden_ratio=None, intermediate_size=None):
    """Channel-mixer width I of HGRNBitMLP.

    Source: ridgerchu/matmulfreellm, mmfreelm/models/hgrn_bit/modeling_hgrn_bit.py,
    class HGRNBitMLP: hidden_ratio defaults to 4; if intermediate_size is None,
    I = int(d * hidden_ratio * 2 / 3) rounded *up* to a multiple of 256.
    (d=1024 -> 2816, d=2048 -> 5632, d=2560 -> 6912.)
    """
    if intermediate_size is not None:
        return int(intermediate_size)
    if hidden_ratio is None:
        hidden_ratio = 4
    i = int(hidden_size * hidden_ratio * 2 / 3)
    return 256 * ((i + 256 - 1) // 256)


# The workload IR holds dimensions up to 2^31 (sim/workload/workload_loader.cpp kMaxDim); a
# config whose derived GEMM sizes exceed that would give a trace `ternsim run` rejects later.
MAX_DIM = 1 << 31
# ASSUMPTION: no real model has more layers than this (the largest public LLMs have < 200); the
# bound keeps a typo from generating a multi-gigabyte trace.
MAX_LAYERS = 4096
MAX_HIDDEN_RATIO = 64


class _Checker:
    """Checks every config.json key the generator reads, collecting one line per problem:
    a wrong type or value is an error, never reinterpreted ("false" is not False, 64.5 is not 64)."""

    def __init__(self, raw, src):
        self.raw, self.src, self.errors = raw, src, []

    def fail(self, key, what):
        self.errors.append(f"{self.src}: {key}: {what}, got {_show(self.raw.get(key))}")

    def integer(self, key, required, lo=1, hi=MAX_DIM, mt=None):
        v = self.raw.get(key)
        if v is None:
            if required:
                self.errors.append(f"{self.src}: missing required key '{key}' for model_type '{mt}'")
            return None
        if isinstance(v, bool) or not isinstance(v, int):
            self.fail(key, f"expected an integer in [{lo}, {hi}]")
            return None
        if not lo <= v <= hi:
            self.fail(key, f"expected an integer in [{lo}, {hi}]")
            return None
        return v

    def boolean(self, key, default):
        v = self.raw.get(key, default)
        if v is None:
            return default
        if not isinstance(v, bool):
            self.fail(key, "expected true or false")
            return default
        return v

    def number(self, key, lo, hi):
        v = self.raw.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not lo < v <= hi:
            self.fail(key, f"expected a number in ({lo}, {hi}]")
            return None
        return v

    def string(self, key):
        v = self.raw.get(key)
        if v is not None and not isinstance(v, str):
            self.fail(key, "expected a string")
            return None
        return v

    def derived(self, what, value):
        if value is not None and value > MAX_DIM:
            self.errors.append(f"{self.src}: {what} = {value} exceeds the workload IR's limit {MAX_DIM}")


def _show(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")
    return json.dumps(v) if isinstance(v, (str, bool)) or v is None else repr(v)


class ModelConfig:
    """Validated view of a config.json with the dimensions tracegen needs."""

    def __init__(self, raw, src="<config>"):
        if not isinstance(raw, dict):
            raise ConfigError(f"{src}: top level must be a JSON object")
        self.raw = raw
        self.src = src
        mt = raw.get("model_type")
        if mt is None:
            raise ConfigError(f"{src}: missing required key 'model_type' "
                              f"(one of {', '.join(SUPPORTED_MODEL_TYPES)})")
        if not isinstance(mt, str) or mt not in SUPPORTED_MODEL_TYPES:
            raise ConfigError(f"{src}: unknown model_type {_show(mt) if not isinstance(mt, str) else repr(mt)} "
                              f"(supported: {', '.join(SUPPORTED_MODEL_TYPES)})")
        self.model_type = mt
        c = _Checker(raw, src)
        self.hidden_size = c.integer("hidden_size", True, mt=mt)
        self.num_layers = c.integer("num_hidden_layers", True, hi=MAX_LAYERS, mt=mt)
        self.vocab_size = c.integer("vocab_size", True, mt=mt)
        self.tie_word_embeddings = c.boolean("tie_word_embeddings", False)
        name = c.string("_name")
        name_or_path = c.string("_name_or_path")
        self.name = name or name_or_path or mt
        d = self.hidden_size
        if mt == "hgrn_bit":
            ratio = c.number("hidden_ratio", 0, MAX_HIDDEN_RATIO)
            inter = c.integer("intermediate_size", False)
            self.intermediate_size = hgrn_intermediate_size(d, ratio, inter) if d else None
            c.derived("intermediate_size (from hidden_ratio)", self.intermediate_size)
            self.expand_ratio = c.integer("expand_ratio", False, hi=1 << 10)
            if self.expand_ratio is None:
                self.expand_ratio = 1
            if self.expand_ratio != 1:
                c.errors.append(f"{src}: expand_ratio: {self.expand_ratio} not supported "
                                "(the released MMfreeLM models use 1)")
            if c.boolean("use_short_conv", False):
                c.errors.append(f"{src}: use_short_conv: true not supported "
                                "(the released MMfreeLM models use false)")
        else:
            self.intermediate_size = c.integer("intermediate_size", True, mt=mt)
            self.num_heads = c.integer("num_attention_heads", True, mt=mt)
            self.num_kv_heads = c.integer("num_key_value_heads", False) or self.num_heads
            self.head_dim = c.integer("head_dim", False)
            if self.head_dim is None and raw.get("head_dim") is None and d and self.num_heads:
                self.head_dim = d // self.num_heads
                if d % self.num_heads:
                    c.errors.append(f"{src}: hidden_size {d} not divisible by "
                                    f"num_attention_heads {self.num_heads}")
            if self.num_heads and self.num_kv_heads and self.num_heads % self.num_kv_heads:
                c.errors.append(f"{src}: num_key_value_heads: num_attention_heads ({self.num_heads}) must be "
                                f"a multiple of it, got {self.num_kv_heads}")
            if self.num_heads and self.head_dim:
                c.derived("num_attention_heads * head_dim", self.num_heads * self.head_dim)
        if c.errors:
            raise ConfigError("\n".join(c.errors))

    @property
    def q_dim(self):
        return self.num_heads * self.head_dim

    @property
    def kv_dim(self):
        return self.num_kv_heads * self.head_dim

    def layer_params(self):
        d, i = self.hidden_size, self.intermediate_size
        if self.model_type == "hgrn_bit":
            return 4 * d * d + 3 * d * i
        return d * self.q_dim + 2 * d * self.kv_dim + self.q_dim * d + 3 * d * i

    def param_count(self, layers=None):
        """Matrix parameters (norm gains and the lower-bound table ignored)."""
        n = self.num_layers if layers is None else layers
        emb = self.vocab_size * self.hidden_size
        return n * self.layer_params() + emb * (1 if self.tie_word_embeddings else 2)


def load_config(path):
    try:
        with open(path, "r", encoding="utf-8") as f:
            raw = json.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found")
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path}: not valid JSON ({e})")
    return ModelConfig(raw, src=str(path))
