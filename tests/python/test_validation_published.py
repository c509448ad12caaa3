"""The published-design validation suite (validation/designs.yaml -> docs/validation.md).

docs/validation.md must be exactly what a fresh run of the suite writes (no hand-typed numbers), the suite
must be deterministic, each design's row must be the figure of a direct run of its config, and a manifest
that breaks the rules (no reason for a large error, unknown metric, missing file) must be refused.
"""
import json
import os
import subprocess

import pytest
import yaml

from ternsim_build import CLI, REPO, env

import ternsim
from ternsim import validate_published as vp

MANIFEST = os.path.join(REPO, "validation", "designs.yaml")
DOC = os.path.join(REPO, "docs", "validation.md")


@pytest.fixture(scope="module")
def generated():
    return vp.generate(MANIFEST)


def test_doc_equals_a_fresh_run(generated):
    with open(DOC) as f:
        committed = f.read()
    assert generated == committed, "docs/validation.md is stale: run `build/ternsim validate --published`"


def test_suite_is_deterministic(generated):
    assert vp.generate(MANIFEST) == generated


def _row(text, design, figure):
    """Cells of the summary-table row of (design, figure id)."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 9 and cells[0] == design and cells[1] == figure:
            return cells
    raise AssertionError("no summary row %s / %s" % (design, figure))


def test_each_row_is_the_figure_of_a_direct_run(generated):
    """Published value from the manifest, simulated value and error from a run of the design's own files."""
    data = vp.load_manifest(MANIFEST)
    base = os.path.dirname(MANIFEST)
    simulated = 0
    for d in data["designs"]:
        r = None
        arch, workload = (os.path.join(base, d[k]) if d.get(k) else None for k in ("arch", "workload"))
        if d.get("opt_in"):
            # Too slow to repeat here: the committed record must be the run of today's inputs (not stale).
            with open(os.path.join(base, "results", d["id"] + ".json")) as f:
                rec = json.load(f)
            assert rec["fingerprint"] == vp._fingerprint(arch, workload, d.get("overrides") or {}), d["id"]
            r = rec["summary"]
        elif d.get("status") != "not_simulated":
            sets = dict(d.get("overrides") or {})
            if d.get("fit"):  # the core count the suite computes (checked by hand in test_full_card_*)
                sets[d["fit"]["key"]] = vp.fit_count(base, d, sets)[0]
            r = ternsim.run(arch, workload, sets or None, with_ops=False)
        for f in d["figures"]:
            label, unit, _ = vp.METRICS[f["metric"]]
            cells = _row(generated, d["id"], f["id"])
            assert cells[2] == label and cells[4] == "%s %s" % (vp._num(f["published"]), unit)
            if r is None:
                assert cells[5] == "not simulated"
                continue
            sim = vp.figure_value(f["metric"], r)
            assert cells[5] == "%s %s" % (vp._num(sim), unit)
            assert cells[6] == vp._pct((sim - f["published"]) / f["published"] * 100.0)
            simulated += 1
    assert simulated >= 3  # the FPGA core latency and TerEffic 1.3B / 2.7B throughput at least


def test_fpga_core_block_latency_hand_check():
    """The d = 512 block on the 60 MHz, 8-bit-port core: weight streaming bounds it from below.

    3,407,872 ternary weights at 2 bits = 851,968 bytes; one byte per 60 MHz cycle = 14.2 ms. The simulated
    latency must be at least that (the core cannot beat its memory port) and the DRAM bytes must be the packed
    weights plus at most the activation buffer's spill."""
    data = vp.load_manifest(MANIFEST)
    d = next(x for x in data["designs"] if x["id"] == "mmfree_fpga_core")
    base = os.path.dirname(MANIFEST)
    r = ternsim.run(os.path.join(base, d["arch"]), os.path.join(base, d["workload"]), with_ops=False)
    weight_bytes = 3407872 // 4
    # plus at most what spills from the 8 KiB activation buffer
    assert weight_bytes <= r["dram_read_bytes"] <= weight_bytes + 8 * 1024
    assert r["seconds"] >= weight_bytes / 60e6


def test_tereffic_reads_every_weight_once_at_1p6_bits():
    """HBM-assisted at batch 1: per token every ternary weight crosses HBM once, 5 per byte (base3), and
    the run cannot be faster than 460 GB/s allows."""
    base = os.path.dirname(MANIFEST)
    wl = os.path.join(base, "workloads", "mmfreelm-2.7b_decoder_decode.yaml")
    r = ternsim.run(os.path.join(base, "tereffic_hbm_u280.yaml"), wl, with_ops=False)
    with open(wl) as f:
        weights = yaml.safe_load(f)["meta"]["params"]["gemm_weights"]
    assert weights == 2537553920
    packed = r["dram_read_bytes"]
    assert weights / 5 <= packed <= weights / 5 * 1.01  # per-tile rounding of 5-weight bytes only
    assert r["seconds"] >= packed / 460e9


