"""The append-only, hash-chained audit log.

Each event's ``hash`` is ``sha256(prev_hash + canonical JSON of the event)``, where the event
includes its sequence number. Sequence numbers are dense (1, 2, 3 …) and the last one is kept in
the ``audit_head`` row, so :func:`verify` can name the first altered, inserted or deleted row.

Appends first update the head row (``UPDATE … RETURNING``): on PostgreSQL the row lock serialises
concurrent appends until their transactions end; on SQLite the update takes the write lock. The
chain therefore never forks. An attacker who can rewrite the whole table *and* the head can forge
a consistent chain; ``ridni audit verify`` prints the head hash so it can be recorded elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.security.actors import Actor
from ridni.security.models import AuditEvent, AuditHead
from ridni.security.policy import require

GENESIS = "0" * 64
ANONYMOUS = "anonymous"
_HEAD_ID = 1

# Actions recorded in the log (free strings are allowed; these are the ones ridni itself uses).
AUDITED = (
    "login",
    "login.failed",
    "logout",
    "search",
    "person.view",
    "record.view",
    "source.view",
    "import",
    "import.failed",
    "export",
    "change",
    "user.create",
    "user.disable",
    "user.enable",
    "user.reset",
    "user.totp",
    "organisation.create",
    "token.create",
    "token.revoke",
    "share.create",
    "share.revoke",
    "audit.view",
    "audit.verify",
    "access.denied",
)


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    details: dict[str, Any] | None = None,
    address: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction (flushed, not committed).

    ``actor`` is None for acts of someone not (yet) known, such as a failed login; pass the
    client ``address`` then (otherwise it is taken from the actor).

    The head row stays locked until the caller's transaction ends, so call this last and
    commit soon after: every audited request queues behind the lock.
    """
    event = _new_event(actor, action, object_type, object_id, details, address)
    digest = content_digest(event)
    if session.get_bind().dialect.name == "postgresql":
        _append_in_one_statement(session, event, digest)
    else:
        _append_in_steps(session, event, digest)
    return event


