"""How the person page's "possible other records" serve a caseworker, on a benchmark registry.

For a sample of persons holding a record of one source (the registry, by default), lists each
one's possible matches (``review.possible_matches``, as the person page does) and scores them
against the world's truth: how many are shown, how many are the same child, and how many of the
child's records that linking left outside the person are shown. Run on a copy (each call writes
an audit event):

    cp -r bench/out/s20-third/ridni.db bench/out/s20-third/var /tmp/pm/
    RIDNI_DATA_DIR=/tmp/pm/var .venv/bin/python bench/possible_matches.py \\
        --world /tmp/w/third200 --db sqlite:////tmp/pm/ridni.db --source nrdd --sample 2000
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from ridni.cases import review
from ridni.db.engine import make_engine, session_scope
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.models import PersonRecord
from ridni.security.actors import SYSTEM


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, required=True)
    parser.add_argument("--db", required=True, help="The linked registry (a copy).")
    parser.add_argument("--source", default="nrdd")
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--low", type=float, help="The band's low end (default: the settings').")
    args = parser.parse_args()
    band = review.Band(args.low, 1.0) if args.low is not None else None
    with (args.world / "truth.csv").open(encoding="utf-8") as handle:
        truth = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}
    with session_scope(make_engine(args.db)) as session:
        rows = session.execute(
            select(SourceRecord.id, Source.name, SourceRecord.record_id, PersonRecord.person_id)
            .join(Source, Source.id == SourceRecord.source_id)
            .join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        ).all()
        child_of = {pk: truth[(source, rid)] for pk, source, rid, _ in rows}
        person_of = {pk: person for pk, _, _, person in rows}
        records_of_child: dict[str, set[int]] = defaultdict(set)
        for pk, child in child_of.items():
            records_of_child[child].add(pk)
        persons = sorted({person for pk, source, _, person in rows if source == args.source})
        random.Random(1).shuffle(persons)
        members: dict[int, set[int]] = defaultdict(set)
        for pk, person in person_of.items():
            members[person].add(pk)
        shown = true_shown = left_out = left_out_shown = with_true = 0
        took = []
        for person in persons[: args.sample]:
            start = time.perf_counter()
            found = review.possible_matches(
                session=session, actor=SYSTEM, person_id=person, band=band
            )
            took.append(time.perf_counter() - start)
            children = {child_of[pk] for pk in members[person]}
            outside = {
                pk for c in children for pk in records_of_child[c] if person_of[pk] != person
            }
            hits = [m for m in found if child_of[m.record_pk] in children]
            shown += len(found)
            true_shown += len(hits)
            with_true += bool(hits)
            left_out += len(outside)
            left_out_shown += len({m.record_pk for m in hits} & outside)
        session.rollback()  # the audit events of a measurement are not kept
    n = min(args.sample, len(persons))
    print(
        f"{n} persons with a {args.source} record: {shown} possible matches shown "
        f"({shown / n:.2f} a person), {true_shown} the same child "
        f"({true_shown / max(shown, 1):.3f}); "
        f"{with_true} persons show at least one; of the {left_out} records of these children "
        f"that linking left outside their person, {left_out_shown} are shown "
        f"({left_out_shown / max(left_out, 1):.3f}); "
        f"{statistics.median(took) * 1000:.1f} ms median, {max(took) * 1000:.1f} ms at most"
    )


if __name__ == "__main__":
    main()
