"""SCALE-Sim v2 inputs (a .cfg and a topology CSV) -> ternsim arch YAML + workload IR.

The mapping follows SCALE-Sim v2 (github.com/scalesim-project/scale-sim-v2, commit 22f88b17,
paths relative to scalesim/):

* topology_utils.py:load_arrays_gemm: a GEMM row `name, M, N, K,` is the conv layer
  [ifmap M x K, filter 1 x K, 1 channel, N filters, stride 1].
* topology_utils.py:topo_calc_hyperparams: ofmap_h = ceil((ifmap_h - filt_h + stride_h) /
  stride_h) (same for w); the operand matrices are ifmap (ofmap_h*ofmap_w) x (R*S*C), filter
  (R*S*C) x filters. So a conv is the GEMM M = ofmap_h*ofmap_w, N = filters, K = R*S*C.
* topology_utils.py:load_arrays_conv: a layer whose name contains "DP" (depthwise) becomes
  `channels` separate layers with one channel each.
* scale_config.py:read_conf_file: the keys read from the .cfg.

With `array.timing: scalesim` ternsim's per-op compute_cycles then equal SCALE-Sim's
COMPUTE_REPORT "Total Cycles" whenever the op runs as one activation pass
(docs/systolic_timing.md, section 7); the importer says which layers do not.
"""
from __future__ import annotations

import argparse
import configparser
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

# Output partial sums leave the array at the accumulator width (SystolicArray::output_bits).
ACC_BITS = 32
# ASSUMPTION: SCALE-Sim counts cycles and words only; 1 GHz makes one word/cycle = 1 GB/s.
CLOCK_MHZ = 1000
# SCALE-Sim's CALC mode sizes the interface so memory never stalls: ternsim's stand-in is a DRAM
# far faster than any array can consume (as in arch_configs/scalesim_compare.yaml).
UNLIMITED_GB_PER_S = 100000


class ScaleSimInputError(Exception):
    """Bad SCALE-Sim input: one line naming the file and what was expected."""


@dataclass
class Layer:
    name: str
    m: int  # output pixels per filter (SCALE-Sim's ofmap_px_per_filt); GEMM M
    n: int  # filters; GEMM N
    k: int  # window size R*S*C; GEMM K


@dataclass
class ScaleSimConfig:
    run_name: str
    rows: int
    cols: int
    ifmap_kb: int
    filter_kb: int
    ofmap_kb: int
    dataflow: str
    user_bandwidth: Optional[List[int]]  # words/cycle, None in CALC mode
    ignored: Dict[str, str]              # keys read but with no ternsim equivalent


def read_cfg(path: str) -> ScaleSimConfig:
    cp = configparser.ConfigParser()
    try:
        with open(path, encoding="utf-8") as f:
            cp.read_file(f)
    except OSError as e:
        raise ScaleSimInputError(f"{path}: cannot read: {e.strerror}")
    except configparser.Error as e:
        raise ScaleSimInputError(f"{path}: not a SCALE-Sim .cfg: {str(e).splitlines()[0]}")

    def get(section: str, key: str, default: Optional[str] = None) -> str:
        if cp.has_option(section, key):
            return cp.get(section, key).strip()
        if default is not None:
            return default
        raise ScaleSimInputError(f"{path}: [{section}] {key}: missing (SCALE-Sim requires it)")

    def pos_int(section: str, key: str) -> int:
        v = get(section, key)
        try:
            i = int(v)
        except ValueError:
            i = 0
        if i <= 0:
            raise ScaleSimInputError(f"{path}: [{section}] {key}: expected a positive integer, got {v!r}")
        return i

    arch = "architecture_presets"
    rows, cols = pos_int(arch, "ArrayHeight"), pos_int(arch, "ArrayWidth")
    df = get(arch, "Dataflow").lower()
    if df not in ("ws", "os", "is"):
        raise ScaleSimInputError(f"{path}: [{arch}] Dataflow: expected ws, os or is, got {df!r}")
    mode = get("run_presets", "InterfaceBandwidth").upper()
    if mode not in ("CALC", "USER"):
        raise ScaleSimInputError(f"{path}: [run_presets] InterfaceBandwidth: expected CALC or USER, got {mode!r}")
    bw = None
    if mode == "USER":
        raw = get(arch, "Bandwidth")
        try:
            bw = [int(x.strip()) for x in raw.split(",")]
        except ValueError:
            bw = [0]
        if not bw or min(bw) <= 0:
            raise ScaleSimInputError(f"{path}: [{arch}] Bandwidth: expected positive integers (words/cycle), got {raw!r}")
    ignored = {}
    for key in ("IfmapOffset", "FilterOffset", "OfmapOffset", "MemoryBanks"):
        if cp.has_option(arch, key):
            ignored[key] = get(arch, key)
    if mode == "CALC" and cp.has_option(arch, "Bandwidth"):
        ignored["Bandwidth"] = get(arch, "Bandwidth")
    return ScaleSimConfig(run_name=get("general", "run_name", os.path.splitext(os.path.basename(path))[0]),
                          rows=rows, cols=cols,
                          ifmap_kb=pos_int(arch, "IfmapSramSzkB"), filter_kb=pos_int(arch, "FilterSramSzkB"),
                          ofmap_kb=pos_int(arch, "OfmapSramSzkB"), dataflow=df, user_bandwidth=bw,
                          ignored=ignored)


