"""Checks for arch_configs/tech/*.yaml, arch_configs/fpga/**.yaml and the FPGA prototype config.

Run: /usr/bin/python3 -m pytest tests/python/test_tech_tables.py
"""
import glob
import math
import os

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CFG = os.path.join(ROOT, "arch_configs")
TECH_FILES = sorted(glob.glob(os.path.join(CFG, "tech", "*.yaml")))
DEVICE_FILES = sorted(glob.glob(os.path.join(CFG, "fpga", "devices", "*.yaml")))

ENERGY_SCHEMA = {
    "add": {"int8", "int16", "int24", "int32"},
    "mac": {"int8", "fp16", "bf16", "fp32"},
    "mul": {"int8", "fp16", "fp32"},
    "fp_add": {"fp16", "fp32"},
    "register_bit": None,
    "special_fn": None,
    "sram": {"ref_capacity_kib", "read_pj_per_bit", "write_pj_per_bit", "exponent"},
    "dram_pj_per_bit": {"ddr4", "lpddr4", "lpddr5", "gddr6", "hbm2", "hbm2e", "hbm3"},
    "zero_skip_fraction": None,
}
AREA_SCHEMA = {
    "adder": {"int8", "int16", "int24", "int32"},
    "mac": {"int8", "fp16", "bf16", "fp32"},
    "register_bit": None,
    "sram_per_kib": None,
    "vector_lane": None,
    "ternary_cell_overhead": None,
}
# Leaves that are not per-operation energies (not expected to shrink with the node).
NOT_SCALED = {("sram", "ref_capacity_kib"), ("sram", "exponent"), ("zero_skip_fraction",)}


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def tech(name):
    return load(os.path.join(CFG, "tech", name + ".yaml"))


def leaves(d, prefix=()):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from leaves(v, prefix + (k,))
        else:
            yield prefix + (k,), v


def test_all_four_nodes_present():
    names = {os.path.basename(p) for p in TECH_FILES}
    assert {"45nm.yaml", "28nm.yaml", "16nm.yaml", "7nm.yaml"} <= names


@pytest.mark.parametrize("path", TECH_FILES, ids=os.path.basename)
def test_schema_keys(path):
    t = load(path)
    for key in ("name", "node_nm", "vdd", "source", "scaling", "energy_pj", "leakage_mw_per_mm2", "area_um2"):
        assert key in t, key
    assert t["name"] == "%dnm" % t["node_nm"]
    assert isinstance(t["source"], str) and t["source"].strip()
    assert isinstance(t["scaling"], str) and t["scaling"].strip()
    for schema, section in ((ENERGY_SCHEMA, t["energy_pj"]), (AREA_SCHEMA, t["area_um2"])):
        for key, sub in schema.items():
            assert key in section, key
            if sub is not None:
                assert sub <= set(section[key]), (key, sub - set(section[key]))


@pytest.mark.parametrize("path", TECH_FILES, ids=os.path.basename)
def test_every_leaf_positive_finite(path):
    t = load(path)
    numeric = dict(leaves({"energy_pj": t["energy_pj"], "area_um2": t["area_um2"]}))
    numeric[("leakage_mw_per_mm2",)] = t["leakage_mw_per_mm2"]
    numeric[("node_nm",)] = t["node_nm"]
    numeric[("vdd",)] = t["vdd"]
    for key, v in numeric.items():
        assert isinstance(v, (int, float)) and not isinstance(v, bool), key
        assert math.isfinite(v) and v > 0, (key, v)


@pytest.mark.parametrize("path", TECH_FILES, ids=os.path.basename)
def test_sanity_relations(path):
    e = load(path)["energy_pj"]
    assert e["mac"]["int8"] > e["add"]["int8"]
    assert e["add"]["int32"] > e["add"]["int8"]
    assert e["add"]["int8"] < e["add"]["int16"] < e["add"]["int24"] < e["add"]["int32"]
    assert e["mac"]["fp32"] > e["mac"]["fp16"] > e["mac"]["int8"]
    assert e["sram"]["write_pj_per_bit"] >= e["sram"]["read_pj_per_bit"]
    assert 0 < e["zero_skip_fraction"] < 1
    a = load(path)["area_um2"]
    assert a["mac"]["int8"] > a["adder"]["int8"] + a["ternary_cell_overhead"]  # a ternary cell is cheaper than an int8 MAC


@pytest.mark.parametrize("path", TECH_FILES, ids=os.path.basename)
def test_dram_at_least_100x_int8_add(path):
    e = load(path)["energy_pj"]
    for kind, pj in e["dram_pj_per_bit"].items():
        assert pj / e["add"]["int8"] >= 100 * (1 - 1e-9), kind


