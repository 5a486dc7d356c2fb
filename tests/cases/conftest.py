"""A small synthetic registry for case, review and list tests: sources of both sides, records,
persons, scored links, users. Everything is made up here; no real person is named."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ridni.config import get_settings
from ridni.ingest.models import ImportBatch, Source, SourceRecord
from ridni.linkage.model import MODEL_VERSION
from ridni.linkage.models import Link, LinkageRun, Person, PersonRecord
from ridni.linkage.store import save_model
from ridni.security import accounts
from ridni.security.actors import Actor
from ridni.security.models import Organisation, User

# A two-comparison model, enough for explanations (labels per level, a prior).
MODEL: dict[str, Any] = {
    "ridni_model_version": MODEL_VERSION,
    "probability_two_random_records_match": 0.0001,
    "comparisons": [
        {
            "output_column_name": "given_name",
            "comparison_description": "given name",
            "comparison_levels": [
                {"is_null_level": True, "label_for_charts": "given name missing"},
                {"comparison_vector_value": 2, "label_for_charts": "same given name class"},
                {"comparison_vector_value": 1, "label_for_charts": "similar given name"},
                {"comparison_vector_value": 0, "label_for_charts": "different given names"},
            ],
        },
        {
            "output_column_name": "birth_date",
            "comparison_description": "date of birth",
            "comparison_levels": [
                {"is_null_level": True, "label_for_charts": "date of birth missing"},
                {"comparison_vector_value": 1, "label_for_charts": "same date of birth"},
                {"comparison_vector_value": 0, "label_for_charts": "different dates of birth"},
            ],
        },
    ],
}


@pytest.fixture
def settings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Own data directory (model, attachments) and four-eyes on; settings re-read."""
    monkeypatch.setenv("RIDNI_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("RIDNI_FOUR_EYES", "true")
    get_settings.cache_clear()
    save_model(MODEL)
    yield tmp_path / "var"
    get_settings.cache_clear()


@pytest.fixture
def session(engine: Engine, settings_env: Path) -> Iterator[Session]:
    s = sessionmaker(bind=engine, expire_on_commit=False)()
    try:
        yield s
    finally:
        s.rollback()
        s.close()


class World:
    """Builds sources, records, persons and links directly (no import, no Splink run)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._ids = count(1)
        self.sources: dict[str, Source] = {}
        self.batches: dict[int, ImportBatch] = {}
        self.run = LinkageRun(
            engine="duckdb",
            model_version=MODEL_VERSION,
            mode="full",
            threshold=0.9,
            started_by="test",
            status="completed",
        )
        session.add(self.run)
        session.flush()

    def source(self, name: str, kind: str) -> Source:
        if name not in self.sources:
            source = Source(name=name, kind=kind)
            self.session.add(source)
            self.session.flush()
            batch = ImportBatch(
                source_id=source.id,
                file_name=f"{name}.csv",
                file_size=1,
                sha256="0" * 64,
                file_format="csv",
                imported_by="test",
                status="completed",
            )
            self.session.add(batch)
            self.session.flush()
            self.sources[name], self.batches[source.id] = source, batch
        return self.sources[name]

    def record(self, source: str, kind: str, **values: Any) -> SourceRecord:
        src = self.source(source, kind)
        batch = self.batches[src.id]
        record_id = values.pop("record_id", f"{source}-{next(self._ids)}")
        raw = {"record_id": record_id, **{k: str(v) for k, v in values.items()}}
        record = SourceRecord(
            source_id=src.id,
            record_id=record_id,
            raw=raw,
            content_hash=hashlib.sha1(repr(raw).encode()).hexdigest(),
            first_batch_id=batch.id,
            last_batch_id=batch.id,
            **values,
        )
        self.session.add(record)
        self.session.flush()
        return record

    def person(self, *records: SourceRecord) -> Person:
        first = records[0]
        person = Person(
            status="active",
            display_name=f"{first.family_name} {first.given_name}",
            birth_date=first.birth_date,
            sex=first.sex,
            n_records=len(records),
            run_id=self.run.id,
        )
        self.session.add(person)
        self.session.flush()
        for record in records:
            self.session.add(
                PersonRecord(record_pk=record.id, person_id=person.id, run_id=self.run.id)
            )
        self.session.flush()
        return person

    def link(
        self,
        a: SourceRecord,
        b: SourceRecord,
        probability: float,
        contributions: dict[str, list[float]] | None = None,
    ) -> Link:
        low, high = sorted((a.id, b.id))
        link = Link(
            record_a=low,
            record_b=high,
            run_id=self.run.id,
            match_weight=3.0,
            match_probability=probability,
            contributions=contributions or {"given_name": [2, 6.5], "birth_date": [1, 8.1]},
            in_cluster=probability >= 0.9,
        )
        self.session.add(link)
        self.session.flush()
        return link

    def child(
        self,
        family: str,
        given: str,
        birth: str,
        *,
        region: str = "Донецька",
        institution: str | None = None,
        siblings: str | None = None,
        n: int | None = None,
    ) -> tuple[Person, SourceRecord, SourceRecord]:
        """One child found on both sides: a registry record and a counterpart-list record in
        one person (as linking would leave them)."""
        suffix = n if n is not None else next(self._ids)
        ua = self.record(
            "registry",
            "official_registry",
            record_id=f"ua-{suffix}",
            family_name=family,
            given_name=given,
            patronymic="Петрович",
            sex="M",
            birth_date=birth,
            birth_place="Бахмут",
            birth_region=region,
            guardian_names="Марія Коваленко",
            sibling_ids=siblings,
        )
        ru = self.record(
            "counterpart",
            "counterpart_list",
            record_id=f"ru-{suffix}",
            family_name=family,
            given_name=given.replace("Олександр", "Александр"),
            birth_date=birth,
            last_known_place="Таганрог",
            institution=institution or "Детский дом №3",
        )
        person = self.person(ua, ru)
        self.link(ua, ru, 0.97)
        return person, ua, ru


@pytest.fixture
def world(session: Session) -> World:
    return World(session)


@pytest.fixture
def users(session: Session) -> dict[str, Actor]:
    return make_users(session)


def make_users(session: Session) -> dict[str, Actor]:
    """One user of each role (two reviewers, two caseworkers), as actors. Rows are written
    directly: hashing eight passwords would cost more than the tests themselves."""
    org = Organisation(name="Operator")
    partner_org = Organisation(name="Partner")
    session.add_all([org, partner_org])
    session.flush()
    out = {}
    for username, role, organisation in (
        ("admin", "admin", org),
        ("rev1", "reviewer", org),
        ("rev2", "reviewer", org),
        ("cw1", "caseworker", org),
        ("cw2", "caseworker", org),
        ("neg", "negotiator", org),
        ("aud", "auditor", org),
        ("partner", "partner", partner_org),
    ):
        user = User(
            username=username, role=role, organisation_id=organisation.id, password_hash="x"
        )
        session.add(user)
        session.flush()
        out[username] = accounts.actor_for(user)
    return out


def verified_case(session: Session, users: dict[str, Actor], person: Person) -> int:
    """Open a case and take it to 'identity verified' the real way: location, then evidence
    recorded by one caseworker and checked by another (four eyes)."""
    from ridni.cases import service, work

    case = service.open_case(session=session, actor=users["cw1"], person_id=person.id)
    service.set_location(
        session=session,
        actor=users["cw1"],
        case_id=case.id,
        location="Таганрог, дитячий будинок №3",
    )
    service.move_case(
        session=session,
        actor=users["cw1"],
        case_id=case.id,
        to="located",
        reason="on the counterpart list",
    )
    work.add_evidence(
        session=session,
        actor=users["cw1"],
        case_id=case.id,
        kind="document",
        description="birth certificate copy",
    )
    service.move_case(
        session=session,
        actor=users["cw2"],
        case_id=case.id,
        to="identity_verified",
        reason="certificate checked",
    )
    return case.id
