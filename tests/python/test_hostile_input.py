"""Hostile input through the Python API raises ConfigError; the interpreter never dies (issue 14)."""
import os

import pytest
import yaml

from ternsim_build import ASIC, LAYER

import ternsim


def test_self_referencing_dict_is_a_config_error():
    with open(LAYER) as f:
        wl = yaml.safe_load(f)
    wl["meta"] = {}
    wl["meta"]["self"] = wl["meta"]
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC, wl)
    assert str(e.value) == "<workload dict>: nested deeper than 256 levels (does a dict or list contain itself?)"


def test_self_referencing_list_in_overrides_is_a_config_error():
    loop = []
    loop.append(loop)
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC, LAYER, {"array.rows": loop})
    assert str(e.value) == "overrides: nested deeper than 256 levels (does a dict or list contain itself?)"


def test_self_referential_yaml_alias_in_a_workload_file_is_a_config_error(tmp_path):
    # Workload files given by path are parsed in this process (the parsed-workload cache).
    p = tmp_path / "loop.yaml"
    p.write_text("name: w\nops: &x [*x]\n")
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC, str(p))
    assert str(e.value) == f"{p}:2:6: an alias refers to a node that contains it (self-referential anchor)"


def test_a_directory_as_workload_says_it_is_a_directory(tmp_path):
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC, str(tmp_path))
    assert str(e.value) == f"{tmp_path}: is a directory, expected a file"


def test_a_list_repeated_by_reference_is_bounded():
    laughs = ["x"] * 10
    for _ in range(7):
        laughs = [laughs] * 10  # 10^8 values, a few hundred bytes of Python objects
    with open(LAYER) as f:
        wl = yaml.safe_load(f)
    wl["meta"] = laughs
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC, wl)
    assert str(e.value) == "<workload dict>: more than 2000000 values (a list or dict repeated by reference many times?)"


# ---- found by tests/fuzz/python_api_fuzz.py ----

def test_a_lone_surrogate_is_a_config_error_not_a_runtime_error():
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC, LAYER, {"dram.kind": "\udcff"})
    assert str(e.value) == "overrides.dram.kind: a string that is not valid Unicode text (a lone surrogate such as '\\udcff')"
    with pytest.raises(ternsim.ConfigError, match="^overrides: a string that is not valid Unicode"):
        ternsim.run(ASIC, LAYER, ["array.rows=\ud800"])


def test_a_non_utf8_file_name_is_found(tmp_path):
    # os.fsdecode gives a lone surrogate for a byte that is not UTF-8; the file must still open.
    name = os.fsdecode(b"wl\xff.yaml")
    with open(LAYER) as f:
        (tmp_path / name).write_text(f.read())
    assert ternsim.run(ASIC, str(tmp_path / name), with_ops=False)["cycles"] == ternsim.run(ASIC, LAYER, with_ops=False)["cycles"]


def test_nul_in_a_path_is_an_error_not_another_file():
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC + "\0.ignored", LAYER)
    assert str(e.value) == "arch: the path contains a NUL byte"


def test_bytes_base_dir_is_a_path(tmp_path):
    with open(ASIC) as f:
        arch = yaml.safe_load(f)  # tech: tech/28nm.yaml, relative to base_dir
    a = ternsim.run(arch, LAYER, base_dir=os.fsencode(os.path.dirname(ASIC)), with_ops=False)
    assert a["cycles"] == ternsim.run(ASIC, LAYER, with_ops=False)["cycles"]


def test_a_newline_in_an_echoed_value_stays_one_line():
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC, LAYER, ["array.rows\n"])
    assert str(e.value) == "--set array.rows\\n: expected key.path=value"


def test_with_ops_of_the_wrong_type_is_a_quick_type_error():
    with pytest.raises(TypeError) as e:
        ternsim.run(ASIC, LAYER, with_ops="yes")
    assert str(e.value) == "with_ops: expected True or False, got a Python str"


def test_a_list_repeated_by_reference_is_refused_before_converting_it():
    import time

    laughs = ["x"] * 10
    for _ in range(8):
        laughs = [laughs] * 10  # 10^9 values
    t0 = time.time()
    with pytest.raises(ternsim.ConfigError, match="more than 2000000 values"):
        ternsim.run(ASIC, LAYER, {"array.rows": laughs})
    assert time.time() - t0 < 1.0  # counted over the shared lists, not converted up to the limit


@pytest.mark.parametrize("spec, message", [
    ({"grid": {1: [8]}}, "<sweep spec>: grid: keys must be strings, got int 1"),
    ({"grid": {"array.rows": [8, {1.5: 2}]}}, "<sweep spec>: grid.array.rows[1]: keys must be strings, got float 1.5"),
    ({"random": {"n": __import__("decimal").Decimal("NaN"), "params": {"clock_mhz": [1]}}},
     "<sweep spec>: random.n: a Python Decimal is not a YAML value (use numbers, strings, booleans, lists and mappings)"),
    ({"random": {"n": 10 ** 18, "params": {"clock_mhz": [500]}}}, "<sweep spec>: random.n: at most 1000000 samples, got 1000000000000000000"),
    ({"grid": {"a%d" % i: list(range(10)) for i in range(7)}}, "<sweep spec>: grid: the grid has 10000000 points (at most 1000000)"),
    ({"random": {"n": 2, "params": {"clock_mhz": {"uniform": [10 ** 400, 10 ** 401]}}}},
     "<sweep spec>: random.params.clock_mhz.uniform: expected [lo, hi] with lo <= hi"),
    ({"workload": "\n"}, "<sweep spec>: workload: file not found: %s/\\n" % os.getcwd()),
    ({"grid": {"dram.kind": ["lpddr5", "\udcff"]}},
     "<sweep spec>: grid.dram.kind[1]: a string that is not valid Unicode text (a lone surrogate such as '\\udcff')"),
])
def test_hostile_sweep_specs_are_spec_errors(spec, message):
    from ternsim.spec import SpecError, load_spec

    with pytest.raises(SpecError) as e:
        load_spec(dict({"arch": ASIC, "workload": LAYER}, **spec))
    assert str(e.value) == message


def test_self_referencing_and_deep_sweep_specs_are_spec_errors():
    from ternsim.spec import SpecError, load_spec

    loop = [8]
    loop.append(loop)
    with pytest.raises(SpecError, match=r"^<sweep spec>: grid.array.rows\[1\]: a dict or list contains itself$"):
        load_spec({"arch": ASIC, "workload": LAYER, "grid": {"array.rows": loop}})
    deep = 8
    for _ in range(100):
        deep = [deep]
    with pytest.raises(SpecError, match=r"^<sweep spec>: grid.array.rows(\[0\])+: nested deeper than 64 levels$"):
        load_spec({"arch": ASIC, "workload": LAYER, "grid": {"array.rows": deep}})


def test_numpy_values_in_a_spec_are_plain_numbers():
    import numpy as np

    from ternsim.spec import load_spec

    s = load_spec({"arch": ASIC, "workload": LAYER, "grid": {"array.rows": [np.int64(16), np.float64(32.0)],
                                                            "array.cols": np.arange(8, 24, 8)}})
    assert [(p.params["array.rows"], p.params["array.cols"]) for p in s.points] == [(16, 8), (16, 16), (32.0, 8), (32.0, 16)]
    assert [type(p.params["array.rows"]) for p in s.points] == [int, int, float, float]
