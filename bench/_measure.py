"""Timing and peak-memory helpers shared by the benchmarks."""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def _rss_bytes() -> int:
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _children_rss_bytes() -> int:
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            if int(fields[1]) != os.getpid():
                continue
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except (OSError, IndexError, ValueError):
            continue
    return total


@dataclass
class Step:
    name: str
    seconds: float = 0.0
    peak_rss_mb: float = 0.0


@dataclass
class Recorder:
    """Times named steps and samples this process's (and its children's) RSS during each."""

    steps: list[Step] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[Step]:
        step = Step(name)
        peak = [_rss_bytes()]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.2):
                peak[0] = max(peak[0], _rss_bytes() + _children_rss_bytes())

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        start = time.perf_counter()
        try:
            yield step
        finally:
            step.seconds = round(time.perf_counter() - start, 2)
            stop.set()
            thread.join()
            step.peak_rss_mb = round(max(peak[0], _rss_bytes()) / 2**20, 1)
            self.steps.append(step)
            print(f"  {name}: {step.seconds} s, peak RSS {step.peak_rss_mb} MB", flush=True)


def max_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)
