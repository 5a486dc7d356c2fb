"""The clusters export: ``source,record_id,person_id`` for every imported record.

A machine interchange format (../shared/formats/person-records.md): ids are written exactly as
they were imported, so this file is not meant for spreadsheets and is not formula-escaped.
Records never linked get a person id of their own (``r<pk>``), so every record is present.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.models import PersonRecord
from ridni.security.actors import Actor

HEADER = ("source", "record_id", "person_id")


def write_clusters(*, session: Session, actor: Actor, out: Path) -> int:
    del actor  # the caller checks the right to export; kept for the audit trail's signature
    query = (
        select(Source.name, SourceRecord.record_id, SourceRecord.id, PersonRecord.person_id)
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        .order_by(Source.name, SourceRecord.id)
        .execution_options(yield_per=50_000)
    )
    count = 0
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for source, record_id, pk, person_id in session.execute(query):
            writer.writerow((source, record_id, person_id if person_id is not None else f"r{pk}"))
            count += 1
    return count
