"""`python3 -m ternsim.importers scalesim ...` (what `ternsim import` runs)."""
import sys

from .scalesim import main as scalesim_main

USAGE = "usage: ternsim import scalesim --cfg X.cfg --topology T.csv -o DIR"


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        print("error: ternsim import: expected a format: scalesim (" + USAGE + ")", file=sys.stderr)
        return 2
    if argv[0] in ("-h", "--help"):
        print(USAGE + "\n\nformats:\n  scalesim   a SCALE-Sim v2 .cfg and topology CSV (conv or GEMM M,N,K)")
        return 0
    if argv[0] == "scalesim":
        return scalesim_main(argv[1:])
    print(f"error: ternsim import: unknown format {argv[0]!r} (expected: scalesim)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
