"""Reconciling the other side's reply to a frozen list version.

The reply is a CSV (UTF-8, or Windows-1251; comma, semicolon or tab) or XLSX file with one row per
child: ``ref`` (the list's reference), ``outcome`` (found, not_found, returned, refuses,
came_of_age, unknown — Ukrainian words are accepted too), ``date`` (YYYY-MM-DD or DD.MM.YYYY;
required when the child was returned) and an optional ``note``. Other columns are ignored, so
the exported list itself may come back with these columns added. Any bad row: nothing is
imported, and the error names the file, line and field.

Each reply is kept, and the case is updated: a return moves the case to 'returned' with the date
and the list's channel; every other answer leaves a note and, where someone must act, a task.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.cases import workflow
from ridni.cases.models import Case
from ridni.cases.service import advance
from ridni.cases.work import record_consequence
from ridni.errors import Invalid, NotFound
from ridni.lists.models import (
    REPLY_OUTCOMES,
    ListReply,
    ListVersion,
    ListVersionEntry,
    NegotiationList,
)
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import require

OUTCOME_WORDS: dict[str, str] = {
    **{o: o for o in REPLY_OUTCOMES},
    "not found": "not_found",
    "came of age": "came_of_age",
    "refused": "refuses",
    "знайдено": "found",
    "не знайдено": "not_found",
    "повернуто": "returned",
    "відмова": "refuses",
    "повнолітній": "came_of_age",
    "невідомо": "unknown",
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "reference", "номер", "номер / ref"),
    "outcome": ("outcome", "result", "відповідь", "відповідь / outcome"),
    "date": ("date", "дата", "дата / date"),
    "note": ("note", "примітка", "примітка / note"),
}
TASKS = {
    "found": "The other side found the child: agree the return",
    "not_found": "The other side did not find the child: check the location",
    "refuses": "The other side refuses the return: escalate",
    "came_of_age": "The other side says the child came of age: contact the young person",
}
TASK_DAYS = 7
MAX_ROWS = 100_000
MAX_NOTE = 2000
MAX_REF = 30


@dataclass(frozen=True)
class ReplyLine:
    line: int
    ref: str
    outcome: str
    date: date | None
    note: str | None


@dataclass
class ReconcileResult:
    version_id: int
    lines: int
    outcomes: Counter[str] = field(default_factory=Counter)
    effects: Counter[str] = field(default_factory=Counter)


# --- reading -----------------------------------------------------------------------------------


def read_reply(data: bytes, file_name: str) -> list[ReplyLine]:
    table = _xlsx_rows(data, file_name) if data[:4] == b"PK\x03\x04" else _csv_rows(data, file_name)
    if not table:
        raise Invalid("the reply is empty", file=file_name)
    columns = _columns(table[0], file_name)
    lines, seen = [], {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        line = _line(cells, columns, number, file_name)
        if line.ref in seen:
            raise Invalid(
                f"ref {line.ref} is answered twice (also line {seen[line.ref]})",
                file=file_name,
                line=number,
                field="ref",
            )
        seen[line.ref] = number
        lines.append(line)
    if len(lines) > MAX_ROWS:
        raise Invalid(f"more than {MAX_ROWS} rows", file=file_name)
    return lines


def _csv_rows(data: bytes, file_name: str) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes almost anything
        raise Invalid("the reply is neither UTF-8 nor Windows-1251 text", file=file_name)
    if "\x00" in text:
        raise Invalid("the reply holds NUL characters (not a text file?)", file=file_name)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(data: bytes, file_name: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise Invalid(
            f"not a readable XLSX file ({exc.__class__.__name__})", file=file_name
        ) from exc
    sheet = book.worksheets[0]
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _columns(header: list[str], file_name: str) -> dict[str, int]:
    names = [h.strip().casefold() for h in header]
    found = {}
    for key, words in COLUMNS.items():
        for index, name in enumerate(names):
            if name in words:
                found[key] = index
                break
    for key in ("ref", "outcome"):
        if key not in found:
            raise Invalid(f"the header has no '{key}' column", file=file_name, line=1, field=key)
    return found


def _line(cells: list[str], columns: dict[str, int], number: int, file_name: str) -> ReplyLine:
    def get(key: str) -> str:
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    ref = get("ref").lstrip("'")
    if not ref:
        raise Invalid("the ref is empty", file=file_name, line=number, field="ref")
    word = get("outcome").casefold().replace("-", " ").strip()
    outcome = OUTCOME_WORDS.get(word) or OUTCOME_WORDS.get(word.replace(" ", "_"))
    if outcome is None:
        raise Invalid(
            f"unknown outcome {get('outcome')!r}; use one of {', '.join(REPLY_OUTCOMES)}",
            file=file_name,
            line=number,
            field="outcome",
        )
    when = _date(get("date"), file_name, number)
    if outcome == "returned" and when is None:
        raise Invalid(
            "a 'returned' reply needs the date of the return",
            file=file_name,
            line=number,
            field="date",
        )
    note = get("note")
    if len(note) > MAX_NOTE:
        raise Invalid(
            f"the note is longer than {MAX_NOTE} characters",
            file=file_name,
            line=number,
            field="note",
        )
    if len(ref) > MAX_REF:
        raise Invalid("the ref is too long", file=file_name, line=number, field="ref")
    return ReplyLine(number, ref, outcome, when, note or None)


def _date(text: str, file_name: str, number: int) -> date | None:
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise Invalid(
        f"date {text!r} is not YYYY-MM-DD or DD.MM.YYYY", file=file_name, line=number, field="date"
    )


# --- applying ----------------------------------------------------------------------------------


def reconcile(
    *,
    session: Session,
    actor: Actor,
    list_id: int,
    number: int,
    data: bytes,
    file_name: str,
    today: date | None = None,
) -> ReconcileResult:
    """Import a reply to version ``number`` of list ``list_id`` and update the cases."""
    require(actor, "list.reconcile")
    version = session.scalar(
        select(ListVersion).where(ListVersion.list_id == list_id, ListVersion.number == number)
    )
    if version is None:
        raise NotFound(f"list {list_id} has no version {number}")
    negotiation = session.get(NegotiationList, list_id)
    assert negotiation is not None
    lines = read_reply(data, file_name)
    cases_by_ref: dict[str, int] = dict(
        (ref, case_id)
        for ref, case_id in session.execute(
            select(ListVersionEntry.ref, ListVersionEntry.case_id).where(
                ListVersionEntry.version_id == version.id
            )
        )
    )
    for line in lines:
        if line.ref not in cases_by_ref:
            raise Invalid(
                f"ref {line.ref} is not on version {number} of this list",
                file=file_name,
                line=line.line,
                field="ref",
            )
        if line.date and line.date > (today or date.today()):
            raise Invalid("the date is in the future", file=file_name, line=line.line, field="date")
    digest = hashlib.sha256(data).hexdigest()
    result = ReconcileResult(version.id, len(lines))
    for line in lines:
        case = session.get(Case, cases_by_ref[line.ref])
        assert case is not None
        effect = _apply(session, actor, case, line, negotiation, number, today or date.today())
        session.add(
            ListReply(
                version_id=version.id,
                case_id=case.id,
                ref=line.ref,
                outcome=line.outcome,
                reply_date=line.date,
                note=line.note,
                file_name=file_name,
                file_sha256=digest,
                line_no=line.line,
                effect=effect,
                imported_by=actor.username,
            )
        )
        result.outcomes[line.outcome] += 1
        result.effects[effect] += 1
    session.flush()
    audit.record(
        session,
        actor,
        "list.reconcile",
        object_type="list",
        object_id=list_id,
        details={
            "version": number,
            "file": file_name,
            "sha256": digest,
            "outcomes": dict(result.outcomes),
            "effects": dict(result.effects),
        },
    )
    return result


def _apply(
    session: Session,
    actor: Actor,
    case: Case,
    line: ReplyLine,
    negotiation: NegotiationList,
    number: int,
    today: date,
) -> str:
    where = f"list {negotiation.name} (version {number}), ref {line.ref}"
    said = f"Reply on {where}: {line.outcome}" + (f" on {line.date}" if line.date else "")
    said += f". {line.note}" if line.note else ""
    if line.outcome == "returned" and case.status in ("on_list", "return_agreed"):
        move = workflow.Move(
            "returned", reason=said, return_date=line.date, return_channel=negotiation.channel_id
        )
        advance(
            session=session,
            actor=actor,
            case=case,
            move=move,
            details={"list": negotiation.id, "version": number, "ref": line.ref},
        )
        record_consequence(session=session, actor=actor, case=case, note=said)
        return "moved to returned"
    title = TASKS.get(line.outcome)
    if line.outcome == "returned":  # the case is elsewhere in its path: someone must look
        title = f"The other side reports a return, but the case is {case.status}: check"
    due = today + timedelta(days=TASK_DAYS) if title else None
    record_consequence(
        session=session, actor=actor, case=case, note=said, task_title=title, due_date=due
    )
    return "task created" if title else "recorded"
