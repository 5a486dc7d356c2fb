"""Orchestration: people first, then each source in import order, streamed to disk.

Memory grows with the number of children, never with the number of unrelated records: children's
records are planned (who appears where) up front, unrelated records are made one family at a time
and interleaved at random positions, so neither ids nor file positions give the truth away.
"""

from __future__ import annotations

import csv
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ridni.errors import Invalid
from ridni.synth.people import Child, Family, PeopleFactory, build_children
from ridni.synth.rates import Rates, validate_rates
from ridni.synth.sources import (
    FIELDS,
    RENAMED,
    WRITERS,
    AdoptionWriter,
    FamilyReportWriter,
    OccupiedListWriter,
    OmbudsmanWriter,
    OsintWriter,
    SourceWriter,
    Unit,
)

MANIFEST_FORMAT = "ridni-synth/1"
TRUTH_FILE = "truth.csv"
# Records that show a renamed child's new identity (source, record_id): for measuring the
# recovery of renamed children; not part of any source.
RENAMED_FILE = "renamed.csv"
TRUTH_HEADER = ("source", "record_id", "person_id")
Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 5000


@dataclass(frozen=True)
class WorldSummary:
    out_dir: Path
    seed: int
    children: int
    unrelated: int
    families: int
    records: int
    rows_by_source: dict[str, int]
    renamed_children: int
    renamed_records: int
    seconds: float
    manifest: Path = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "manifest", self.out_dir / "manifest.json")


class _Ticker:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self._progress, self._last = total, 0, progress, 0

    def add(self, count: int) -> None:
        self.done += count
        if self._progress and (
            self.done - self._last >= _PROGRESS_EVERY or self.done == self.total
        ):
            self._last = self.done
            self._progress(self.done, self.total)


def generate_world(
    out_dir: Path,
    *,
    children: int,
    unrelated: int,
    seed: int,
    rates: Rates | None = None,
    progress: Progress | None = None,
) -> WorldSummary:
    """Write a synthetic multi-source world with its ground truth into ``out_dir``.

    The same arguments always give the same bytes. See ``docs/synth.md`` for the sources, the
    corruption channels and their default rates.
    """
    started = time.perf_counter()
    rates = rates or Rates()
    validate_rates(rates)
    if children < 0 or unrelated < 0:
        raise Invalid("children and unrelated must not be negative")
    if out_dir.exists() and not out_dir.is_dir():
        raise Invalid("the output must be a directory", file=str(out_dir))
    out_dir.mkdir(parents=True, exist_ok=True)

    factory = PeopleFactory(random.Random(f"ridni-synth:{seed}:people"), rates)
    families = build_children(factory, children)
    person_ids = _unrelated_person_ids()
    writers = [
        cls(random.Random(f"ridni-synth:{seed}:{cls.info.source}"), rates, lambda: next(person_ids))
        for cls in WRITERS
    ]
    plans = {
        w.info.source: _plan(w, families, random.Random(f"ridni-synth:{seed}:{w.info.source}:plan"))
        for w in writers
    }
    quotas = _unrelated_quotas(unrelated, rates)
    child_rows = {source: sum(len(u) for u in units) for source, units in plans.items()}
    ticker = _Ticker(sum(child_rows.values()) + unrelated, progress)

    rows_by_source: dict[str, int] = {}
    with (
        _open_csv(out_dir / TRUTH_FILE) as truth_file,
        _open_csv(out_dir / RENAMED_FILE) as renamed_file,
    ):
        truth = csv.writer(truth_file, lineterminator="\n")
        truth.writerow(TRUTH_HEADER)
        renamed_out = csv.writer(renamed_file, lineterminator="\n")
        renamed_out.writerow(("source", "record_id"))
        for writer in writers:
            source = writer.info.source
            rows_by_source[source] = _write_source(
                writer,
                plans[source],
                quotas.get(type(writer), 0),
                out_dir,
                (truth, renamed_out),
                ticker,
            )

    renamed = sum(1 for f in families for c in f.children if c.new_identity)
    summary = WorldSummary(
        out_dir=out_dir,
        seed=seed,
        children=children,
        unrelated=unrelated,
        families=len(families),
        records=sum(rows_by_source.values()),
        rows_by_source=rows_by_source,
        renamed_children=renamed,
        renamed_records=sum(w.renamed_records for w in writers),
        seconds=time.perf_counter() - started,
    )
    _write_manifest(summary, rates, writers, families, child_rows, quotas)
    return summary


