"""Results store: out/results.jsonl, one JSON line per finished point, appended as points
finish and fsync'ed, so an interrupted sweep (Ctrl-C, kill -9, power loss) loses at most the
line being written. A truncated last line is ignored on reload and the point simply reruns.
Lines are keyed by the point's stable hash; when a key appears twice the last line wins.
"""
import json
import os
import sys


class ResultStore:
    def __init__(self, out_dir):
        self.dir = out_dir
        self.records = {}
        self._f = None
        if out_dir is None:
            return
        os.makedirs(out_dir, exist_ok=True)
        self.path = os.path.join(out_dir, "results.jsonl")
        self._load()

    def _load(self):
        if not os.path.exists(self.path):
            return
        with open(self.path, "rb") as f:
            data = f.read()
        lines = data.split(b"\n")
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                self.records[rec["key"]] = rec
            except (ValueError, KeyError, TypeError):
                # The last line may be cut by a crash mid-write; anything else is damage worth a note.
                if i != len(lines) - 1:
                    print("ternsim: %s:%d: skipping unreadable line" % (self.path, i + 1), file=sys.stderr)

    def done(self, key):
        return key in self.records

    def append(self, rec):
        self.records[rec["key"]] = rec
        if self.dir is None:
            return
        if self._f is None:
            self._f = open(self.path, "ab")
            # A previous crash may have left a partial line: start ours on a fresh line.
            if self._f.tell() > 0:
                with open(self.path, "rb") as r:
                    r.seek(-1, os.SEEK_END)
                    if r.read(1) != b"\n":
                        self._f.write(b"\n")
        self._f.write(json.dumps(rec, sort_keys=True).encode() + b"\n")
        self._f.flush()
        os.fsync(self._f.fileno())

    def close(self):
        if self._f is not None:
            self._f.close()
            self._f = None
