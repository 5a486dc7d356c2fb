"""Persons (clusters of records that are one child), the links that formed them, and the
human decisions that every later linking run must respect."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from ridni.db.base import Base, JSONType, utcnow


class LinkageRun(Base):
    __tablename__ = "linkage_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    engine: Mapped[str] = mapped_column(String(20))  # duckdb | spark
    model_version: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(20))  # full | incremental
    threshold: Mapped[float] = mapped_column(Float)
    n_records: Mapped[int] = mapped_column(Integer, default=0)
    n_links: Mapped[int] = mapped_column(Integer, default=0)
    n_persons: Mapped[int] = mapped_column(Integer, default=0)
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    started_by: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")


class Person(Base):
    """One child as the system currently believes: a cluster of source records."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A person keeps its id across re-linking while its cluster survives; when re-linking folds
    # it into another person it is kept as 'merged' (cases and lists may point at it).
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    # Indexed: SQLite checks this self-reference on every delete or id change of a person.
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("linkage_runs.id"))
    # Display summary, derived from the member records (best-known name, birth date, sex).
    display_name: Mapped[str | None] = mapped_column(String(400))
    birth_date: Mapped[str | None] = mapped_column(String(10))
    sex: Mapped[str | None] = mapped_column(String(1))
    n_records: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PersonRecord(Base):
    """Membership: which source record belongs to which person (each record to exactly one)."""

    __tablename__ = "person_records"

    record_pk: Mapped[int] = mapped_column(ForeignKey("source_records.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("linkage_runs.id"))
    # How the record joined: 'model' (a link above the threshold), 'decision' (a reviewer),
    # 'singleton' (nothing linked it).
    reason: Mapped[str] = mapped_column(String(20), default="model")
    # The record's sex was overruled: a very strong link joined it to records of the other sex
    # (a form ticked wrongly). The record keeps the sex it gives; the person's is the others'.
    # Indexed: each run reads the few flagged rows of a registry of a million.
    sex_overruled: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), index=True
    )


class Link(Base):
    """A scored pair of records from the latest run: the evidence behind persons and the
    review queue. ``record_a`` < ``record_b`` always."""

    __tablename__ = "links"
    __table_args__ = (UniqueConstraint("record_a", "record_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_a: Mapped[int] = mapped_column(ForeignKey("source_records.id"))
    record_b: Mapped[int] = mapped_column(ForeignKey("source_records.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("linkage_runs.id"), index=True)
    match_weight: Mapped[float] = mapped_column(Float)
    match_probability: Mapped[float] = mapped_column(Float, index=True)
    # Per comparison: the level reached and its contribution to the match weight (bits).
    contributions: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    in_cluster: Mapped[bool] = mapped_column(default=False)


class LinkDecision(Base):
    """A reviewer's decision on a pair. Never updated or deleted: a later decision on the same
    pair supersedes it. Linking honours the latest decision of each pair."""

    __tablename__ = "link_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_a: Mapped[int] = mapped_column(ForeignKey("source_records.id"))
    record_b: Mapped[int] = mapped_column(ForeignKey("source_records.id"))
    decision: Mapped[str] = mapped_column(String(20))  # confirm | reject
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    match_probability: Mapped[float | None] = mapped_column(Float)


Index("ix_link_decisions_pair", LinkDecision.record_a, LinkDecision.record_b)


class SexDecision(Base):
    """A reviewer's verdict on the sex a record gives: "wrong" (the form was ticked wrongly, so
    linking and its person read the other sex) or "right" (an earlier "wrong" withdrawn). Never
    updated or deleted; the latest verdict of a record wins, every later linking run honours it,
    and it stands while the record gives the sex it was about (``sex``)."""

    __tablename__ = "sex_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("source_records.id"), index=True)
    verdict: Mapped[str] = mapped_column(String(10))  # wrong | right
    sex: Mapped[str | None] = mapped_column(String(1))  # the sex the record gave, for the record
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordFeatures(Base):
    """Comparable keys of one source record, computed by ``ridni.names`` when the record is
    imported or changed. Linkage reads them as its input frame; search looks them up."""

    __tablename__ = "record_features"

    record_pk: Mapped[int] = mapped_column(ForeignKey("source_records.id"), primary_key=True)
    side: Mapped[str | None] = mapped_column(String(2))  # ua | ru | None (neutral source)
    script: Mapped[str | None] = mapped_column(String(10))  # uk | ru | latin | mixed ...
    given_key: Mapped[str | None] = mapped_column(String(100), index=True)  # name class
    # Every name class the value may belong to (a diminutive such as Саша has several).
    given_keys: Mapped[str | None] = mapped_column(String(400))
    given_latin: Mapped[str | None] = mapped_column(String(200))  # phonetic key of the spelling
    family_key: Mapped[str | None] = mapped_column(String(200), index=True)
    family_initial: Mapped[str | None] = mapped_column(String(4))
    patronymic_key: Mapped[str | None] = mapped_column(String(100))
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer, index=True)
    birth_month: Mapped[int | None] = mapped_column(Integer)
    birth_day: Mapped[int | None] = mapped_column(Integer)
    # Birth year implied by an age at a date, when no birth date was given.
    age_birth_year: Mapped[int | None] = mapped_column(Integer)
    # The days (since 1970) an age at a sighting allows for the birth: a one-year window.
    age_born_from: Mapped[int | None] = mapped_column(Integer)
    age_born_to: Mapped[int | None] = mapped_column(Integer)
    birth_place_key: Mapped[str | None] = mapped_column(String(200))
    birth_place_name: Mapped[str | None] = mapped_column(String(200))
    region_key: Mapped[str | None] = mapped_column(String(100))
    last_place_key: Mapped[str | None] = mapped_column(String(200))
    last_region_key: Mapped[str | None] = mapped_column(String(200))
    institution_key: Mapped[str | None] = mapped_column(String(300))
    guardian_keys: Mapped[str | None] = mapped_column(Text)  # space-separated family keys
    names_version: Mapped[str] = mapped_column(String(20))


# Search (ridni.registry.search) looks places up by key: equality on an index, never a scan.
Index("ix_record_features_birth_place_key", RecordFeatures.birth_place_key)
Index("ix_record_features_last_place_key", RecordFeatures.last_place_key)
# An incremental run reads the registry's term frequency of each given-name spelling: a scan of
# the whole table without it.
Index("ix_record_features_given_latin", RecordFeatures.given_latin)
# ...and of each family-name initial (a million records: 1.17 s by a scan, 0.28 s with it).
Index("ix_record_features_family_initial", RecordFeatures.family_initial)