def _unrelated_person_ids() -> Iterator[str]:
    number = 0
    while True:
        number += 1
        yield f"U{number:07d}"


def _plan(writer: SourceWriter, families: list[Family], rng: random.Random) -> list[list[Any]]:
    """Which children the source holds, as units: siblings together, duplicates on their own."""
    units: list[list[tuple[Child, int]]] = []
    for family in families:
        together: list[tuple[Child, int]] = []
        for child in family.children:
            copies = writer.copies(child, rng)
            if copies:
                together.append((child, 0))
            units.extend([(child, copy)] for copy in range(1, copies))
        if together:
            units.append(together)
    rng.shuffle(units)
    return units


def _unrelated_quotas(unrelated: int, rates: Rates) -> dict[type[SourceWriter], int]:
    counterpart = round(unrelated * rates.unrelated_counterpart_share)
    occupied = round(counterpart * rates.unrelated_occupied_of_counterpart)
    family = round(unrelated * rates.unrelated_family_share)
    osint = round(unrelated * rates.unrelated_osint_share)
    adoption = max(0, unrelated - counterpart - family - osint)
    return {
        AdoptionWriter: adoption,
        OmbudsmanWriter: counterpart - occupied,
        OccupiedListWriter: occupied,
        FamilyReportWriter: family,
        OsintWriter: osint,
    }


def _open_csv(path: Path) -> IO[str]:
    return path.open("w", encoding="utf-8", newline="", buffering=1 << 20)


def _write_source(
    writer: SourceWriter,
    units: list[list[tuple[Child, int]]],
    quota: int,
    out_dir: Path,
    outputs: tuple[Any, Any],
    ticker: _Ticker,
) -> int:
    """Interleave the children's units with unrelated ones at random; return the rows written."""
    rng = writer.rng
    source = writer.info.source
    truth, renamed = outputs
    child_left = sum(len(u) for u in units)
    other_left = quota
    pending = iter(units)
    rows = 0
    with _open_csv(out_dir / writer.info.file) as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(FIELDS)
        while child_left or other_left:
            if other_left and rng.random() * (child_left + other_left) >= child_left:
                unit = writer.unrelated(other_left)
                other_left -= len(unit)
            else:
                members = next(pending)
                unit = writer.unit(members)
                child_left -= len(members)
            _link_siblings(writer, unit)
            for person_id, record in unit:
                out.writerow([record[f] for f in FIELDS])
                truth.writerow((source, record["record_id"], person_id))
                if record.get(RENAMED):
                    renamed.writerow((source, record["record_id"]))
            rows += len(unit)
            ticker.add(len(unit))
    return rows


def _link_siblings(writer: SourceWriter, unit: Unit) -> None:
    if len(unit) < 2:
        return
    ids = [record["record_id"] for _, record in unit]
    for index, (_, record) in enumerate(unit):
        if writer.lists_siblings():
            record["sibling_ids"] = ";".join(ids[:index] + ids[index + 1 :])


def _write_manifest(
    summary: WorldSummary,
    rates: Rates,
    writers: list[SourceWriter],
    families: list[Family],
    child_rows: dict[str, int],
    quotas: dict[type[SourceWriter], int],
) -> None:
    kids = [c for f in families for c in f.children]
    manifest = {
        "format": MANIFEST_FORMAT,
        "seed": summary.seed,
        "counts": {
            "children": summary.children,
            "unrelated": summary.unrelated,
            "families": summary.families,
            "records": summary.records,
            "institution_children": sum(1 for c in kids if c.institution),
            "twin_pairs": sum(1 for c in kids if c.twin) // 2,
            "returned_children": sum(1 for c in kids if c.returned),
            "renamed_children": summary.renamed_children,
            "renamed_records": summary.renamed_records,
            "child_rows_by_source": child_rows,
            "unrelated_rows_by_source": {w.info.source: quotas.get(type(w), 0) for w in writers},
        },
        "rates": rates.as_dict(),
        "truth": {"file": TRUTH_FILE, "header": list(TRUTH_HEADER)},
        "renamed": {"file": RENAMED_FILE, "header": ["source", "record_id"]},
        "sources": [
            {
                "file": w.info.file,
                "source": w.info.source,
                "kind": w.info.kind,
                "description": w.info.description,
                "rows": summary.rows_by_source[w.info.source],
            }
            for w in writers
        ],
    }
    summary.manifest.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