def test_workloads_are_what_the_script_makes(tmp_path):
    script = os.path.join(REPO, "validation", "workloads", "make_workloads.sh")
    subprocess.run(["bash", script, str(tmp_path)], check=True, capture_output=True)
    made = sorted(os.listdir(tmp_path))
    assert made == sorted(n for n in os.listdir(os.path.dirname(script)) if n.endswith(".yaml"))
    for n in made:
        with open(tmp_path / n) as a, open(os.path.join(os.path.dirname(script), n)) as b:
            assert a.read() == b.read(), n


def _manifest(tmp_path, mutate):
    with open(MANIFEST) as f:
        data = yaml.safe_load(f)
    mutate(data)
    # keep relative paths working: write beside the real manifest's files via absolute paths
    for d in data["designs"]:
        for k in ("arch", "workload"):
            if d.get(k):
                d[k] = os.path.join(os.path.dirname(MANIFEST), d[k])
        if d.get("fit"):
            d["fit"]["workload"] = os.path.join(os.path.dirname(MANIFEST), d["fit"]["workload"])
    p = tmp_path / "designs.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(p)


def test_large_error_without_reason_is_refused(tmp_path):
    def drop_explain(data):
        for d in data["designs"]:
            for f in d["figures"]:
                f.pop("explain", None)
            d["assumptions"] = []  # keep it fast
    p = _manifest(tmp_path, drop_explain)
    with pytest.raises(vp.ValidationError, match=r"exceeds the .* target but the manifest gives no 'explain'"):
        vp.generate(p)


@pytest.mark.parametrize("mutate,message", [
    (lambda data: data["designs"][0]["figures"][0].update(metric="tok_per_s"),
     r"design 'mmfree_fpga_core': figure metric must be one of latency_s, tokens_per_s, power_w, "
     r"tokens_per_s_per_w, got 'tok_per_s'"),
    (lambda data: data["designs"][0].update(workload="nope.yaml"), r"design 'mmfree_fpga_core': workload: no such file"),
    (lambda data: data["designs"][0]["figures"][0].update(published=0), r"'published' must be a number > 0"),
    (lambda data: data["designs"][0]["figures"][0].pop("quote"), r"figure 'block_latency': missing 'quote'"),
    (lambda data: data["designs"][1].update(status="not_simulated"), r"a not_simulated design must say what is 'missing'"),
    (lambda data: next(d for d in data["designs"] if d.get("fit"))["fit"].update(usable_fraction=1.5),
     r"design 'mmfree_fpga_full_card': fit.usable_fraction must be a number in \(0, 1\], got 1.5"),
    (lambda data: next(d for d in data["designs"] if d.get("fit"))["fit"].pop("resource"),
     r"design 'mmfree_fpga_full_card': 'fit' needs key, resource, usable_fraction, workload, reason"),
    (lambda data: data["designs"][0]["assumptions"].append({"key": "array.colz", "reason": "typo"}),
     r"assumption key 'array.colz' is not in the resolved arch"),
])
def test_bad_manifest_one_line_error(tmp_path, mutate, message):
    p = _manifest(tmp_path, mutate)
    with pytest.raises(vp.ValidationError, match=message) as e:
        vp.generate(p)
    assert "\n" not in str(e.value)


def test_cli_published_check_and_errors(tmp_path):
    ok = subprocess.run([CLI, "validate", "--published", "--check", DOC], capture_output=True, text=True, env=env())
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == "%s is up to date\n" % DOC
    stale = tmp_path / "stale.md"
    stale.write_text("# old\n")
    r = subprocess.run([CLI, "validate", "--published", "--check", str(stale)], capture_output=True, text=True,
                       env=env())
    assert r.returncode == 1 and "is out of date" in r.stderr
    r = subprocess.run([CLI, "validate"], capture_output=True, text=True, env=env())
    assert r.returncode == 2
    assert r.stderr == "error: validate: --arch, --workload and --measured are required (or use --published)\n"
    r = subprocess.run([CLI, "validate", "--published", "--arch", "x.yaml"], capture_output=True, text=True,
                       env=env())
    assert r.returncode != 0 and "excludes" in r.stderr
    r = subprocess.run([CLI, "validate", "--dram-backend"], capture_output=True, text=True, env=env())
    assert r.returncode != 0 and "--dram-backend requires --published" in r.stderr


