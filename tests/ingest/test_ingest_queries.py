"""Read services: sources with counts, pages of records, one record; partners see their own."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from ridni.db.engine import session_scope
from ridni.errors import Forbidden, NotFound
from ridni.ingest import queries
from ridni.security.actors import SYSTEM, Actor

from .helpers import DATA, run_import

PARTNER = Actor(username="partner1", role="partner", organisation_id=5)


@pytest.fixture
def registry(engine: Engine) -> Engine:
    run_import(engine, DATA / "canonical.csv", source="ua_test", kind="official_registry")
    run_import(engine, DATA / "canonical_v2.csv", source="ua_test", kind="official_registry")
    run_import(engine, DATA / "canonical.jsonl", source="partner_src", actor=PARTNER)
    return engine


def test_sources_with_counts(registry: Engine) -> None:
    with session_scope(registry) as session:
        rows = queries.list_sources(session=session, actor=SYSTEM)
        partner_rows = queries.list_sources(session=session, actor=PARTNER)
    by_name = {s.name: s for s in rows}
    assert set(by_name) == {"ua_test", "partner_src"}
    assert (by_name["ua_test"].n_records, by_name["ua_test"].n_withdrawn) == (6, 1)
    assert by_name["ua_test"].n_batches == 2 and by_name["ua_test"].last_import_at is not None
    assert [s.name for s in partner_rows] == ["partner_src"]


def test_records_page_in_import_order(registry: Engine) -> None:
    with session_scope(registry) as session:
        page = queries.list_records(session=session, actor=SYSTEM, source="ua_test", limit=2,
                                    offset=2)  # fmt: skip
        with pytest.raises(NotFound):
            queries.list_records(session=session, actor=PARTNER, source="ua_test")
        with pytest.raises(NotFound):
            queries.list_records(session=session, actor=SYSTEM, source="nowhere")
    assert [(r.record_id, r.withdrawn) for r in page] == [("TST-003", True), ("TST-004", False)]


def test_one_record_by_id_and_by_pk(registry: Engine) -> None:
    with session_scope(registry) as session:
        detail = queries.get_record(session=session, actor=SYSTEM, source="ua_test",
                                    record_id="TST-003")  # fmt: skip
        same = queries.get_record_by_pk(session=session, actor=SYSTEM, pk=detail.pk)
        with pytest.raises(NotFound):
            queries.get_record(session=session, actor=SYSTEM, source="ua_test", record_id="X")
        with pytest.raises(NotFound):
            queries.get_record_by_pk(session=session, actor=PARTNER, pk=detail.pk)
    assert same == detail
    assert detail.withdrawn and detail.kind == "official_registry"
    assert [entry.change for entry in detail.history] == ["created", "withdrawn"]
    assert detail.history[1].line_no is None and detail.history[1].before is None
    assert detail.fields["birth_place"] == "Артемовск" and detail.raw is not None


def test_partners_see_their_records_without_raw_rows(registry: Engine) -> None:
    with session_scope(registry) as session:
        detail = queries.get_record(session=session, actor=PARTNER, source="partner_src",
                                    record_id="102")  # fmt: skip
    assert detail.fields["given_name"] == "Назар"
    assert detail.raw is None and detail.extra is None
    assert {"raw", "extra", "notes", "guardian_names"} <= set(detail.redacted)
    created = detail.history[0]
    assert created.after is not None and "raw" not in created.after


def test_reading_needs_the_right(registry: Engine) -> None:
    auditor = Actor(username="a", role="auditor")
    with session_scope(registry) as session, pytest.raises(Forbidden):
        queries.list_records(session=session, actor=auditor, source="ua_test")
