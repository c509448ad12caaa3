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
