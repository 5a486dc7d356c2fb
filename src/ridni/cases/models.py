"""Cases: one per child, from the first report to closing, with every move, note, task, piece of
evidence and attachment. Moves and evidence are history: never updated, never deleted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from ridni.db.base import Base, JSONType, utcnow
from ridni.errors import Conflict


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The person when the case was opened; re-linking may later merge it into another person
    # (Person.merged_into), which the services follow when showing the case.
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="reported", index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    assigned_to: Mapped[str | None] = mapped_column(String(100), index=True)
    # Where the child is held, as known to the caseworker (the 'located' guard needs it).
    location: Mapped[str | None] = mapped_column(Text)
    return_date: Mapped[date | None] = mapped_column(Date)
    return_channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id"))
    closing_reason: Mapped[str | None] = mapped_column(String(40))
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    opened_by: Mapped[str] = mapped_column(String(200))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseTransition(Base):
    """One move of a case: who, when, why, and what the move carried (date, channel…)."""

    __tablename__ = "case_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))  # None for the opening
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    closing_reason: Mapped[str | None] = mapped_column(String(40))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseNote(Base):
    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseTask(Base):
    __tablename__ = "case_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    due_date: Mapped[date | None] = mapped_column(Date)
    assigned_to: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_by: Mapped[str | None] = mapped_column(String(200))
    done_at: Mapped[datetime | None]


class Attachment(Base):
    """A file kept on disk under ``data_dir/attachments``, named by its SHA-256."""

    __tablename__ = "case_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseEvidence(Base):
    """Evidence of the child's identity recorded by a user (for 'identity verified')."""

    __tablename__ = "case_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("case_attachments.id"))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_case_tasks_open_due", CaseTask.status, CaseTask.due_date)


def _refuse_change(mapper: Any, connection: Any, target: Any) -> None:
    raise Conflict(f"{type(target).__name__} rows are history and cannot change")


# History is append-only at the ORM level; services never issue UPDATE or DELETE on these.
for _history in (CaseTransition, CaseEvidence):
    event.listen(_history, "before_update", _refuse_change)
    event.listen(_history, "before_delete", _refuse_change)
