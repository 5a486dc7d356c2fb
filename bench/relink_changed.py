"""Records an import changed, linked again by an incremental run, on a linked benchmark registry.

Re-imports one source of the world with ``--changes`` of its records changed (``notes``: a
change that says nothing about who the child is; or ``day-month``: the day and month of the
date of birth swapped, a correction as the registry might send), then runs ``ridni link``
(incremental) and reports its time, how many records it linked again, and where they went:
in the person they were in, or, by the world's truth, with their own child. Run on a copy of a
benchmark's registry (it is changed):

    cp -r bench/out/ours/ridni.db bench/out/ours/var /tmp/rc/
    RIDNI_DATA_DIR=/tmp/rc/var .venv/bin/python bench/relink_changed.py \\
        --world bench/out/ours/world --db sqlite:////tmp/rc/ridni.db --source ua_registry \\
        --changes 1000 --change notes
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from pathlib import Path

from sqlalchemy import Engine, select

from ridni.db.engine import make_engine, session_scope
from ridni.ingest.models import Source, SourceRecord
from ridni.ingest.service import import_file
from ridni.linkage.incremental import changed_since_linked, link_new
from ridni.linkage.models import PersonRecord
from ridni.security.actors import SYSTEM


def _changed(row: dict[str, str], change: str) -> dict[str, str]:
    if change == "notes":
        return {**row, "notes": (row["notes"] + " (уточнено)").strip()}
    year, month, day = row["birth_date"].split("-")
    return {**row, "birth_date": f"{year}-{day}-{month}"}


def _eligible(row: dict[str, str], change: str) -> bool:
    if change == "notes":
        return True
    parts = row["birth_date"].split("-")
    return len(parts) == 3 and parts[1] != parts[2] and int(parts[2]) <= 12


def _persons(engine: Engine) -> dict[str, int]:
    """SOURCE:RECORD_ID → person id, for every record a person holds."""
    with session_scope(engine) as session:
        return dict(
            session.execute(
                select(Source.name + ":" + SourceRecord.record_id, PersonRecord.person_id)
                .select_from(SourceRecord)
                .join(Source, Source.id == SourceRecord.source_id)
                .join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
            ).all()
        )


def _with_their_child(persons: dict[str, int], truth: dict[str, str], keys: list[str]) -> int:
    """How many of ``keys`` share their person with another record of their own child."""
    members: dict[int, list[str]] = {}
    for key, person in persons.items():
        members.setdefault(person, []).append(key)
    return sum(any(truth[o] == truth[k] for o in members[persons[k]] if o != k) for k in keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, required=True)
    parser.add_argument("--db", required=True, help="A linked registry (a copy: it is changed).")
    parser.add_argument("--source", required=True)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--change", choices=("notes", "day-month"), default="notes")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    engine = make_engine(args.db)
    manifest = json.loads((args.world / "manifest.json").read_text(encoding="utf-8"))
    spec = next(s for s in manifest["sources"] if s["source"] == args.source)
    with (args.world / spec["file"]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rng = random.Random(args.seed)
    picked = {
        r["record_id"]
        for r in rng.sample([r for r in rows if _eligible(r, args.change)], args.changes)
    }
    out = Path(args.db.removeprefix("sqlite:///")).parent / spec["file"]
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(_changed(r, args.change) if r["record_id"] in picked else r for r in rows)
    with (args.world / "truth.csv").open(encoding="utf-8") as handle:
        truth = {f"{r['source']}:{r['record_id']}": r["person_id"] for r in csv.DictReader(handle)}
    before = _persons(engine)
    started = time.monotonic()
    with session_scope(engine) as session:
        import_file(session=session, actor=SYSTEM, path=out, source=args.source, kind=spec["kind"])
    imported = time.monotonic() - started
    with session_scope(engine) as session:
        asked = time.monotonic()
        found = len(changed_since_linked(session))
        query = time.monotonic() - asked
    started = time.monotonic()
    result = link_new(engine, actor=SYSTEM)
    linked = time.monotonic() - started
    after = _persons(engine)
    keys = [f"{args.source}:{r}" for r in sorted(picked)]
    with_own_before, with_own = (
        _with_their_child(before, truth, keys),
        _with_their_child(after, truth, keys),
    )
    print(
        json.dumps(
            {
                "change": args.change,
                "changed_records": len(picked),
                "import_s": round(imported, 2),
                "changed_since_linked": found,
                "changed_since_linked_query_s": round(query, 3),
                "incremental_link_s": round(linked, 2),
                "linked_again": result.n_records,
                "stayed_in_their_person": sum(before[k] == after[k] for k in keys),
                "with_another_record_of_their_child": f"{with_own_before} before, {with_own} after",
                "timings": result.timings,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