def record_read(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append the event of a read (a search, a view) and make it durable at once.

    On PostgreSQL the append runs on its own connection in autocommit, so the chain's head is
    locked only while that one statement runs — not until the request's transaction ends, which
    would queue every other audited request behind this one. The event is committed before the
    data is shown, even if the request fails later. Changes use :func:`record`, which commits
    together with the change. On SQLite (one writer anyway) this is :func:`record`.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return record(session, actor, action, object_type=object_type, object_id=object_id,
                      details=details)  # fmt: skip
    event = _new_event(actor, action, object_type, object_id, details, None)
    params = _append_params(event, content_digest(event))
    with _append_engine(bind).connect() as conn:
        found = conn.execute(_APPEND_SQL, params).one_or_none()
    if found is None:  # no head yet: the first event ever
        return record(session, actor, action, object_type=object_type, object_id=object_id,
                      details=details)  # fmt: skip
    event.seq, event.prev_hash, event.hash = int(found[0]), str(found[1]), str(found[2])
    return event


_append_engines: dict[str, Engine] = {}
_append_engines_lock = threading.Lock()


def _append_engine(bind: Engine | Connection) -> Engine:
    """A small autocommit pool of its own for read events: borrowing a second connection from
    the requests' pool could wait forever when every request holds one and wants another."""
    url = bind.engine.url
    key = url.render_as_string(hide_password=False)
    with _append_engines_lock:
        engine = _append_engines.get(key)
        if engine is None:
            engine = create_engine(url, pool_size=2, max_overflow=8, pool_pre_ping=True,
                                   isolation_level="AUTOCOMMIT")  # fmt: skip
            _append_engines[key] = engine
    return engine


def _new_event(
    actor: Actor | None,
    action: str,
    object_type: str | None,
    object_id: str | int | None,
    details: dict[str, Any] | None,
    address: str | None,
) -> AuditEvent:
    return AuditEvent(
        at=utcnow(),
        actor=actor.username if actor else ANONYMOUS,
        user_id=actor.user_id if actor else None,
        role=actor.role if actor else None,
        organisation_id=actor.organisation_id if actor else None,
        address=address or (actor.address if actor else None),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=details,
    )


def _append_in_steps(session: Session, event: AuditEvent, digest: str) -> None:
    """Take the head (the UPDATE takes SQLite's write lock), insert, move the head."""
    stmt = (
        update(AuditHead)
        .where(AuditHead.id == _HEAD_ID)
        .values(seq=AuditHead.seq + 1)
        .returning(AuditHead.seq, AuditHead.hash)
    )
    row = session.execute(stmt).one_or_none()
    if row is None:
        _create_head(session)
        row = session.execute(stmt).one()
    event.seq, event.prev_hash = int(row[0]), str(row[1])
    event.hash = chain_hash(event.prev_hash, event.seq, digest)
    session.add(event)
    session.execute(update(AuditHead).where(AuditHead.id == _HEAD_ID).values(hash=event.hash))
    session.flush()


# PostgreSQL: lock the head, chain, insert and move the head in one round trip, so the lock is
# held for as short a time as possible. sha256() is built in since PostgreSQL 11.
_APPEND_SQL = text(
    """
    WITH old AS (SELECT seq, hash FROM audit_head WHERE id = :head FOR UPDATE),
    head AS (
        UPDATE audit_head SET
            seq = old.seq + 1,
            hash = encode(sha256(convert_to(
                old.hash || ':' || (old.seq + 1)::text || ':' || :digest, 'UTF8')), 'hex')
        FROM old WHERE audit_head.id = :head
        RETURNING audit_head.seq AS seq, audit_head.hash AS hash, old.hash AS prev
    )
    INSERT INTO audit_events (seq, at, actor, user_id, role, organisation_id, address, action,
                              object_type, object_id, details, prev_hash, hash)
    SELECT head.seq, :at, :actor, :user_id, :role, :organisation_id, :address, :action,
           :object_type, :object_id, CAST(:details AS JSONB), head.prev, head.hash
    FROM head
    RETURNING seq, prev_hash, hash
    """
)


def _append_in_one_statement(session: Session, event: AuditEvent, digest: str) -> None:
    params = _append_params(event, digest)
    session.flush()  # the caller's pending changes go first: the event is the last write
    row = session.execute(_APPEND_SQL, params).one_or_none()
    if row is None:
        _create_head(session)
        row = session.execute(_APPEND_SQL, params).one()
    event.seq, event.prev_hash, event.hash = int(row[0]), str(row[1]), str(row[2])


def _append_params(event: AuditEvent, digest: str) -> dict[str, Any]:
    return {
        "head": _HEAD_ID,
        "digest": digest,
        "at": event.at,
        "actor": event.actor,
        "user_id": event.user_id,
        "role": event.role,
        "organisation_id": event.organisation_id,
        "address": event.address,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "details": None if event.details is None else json.dumps(event.details, ensure_ascii=False),
    }


def _create_head(session: Session) -> None:
    try:
        with session.begin_nested():
            session.add(AuditHead(id=_HEAD_ID, seq=0, hash=GENESIS))
    except IntegrityError:
        pass  # another transaction created it first; its row lock now orders us after it


def canonical(event: AuditEvent) -> str:
    """The event's content as canonical JSON (sorted keys, no spaces, UTF-8), without ``seq``."""
    body = {
        "at": _iso(event.at),
        "actor": event.actor,
        "user_id": event.user_id,
        "role": event.role,
        "organisation_id": event.organisation_id,
        "address": event.address,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "details": event.details,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_digest(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event).encode("utf-8")).hexdigest()


def chain_hash(prev_hash: str, seq: int, digest: str) -> str:
    """``sha256(prev_hash ":" seq ":" sha256(canonical JSON))`` as hex."""
    return hashlib.sha256(f"{prev_hash}:{seq}:{digest}".encode()).hexdigest()


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    """The hash an event must carry, given the hash before it."""
    return chain_hash(prev_hash, int(event.seq), content_digest(event))


def _iso(at: datetime) -> str:
    # SQLite hands datetimes back naive; they were written in UTC.
    aware = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- verification ------------------------------------------------------------------------------


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    # 'altered' | 'inserted' | 'deleted' for the first problem found, with its sequence number.
    problem: str | None = None
    seq: int | None = None
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def verify(
    session: Session,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = 5000,
) -> VerifyResult:
    """Walk the chain in order and report the first altered, inserted or deleted row."""
    head = session.get(AuditHead, _HEAD_ID)
    head_seq, head_hash = (int(head.seq), head.hash) if head else (0, GENESIS)
    total = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    checker = _ChainChecker()
    checked = 0
    for event in _events_in_order(session, batch_size):
        problem = checker.check(event)
        if problem:
            return _result(problem, checked, head_seq, head_hash)
        checked += 1
        if progress and checked % batch_size == 0:
            progress(checked, total)
    if progress:
        progress(checked, total)
    tail = checker.tail_problem(head_seq, head_hash)
    if tail:
        return _result(tail, checked, head_seq, head_hash)
    message = f"{checked} events verified; chain head {head_seq} {head_hash}"
    return VerifyResult(True, checked, head_seq, head_hash, message=message)


def _result(
    problem: tuple[str, int, str], checked: int, head_seq: int, head_hash: str
) -> VerifyResult:
    kind, seq, message = problem
    return VerifyResult(False, checked, head_seq, head_hash, kind, seq, message)


def _events_in_order(session: Session, batch_size: int) -> Iterable[AuditEvent]:
    last = 0
    while True:
        batch: Sequence[AuditEvent] = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.seq > last)
            .order_by(AuditEvent.seq)
            .limit(batch_size)
        ).all()
        if not batch:
            return
        yield from batch
        last = int(batch[-1].seq)
        session.expunge_all()


