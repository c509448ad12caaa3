"""The example notebook runs top to bottom in a real Jupyter kernel (nbclient + ipykernel), and
the plot helpers are notebook-friendly: no backend change, Figures returned, saved only on request."""
import os
import subprocess
import sys

import pytest

from ternsim_build import PYDIR, REPO, env

NOTEBOOK = os.path.join(REPO, "python", "examples", "ternsim_notebook.ipynb")


def test_importing_ternsim_keeps_the_matplotlib_backend():
    code = ("import matplotlib; matplotlib.use('svg'); import ternsim, ternsim.plots, ternsim.runner; "
            "print(matplotlib.get_backend())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env(), check=True)
    assert out.stdout.strip() == "svg"


def test_plot_helpers_return_figures_and_save_only_with_a_path(tmp_path):
    import pandas as pd
    from matplotlib.figure import Figure

    from ternsim.plots import label, plot_breakdown, plot_pareto

    df = pd.DataFrame({"seconds": [1e-3, 2e-3, 3e-3], "energy_j": [3.0, 1.0, 2.0], "status": ["ok"] * 3,
                       "energy_breakdown_j.dram": [1.0, 0.5, 1.0], "energy_breakdown_j.compute": [2.0, 0.5, 1.0]})
    before = set(os.listdir(tmp_path))
    fig = plot_pareto(df)
    assert isinstance(fig, Figure) and set(os.listdir(tmp_path)) == before
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("latency (s)", "energy (J)")
    p = tmp_path / "p.png"
    plot_pareto(df, path=str(p))
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    b = plot_breakdown(df)
    assert isinstance(b, Figure) and b.axes[0].get_ylabel() == "energy breakdown (J)"
    assert label("dram_bandwidth_gb_per_s") == "dram bandwidth (GB/s)"
    assert label("area_breakdown_mm2.array") == "area breakdown array (mm²)"
    assert label("units.array.busy_fraction") == "units array busy fraction"


def test_example_notebook_executes(tmp_path):
    nbformat = pytest.importorskip("nbformat", reason="python3-nbformat missing (install_deps.sh: python3-nbclient)")
    nbclient = pytest.importorskip("nbclient", reason="python3-nbclient missing (scripts/install_deps.sh)")
    pytest.importorskip("ipykernel", reason="python3-ipykernel missing (scripts/install_deps.sh)")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # the kernel is a child process: give it the same import path as this test
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = env()["PYTHONPATH"]
    try:
        client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                         resources={"metadata": {"path": os.path.dirname(NOTEBOOK)}})
        client.execute()
    finally:
        if old is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = old
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # the last cell displays the returned Figure as a PNG
    last = nb.cells[-1]["outputs"]
    assert any("image/png" in o.get("data", {}) for o in last), last
    _ = PYDIR
