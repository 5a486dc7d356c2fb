"""Time ``generate_world`` and measure its peak memory.

    .venv/bin/python bench/synth_bench.py          # 20,000 children, 1,000,000 unrelated
    .venv/bin/python bench/synth_bench.py --unrelated 200000 --append

``--append`` adds the result as a table row under the "synth" heading of docs/benchmarks.md.
Peak memory is the process's maximum resident set size (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ridni.synth import generate_world

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
HEADING = "## synth"
TABLE_HEAD = (
    "| children | unrelated | records | seconds | records/s | peak RSS (MB) | output (MB) | "
    "renamed children | command |\n|---|---|---|---|---|---|---|---|---|\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--unrelated", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="keep the world here (default: a temp dir)")
    parser.add_argument("--append", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args()

    out = args.out or Path(tempfile.mkdtemp(prefix="ridni-synth-bench-"))
    started = time.perf_counter()
    summary = generate_world(out, children=args.children, unrelated=args.unrelated, seed=args.seed)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = sum(p.stat().st_size for p in out.iterdir()) / 1e6
    if args.out is None:
        shutil.rmtree(out)

    command = (
        ".venv/bin/python bench/synth_bench.py "
        + " ".join(sys.argv[1:]).replace("--append", "").strip()
    )
    row = (
        f"| {args.children:,} | {args.unrelated:,} | {summary.records:,} | {seconds:.1f} | "
        f"{summary.records / seconds:,.0f} | {peak_mb:.0f} | {size_mb:.0f} | "
        f"{summary.renamed_children} | `{command.strip()}` |"
    )
    print(row)
    for source, rows in summary.rows_by_source.items():
        print(f"  {source:24} {rows:>10,}")
    if args.append:
        _append(row)


def _append(row: str) -> None:
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    if HEADING not in text:
        machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
        text = text.rstrip("\n") + (
            f"\n\n{HEADING}\n\n`generate_world` writing every file and truth.csv to local disk, "
            f"one process ({machine}, Python {platform.python_version()}).\n\n{TABLE_HEAD}"
        )
    head, _, tail = text.partition(HEADING)
    # The row goes after the last row of the synth table, before any note or later section.
    section, sep, rest = tail.partition("\n## ")
    lines = section.split("\n")
    last_row = max(i for i, line in enumerate(lines) if line.startswith("|"))
    lines.insert(last_row + 1, row)
    text = head + HEADING + "\n".join(lines) + (sep + rest if sep else "")
    BENCHMARKS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