def test_out_to_a_device_writes_in_place_and_reports_errors(tmp_path):
    """--out through a symlink to /dev/full: the write fails with one line and the link (the device node,
    were it the real path) is not replaced by a renamed regular file."""
    link = tmp_path / "doc.md"
    link.symlink_to("/dev/full")
    r = subprocess.run([CLI, "validate", "--published", "--out", str(link)], capture_output=True, text=True,
                       env=env())
    assert r.returncode == 2
    assert r.stderr == "error: %s: cannot write: No space left on device\n" % link
    assert link.is_symlink() and os.readlink(link) == "/dev/full"
    assert os.listdir(tmp_path) == ["doc.md"]


def test_design_overrides_apply_to_every_run(tmp_path):
    """`overrides` (a design variant, e.g. another DRAM backend later) reach the run and its sensitivity runs."""
    def variant(data):
        for d in data["designs"]:
            d["assumptions"] = [a for a in d.get("assumptions") or [] if a["key"] == "dram.latency_ns"]
        d = next(x for x in data["designs"] if x["id"] == "tereffic_hbm_1p3b")
        d["overrides"] = {"vector.lanes": 128}
    text = vp.generate(_manifest(tmp_path, variant))
    base = os.path.dirname(MANIFEST)
    r = ternsim.run(os.path.join(base, "tereffic_hbm_u280.yaml"),
                    os.path.join(base, "workloads", "mmfreelm-1.3b_decoder_decode.yaml"), {"vector.lanes": 128},
                    with_ops=False)
    plain = ternsim.run(os.path.join(base, "tereffic_hbm_u280.yaml"),
                        os.path.join(base, "workloads", "mmfreelm-1.3b_decoder_decode.yaml"), with_ops=False)
    assert r["tokens_per_s"] != plain["tokens_per_s"]
    assert _row(text, "tereffic_hbm_1p3b", "v2_tokens")[5] == "%s tokens/s" % vp._num(r["tokens_per_s"])
    assert "- Overrides on every run: `vector.lanes=128`." in text


def test_onchip_design_is_two_cards_in_a_layer_pipeline_with_resident_weights():
    """The on-chip design as configured: two U280 cards, pp 2, every weight resident (nothing read from HBM), and
    the reason it cannot be one card holds: 370M's packed decoder weights exceed one card's weight share and even
    all of its BRAM + URAM (2016 x 36 Kb + 960 x 288 Kb = 44,679,168 bytes)."""
    base = os.path.dirname(MANIFEST)
    arch = os.path.join(base, "tereffic_onchip_u280.yaml")
    wl = os.path.join(base, "workloads", "mmfreelm-370m_decoder_decode.yaml")
    r = ternsim.run(arch, wl, with_ops=False)
    assert r["fpga_device"] == "xcu280" and r["dram_read_bytes"] == 0
    s = r["system"] if isinstance(r["system"], dict) else json.loads(r["system"])
    assert (s["chips"], s["parallel"]["pp"], s["parallel"]["tp"], s["weights"]) == (2, 2, 1, "resident")
    # The stages split after layer 11's down_proj (12 of 24 layers each, equal weights): its output and layer 11's
    # token-mixer residual, d = 1024 fp16 values each, are two 2048-byte point-to-point sends on chip0's link.
    assert s["links"][0]["bytes"] == 2 * 1024 * 2
    # Layer pipeline at batch 1: the second card starts after the first, so the token ends on chip1.
    assert s["worker_stats"][1]["end_cycle"] == r["cycles"] > s["worker_stats"][0]["end_cycle"]
    with open(wl) as f:
        weights = yaml.safe_load(f)["meta"]["params"]["gemm_weights"]
    assert weights / 5 > 2016 * 36 * 1024 // 8 + 960 * 288 * 1024 // 8 == 44679168
    with pytest.raises(Exception, match=r"need at least 2 chips of this kind"):
        ternsim.run(arch, wl, {"system.chips": 1, "system.parallel.pp": 1}, with_ops=False)


