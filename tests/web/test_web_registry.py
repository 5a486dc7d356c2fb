"""Search and person services over the synthetic world: spelling, script, diminutives, partial
dates, places; ranking; scope and field visibility; audit of every search and view."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from webworld import GUARDIAN, NOTE, World, share_person

from ridni.db.engine import session_scope
from ridni.errors import Forbidden, NotFound
from ridni.ingest.models import SourceRecord
from ridni.linkage import queries
from ridni.linkage.models import Person, PersonRecord
from ridni.linkage.persist import RecordSummary, save_persons
from ridni.registry import persons, search
from ridni.security.actors import SYSTEM
from ridni.security.models import AuditEvent


def _search(engine: Engine, world: World, who: str, query: str) -> search.SearchResult:
    with session_scope(engine) as session:
        return search.search(session=session, actor=world.actor(who), query=query)


@pytest.mark.parametrize(
    "query",
    [
        "Олександр Коваленко",  # Ukrainian
        "Александр Коваленко",  # Russian spelling
        "Oleksandr Kovalenko",  # Latin, KMU 2010
        "Aleksandr Kovalenko",  # Latin, from Russian
        "Саша Коваленко",  # diminutive
        "Коваленко 09.03.2014",  # surname and full date
        "Коваленко 03.2014",  # partial date: month
        "Kovalenko 2014",  # partial date: year
        "Саша Мариуполь",  # diminutive and the place in Russian
    ],
)
def test_finds_the_child_by_any_spelling(engine: Engine, world: World, query: str) -> None:
    result = _search(engine, world, "caseworker", query)
    assert result.hits, query
    assert result.hits[0].person_id == world.persons["oleksandr"], query


def test_best_fit_first(engine: Engine, world: World) -> None:
    hits = _search(engine, world, "caseworker", "Олександр Коваленко 2014").hits
    assert [h.person_id for h in hits][:2] == [world.persons["oleksandr"], world.persons["maria"]]
    assert hits[0].score > hits[1].score
    assert {"given_name", "family_name"} <= set(hits[0].matched)


def test_wrong_year_ranks_lower(engine: Engine, world: World) -> None:
    right = _search(engine, world, "caseworker", "Коваленко Олександр 2014").hits[0].score
    wrong = _search(engine, world, "caseworker", "Коваленко Олександр 2015").hits[0].score
    assert right > wrong


def test_date_forms_are_parsed() -> None:
    assert search.parse_date("09.03.2014") == search.DateQuery(2014, 3, 9)
    assert search.parse_date("2014-03-09") == search.DateQuery(2014, 3, 9)
    assert search.parse_date("03.2014") == search.DateQuery(2014, 3)
    assert search.parse_date("2014-03") == search.DateQuery(2014, 3)
    assert search.parse_date("2014") == search.DateQuery(2014)
    assert search.parse_date("31.13.2014") is None
    assert search.parse_date("12345") is None


def test_empty_and_nonsense_queries(engine: Engine, world: World) -> None:
    assert _search(engine, world, "caseworker", "   ").hits == []
    assert _search(engine, world, "caseworker", "Ґзщфкх").hits == []


def test_every_search_is_audited_with_its_query(engine: Engine, world: World) -> None:
    _search(engine, world, "reviewer", "Саша 2014")
    with session_scope(engine) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert (event.action, event.actor) == ("search", "reviewer")
        assert event.details["query"] == "Саша 2014"


def test_partner_finds_only_its_own_children(engine: Engine, world: World) -> None:
    own = _search(engine, world, "partner", "Коваленко")
    assert [h.person_id for h in own.hits] == [world.persons["oleksandr"]]
    assert own.hits[0].records == 1  # only its own record of that person
    assert own.hits[0].best["guardian_names"] is None
    assert _search(engine, world, "partner", "Шевченко").hits == []
    assert _search(engine, world, "partner_b", "Коваленко").hits == []


def test_auditor_may_not_search(engine: Engine, world: World) -> None:
    with pytest.raises(Forbidden):
        _search(engine, world, "auditor", "Коваленко")


def _person(engine: Engine, world: World, who: str, key: str) -> persons.PersonView:
    with session_scope(engine) as session:
        return persons.person_detail(
            session=session, actor=world.actor(who), person_id=world.persons[key]
        )


@pytest.mark.usefixtures("settings")  # the saved model, to explain the stored links in words
def test_person_page_has_everything(engine: Engine, world: World) -> None:
    view = _person(engine, world, "caseworker", "oleksandr")
    assert {r.source_name for r in view.records} == {"ua_registry", "ngo_a_reports", "ru_list"}
    ua = next(r for r in view.records if r.source_name == "ua_registry")
    assert ua.raw and ua.raw["record_id"] == "UA-1" and ua.line_no == 2
    assert ua.first_batch is not None and ua.first_batch.file_name == "ua_registry.csv"
    assert len(view.links) == 2 and view.links[0].steps[0].comparison == "family_name"
    assert [g.name for g in view.guardians] == [GUARDIAN]
    assert [s.person_id for s in view.siblings] == [world.persons["maria"]]
    kinds = [e.kind for e in view.timeline]
    assert "birth" in kinds and "seen" in kinds and "received" in kinds
    dated = [e.date for e in view.timeline if e.date]
    assert dated == sorted(dated)


def _relink_oleksandr(engine: Engine, world: World, overruled: set[int]) -> None:
    """Store Олександр's person again as clustering would, with ``overruled`` records' sex
    overruled; the registry's record says "F" (a form ticked wrongly), the others "M"."""
    members = [world.records[k] for k in ("ua1", "a1", "ru1")]
    with session_scope(engine) as session:
        registry = session.get(SourceRecord, world.records["ua1"])
        assert registry is not None
        registry.sex = "F"
        summaries = {
            r.id: RecordSummary(kind, r.given_name, r.family_name, r.birth_date, r.sex)
            for r, kind in zip(
                (session.get(SourceRecord, pk) for pk in members),
                ("official_registry", "family_report", "counterpart_list"),
                strict=True,
            )
            if r is not None
        }
        save_persons(session, [members], summaries, None, scope=members, sex_overruled=overruled)


