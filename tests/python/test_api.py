"""ternsim.run: dict vs path, overrides, CLI-identical errors, crashing children."""
import os
import subprocess

import pytest
import yaml

from ternsim_build import ASIC, CLI, LAYER, REPO

import ternsim


def _load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def test_run_from_dict_equals_run_from_path():
    by_path = ternsim.run(ASIC, LAYER)
    by_dict = ternsim.run(_load(ASIC), _load(LAYER), base_dir=os.path.dirname(ASIC))
    assert by_path == by_dict
    assert by_path["cycles"] > 0 and by_path["workload"] == "mmfreelm-1.3b.layer0.decode"
    assert len(by_path["op_records"]) == len(_load(LAYER)["ops"])
    assert "clock_mhz: 800" in by_path["resolved_arch_yaml"]


def test_result_has_summary_json_fields(tmp_path):
    r = ternsim.run(ASIC, LAYER)
    subprocess.run([CLI, "run", "--arch", ASIC, "--workload", LAYER, "--out", str(tmp_path)],
                   check=True, capture_output=True)
    import json

    with open(tmp_path / "summary.json") as f:
        summary = json.load(f)
    assert {k: r[k] for k in summary} == summary


def test_overrides_dict_and_list_agree_and_take_effect():
    a = ternsim.run(ASIC, LAYER, {"array.rows": 32, "array.cols": 32})
    b = ternsim.run(ASIC, LAYER, ["array.rows=32", "array.cols=32"])
    base = ternsim.run(ASIC, LAYER)
    assert a == b
    assert a["peak_tops"] == pytest.approx(base["peak_tops"] / 4)  # 32x32 vs 64x64 array


def _cli_error(arch, workload=LAYER, *extra):
    p = subprocess.run([CLI, "run", "--arch", arch, "--workload", workload, *extra], capture_output=True, text=True)
    assert p.returncode == 2
    return p.stderr.strip()


def test_bad_input_raises_config_error_with_cli_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(open(ASIC).read().replace("clock_mhz: 800", "clock_mhz: 0"))
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(str(bad), LAYER)
    assert "error: " + str(e.value) == _cli_error(str(bad))
    assert "clock_mhz" in str(e.value)
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC, LAYER, {"array.rowz": 8})
    assert "error: " + str(e.value) == _cli_error(ASIC, LAYER, "--set", "array.rowz=8")
    assert "did you mean" in str(e.value)
    missing = str(tmp_path / "nope.yaml")
    with pytest.raises(ternsim.ConfigError) as e:
        ternsim.run(ASIC, missing)
    assert "error: " + str(e.value) == _cli_error(ASIC, missing)


def test_bad_dict_names_the_key():
    arch = _load(ASIC)
    arch["array"]["rows"] = "many"
    with pytest.raises(ternsim.ConfigError, match="array.rows"):
        ternsim.run(arch, LAYER, base_dir=os.path.dirname(ASIC))
    with pytest.raises(ternsim.ConfigError, match="expected a path or a dict"):
        ternsim.run(42, LAYER)


def test_aborting_child_is_an_exception_and_the_interpreter_lives(monkeypatch):
    monkeypatch.setenv("TERNSIM_TEST_ABORT_CHILD", "1")
    with pytest.raises(ternsim.SimulationCrash, match="signal 6"):
        ternsim.run(ASIC, LAYER)
    monkeypatch.delenv("TERNSIM_TEST_ABORT_CHILD")
    assert ternsim.run(ASIC, LAYER)["cycles"] > 0  # same process, still simulating