def test_tied_assumption_keys_move_together(tmp_path):
    """`with:` sets the tied keys to the same scaled value (system.parallel.pp follows system.chips); a tie whose
    keys differ in the resolved arch is refused."""
    def only_chips(data):
        data["designs"] = [d for d in data["designs"] if d["id"] == "tereffic_onchip_370m"]
        d = data["designs"][0]
        d["assumptions"] = [a for a in d["assumptions"] if a["key"] == "system.chips"]
    text = vp.generate(_manifest(tmp_path, only_chips))
    base = os.path.dirname(MANIFEST)
    three = ternsim.run(os.path.join(base, "tereffic_onchip_u280.yaml"),
                        os.path.join(base, "workloads", "mmfreelm-370m_decoder_decode.yaml"),
                        {"system.chips": 3, "system.parallel.pp": 3}, with_ops=False)
    two = ternsim.run(os.path.join(base, "tereffic_onchip_u280.yaml"),
                      os.path.join(base, "workloads", "mmfreelm-370m_decoder_decode.yaml"), with_ops=False)
    change = (three["tokens_per_s"] - two["tokens_per_s"]) / two["tokens_per_s"] * 100.0
    row = next(l for l in text.splitlines() if l.startswith("| `system.chips` (with `system.parallel.pp`) | 2 |"))
    assert "x1.5 (3): %s" % vp._pct(change) in row and "x0.5 (1): fails" in row

    def bad_tie(data):
        only_chips(data)
        data["designs"][0]["assumptions"][0]["with"] = ["array.rows"]
    with pytest.raises(vp.ValidationError, match=r"assumption 'system.chips' is tied to 'array.rows', but they differ"):
        vp.generate(_manifest(tmp_path, bad_tie))


def _opt_in_manifest(data):
    """A small opt-in design: the FPGA core's d = 512 block through DRAMsim3's DDR4 preset (seconds, not minutes)."""
    core = next(d for d in data["designs"] if d["id"] == "mmfree_fpga_core")
    data["designs"] = [dict(core, id="core_ddr4_backend", opt_in="dram_backend", assumptions=[],
                            overrides={"dram.model": "dramsim3",
                                       "dram.dramsim3": {"standard": "ddr4", "preset": "dram/ddr4_2400_x64.ini"}})]


def test_opt_in_design_is_recorded_then_rendered_and_flagged_stale(tmp_path):
    p = _manifest(tmp_path, _opt_in_manifest)
    before = vp.generate(p)  # not run: a row that says how to run it, no file written
    assert _row(before, "core_ddr4_backend", "block_latency")[5] == "not run (opt-in)"
    assert not (tmp_path / "results").exists()
    ran = vp.generate(p, ("dram_backend",))
    rec = json.loads((tmp_path / "results" / "core_ddr4_backend.json").read_text())
    assert rec["command"] == "ternsim validate --published --dram-backend"
    assert rec["summary"]["dram_backend"]  # the backend really ran
    direct = ternsim.run(os.path.join(REPO, "arch_configs", "fpga_mmfree_prototype.yaml"),
                         os.path.join(os.path.dirname(MANIFEST), "workloads", "mmfreelm-block-d512_decode.yaml"),
                         {"dram.model": "dramsim3", "dram.dramsim3": {"standard": "ddr4",
                                                                       "preset": "dram/ddr4_2400_x64.ini"}},
                         with_ops=False)
    assert rec["summary"]["cycles"] == direct["cycles"]
    cells = _row(ran, "core_ddr4_backend", "block_latency")
    assert cells[5] == "%s s" % vp._num(direct["seconds"])
    assert "recorded opt-in run" in cells[8] and "stale" not in cells[8]
    assert vp.generate(p) == ran  # rendered from the record, deterministic, without rerunning
    # the same document with the opt-in run's input changed: flagged, not silently reused
    data = yaml.safe_load(open(p))
    data["designs"][0]["overrides"]["dram.dramsim3"]["address_mapping"] = "rorabacobgch"
    with open(p, "w") as f:
        yaml.safe_dump(data, f, sort_keys=False)
    assert "recorded opt-in run, **stale**" in _row(vp.generate(p), "core_ddr4_backend", "block_latency")[8]


def _undocumented_lines(path):
    """Lines that set a value with no comment on the line or right below it (mapping headers and `name:`
    excepted): every parameter of a validation config must carry its source or its ASSUMPTION."""
    with open(path) as f:
        lines = f.read().splitlines()
    bad = []
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or s.startswith("#") or s.endswith(":") or s.startswith("name:"):
            continue
        below = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if "#" not in line and not below.startswith("#"):
            bad.append("%s:%d: %s" % (os.path.basename(path), i + 1, s))
    return bad


def test_every_config_parameter_carries_a_source_or_assumption():
    data = vp.load_manifest(MANIFEST)
    base = os.path.dirname(MANIFEST)
    paths = sorted({os.path.normpath(os.path.join(base, d["arch"])) for d in data["designs"] if d.get("arch")})
    assert len(paths) == 3  # the FPGA prototype, TerEffic HBM-assisted and on-chip
    bad = [b for p in paths for b in _undocumented_lines(p)]
    assert bad == []
    with open(os.path.join(base, "tereffic_hbm_u280.yaml")) as f:
        text = f.read()
    lines = text.splitlines()
    for key in ("rows: 120", "acc_bits: 24", "latency_ns: 110", "capacity_kib: 2048", "buffers: 2"):
        i = next(n for n, l in enumerate(lines) if key in l)
        block = [lines[i]]
        for l in lines[i + 1:]:  # the comment block right below the parameter
            if not l.strip().startswith("#"):
                break
            block.append(l)
        assert any("ASSUMPTION" in l for l in block), key