def test_dram_100x_to_1000x_int8_add_at_45nm():
    e = tech("45nm")["energy_pj"]
    for kind, pj in e["dram_pj_per_bit"].items():
        r = pj / e["add"]["int8"]
        assert 100 * (1 - 1e-9) <= r <= 1000, (kind, r)


@pytest.mark.parametrize("node", ["28nm", "16nm", "7nm"])
@pytest.mark.xfail(reason="Known and documented (docs/tech_tables.md): DRAM interface energy does not scale with the "
                          "logic node, so below 45 nm DRAM/bit exceeds 1000x an int8 add for most DRAM kinds.",
                   strict=False)
def test_dram_at_most_1000x_int8_add_scaled(node):
    e = tech(node)["energy_pj"]
    for kind, pj in e["dram_pj_per_bit"].items():
        assert pj / e["add"]["int8"] <= 1000, kind


def test_dram_is_node_independent():
    ref = tech("45nm")["energy_pj"]["dram_pj_per_bit"]
    for p in TECH_FILES:
        assert load(p)["energy_pj"]["dram_pj_per_bit"] == ref, p


@pytest.mark.parametrize("node", ["28nm", "16nm", "7nm"])
def test_scaled_nodes_cheaper_than_45nm(node):
    base = dict(leaves(tech("45nm")["energy_pj"]))
    scaled = dict(leaves(tech(node)["energy_pj"]))
    for key, v in base.items():
        if key[0] == "dram_pj_per_bit" or key in NOT_SCALED:
            continue
        assert scaled[key] < v, (node, key)
    base_a = dict(leaves(tech("45nm")["area_um2"]))
    for key, v in leaves(tech(node)["area_um2"]):
        assert v < base_a[key], (node, key)


def test_node_ordering_monotone():
    order = ["45nm", "28nm", "16nm", "7nm"]
    vals = [tech(n)["energy_pj"]["add"]["int8"] for n in order]
    assert vals == sorted(vals, reverse=True)
    areas = [tech(n)["area_um2"]["adder"]["int8"] for n in order]
    assert areas == sorted(areas, reverse=True)


def test_at_least_four_devices():
    assert len(DEVICE_FILES) >= 4
    vendors = {load(p)["vendor"] for p in DEVICE_FILES}
    assert {"amd", "intel"} <= vendors


@pytest.mark.parametrize("path", DEVICE_FILES, ids=os.path.basename)
def test_device_has_resources_and_source(path):
    d = load(path)
    for key in ("name", "vendor", "family", "source", "resources", "memory", "static_power_w", "max_clock_mhz"):
        assert key in d, key
    assert d["name"] == os.path.splitext(os.path.basename(path))[0]
    assert isinstance(d["source"], str) and d["source"].strip()
    need = {"amd": {"lut", "ff", "dsp", "bram36", "uram"}, "intel": {"alm", "ff", "dsp", "m20k"}}[d["vendor"]]
    assert need <= set(d["resources"]), need - set(d["resources"])
    for k, v in d["resources"].items():
        assert isinstance(v, int) and v > 0, (k, v)
    m = d["memory"]
    for k in ("kind", "channels", "bandwidth_gbps_per_channel", "latency_ns"):
        assert k in m, k
    assert m["kind"] in tech("45nm")["energy_pj"]["dram_pj_per_bit"]
    assert m["channels"] > 0 and m["bandwidth_gbps_per_channel"] > 0 and m["latency_ns"] > 0
    assert d["static_power_w"] > 0 and d["max_clock_mhz"] > 0


def test_cost_model_loads():
    c = load(os.path.join(CFG, "fpga", "cost_model.yaml"))
    assert c["amd"]["memory_bits"]["bram36_kib"] == 36
    assert c["amd"]["memory_bits"]["uram_kib"] == 288
    assert c["intel"]["memory_bits"]["m20k_kib"] == 20
    for vendor in ("amd", "intel"):
        for key, v in leaves(c[vendor]):
            assert isinstance(v, (int, float)) and math.isfinite(v) and v >= 0, (vendor, key)


def test_prototype_config_references_exist():
    p = load(os.path.join(CFG, "fpga_mmfree_prototype.yaml"))
    assert os.path.exists(os.path.join(CFG, p["tech"]))
    assert os.path.exists(os.path.join(CFG, p["fpga"]["device"]))
    assert p["clock_mhz"] == 60
    assert p["array"]["kind"] == "ternary" and p["array"]["weight_packing"] == "2bit"
    assert p["dram"]["kind"] in tech("45nm")["energy_pj"]["dram_pj_per_bit"]
