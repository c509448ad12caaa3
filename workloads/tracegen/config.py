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


def _req_int(cfg, key, src):
    if key not in cfg or cfg[key] is None:
        raise ConfigError(f"{src}: missing required key '{key}' for model_type "
                          f"'{cfg.get('model_type')}'")
    v = cfg[key]
    if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
        raise ConfigError(f"{src}: '{key}' must be a positive integer, got {v!r}")
    return v


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
        if mt not in SUPPORTED_MODEL_TYPES:
            raise ConfigError(f"{src}: unknown model_type '{mt}' "
                              f"(supported: {', '.join(SUPPORTED_MODEL_TYPES)})")
        self.model_type = mt
        self.hidden_size = _req_int(raw, "hidden_size", src)
        self.num_layers = _req_int(raw, "num_hidden_layers", src)
        self.vocab_size = _req_int(raw, "vocab_size", src)
        self.tie_word_embeddings = bool(raw.get("tie_word_embeddings", False))
        self.name = raw.get("_name", raw.get("_name_or_path", mt))
        d = self.hidden_size
        if mt == "hgrn_bit":
            self.intermediate_size = hgrn_intermediate_size(
                d, raw.get("hidden_ratio"), raw.get("intermediate_size"))
            self.expand_ratio = raw.get("expand_ratio", 1) or 1
            if self.expand_ratio != 1:
                raise ConfigError(f"{src}: expand_ratio {self.expand_ratio} not supported "
                                  "(the released MMfreeLM models use 1)")
            if raw.get("use_short_conv"):
                raise ConfigError(f"{src}: use_short_conv=true not supported "
                                  "(the released MMfreeLM models use false)")
        else:
            self.intermediate_size = _req_int(raw, "intermediate_size", src)
            self.num_heads = _req_int(raw, "num_attention_heads", src)
            self.num_kv_heads = raw.get("num_key_value_heads") or self.num_heads
            self.head_dim = raw.get("head_dim") or d // self.num_heads
            if raw.get("head_dim") is None and d % self.num_heads:
                raise ConfigError(f"{src}: hidden_size {d} not divisible by "
                                  f"num_attention_heads {self.num_heads}")
            if self.num_heads % self.num_kv_heads:
                raise ConfigError(f"{src}: num_attention_heads must be a multiple of "
                                  "num_key_value_heads")

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