def test_tereffic_tmat_sizing_hand_derived():
    """One d x d projection of MMfreeLM-1.3B (2048 x 2048) on the 120 x 128 TMat array, base-3 weights.

    Tiles: ceil(2048 / 120) = 18 along K (17 full + one of 8 rows) x 2048 / 128 = 16 along N = 288 tiles.
    Bytes: a full tile is 120 x 128 / 5 = 3072 B (one FIFO word: 24576 bits per cycle), a K-edge tile
    ceil(8 x 128 / 5) = 205 B: 272 x 3072 + 16 x 205 = 838,864 B read from HBM.
    Cycles (models/compute/ternary_array.hpp): every tile loads in one cycle and streams its single row in
    ceil(120 x 8 / 1024) = 1 cycle, so T = load(t0) + 288 x 1 + D = 1 + 288 + (ceil(log2 120) + 1) = 297."""
    r = ternsim.run(os.path.join(os.path.dirname(MANIFEST), "tereffic_hbm_u280.yaml"),
                    os.path.join(REPO, "workloads", "examples", "mmfreelm-1.3b_layer_decode.yaml"))
    op = next(o for o in r["op_records"] if o["name"] == "l0.tm.c_proj")
    assert op["dram_read_bytes"] == 272 * 3072 + 16 * 205
    assert op["compute_cycles"] == 1 + 288 + 8


def _full_card():
    data = vp.load_manifest(MANIFEST)
    return next(d for d in data["designs"] if d["id"] == "mmfree_fpga_full_card"), os.path.dirname(MANIFEST)


def test_full_card_core_count_is_the_alm_fit_hand_derived():
    """N copies of the measured core whose ALMs fit (the paper: cores 'constrained by ALMs').

    One core on Stratix 10 (cost_model.yaml, intel): ternary array 1 x 4 cells x 24 accumulator bits x 0.5 ALM
    per bit = 48; one vector lane 150; the MLGRU unit's 64 lanes (the tool's default) x 150 = 9,600; total 9,798
    ALM, 1 + 64 = 65 DSP. N = floor(933,120 x 0.75 / 9,798) = floor(71.43) = 71."""
    d, base = _full_card()
    n, detail = vp.fit_count(base, d, dict(d["overrides"]))
    assert (detail["used"], detail["available"], d["fit"]["usable_fraction"]) == (9798, 933120, 0.75)
    assert n == 71
    r = ternsim.run(os.path.join(base, d["arch"]), os.path.join(base, d["workload"]),
                    dict(d["overrides"], **{"system.cores_per_chip": n}), with_ops=False)
    s = r["system"] if isinstance(r["system"], dict) else json.loads(r["system"])
    assert (s["chips"], s["cores_per_chip"], s["parallel"]["tp"]) == (1, 71, 71)
    # the chip's resources are all its cores'
    assert r["fpga_resources"]["alm"]["used"] == 71 * 9798 and r["fpga_resources"]["dsp"]["used"] == 71 * 65
    # the device's static power (10 W, device file) once for the card, not once per core
    assert abs(r["energy_breakdown_j"]["leakage"] - 10.0 * r["seconds"]) < 1e-9
    assert abs(sum(r["energy_breakdown_j"].values()) - r["power_w"] * r["seconds"]) < 1e-9


@pytest.mark.parametrize("cores,message", [
    # 96 x 9,798 = 940,608 ALM > 933,120; 89 x 65 = 5,785 DSP > 5,760 while 89 x 9,798 = 872,022 ALM fit
    (96, "design does not fit on stratix10_sx2800_d5005: needs 96 cores x 9798 ALM = 940608 ALM, device has 933120"),
    (89, "design does not fit on stratix10_sx2800_d5005: needs 89 cores x 65 DSP = 5785 DSP, device has 5760"),
])
def test_cores_of_an_fpga_chip_must_fit_together(cores, message):
    d, base = _full_card()
    with pytest.raises(Exception, match=message):
        ternsim.run(os.path.join(base, d["arch"]), os.path.join(base, d["workload"]),
                    dict(d["overrides"], **{"system.cores_per_chip": cores}), with_ops=False)
