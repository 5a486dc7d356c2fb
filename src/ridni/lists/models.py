"""Channels (who receives lists, and which fields each may see), negotiation lists, their frozen
versions and the other side's replies.

A list is drafted from verified cases, then frozen as a version: the version's ``content`` holds
exactly the rows sent (only the channel's fields) and ``content_hash`` is the SHA-256 of its
canonical JSON. Versions, their entries and replies are never updated or deleted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from ridni.db.base import Base, JSONType, utcnow
from ridni.errors import Conflict


class Channel(Base):
    """A way children come home (a mediator, an ombudsman's line…) and its disclosure policy."""

    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    # The disclosable fields (ridni.lists.fields.FIELDS) this channel may receive, in order.
    allowed_fields: Mapped[list[str]] = mapped_column(JSONType)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class NegotiationList(Base):
    __tablename__ = "negotiation_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # open (being drafted or awaiting replies) | closed
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    filters: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    next_ref: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[str | None] = mapped_column(String(200))
    closed_at: Mapped[datetime | None]


class ListEntry(Base):
    """A child on a list's draft. Removing keeps the row (who, when, why)."""

    __tablename__ = "list_entries"
    __table_args__ = (
        UniqueConstraint("list_id", "case_id", name="uq_list_entries_list_case"),
        UniqueConstraint("list_id", "ref", name="uq_list_entries_list_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("negotiation_lists.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # The reference the other side replies with; stable across the list's versions.
    ref: Mapped[str] = mapped_column(String(30))
    # Children in the same sibling group travel together (the smallest case id of the group).
    sibling_group: Mapped[int | None] = mapped_column(Integer)
    # Warnings shown to the negotiator: {"other_lists": [ids], "siblings_missing": [case ids]}.
    flags: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_by: Mapped[str | None] = mapped_column(String(200))
    removed_at: Mapped[datetime | None]
    removed_reason: Mapped[str | None] = mapped_column(Text)


class ListVersion(Base):
    __tablename__ = "list_versions"
    __table_args__ = (UniqueConstraint("list_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("negotiation_lists.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    # Plain JSON (not JSONB): the stored document keeps its keys as written.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    n_entries: Mapped[int] = mapped_column(Integer)
    frozen_by: Mapped[str] = mapped_column(String(200))
    frozen_at: Mapped[datetime] = mapped_column(default=utcnow)


class ListVersionEntry(Base):
    """Which case each row of a frozen version is (kept apart: the channel never sees it)."""

    __tablename__ = "list_version_entries"
    __table_args__ = (UniqueConstraint("version_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"), index=True)
    ref: Mapped[str] = mapped_column(String(30))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)


REPLY_OUTCOMES = ("found", "not_found", "returned", "refuses", "came_of_age", "unknown")


class ListReply(Base):
    """The other side's answer about one child of a frozen version, as imported."""

    __tablename__ = "list_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    ref: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(20))
    reply_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    line_no: Mapped[int] = mapped_column(Integer)
    # What reconciling did with the case: 'moved to returned', 'task created', 'recorded'.
    effect: Mapped[str | None] = mapped_column(String(200))
    imported_by: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


def _refuse_change(mapper: Any, connection: Any, target: Any) -> None:
    raise Conflict(f"a frozen {type(target).__name__} cannot change")


for _frozen in (ListVersion, ListVersionEntry, ListReply):
    event.listen(_frozen, "before_update", _refuse_change)
    event.listen(_frozen, "before_delete", _refuse_change)
