"""Resident memory of a process and its children, from /proc (Linux), sampled in a thread."""
from __future__ import annotations

import os
import threading
from pathlib import Path


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def tree_rss_mb(pid: int | None = None) -> float:
    """RSS of `pid` (default: this process) plus all its descendants, in MB."""
    total, todo = 0, [pid or os.getpid()]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo += _children(p)
    return total / 1024


class PeakMemory:
    """`with PeakMemory(pid) as m: …` then `m.peak_mb`: the tree's peak RSS, sampled every 0.2 s."""

    def __init__(self, pid: int | None = None, every: float = 0.2):
        self.pid, self.every, self.peak_mb = pid, every, 0.0
        self._stop = threading.Event()

    def _run(self):
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            self._stop.wait(self.every)

    def __enter__(self):
        self.peak_mb = tree_rss_mb(self.pid)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
