"""Systems from Python: system.* overrides, the per-link report, and the capacity error."""
import os

import pytest

from ternsim_build import ASIC, LAYER, REPO

import ternsim

QSFP = os.path.join(REPO, "arch_configs", "system_qsfp28_ring_x4.yaml")


def test_chips_override_reports_every_worker_and_link():
    r = ternsim.run(QSFP, LAYER, overrides={"system.chips": 2}, with_ops=False)
    s = r["system"]
    assert s["workers"] == 2 and s["parallel"]["tp"] == 2
    assert [l["name"] for l in s["links"]] == ["chip0.link", "chip1.link"]
    # Every collective of a 2-chip group is charged to both links, and the link energy balances.
    assert s["links"][0]["collectives"] == s["links"][1]["collectives"] == s["collectives"]
    assert s["link_energy_j"] == pytest.approx(sum(l["energy_j"] for l in s["links"]))
    assert r["energy_breakdown_j"]["link"] == pytest.approx(s["link_energy_j"])


def test_lone_chip_has_no_system_section():
    assert "system" not in ternsim.run(ASIC, LAYER, with_ops=False)


def test_resident_capacity_error_names_the_chips():
    with pytest.raises(ternsim.MappingError, match=r"need at least \d+ chips of this kind$"):
        ternsim.run(QSFP, LAYER, overrides={"system.weights": "resident"})


def test_system_sweep_bench_spec_is_200_valid_points():
    """bench/sweep_system_2p7b_decode.yaml: chips x cores x link bandwidth = 5 x 4 x 10; its
    corner points (1 worker; 16 x 8 = 128-way tensor parallel at the slowest link) run."""
    from ternsim.spec import load_spec

    spec = load_spec(os.path.join(REPO, "bench", "sweep_system_2p7b_decode.yaml"))
    assert len(spec.points) == 200
    assert len({p.key for p in spec.points}) == 200
    keys = ("system.chips", "system.cores_per_chip", "system.interconnect.link.bandwidth_gb_per_s")
    for chips, cores, bw in [(1, 1, 400), (16, 8, 3.125)]:
        point = next(p for p in spec.points if tuple(p.params[k] for k in keys) == (chips, cores, bw))
        r = ternsim.run(point.arch, LAYER, overrides=point.overrides(), with_ops=False)
        assert r["system"]["workers"] == chips * cores
        assert r["system"]["parallel"]["tp"] == chips * cores
