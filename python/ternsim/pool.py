"""Local worker pool in which a dying worker costs exactly the task it was running.

concurrent.futures.ProcessPoolExecutor marks every pending future failed (BrokenProcessPool)
as soon as one worker dies, and running in-process (-j 1) lets a crash take the sweep down
with nothing written. Parsing a workload happens in the worker itself (the parsed workload is
cached per process and inherited by each simulation's fork), so a parser crash kills the
worker, not just a simulation child. Here each worker is a forked process that takes one task
at a time over a pipe; when one dies the parent knows which task it held, reports it with the
signal, and starts a fresh worker for the rest.

Workers die with the parent (PR_SET_PDEATHSIG), ignore SIGINT (the parent decides what an
interrupt means and kills them), and are SIGKILLed when the pool is closed early.
"""
import multiprocessing
import os
import signal
from multiprocessing.connection import wait

from .lifetime import die_with_parent


class WorkerDied(Exception):
    """The worker process running a task exited or was killed before answering."""


def describe_exit(exitcode):
    if exitcode is not None and exitcode < 0:
        sig = -exitcode
        return "worker process died with signal %d (%s)" % (sig, signal.strsignal(sig) or "unknown")
    return "worker process exited with status %s and no result" % exitcode


def _worker_main(conn, fn, parent_pid):
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, task = item
        conn.send((index, fn(task)))


class _Worker:
    def __init__(self, ctx, fn):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, fn, os.getpid()), daemon=True)
        # SIGINT stays blocked until the worker ignores it: a Ctrl-C during the fork must not
        # kill a worker before the parent can tell an interrupt from a crash.
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.proc.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        child.close()
        self.index = None

    def give(self, index, task):
        self.index = index
        self.conn.send((index, task))

    def kill(self):
        if self.proc.is_alive():
            try:
                os.kill(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.join()
        self.conn.close()


class IsolatedPool:
    """`for index, result in pool.run(tasks)` yields results as they finish; a task whose
    worker died yields a WorkerDied instance as its result."""

    def __init__(self, fn, jobs):
        self.fn = fn
        self.jobs = max(1, int(jobs))
        # fork: workers inherit sys.path and the loaded _ternsim module without re-importing.
        self.ctx = multiprocessing.get_context("fork")
        self.workers = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        for w in self.workers:
            w.kill()
        self.workers = []

    def run(self, tasks):
        pending = list(enumerate(tasks))
        pending.reverse()
        while pending or any(w.index is not None for w in self.workers):
            while pending and len(self.workers) < self.jobs:
                w = _Worker(self.ctx, self.fn)
                self.workers.append(w)
                w.give(*pending.pop())
            busy = {w.conn: w for w in self.workers if w.index is not None}
            for conn in wait(list(busy)):
                w = busy[conn]
                try:
                    index, result = conn.recv()
                except (EOFError, OSError):
                    index = w.index
                    w.proc.join()
                    result = WorkerDied(describe_exit(w.proc.exitcode))
                    self.workers.remove(w)
                    w.conn.close()
                    yield index, result
                    continue
                w.index = None
                if pending:
                    w.give(*pending.pop())
                else:
                    self.workers.remove(w)
                    try:
                        conn.send(None)
                    except OSError:
                        pass
                    w.proc.join()
                    conn.close()
                yield index, result
