"""One row of `make bench`'s table, and the table printer.

Every bench module exposes `bench_rows(options) -> list[BenchRow]`; `bench/all.py` runs
them on the same data and prints one table (issue 9 §9). A row's value is a median of at
least three timed repetitions unless its note says otherwise.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchRow:
    what: str  # "full run, 300 schools"
    value: str  # "2.41 s" / "312 req/s, p95 41 ms"
    target: str = ""  # "≤ 3 s and ≤ 4× floor"
    verdict: str = ""  # "met" / "missed by 0.4 s" / ""
    note: str = ""  # "floor 0.23 s → 10.5×"


def median_seconds(work: Callable[[], object], repeat: int = 3) -> float:
    """The median wall time of `repeat` calls of `work` (each call starts from the same data)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def render(rows: Iterable[BenchRow]) -> str:
    rows = list(rows)
    head = ("what", "value", "target", "verdict", "note")
    cells = [head, *((r.what, r.value, r.target, r.verdict, r.note) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = [
        "| " + " | ".join(c[i].ljust(widths[i]) for i in range(len(head))) + " |" for c in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
