"""A small synthetic registry for web tests: organisations, one user per role, three sources,
five records, three persons with links — written directly, without the importer or linkage."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.ingest.models import ImportBatch, RecordChange, Source, SourceRecord
from ridni.linkage.models import Link, LinkageRun, Person, PersonRecord, RecordFeatures
from ridni.security import accounts, sessions, tokens
from ridni.security.actors import ROLES, SYSTEM, Actor
from ridni.security.models import Share, User

PASSWORD = "synthetic password 1"
OPERATOR = "Ridni"
PARTNER_A = "NGO A"
PARTNER_B = "NGO B"

# Words that must never appear in a refused response (they are in the records).
SENSITIVE = ("Коваленко", "Шевченко", "Kovalenko", "Мариуполь")
GUARDIAN = "Марія Коваленко-Мати"
NOTE = "конфіденційна примітка"

RECORDS = [
    # key, source, record_id, given, family, birth_date, place, extra
    (
        "ua1",
        "ua_registry",
        "UA-1",
        "Олександр",
        "Коваленко",
        "2014-03-09",
        "Маріуполь",
        {
            "guardian_names": GUARDIAN,
            "notes": NOTE,
            "sibling_ids": "UA-2",
            "sex": "M",
            "last_known_place": "Маріуполь",
            "last_known_date": "2022-03-01",
        },
    ),
    (
        "ua2",
        "ua_registry",
        "UA-2",
        "Марія",
        "Коваленко",
        "2016",
        "Маріуполь",
        {"sex": "F", "sibling_ids": "UA-1"},
    ),
    ("ua3", "ua_registry", "UA-3", "Іван", "Шевченко", "2012-05", "Херсон", {"sex": "M"}),
    (
        "a1",
        "ngo_a_reports",
        "A-1",
        "Саша",
        "Коваленко",
        "2014",
        "Маріуполь",
        {"guardian_names": GUARDIAN, "sex": "M"},
    ),
    (
        "ru1",
        "ru_list",
        "RU-1",
        "Александр",
        "Коваленко",
        "2014-03-09",
        "Мариуполь",
        {
            "institution": "Детский дом №1",
            "sex": "M",
            "last_known_place": "Таганрог",
            "last_known_date": "2023-05-01",
        },
    ),
]


@dataclass
class World:
    org_ids: dict[str, int] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    batches: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)
    persons: dict[str, int] = field(default_factory=dict)
    token_prefix: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    token_prefixes: dict[str, str] = field(default_factory=dict)
    share_id: int = 0

    def actor(self, username: str) -> Actor:
        return accounts.actor_for(self.users[username])


def save_model() -> None:
    """The linkage model's structure (levels and their labels) with a prior, saved where the
    application looks for it, so that stored contributions are explained in words."""
    from ridni.linkage.pipeline import settings_for
    from ridni.linkage.store import MAIN_MODEL
    from ridni.linkage.store import save_model as store

    model = settings_for("duckdb")
    model["probability_two_random_records_match"] = 1e-4
    model["ridni_model_version"] = MAIN_MODEL
    store(model)


def build(session: Session) -> World:
    w = World()
    for name in (OPERATOR, PARTNER_A, PARTNER_B):
        w.org_ids[name] = accounts.create_organisation(session=session, actor=SYSTEM, name=name).id
    for role in ROLES:
        org = PARTNER_A if role == "partner" else OPERATOR
        w.users[role] = _user(session, role, role, org)
    w.users["partner_b"] = _user(session, "partner_b", "partner", PARTNER_B)
    _sources(session, w)
    _records(session, w)
    _persons(session, w)
    # Ivan is shared with NGO B (a share to revoke in tests; NGO B sees his record through it).
    share = Share(
        organisation_id=w.org_ids[PARTNER_B], person_id=w.persons["ivan"], shared_by="system"
    )
    session.add(share)
    session.flush()
    w.share_id = share.id
    for username in w.users:
        row, plaintext = tokens.create_token(
            session=session, actor=SYSTEM, username=username, name="t"
        )
        w.tokens[username] = plaintext
        w.token_prefixes[username] = row.prefix
        if username == "caseworker":
            w.token_prefix = row.prefix
    session.flush()
    return w


def _user(session: Session, username: str, role: str, org: str) -> User:
    user, _ = accounts.create_user(
        session=session,
        actor=SYSTEM,
        username=username,
        role=role,
        organisation=org,
        password=PASSWORD,
    )
    return user


def _sources(session: Session, w: World) -> None:
    for name, kind, org in (
        ("ua_registry", "official_registry", None),
        ("ngo_a_reports", "family_report", w.org_ids[PARTNER_A]),
        ("ru_list", "counterpart_list", None),
    ):
        source = Source(name=name, kind=kind, organisation_id=org)
        session.add(source)
        session.flush()
        batch = ImportBatch(
            source_id=source.id,
            file_name=f"{name}.csv",
            file_size=100,
            sha256="0" * 64,
            file_format="csv",
            imported_by="system",
            status="done",
            finished_at=utcnow(),
        )
        session.add(batch)
        session.flush()
        w.sources[name], w.batches[name] = source.id, batch.id


def _records(session: Session, w: World) -> None:
    for line, (key, source, rid, given, family, born, place, extra) in enumerate(RECORDS, start=2):
        values = {
            "given_name": given,
            "family_name": family,
            "birth_date": born,
            "birth_place": place,
            **extra,
        }
        record = SourceRecord(
            source_id=w.sources[source],
            record_id=rid,
            raw={"record_id": rid, **values},
            line_no=line,
            content_hash="0" * 40,
            first_batch_id=w.batches[source],
            last_batch_id=w.batches[source],
            **values,
        )
        session.add(record)
        session.flush()
        session.add(
            RecordChange(
                record_pk=record.id, batch_id=w.batches[source], change="created", line_no=line
            )
        )
        w.records[key] = record.id
        _features(session, record, source)


def _features(session: Session, record: SourceRecord, source: str) -> None:
    """Search keys, computed by linkage's own function when ridni.names is available."""
    try:
        from ridni.linkage.features import record_features

        kind = {"ua_registry": "official_registry", "ngo_a_reports": "family_report"}.get(
            source, "counterpart_list"
        )
        values = {
            k: getattr(record, k)
            for k in (
                "given_name",
                "family_name",
                "patronymic",
                "sex",
                "birth_date",
                "birth_place",
                "birth_region",
                "last_known_place",
                "last_known_date",
                "institution",
                "guardian_names",
                "age",
            )
        }
        session.add(RecordFeatures(record_pk=record.id, **record_features(values, kind)))
    except (ImportError, AttributeError):
        pass  # names not ready: search tests skip themselves