class _ChainChecker:
    """Compares each row with the one before it; classifies the first break."""

    def __init__(self) -> None:
        self.expected_seq = 1
        self.prev_hash = GENESIS
        self.prev_seq = 0

    def check(self, event: AuditEvent) -> tuple[str, int, str] | None:
        seq = int(event.seq)
        if seq > self.expected_seq:
            return ("deleted", self.expected_seq, f"event {self.expected_seq} is missing (deleted)")
        own_hash_ok = event_hash(event.prev_hash, event) == event.hash
        if not own_hash_ok:
            return self._bad_hash(event)
        if event.prev_hash != self.prev_hash:
            # The row is self-consistent but does not follow its predecessor: the predecessor
            # was forged (inserted, or altered with a recomputed hash) or a row between was
            # removed and the rest renumbered.
            return (
                "inserted",
                self.prev_seq,
                f"event {self.prev_seq} does not chain to event {seq} (inserted or forged)",
            )
        self.expected_seq = seq + 1
        self.prev_hash = event.hash
        self.prev_seq = seq
        return None

    def _bad_hash(self, event: AuditEvent) -> tuple[str, int, str]:
        seq = int(event.seq)
        # A genuine row renumbered by one tells an insertion or a deletion just before it.
        if _hash_with_seq(event, seq - 1) == event.hash:
            return ("inserted", seq - 1, f"event {seq - 1} was inserted (later events renumbered)")
        if _hash_with_seq(event, seq + 1) == event.hash:
            return ("deleted", seq, f"event {seq} was deleted (later events renumbered)")
        return ("altered", seq, f"event {seq} was altered (its hash does not match its content)")

    def tail_problem(self, head_seq: int, head_hash: str) -> tuple[str, int, str] | None:
        last_seq = self.expected_seq - 1
        if last_seq > head_seq:
            return ("inserted", head_seq + 1, f"event {head_seq + 1} was appended past the head")
        if last_seq < head_seq:
            return ("deleted", last_seq + 1, f"events {last_seq + 1}–{head_seq} were deleted")
        if last_seq and self.prev_hash != head_hash:
            return ("altered", last_seq, f"event {last_seq} does not match the chain head")
        return None


def _hash_with_seq(event: AuditEvent, seq: int) -> str:
    original = event.seq
    event.seq = seq
    try:
        return event_hash(event.prev_hash, event)
    finally:
        event.seq = original


# --- reading -----------------------------------------------------------------------------------


@dataclass
class EventFilter:
    actor: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    address: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def list_events(
    *,
    session: Session,
    actor: Actor,
    where: EventFilter | None = None,
    limit: int = 100,
    before_seq: int | None = None,
) -> list[AuditEvent]:
    """Newest first; page with ``before_seq``. Reading the log is itself recorded."""
    require(actor, "audit.view")
    where = where or EventFilter()
    stmt = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(max(1, min(limit, 1000)))
    for column_, value in (
        (AuditEvent.actor, where.actor),
        (AuditEvent.action, where.action),
        (AuditEvent.object_type, where.object_type),
        (AuditEvent.object_id, where.object_id),
        (AuditEvent.address, where.address),
    ):
        if value:
            stmt = stmt.where(column_ == value)
    if where.since:
        stmt = stmt.where(AuditEvent.at >= where.since)
    if where.until:
        stmt = stmt.where(AuditEvent.at < where.until)
    if before_seq:
        stmt = stmt.where(AuditEvent.seq < before_seq)
    events = list(session.scalars(stmt).all())
    filters = {
        k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in vars(where).items() if v
    }
    record_read(session, actor, "audit.view", details={"filters": filters} if filters else None)
    return events


def verify_as(*, session: Session, actor: Actor) -> VerifyResult:
    """:func:`verify` for a user: checks the right and records that the chain was verified."""
    require(actor, "audit.verify")
    result = verify(session)
    record_read(
        session,
        actor,
        "audit.verify",
        details={"ok": result.ok, "problem": result.problem, "seq": result.seq},
    )
    return result
