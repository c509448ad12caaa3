"""Results store: out/results.jsonl, one JSON line per finished point, appended as points
finish and fsync'ed, so an interrupted sweep (Ctrl-C, kill -9, power loss) loses at most the
line being written. A truncated last line is ignored on reload and the point simply reruns.
Lines are keyed by the point's stable hash; when a key appears twice the last line wins.

One sweep at a time per directory: the store holds an flock on out/sweep.lock for its whole
life, so a second sweep into the same --out is refused instead of simulating the same points
again and overwriting results.csv. The lock is released by the kernel however the holder dies.
"""
import fcntl
import json
import os
import sys


class SweepLocked(RuntimeError):
    """Another live sweep is writing into the same results directory."""


def lock_directory(out_dir):
    """Exclusive, non-blocking lock on out_dir/sweep.lock; returns the fd to keep open."""
    path = os.path.join(out_dir, "sweep.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
        os.close(fd)
        raise SweepLocked("%s: another sweep%s is writing to this directory; wait for it to finish or use another --out"
                          % (out_dir, " (pid %s)" % holder if holder.isdigit() else "")) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, b"%d\n" % os.getpid(), 0)
    return fd


class ResultStore:
    def __init__(self, out_dir):
        self.dir = out_dir
        self.records = {}
        self._f = None
        self._lock = None
        if out_dir is None:
            return
        os.makedirs(out_dir, exist_ok=True)
        self._lock = lock_directory(out_dir)
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
        if self._lock is not None:
            os.close(self._lock)  # releases the flock
            self._lock = None
