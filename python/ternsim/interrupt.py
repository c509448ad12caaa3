"""Ctrl-C for a blocking simulation call.

_ternsim.run waits for its forked simulation with the GIL released and retries on EINTR, so
a SIGINT only set Python's flag: a notebook interrupt came back when the run had finished.
Here the call runs in a helper thread while the main thread waits interruptibly; on Ctrl-C
the simulation process that thread forked is killed (the kernel lists a thread's children in
/proc/self/task/<tid>/children), the thread returns, and KeyboardInterrupt propagates.
"""
import os
import signal
import threading


def _kill_children_of(tid):
    try:
        with open("/proc/self/task/%d/children" % tid) as f:
            pids = [int(p) for p in f.read().split()]
    except OSError:
        return
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def call_interruptibly(fn, *args):
    """fn(*args), but a KeyboardInterrupt in the main thread stops it and kills its children."""
    if threading.current_thread() is not threading.main_thread():
        return fn(*args)  # signals are delivered to the main thread only
    box = {}
    started = threading.Event()

    def body():
        box["tid"] = threading.get_native_id()
        started.set()
        try:
            box["value"] = fn(*args)
        except BaseException as e:  # re-raised in the caller's thread
            box["error"] = e

    t = threading.Thread(target=body, name="ternsim-run", daemon=True)
    t.start()
    try:
        while t.is_alive():
            t.join(0.1)
    except KeyboardInterrupt:
        started.wait()
        while t.is_alive():  # the child may not be forked yet: keep killing until the call returns
            _kill_children_of(box["tid"])
            t.join(0.02)
        raise
    if "error" in box:
        raise box["error"]
    return box["value"]
