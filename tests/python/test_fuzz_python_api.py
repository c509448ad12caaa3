"""The Python entry points under structure-aware fuzzing (tests/fuzz/python_api_fuzz.py, issue 14).

The fuzzer runs in its own interpreter: a crash (a signal) of that interpreter is the failure
this guards against, and must show up as a failed test, not take pytest down.
Bounded for the normal suite (TERNSIM_PY_FUZZ_ITERS, default 400 executions: a few seconds);
a long run: TERNSIM_PY_FUZZ_ITERS=100000 /usr/bin/python3 -m pytest tests/python/test_fuzz_python_api.py
or the script itself (--iters, --seed, --only I to rerun one iteration).
"""
import os
import re
import subprocess
import sys

from ternsim_build import REPO, env

FUZZ = os.path.join(REPO, "tests", "fuzz", "python_api_fuzz.py")


def test_python_entry_points_raise_only_clean_errors():
    iters = int(os.environ.get("TERNSIM_PY_FUZZ_ITERS", "400"))
    seed = int(os.environ.get("TERNSIM_PY_FUZZ_SEED", "1"))
    p = subprocess.run([sys.executable, FUZZ, "--iters", str(iters), "--seed", str(seed)], capture_output=True,
                       text=True, env=env(), timeout=max(600, iters * 10))
    assert p.returncode == 0, "fuzzer exit %d (negative: killed by that signal)\n%s\n%s" % (
        p.returncode, p.stdout[-5000:], p.stderr[-5000:])
    summary = p.stdout.splitlines()[0]
    assert summary.startswith("[pyfuzz] seed %d: %d executions (" % (seed, iters)), p.stdout
    # Every entry point was exercised, and some inputs made it through to a result.
    for target in ("load_spec", "run", "sweep"):
        assert re.search(r"[( ]%s [1-9]" % target, summary), summary
    assert re.search(r"returned [1-9]", p.stdout), p.stdout
