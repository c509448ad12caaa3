"""Processes that must not outlive the sweep that started them.

A sweep killed with `kill -9` cannot clean up; its workers would live on, still holding the
caller's stdout, so `ternsim sweep ... | tee log` never returned. Linux's PR_SET_PDEATHSIG
makes the kernel send a signal to the child when its parent dies, whatever the reason.
"""
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent_pid, sig=signal.SIGKILL):
    """Call first thing in a forked child: the kernel kills it when `parent_pid` exits."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - the simulator is Linux-only
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:  # pragma: no cover
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    # The parent may have died between fork() and prctl(): then we were already reparented.
    if os.getppid() != parent_pid:
        os._exit(1)
