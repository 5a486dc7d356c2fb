"""Read a synthetic world back with its truth and the true children behind it."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path

from ridni.synth import Rates, WorldSummary
from ridni.synth.people import Child, PeopleFactory, build_children


@dataclass
class World:
    path: Path
    summary: WorldSummary
    manifest: dict
    rows: dict[str, list[dict[str, str]]]  # source -> records
    person: dict[tuple[str, str], str]  # (source, record_id) -> person_id
    children: dict[str, Child]  # person_id -> the true child

    def records_of_children(self, source: str) -> list[tuple[Child, dict[str, str]]]:
        found = []
        for row in self.rows[source]:
            person_id = self.person[(source, row["record_id"])]
            if person_id in self.children:
                found.append((self.children[person_id], row))
        return found


def read_world(path: Path, summary: WorldSummary, seed: int, count: int, rates: Rates) -> World:
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    rows = {}
    for entry in manifest["sources"]:
        with (path / entry["file"]).open(encoding="utf-8", newline="") as handle:
            rows[entry["source"]] = list(csv.DictReader(handle))
    with (path / "truth.csv").open(encoding="utf-8", newline="") as handle:
        person = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}
    # The true children, rebuilt from the same stream the generator used.
    factory = PeopleFactory(random.Random(f"ridni-synth:{seed}:people"), rates)
    children = {c.person_id: c for f in build_children(factory, count) for c in f.children}
    return World(path, summary, manifest, rows, person, children)