def read_topology(path: str, kind: str = "auto") -> Tuple[str, List[Layer]]:
    """Returns ("gemm" | "conv", layers). `kind` auto: a header whose second column is M, or
    rows of 4 fields, are GEMM; rows of 8 or 9 fields are conv."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise ScaleSimInputError(f"{path}: cannot read: {e.strerror}")
    except UnicodeDecodeError:
        raise ScaleSimInputError(f"{path}: not a text CSV file")
    if not lines:
        raise ScaleSimInputError(f"{path}: empty topology (expected a header line and one line per layer)")
    header = [h.strip() for h in lines[0].split(",")]
    rows = []
    for no, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = [x.strip() for x in line.split(",")]
        if fields and fields[-1] == "":  # SCALE-Sim's CSVs end every row with a comma
            fields.pop()
        rows.append((no, fields))
    if not rows:
        raise ScaleSimInputError(f"{path}: no layers (expected one line per layer after the header)")
    if kind == "auto":
        is_gemm = (len(header) > 1 and header[1].upper() == "M") or len(rows[0][1]) == 4
        kind = "gemm" if is_gemm else "conv"
    layers: List[Layer] = []
    for no, f in rows:
        where = f"{path}:{no}"
        want = (4,) if kind == "gemm" else (8, 9)
        if len(f) not in want:
            cols = ("name, M, N, K" if kind == "gemm" else
                    "name, ifmap H, ifmap W, filter H, filter W, channels, filters, stride[, stride W]")
            raise ScaleSimInputError(f"{where}: expected {' or '.join(map(str, want))} fields ({cols}), got {len(f)}")
        try:
            vals = [int(x) for x in f[1:]]
        except ValueError:
            bad = next(x for x in f[1:] if not x.lstrip("-").isdigit())
            raise ScaleSimInputError(f"{where}: layer {f[0]!r}: expected integers, got {bad!r}")
        if min(vals) <= 0:
            raise ScaleSimInputError(f"{where}: layer {f[0]!r}: every dimension must be a positive integer")
        name = f[0]
        if kind == "gemm":
            m, n, k = vals
            layers.append(Layer(name, m, n, k))
            continue
        ih, iw, fh, fw, ch, nf, sh = vals[:7]
        sw = vals[7] if len(vals) == 8 else sh
        if fh > ih or fw > iw:
            raise ScaleSimInputError(f"{where}: layer {name!r}: filter {fh}x{fw} is larger than the ifmap {ih}x{iw}")
        oh = math.ceil((ih - fh + sh) / sh)
        ow = math.ceil((iw - fw + sw) / sw)
        if "DP" in name:  # depthwise: one single-channel layer per channel (SCALE-Sim's rule)
            for c in range(ch):
                layers.append(Layer(f"{name}Channel_{c}", oh * ow, nf, fh * fw))
        else:
            layers.append(Layer(name, oh * ow, nf, fh * fw * ch))
    return kind, layers


def _row_bytes(layer: Layer) -> int:
    # sim/mapping/gemm_plan.cpp gemm_row_bytes: int8 inputs + ACC_BITS outputs per row of M
    return layer.k + (layer.n * ACC_BITS + 7) // 8


def _max_fold_weight_bytes(layer: Layer, cfg: ScaleSimConfig) -> int:
    # SystolicArray::tile: the weights one fold needs (int8 = 1 byte each)
    if cfg.dataflow == "ws":
        return min(layer.k, cfg.rows) * min(layer.n, cfg.cols)
    if cfg.dataflow == "os":
        return layer.k * min(layer.n, cfg.cols)
    return min(layer.k, cfg.rows) * layer.n


def convert(cfg: ScaleSimConfig, layers: Sequence[Layer], topology_name: str, kind: str,
            exact_compute: bool = False) -> Tuple[dict, dict, List[str]]:
    """Returns (arch document, workload document, notes)."""
    notes: List[str] = []
    kib = 1024
    act_kib = cfg.ifmap_kb + cfg.ofmap_kb
    notes.append(f"IfmapSramSzkB {cfg.ifmap_kb} + OfmapSramSzkB {cfg.ofmap_kb} -> sram.act_buffer.capacity_kib "
                 f"{act_kib}: ternsim keeps inputs and outputs in one activation buffer (SCALE-Sim kB taken as KiB)")
    need_act = max(layer.m * _row_bytes(layer) for layer in layers)
    multi_pass = [layer.name for layer in layers if layer.m * _row_bytes(layer) > act_kib * kib]
    if exact_compute and need_act > act_kib * kib:
        act_kib = -(-need_act // kib)
        notes.append(f"--exact-compute: sram.act_buffer grown to {act_kib} KiB so every layer runs as one "
                     "activation pass; compute cycles then equal SCALE-Sim's Total Cycles")
    elif multi_pass:
        shown = ", ".join(multi_pass[:8]) + (f" and {len(multi_pass) - 8} more" if len(multi_pass) > 8 else "")
        notes.append(f"cannot honour exactly: {len(multi_pass)} layer(s) do not fit the activation buffer in one "
                     f"pass ({shown}); ternsim runs them in several passes, each timed as its own SCALE-Sim run, so "
                     "their compute cycles differ from SCALE-Sim's (docs/systolic_timing.md section 7); "
                     "--exact-compute grows the buffer instead")
    wbuf_kib = cfg.filter_kb
    need_w = max(_max_fold_weight_bytes(layer, cfg) for layer in layers)
    if need_w > wbuf_kib * kib // 2:
        wbuf_kib = -(-2 * need_w // kib)
        notes.append(f"cannot honour: FilterSramSzkB {cfg.filter_kb} holds less than two folds of weights "
                     f"({need_w} bytes each; ternsim double-buffers whole folds); sram.weight_buffer grown to "
                     f"{wbuf_kib} KiB")
    else:
        notes.append(f"FilterSramSzkB {cfg.filter_kb} -> sram.weight_buffer.capacity_kib {wbuf_kib} "
                     "(double-buffered, dma.buffers 2, as SCALE-Sim's double-buffered scratchpad)")
    if cfg.user_bandwidth is None:
        bw = UNLIMITED_GB_PER_S
        notes.append(f"InterfaceBandwidth CALC (memory never stalls) -> dram.bandwidth_gbps {bw}, latency 0")
    else:
        bw = cfg.user_bandwidth[0] * CLOCK_MHZ / 1000.0
        notes.append(f"InterfaceBandwidth USER, Bandwidth {cfg.user_bandwidth[0]} words/cycle -> "
                     f"dram.bandwidth_gbps {bw:g} at 1 byte/word and clock_mhz {CLOCK_MHZ}; cannot honour: "
                     "SCALE-Sim gives each of the ifmap, filter and ofmap SRAMs its own interface of that "
                     "bandwidth, ternsim has one DRAM shared by weight and activation traffic")
        if len(cfg.user_bandwidth) > 1:
            notes.append("cannot honour: Bandwidth lists several values; SCALE-Sim v2 uses only the first "
                         "(single_layer_sim.py), so does this import")
    notes.append(f"ASSUMPTION: clock_mhz {CLOCK_MHZ} (SCALE-Sim has no clock; cycles are unaffected)")
    notes.append("ASSUMPTION: int8 operands (SCALE-Sim counts words; ternsim moves 1 byte per int8 word), "
                 f"{ACC_BITS}-bit accumulators")
    for key, val in cfg.ignored.items():
        why = ("ternsim does not model addresses" if key.endswith("Offset") else
               "ternsim's SRAM banks model port conflicts, not SCALE-Sim's memory banks" if key == "MemoryBanks"
               else "unused in CALC mode, as in SCALE-Sim")
        notes.append(f"cannot honour: {key} {val} ({why})")

    arch = {
        "name": f"scalesim_{cfg.run_name}",
        "clock_mhz": CLOCK_MHZ,
        "array": {"kind": "systolic", "rows": cfg.rows, "cols": cfg.cols, "dataflow": cfg.dataflow,
                  "timing": "scalesim", "mac": "int8", "acc_bits": ACC_BITS},
        "vector": {"lanes": 64},
        "sram": {"weight_buffer": {"capacity_kib": wbuf_kib, "banks": 8, "ports": 1, "width_bits": 1024},
                 "act_buffer": {"capacity_kib": act_kib, "banks": 8, "ports": 1, "width_bits": 1024}},
        "dram": {"kind": "hbm3", "channels": 1, "bandwidth_gbps": bw, "latency_ns": 0, "burst_bytes": 64},
        "dma": {"buffers": 2},
    }
    ops = []
    seen: Dict[str, int] = {}
    for layer in layers:
        name = layer.name or "layer"
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name}#{seen[name]}"
        op = {"name": name, "kind": "gemm", "m": layer.m, "n": layer.n, "k": layer.k,
              "weight": "int8", "act_bits": 8}
        ops.append(op)
    workload = {"name": topology_name, "phase": "other", "tokens": 1, "batch": 1,
                "meta": {"source": "SCALE-Sim topology", "topology_kind": kind,
                         "mapping": "conv: M = ofmap H x W, N = filters, K = R x S x C"
                                    if kind == "conv" else "GEMM M, N, K as given"},
                "ops": ops}
    return arch, workload, notes


def _atomic_write(path: str, text: str) -> None:
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp.", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _dump(doc: dict) -> str:
    return yaml.safe_dump(doc, sort_keys=False, default_flow_style=None, width=1000)  # one line per op


def import_scalesim(cfg_path: str, topology_path: str, out_dir: str, kind: str = "auto",
                    exact_compute: bool = False) -> Dict[str, object]:
    """Writes <out_dir>/arch.yaml, workload.yaml and notes.txt; returns their paths and the notes."""
    cfg = read_cfg(cfg_path)
    kind, layers = read_topology(topology_path, kind)
    stem = os.path.splitext(os.path.basename(topology_path))[0]
    arch, workload, notes = convert(cfg, layers, stem, kind, exact_compute)
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        raise ScaleSimInputError(f"{out_dir}: cannot create the output directory: {e.strerror}")
    src = f"# from SCALE-Sim {os.path.basename(cfg_path)} + {os.path.basename(topology_path)} by `ternsim import scalesim`\n"
    paths = {"arch": os.path.join(out_dir, "arch.yaml"), "workload": os.path.join(out_dir, "workload.yaml"),
             "notes": os.path.join(out_dir, "notes.txt")}
    note_block = "".join(f"# - {n}\n" for n in notes)
    try:
        _atomic_write(paths["arch"], src + "# notes:\n" + note_block + _dump(arch))
        _atomic_write(paths["workload"], src + "# ternsim workload IR v1 (docs/workload_ir.md)\n" + _dump(workload))
        _atomic_write(paths["notes"], "".join(f"- {n}\n" for n in notes))
    except OSError as e:
        raise ScaleSimInputError(f"{out_dir}: cannot write: {e.strerror}")
    return {**paths, "notes_list": notes, "layers": len(layers), "kind": kind}


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="ternsim import scalesim",
                                 description="Convert a SCALE-Sim v2 config and topology into ternsim YAML.")
    ap.add_argument("--cfg", required=True, help="SCALE-Sim .cfg (architecture_presets, run_presets)")
    ap.add_argument("--topology", required=True, help="SCALE-Sim topology CSV (conv layers or GEMM M, N, K)")
    ap.add_argument("-o", "--out", required=True, help="output directory (arch.yaml, workload.yaml, notes.txt)")
    ap.add_argument("--type", choices=("auto", "conv", "gemm"), default="auto",
                    help="topology kind (SCALE-Sim's -i); auto: GEMM if the header's second column is M")
    ap.add_argument("--exact-compute", action="store_true",
                    help="grow the activation buffer so every layer runs in one pass (compute cycles = SCALE-Sim's)")
    args = ap.parse_args(argv)
    try:
        res = import_scalesim(args.cfg, args.topology, args.out, args.type, args.exact_compute)
    except ScaleSimInputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {res['arch']} and {res['workload']} ({res['layers']} {res['kind']} layers)")
    for n in res["notes_list"]:
        print(f"note: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
