"""The daily work on a case: notes, tasks with due dates, evidence and attachments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.cases import attachments as files
from ridni.cases.models import Attachment, Case, CaseEvidence, CaseNote, CaseTask
from ridni.cases.service import check_assignee, get_case, visible_case_filter
from ridni.db.base import utcnow
from ridni.errors import Conflict, Invalid, NotFound
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import require

EVIDENCE_KINDS = ("document", "official_confirmation", "photo", "testimony", "other")
MAX_TEXT = 10_000


@dataclass
class CaseWork:
    notes: list[CaseNote]
    tasks: list[CaseTask]
    evidence: list[CaseEvidence]
    attachments: list[Attachment]


def _text(value: str | None, field: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if not text:
        raise Invalid(f"the {field} is empty", field=field)
    if len(text) > limit:
        raise Invalid(f"the {field} is longer than {limit} characters", field=field)
    return text


def _touch(case: Case) -> None:
    case.updated_at = utcnow()


def case_work(*, session: Session, actor: Actor, case_id: int) -> CaseWork:
    require(actor, "case.view")
    case = get_case(session, actor, case_id)

    def rows(model: type, order: object) -> list:  # type: ignore[type-arg]
        return list(session.scalars(select(model).where(model.case_id == case.id).order_by(order)))

    return CaseWork(
        notes=rows(CaseNote, CaseNote.id.desc()),
        tasks=rows(CaseTask, CaseTask.id),
        evidence=rows(CaseEvidence, CaseEvidence.id),
        attachments=rows(Attachment, Attachment.id),
    )


def add_note(*, session: Session, actor: Actor, case_id: int, text: str) -> CaseNote:
    require(actor, "case.update")
    case = get_case(session, actor, case_id)
    note = CaseNote(case_id=case.id, text=_text(text, "note"), author=actor.username)
    session.add(note)
    _touch(case)
    session.flush()
    audit.record(
        session,
        actor,
        "case.note",
        object_type="case",
        object_id=case.id,
        details={"note": note.id},
    )
    return note


def add_task(
    *,
    session: Session,
    actor: Actor,
    case_id: int,
    title: str,
    due_date: date | None = None,
    assigned_to: str | None = None,
) -> CaseTask:
    """A task on the case, for its caseworker unless someone else is named."""
    require(actor, "case.update")
    case = get_case(session, actor, case_id)
    assignee = (assigned_to or "").strip() or case.assigned_to
    if assignee:
        check_assignee(session, assignee)
    task = CaseTask(
        case_id=case.id,
        title=_text(title, "title", 500),
        due_date=due_date,
        assigned_to=assignee,
        created_by=actor.username,
    )
    session.add(task)
    _touch(case)
    session.flush()
    audit.record(
        session,
        actor,
        "case.task",
        object_type="case",
        object_id=case.id,
        details={"task": task.id, "due": str(due_date) if due_date else None},
    )
    return task


def complete_task(*, session: Session, actor: Actor, case_id: int, task_id: int) -> CaseTask:
    require(actor, "case.update")
    case = get_case(session, actor, case_id)
    task = session.get(CaseTask, task_id)
    if task is None or task.case_id != case.id:
        raise NotFound(f"no task {task_id} on case {case_id}")
    if task.status == "done":
        raise Conflict("the task is done already")
    task.status, task.done_by, task.done_at = "done", actor.username, utcnow()
    _touch(case)
    session.flush()
    audit.record(
        session,
        actor,
        "case.task.done",
        object_type="case",
        object_id=case.id,
        details={"task": task.id},
    )
    return task


def open_tasks(
    *, session: Session, actor: Actor, assigned_to: str | None = None, limit: int = 100
) -> list[tuple[CaseTask, Case]]:
    """Open tasks, earliest due first (tasks without a date last)."""
    require(actor, "case.view")
    stmt = (
        select(CaseTask, Case)
        .join(Case, Case.id == CaseTask.case_id)
        .where(CaseTask.status == "open", visible_case_filter(actor))
    )
    if assigned_to:
        stmt = stmt.where(CaseTask.assigned_to == assigned_to)
    stmt = stmt.order_by(CaseTask.due_date.is_(None), CaseTask.due_date, CaseTask.id).limit(limit)
    return [(t, c) for t, c in session.execute(stmt).all()]


def record_consequence(
    *,
    session: Session,
    actor: Actor,
    case: Case,
    note: str,
    task_title: str | None = None,
    due_date: date | None = None,
) -> CaseTask | None:
    """A note (and a task for the case's caseworker) written because of another room's act,
    such as a reply to a list. The caller has checked its own right (e.g. ``list.reconcile``)."""
    session.add(CaseNote(case_id=case.id, text=_text(note, "note"), author=actor.username))
    task = None
    if task_title:
        task = CaseTask(
            case_id=case.id,
            title=_text(task_title, "title", 500),
            due_date=due_date,
            assigned_to=case.assigned_to,
            created_by=actor.username,
        )
        session.add(task)
    _touch(case)
    return task


def add_attachment(
    *,
    session: Session,
    actor: Actor,
    case_id: int,
    data: bytes,
    file_name: str | None,
    description: str | None = None,
) -> Attachment:
    """Keep a file with the case (type and size checked, stored by checksum)."""
    require(actor, "case.update")
    case = get_case(session, actor, case_id)
    stored = files.store(data, file_name)
    attachment = Attachment(
        case_id=case.id,
        file_name=stored.file_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        description=(description or "").strip() or None,
        uploaded_by=actor.username,
    )
    session.add(attachment)
    _touch(case)
    session.flush()
    audit.record(
        session,
        actor,
        "case.attachment",
        object_type="case",
        object_id=case.id,
        details={
            "attachment": attachment.id,
            "file": stored.file_name,
            "sha256": stored.sha256,
            "size": stored.size,
        },
    )
    return attachment


def read_attachment(
    *, session: Session, actor: Actor, case_id: int, attachment_id: int
) -> tuple[Attachment, bytes]:
    """The attachment and its bytes (checksum verified); reading is recorded."""
    require(actor, "case.view")
    case = get_case(session, actor, case_id)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.case_id != case.id:
        raise NotFound(f"no attachment {attachment_id} on case {case_id}")
    data = files.read(attachment.sha256)
    audit.record(
        session,
        actor,
        "case.attachment.view",
        object_type="case",
        object_id=case.id,
        details={"attachment": attachment.id},
    )
    return attachment, data


def add_evidence(
    *,
    session: Session,
    actor: Actor,
    case_id: int,
    kind: str,
    description: str,
    attachment_id: int | None = None,
) -> CaseEvidence:
    """Evidence of the child's identity (what 'identity verified' may rest on)."""
    require(actor, "case.update")
    case = get_case(session, actor, case_id)
    if kind not in EVIDENCE_KINDS:
        raise Invalid(f"evidence kind must be one of {', '.join(EVIDENCE_KINDS)}", field="kind")
    if attachment_id is not None:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None or attachment.case_id != case.id:
            raise NotFound(f"no attachment {attachment_id} on case {case_id}")
    evidence = CaseEvidence(
        case_id=case.id,
        kind=kind,
        description=_text(description, "description"),
        attachment_id=attachment_id,
        recorded_by=actor.username,
    )
    session.add(evidence)
    _touch(case)
    session.flush()
    audit.record(
        session,
        actor,
        "case.evidence",
        object_type="case",
        object_id=case.id,
        details={"evidence": evidence.id, "kind": kind},
    )
    return evidence
