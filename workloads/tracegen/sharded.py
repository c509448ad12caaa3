"""Sharded Hugging Face checkpoints: `model.safetensors.index.json` plus its shard files.

Index format (transformers' save_pretrained with max_shard_size; huggingface_hub
`split_torch_state_dict_into_shards`): {"metadata": {"total_size": N}, "weight_map":
{tensor name: shard file name relative to the index}}. ShardedSafetensors offers the
SafetensorsFile interface the weight statistics use (keys, in, shape, dtype, get, close) and
opens each shard only when one of its tensors is asked for.
"""
import json
import os

from .safetensors_io import SafetensorsError, SafetensorsFile

INDEX_NAME = "model.safetensors.index.json"


class ShardedSafetensors:
    def __init__(self, index_path):
        self.path = str(index_path)
        try:
            with open(self.path, encoding="utf-8") as f:
                doc = json.load(f)
        except OSError as e:
            raise SafetensorsError(f"{index_path}: cannot open ({e.strerror})")
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise SafetensorsError(f"{index_path}: bad JSON ({e})")
        wm = doc.get("weight_map") if isinstance(doc, dict) else None
        if not isinstance(wm, dict) or not wm or not all(isinstance(v, str) for v in wm.values()):
            raise SafetensorsError(f"{index_path}: expected a JSON object with a non-empty \"weight_map\" "
                                   "{tensor name: shard file}")
        base = os.path.dirname(os.path.abspath(self.path))
        self.weight_map = {}
        for name, shard in wm.items():
            if os.path.isabs(shard) or os.path.normpath(shard).startswith(".."):
                raise SafetensorsError(f"{index_path}: tensor '{name}': shard {shard!r} must be a file next to "
                                       "the index")
            self.weight_map[name] = os.path.join(base, shard)
        for shard in sorted(set(self.weight_map.values())):
            if not os.path.isfile(shard):
                raise SafetensorsError(f"{index_path}: shard {os.path.basename(shard)} not found next to the index")
        self._open = {}

    def _shard(self, name):
        if name not in self.weight_map:
            raise SafetensorsError(f"{self.path}: no tensor named '{name}'")
        p = self.weight_map[name]
        if p not in self._open:
            self._open[p] = SafetensorsFile(p)
        f = self._open[p]
        if name not in f:
            raise SafetensorsError(f"{self.path}: tensor '{name}' is mapped to {os.path.basename(p)}, "
                                   "which does not contain it")
        return f

    def keys(self):
        return sorted(self.weight_map)

    def __contains__(self, name):
        return name in self.weight_map

    def dtype(self, name):
        return self._shard(name).dtype(name)

    def shape(self, name):
        return self._shard(name).shape(name)

    def get(self, name, raw=False):
        return self._shard(name).get(name, raw=raw)

    def close(self):
        for f in self._open.values():
            f.close()
        self._open = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_checkpoint(path):
    """A single .safetensors file, a model.safetensors.index.json, or a directory holding either."""
    p = str(path)
    if os.path.isdir(p):
        if os.path.isfile(os.path.join(p, INDEX_NAME)):
            return ShardedSafetensors(os.path.join(p, INDEX_NAME))
        if os.path.isfile(os.path.join(p, "model.safetensors")):
            return SafetensorsFile(os.path.join(p, "model.safetensors"))
        raise SafetensorsError(f"{p}: directory has neither {INDEX_NAME} nor model.safetensors")
    if p.endswith(".json"):
        return ShardedSafetensors(p)
    return SafetensorsFile(p)