def _persons(session: Session, w: World) -> None:
    run = LinkageRun(
        engine="duckdb", model_version="test", mode="full", threshold=0.9, started_by="system"
    )
    session.add(run)
    session.flush()
    for key, members, name, born in (
        ("oleksandr", ["ua1", "a1", "ru1"], "Коваленко Олександр", "2014-03-09"),
        ("maria", ["ua2"], "Коваленко Марія", "2016"),
        ("ivan", ["ua3"], "Шевченко Іван", "2012-05"),
    ):
        person = Person(run_id=run.id, display_name=name, birth_date=born, n_records=len(members))
        session.add(person)
        session.flush()
        for m in members:
            session.add(PersonRecord(record_pk=w.records[m], person_id=person.id, run_id=run.id))
        w.persons[key] = person.id
    contributions = {  # levels as the linkage model numbers them
        "given_name": [3, 6.2],  # the same given name in another language
        "family_name": [3, 9.1],  # the same family name
        "birth_date": [-1, 0.0],  # one record gives only the year
        "birth_year": [1, 4.0],  # the same year
        "birth_place": [1, -0.5],  # the same region only
    }
    for a, b, p in (("ua1", "a1", 0.97), ("ua1", "ru1", 0.999)):
        ra, rb = sorted((w.records[a], w.records[b]))
        session.add(
            Link(
                record_a=ra,
                record_b=rb,
                run_id=run.id,
                match_weight=12.3,
                match_probability=p,
                contributions=contributions,
                in_cluster=True,
            )
        )
    session.flush()


def share_person(session: Session, w: World, person: str, org: str) -> None:
    session.add(
        Share(organisation_id=w.org_ids[org], person_id=w.persons[person], shared_by="system")
    )
    session.flush()


def session_token(session: Session, w: World, username: str) -> str:
    return sessions.start(session, user=w.users[username], address="testclient")
