"""tracegen: emit ternsim workload IR (docs/workload_ir.md, format version 1) for
one phase (prefill or decode) of a real model described by an HF-style config.json.

Pure Python + numpy + yaml. Run as ``PYTHONPATH=workloads /usr/bin/python3 -m tracegen --help``.
"""

__version__ = "0.1.0"


class TracegenError(Exception):
    """Any user-facing error (bad config, bad weights file, bad option)."""
