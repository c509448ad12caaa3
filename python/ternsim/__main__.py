"""The `ternsim` console command of a pip-installed ternsim (and `python3 -m ternsim`).

The command line itself is the C++ program installed at ternsim/bin/ternsim; this launcher
runs it with TERNSIM_PYTHON set to this interpreter, so `ternsim sweep`, `plot`, `trace` and
`import` run their Python parts in the environment ternsim is installed in.
"""
import os
import sys
from typing import List, Optional


def cli_binary() -> str:
    """Path of the installed C++ CLI (ternsim/bin/ternsim)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "ternsim")


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    exe = cli_binary()
    if not os.access(exe, os.X_OK):
        print(f"error: {exe}: the ternsim command line is not installed here (pip install . installs it; "
              "from a build tree run <build>/ternsim)", file=sys.stderr)
        return 2
    os.environ["TERNSIM_PYTHON"] = sys.executable
    sys.stdout.flush()
    os.execv(exe, [exe] + args)
    return 2  # not reached


if __name__ == "__main__":
    sys.exit(main())
