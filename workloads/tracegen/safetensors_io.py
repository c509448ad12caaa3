"""Minimal safetensors reader/writer (no dependency on the safetensors package).

Format (https://github.com/huggingface/safetensors, README "Format"):
8-byte little-endian unsigned header length N, then N bytes of UTF-8 JSON mapping
tensor name -> {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to
the byte buffer that follows the header; optional "__metadata__" entry), then the
raw little-endian, row-major data buffer.
"""

import json
import mmap
import struct

import numpy as np

from . import TracegenError


class SafetensorsError(TracegenError):
    pass


# dtype -> numpy dtype used to view the raw bytes (BF16 is viewed as uint16)
_NP = {
    "F64": np.dtype("<f8"),
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "BF16": np.dtype("<u2"),
    "I8": np.dtype("i1"),
    "U8": np.dtype("u1"),
    "I16": np.dtype("<i2"),
    "I32": np.dtype("<i4"),
    "I64": np.dtype("<i8"),
}
_FROM_NP = {np.dtype("float64"): "F64", np.dtype("float32"): "F32",
            np.dtype("float16"): "F16", np.dtype("int8"): "I8",
            np.dtype("uint8"): "U8", np.dtype("int16"): "I16",
            np.dtype("int32"): "I32", np.dtype("int64"): "I64"}


def bf16_bits_to_float32(u16):
    """bfloat16 is the top 16 bits of an IEEE float32: widen with uint16 << 16."""
    return (np.asarray(u16, dtype=np.uint32) << 16).view(np.float32)


def float32_to_bf16_bits(x):
    """float32 -> bfloat16 bit pattern, round to nearest even (NaN kept as NaN)."""
    u = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (u + 0x7FFF + ((u >> 16) & 1)) >> 16
    nan = np.isnan(np.asarray(x, dtype=np.float32))
    out = rounded.astype(np.uint16)
    out[nan] = 0x7FC0
    return out


class SafetensorsFile:
    """Lazy reader: parses the header on open, maps the file, decodes tensors on demand."""

    def __init__(self, path):
        self.path = str(path)
        try:
            self._f = open(self.path, "rb")
        except OSError as e:
            raise SafetensorsError(f"{path}: cannot open ({e.strerror})")
        head = self._f.read(8)
        if len(head) != 8:
            raise SafetensorsError(f"{path}: too short for a safetensors file")
        (n,) = struct.unpack("<Q", head)
        self._f.seek(0, 2)
        size = self._f.tell()
        if n > size - 8:
            raise SafetensorsError(f"{path}: header length {n} exceeds file size {size}")
        self._f.seek(8)
        try:
            header = json.loads(self._f.read(n).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise SafetensorsError(f"{path}: bad JSON header ({e})")
        if not isinstance(header, dict):
            raise SafetensorsError(f"{path}: header is not a JSON object")
        self.metadata = header.pop("__metadata__", None) or {}
        self.header = header
        self._base = 8 + n
        self._buflen = size - self._base
        self._mm = mmap.mmap(self._f.fileno(), 0, access=mmap.ACCESS_READ) if size else None
        for name, info in header.items():
            # A corrupt header must give one clear line, not a KeyError/TypeError.
            if not (isinstance(info, dict) and isinstance(info.get("shape"), list)
                    and all(isinstance(d, int) and d >= 0 for d in info["shape"])
                    and isinstance(info.get("data_offsets"), list) and len(info["data_offsets"]) == 2
                    and all(isinstance(o, int) for o in info["data_offsets"])):
                raise SafetensorsError(f"{path}: tensor '{name}' header entry needs dtype, "
                                       f"shape (list of sizes) and data_offsets [begin, end], "
                                       f"got {info!r}")
            if info.get("dtype") not in _NP:
                raise SafetensorsError(f"{path}: tensor '{name}' has unsupported dtype "
                                       f"{info.get('dtype')!r} (supported: {', '.join(_NP)})")
            b, e = info["data_offsets"]
            want = _NP[info["dtype"]].itemsize * int(np.prod(info["shape"], dtype=np.int64))
            if 0 <= b <= e and e - b == want and e > self._buflen:
                raise SafetensorsError(f"{path}: truncated: tensor '{name}' ends at byte "
                                       f"{self._base + e} but the file has {size} bytes")
            if not (0 <= b <= e <= self._buflen) or e - b != want:
                raise SafetensorsError(f"{path}: tensor '{name}' has inconsistent "
                                       f"data_offsets {info['data_offsets']} for shape "
                                       f"{info['shape']} {info['dtype']}")

    def keys(self):
        return sorted(self.header)

    def __contains__(self, name):
        return name in self.header

    def dtype(self, name):
        return self.header[name]["dtype"]

    def shape(self, name):
        return tuple(self.header[name]["shape"])

    def get(self, name, raw=False):
        """Tensor as a numpy array. F32/F16/I8/U8/... keep their dtype; BF16 is
        widened to float32 (raw=True returns the uint16 bit patterns instead)."""
        if name not in self.header:
            raise SafetensorsError(f"{self.path}: no tensor named '{name}'")
        info = self.header[name]
        b, e = info["data_offsets"]
        dt = _NP[info["dtype"]]
        arr = np.frombuffer(self._mm, dtype=dt, count=(e - b) // dt.itemsize,
                            offset=self._base + b).reshape(info["shape"])
        if info["dtype"] == "BF16" and not raw:
            return bf16_bits_to_float32(arr)
        return arr.copy()

    def close(self):
        if self._mm is not None:
            self._mm.close()
            self._mm = None
        self._f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def read_safetensors(path):
    """Read all tensors into a dict name -> numpy array."""
    with SafetensorsFile(path) as f:
        return {k: f.get(k) for k in f.keys()}


def write_safetensors(path, tensors, dtypes=None, metadata=None):
    """Write a dict name -> numpy array. ``dtypes`` may force a per-tensor dtype
    string (e.g. {"w": "BF16"} converts float data to bfloat16). Deterministic:
    tensors are laid out in sorted-name order, header padded to 8 bytes."""
    dtypes = dtypes or {}
    header, chunks, off = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in sorted(metadata.items())}
    for name in sorted(tensors):
        arr = np.asarray(tensors[name])
        dt = dtypes.get(name)
        if dt == "BF16":
            data = float32_to_bf16_bits(arr.astype(np.float32))
        elif dt is not None:
            if dt not in _NP:
                raise SafetensorsError(f"cannot write dtype {dt}")
            data = arr.astype(_NP[dt])
        else:
            if arr.dtype not in _FROM_NP:
                raise SafetensorsError(f"tensor '{name}': numpy dtype {arr.dtype} unsupported")
            dt = _FROM_NP[arr.dtype]
            data = arr.astype(_NP[dt])
        raw = np.ascontiguousarray(data).tobytes()
        header[name] = {"dtype": dt, "shape": list(arr.shape),
                        "data_offsets": [off, off + len(raw)]}
        chunks.append(raw)
        off += len(raw)
    hj = json.dumps(header, separators=(",", ":"), sort_keys=False).encode("utf-8")
    hj += b" " * ((8 - len(hj) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hj)))
        f.write(hj)
        for c in chunks:
            f.write(c)