def test_an_overruled_sex_is_stored_shown_and_cleared(engine: Engine, world: World) -> None:
    ua1 = world.records["ua1"]
    _relink_oleksandr(engine, world, {ua1})
    view = _person(engine, world, "caseworker", "oleksandr")
    assert view.sex == "M"  # the overruled "F" does not vote, however the tie would fall
    assert {r.pk: r.sex_overruled for r in view.records} == {
        ua1: True,
        world.records["a1"]: False,
        world.records["ru1"]: False,
    }
    with session_scope(engine) as session:
        record = persons.record_detail(
            session=session, actor=world.actor("caseworker"), record_pk=ua1
        )
        assert record.record.sex_overruled
        listed = queries.person_records(
            session=session, actor=SYSTEM, person_id=world.persons["oleksandr"]
        )
        assert [r["sex_overruled"] for r in listed if r["pk"] == ua1] == [True]
    # A later run that no longer overrules it clears the flag.
    _relink_oleksandr(engine, world, set())
    with session_scope(engine) as session:
        assert not session.scalars(select(PersonRecord).where(PersonRecord.sex_overruled)).all()
        person = session.get(Person, world.persons["oleksandr"])
        assert person is not None and person.n_records == 3


def test_partner_sees_only_its_records_without_guardians(engine: Engine, world: World) -> None:
    view = _person(engine, world, "partner", "oleksandr")
    assert [r.source_name for r in view.records] == ["ngo_a_reports"]
    assert view.records[0].fields["guardian_names"] is None
    assert "guardian_names" in view.records[0].redacted
    assert view.guardians == [] and view.links == []
    assert "Олександр" not in view.display_name  # the name from hidden records is not shown


def test_partner_is_refused_another_organisations_child(engine: Engine, world: World) -> None:
    for key in ("ivan", "maria"):
        with pytest.raises(NotFound):
            _person(engine, world, "partner", key)
    with pytest.raises(NotFound):
        _person(engine, world, "partner_b", "oleksandr")


def test_sharing_a_person_opens_it_to_the_partner_but_not_the_raw_list(
    engine: Engine, world: World
) -> None:
    with session_scope(engine) as session:
        share_person(session, world, "oleksandr", "NGO B")
    view = _person(engine, world, "partner_b", "oleksandr")
    ru = next(r for r in view.records if r.source_kind == "counterpart_list")
    assert ru.raw is None and "raw" in ru.redacted  # the other side's raw list stays hidden
    ua = next(r for r in view.records if r.source_name == "ua_registry")
    assert ua.fields["notes"] is None and NOTE not in str(ua.raw or "")


def test_person_and_record_views_are_audited(engine: Engine, world: World) -> None:
    _person(engine, world, "negotiator", "oleksandr")
    with session_scope(engine) as session:
        persons.record_detail(
            session=session, actor=world.actor("negotiator"), record_pk=world.records["ru1"]
        )
    with session_scope(engine) as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(2)).all()
        assert [(e.action, e.object_id) for e in events] == [
            ("record.view", str(world.records["ru1"])),
            ("person.view", str(world.persons["oleksandr"])),
        ]


def test_record_detail_and_scope(engine: Engine, world: World) -> None:
    with session_scope(engine) as session:
        detail = persons.record_detail(
            session=session, actor=world.actor("partner"), record_pk=world.records["a1"]
        )
        assert detail.record.person_id == world.persons["oleksandr"]
        assert [h["change"] for h in detail.history] == ["created"]
        with pytest.raises(NotFound):
            persons.record_detail(
                session=session, actor=world.actor("partner"), record_pk=world.records["ua1"]
            )


def test_surname_initial_narrows(engine: Engine, world: World) -> None:
    hits = _search(engine, world, "caseworker", "Олександр К. 2014").hits
    assert hits[0].person_id == world.persons["oleksandr"] and "family_name" in hits[0].matched
    assert _search(engine, world, "caseworker", "Олександр Ш.").hits == []
    assert _search(engine, world, "caseworker", "К.").hits == []  # an initial alone finds nothing
