"""Reviewers' verdicts on overruled sexes, simulated on a linked benchmark registry.

For every record whose sex a very strong link overruled, the world's truth plays the reviewer:
if the record is the same child as most of its person's other records, the link is right and
the tick is wrong, so its sex is marked wrong (``decisions.decide_sex``, as the review page
does); otherwise the link is wrong (counted, left for a split). Run on a copy of a benchmark's
registry, then re-link it in full to see the verdicts honoured:

    cp -r bench/out/s20-third/ridni.db bench/out/s20-third/var /tmp/sv/
    RIDNI_DATA_DIR=/tmp/sv/var .venv/bin/python bench/sex_verdicts.py \\
        --world /tmp/w/third200 --db sqlite:////tmp/sv/ridni.db
    RIDNI_DATA_DIR=/tmp/sv/var .venv/bin/ridni --db sqlite:////tmp/sv/ridni.db link --full
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridni.db.engine import make_engine, session_scope
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage import decisions
from ridni.linkage.models import PersonRecord
from ridni.security.actors import SYSTEM


def _truth(world: Path) -> dict[tuple[str, str], str]:
    with (world / "truth.csv").open(encoding="utf-8") as handle:
        return {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}


def _link_is_right(
    session: Session, truth: dict[tuple[str, str], str], record_pk: int, person_id: int
) -> bool:
    """Whether the record is the same child as most of its person's other records."""
    members = session.execute(
        select(SourceRecord.id, Source.name, SourceRecord.record_id)
        .join(Source, Source.id == SourceRecord.source_id)
        .join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        .where(PersonRecord.person_id == person_id)
    ).all()
    child = {pk: truth[(source, record_id)] for pk, source, record_id in members}
    others = Counter(c for pk, c in child.items() if pk != record_pk)
    return bool(others) and others.most_common(1)[0][0] == child[record_pk]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, required=True)
    parser.add_argument("--db", required=True, help="The linked registry (a copy: it is changed).")
    args = parser.parse_args()
    truth = _truth(args.world)
    with session_scope(make_engine(args.db)) as session:
        flagged = session.execute(
            select(PersonRecord.record_pk, PersonRecord.person_id).where(PersonRecord.sex_overruled)
        ).all()
        took, wrong_links = [], 0
        for record_pk, person_id in flagged:
            if not _link_is_right(session, truth, record_pk, person_id):
                wrong_links += 1
                continue
            start = time.perf_counter()
            decisions.decide_sex(
                session=session,
                actor=SYSTEM,
                record_pk=record_pk,
                verdict="wrong",
                reason="checked: the link is right, the tick is wrong",
            )
            took.append(time.perf_counter() - start)
        left = session.scalar(
            select(func.count()).select_from(PersonRecord).where(PersonRecord.sex_overruled)
        )
    print(
        f"flagged {len(flagged)}: link right {len(took)}, link wrong {wrong_links}; "
        f"marked in {sum(took):.2f} s (at most {max(took, default=0):.3f} s each); "
        f"still flagged {left}"
    )


if __name__ == "__main__":
    main()
