"""``ridni review`` and ``ridni case``: the review queue and case work from the shell.

Commands act as the audited system actor unless ``--as USER`` names a user, whose role then
decides what is allowed (exactly as on the web).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from ridni.cases import review, service, work
from ridni.cases.workflow import CLOSING_REASONS, STATUSES
from ridni.commands.output import LiveConsole
from ridni.db.engine import session_scope
from ridni.errors import Forbidden, Invalid
from ridni.linkage import decisions, queries
from ridni.linkage.evaluate import Reliability
from ridni.security import accounts
from ridni.security.actors import SYSTEM, Actor

console = LiveConsole()
review_app = typer.Typer(
    help="The review queue: uncertain links, most valuable first.", invoke_without_command=True
)
case_app = typer.Typer(help="Cases: one per child, from report to return.", no_args_is_help=True)

AS_USER = typer.Option(None, "--as", help="Act as this user (default: the audited system).")


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
    app.add_typer(case_app, name="case")


def acting(session: Session, username: str | None) -> Actor:
    """The actor for ``--as`` (an enabled user), or the system."""
    if not username:
        return SYSTEM
    user = accounts.user_by_name(session, username)
    if user.disabled:
        raise Forbidden(f"user {username} is disabled")
    return accounts.actor_for(user, address="cli")


def record_ref(session: Session, ref: str, field: str) -> int:
    """A record primary key, or SOURCE:RECORD_ID."""
    if ref.isdigit():
        return int(ref)
    source, sep, record_id = ref.partition(":")
    if not sep or not source or not record_id:
        raise Invalid(f"expected a record number or SOURCE:RECORD_ID, got {ref!r}", field=field)
    return queries.record_pk(session=session, source=source, record_id=record_id)


# --- review ------------------------------------------------------------------------------------


@review_app.callback()
def review_queue(
    ctx: typer.Context,
    limit: int = typer.Option(20, help="How many pairs to show."),
    kind: str = typer.Option(None, help="Only pairs touching a source of this kind."),
    renamings: bool = typer.Option(
        False, "--renamings", help="Only the name-free model's possible renamings."
    ),
    as_user: str = AS_USER,
) -> None:
    """List the queue (when no subcommand is given)."""
    if ctx.invoked_subcommand:
        return
    view = review.QueueView(kind=kind, renamings=renamings)
    with session_scope() as session:
        queue = review.review_queue(
            session=session, actor=acting(session, as_user), limit=limit, view=view
        )
    console.print(f"{queue.total:,} links wait in the band {queue.band.low}–{queue.band.high}")
    table = Table("A", "B", "p", "value", "A: source / name / born", "B: source / name / born")
    for item in [*queue.second_looks, *queue.items]:
        table.add_row(
            str(item.record_a),
            str(item.record_b),
            f"{item.match_probability:.3f}" if item.match_probability is not None else "",
            "second look" if item.second_look else str(item.value),
            f"{item.source_a} · {item.name_a} · {item.birth_a or ''}",
            f"{item.source_b} · {item.name_b} · {item.birth_b or ''}",
        )
    console.print(table)
    if queue.sex_overruled:
        console.print(
            f"{len(queue.sex_overruled)} records' sex was overruled by a very strong link "
            "(check each: `ridni review sex RECORD --wrong`, or split its person):"
        )
        for o in queue.sex_overruled:
            console.print(f"  person {o.person_id}: {o.record_pk} {o.source} · {o.name} · {o.sex}")


@review_app.command("show")
def review_show(a: str, b: str, as_user: str = AS_USER) -> None:
    """Two records side by side with the explanation of their score."""
    with session_scope() as session:
        actor = acting(session, as_user)
        view = review.review_pair(
            session=session,
            actor=actor,
            record_a=record_ref(session, a, "a"),
            record_b=record_ref(session, b, "b"),
        )
    table = Table(
        "field",
        f"{view.a.source} ({view.a.side or '-'})",
        f"{view.b.source} ({view.b.side or '-'})",
    )
    for name in review.RECORD_FIELDS:
        table.add_row(name, str(view.a.fields.get(name) or ""), str(view.b.fields.get(name) or ""))
    console.print(table)
    for step in view.steps:
        console.print(f"  {step.level}: {step.strength} ({step.bits:+.2f} bits)")
    if view.match_probability is not None:
        console.print(f"match probability {view.match_probability:.4f}")
    for d in view.decisions:
        console.print(f"  {d.decided_at:%Y-%m-%d %H:%M} {d.decided_by}: {d.decision} — {d.reason}")


@review_app.command("decide")
def review_decide(
    a: str = typer.Argument(..., help="Record number or SOURCE:RECORD_ID."),
    b: str = typer.Argument(..., help="Record number or SOURCE:RECORD_ID."),
    confirm: bool = typer.Option(False, "--confirm", help="The two records are one child."),
    reject: bool = typer.Option(False, "--reject", help="They are two different children."),
    reason: str = typer.Option(..., "--reason", help="Why (kept for ever)."),
    as_user: str = AS_USER,
) -> None:
    """Confirm or reject a pair; persons change at once and every later run respects it."""
    if confirm == reject:
        raise Invalid("give exactly one of --confirm and --reject", field="decision")
    with session_scope() as session:
        result = review.decide(
            session=session,
            actor=acting(session, as_user),
            record_a=record_ref(session, a, "a"),
            record_b=record_ref(session, b, "b"),
            decision="confirm" if confirm else "reject",
            reason=reason,
        )
    console.print(f"Recorded. Persons now: {', '.join(map(str, result.persons))}")


@review_app.command("sex")
def review_sex(
    record: str = typer.Argument(..., help="Record number or SOURCE:RECORD_ID."),
    wrong: bool = typer.Option(False, "--wrong", help="The sex the record gives is wrong."),
    right: bool = typer.Option(False, "--right", help="Withdraw an earlier --wrong."),
    reason: str = typer.Option(..., "--reason", help="Why (kept for ever)."),
    as_user: str = AS_USER,
) -> None:
    """Say that the sex a record gives is wrong (a form ticked wrongly), or withdraw that.
    Linking then reads the other sex, and so does the person's; it changes at once."""
    if wrong == right:
        raise Invalid("give exactly one of --wrong and --right", field="verdict")
    with session_scope() as session:
        result = decisions.decide_sex(
            session=session,
            actor=acting(session, as_user),
            record_pk=record_ref(session, record, "record"),
            verdict="wrong" if wrong else "right",
            reason=reason,
        )
    console.print(f"Recorded. Person now: {', '.join(map(str, result.persons))}")


@review_app.command("calibration")
def review_calibration(as_user: str = AS_USER) -> None:
    """How the model's probabilities compare with the reviewers' decisions, band by band."""
    with session_scope() as session:
        bands = review.calibration(session=session, actor=acting(session, as_user))
    if not bands:
        console.print("No decided pair has a stored link yet.")
        return
    console.print(_reliability_table(bands))


@review_app.command("recalibrate")
def review_recalibrate(as_user: str = AS_USER) -> None:
    """Fit the model's probabilities to the reviewers' decisions so far (shown on review pages
    and by `ridni explain`; linking keeps the model's own)."""
    with session_scope() as session:
        result = review.recalibrate(session=session, actor=acting(session, as_user))
    fitted = result.calibration
    console.print(
        f"Fitted to {fitted.decisions:,} decisions ({fitted.confirmed:,} confirmed): "
        f"log-odds = {fitted.slope:.3f} × weight {fitted.intercept:+.3f} "
        f"(the model's own: 0.693 × weight)."
    )
    console.print(_reliability_table(result.before, "the model's probabilities"))
    console.print(_reliability_table(result.after, "calibrated, on the same decisions"))


def _reliability_table(bands: list[Reliability], title: str | None = None) -> Table:
    table = Table("probability", "decided pairs", "mean predicted", "share confirmed", title=title)
    for band in bands:
        table.add_row(
            f"{band.low:.2f}–{band.high:.2f}",
            f"{band.pairs:,}",
            f"{band.mean_predicted:.3f}",
            f"{band.true_share:.3f}",
        )
    return table


# --- cases -------------------------------------------------------------------------------------


@case_app.command("open")
def case_open(
    person: int = typer.Argument(..., help="The person (child) the case is about."),
    summary: str = typer.Option(None, help="What was reported."),
    assign: str = typer.Option(None, "--assign", help="Caseworker to give it to."),
    as_user: str = AS_USER,
) -> None:
    """Open the case of a child."""
    with session_scope() as session:
        case = service.open_case(
            session=session,
            actor=acting(session, as_user),
            person_id=person,
            summary=summary,
            assigned_to=assign,
        )
        console.print(f"Case {case.id} opened for person {case.person_id} (reported).")


@case_app.command("list")
def case_list(
    status: str = typer.Option(None, help=f"One of: {', '.join(STATUSES)}."),
    assigned: str = typer.Option(None, help="Only this caseworker's cases."),
    limit: int = typer.Option(50),
    as_user: str = AS_USER,
) -> None:
    """Cases, most recently changed first."""
    with session_scope() as session:
        total, rows = service.list_cases(
            session=session,
            actor=acting(session, as_user),
            status=status,
            assigned_to=assigned,
            limit=limit,
        )
    table = Table("case", "status", "person", "name", "born", "caseworker")
    for r in rows:
        table.add_row(
            str(r.id),
            r.status,
            str(r.person_id),
            r.person_name or "",
            r.birth_date or "",
            r.assigned_to or "",
        )
    console.print(f"{total:,} cases")
    console.print(table)


@case_app.command("show")
def case_show(case_id: int, as_user: str = AS_USER) -> None:
    """A case: the child's records, history, and the moves open to it."""
    with session_scope() as session:
        actor = acting(session, as_user)
        view = service.case_detail(session=session, actor=actor, case_id=case_id)
        done = work.case_work(session=session, actor=actor, case_id=case_id)
        case = view.case
        console.print(
            f"[bold]Case {case.id}[/] · {case.status} · person {view.person_id} "
            f"{view.person_name or ''} ({view.person_birth_date or '?'})"
        )
        console.print(f"caseworker: {case.assigned_to or '-'} · held at: {case.location or '-'}")
        if case.return_date:
            console.print(f"returned {case.return_date} via {view.return_channel}")
        records = Table("side", "source", "record", "name", "born", "place")
        for r in view.records:
            name = " ".join(filter(None, (r.fields.get("family_name"), r.fields.get("given_name"))))
            records.add_row(
                r.side or "-",
                r.source,
                r.record_id,
                name,
                r.fields.get("birth_date") or "",
                r.fields.get("last_known_place") or "",
            )
        console.print(records)
        for t in view.transitions:
            moved = f"{t.from_status or '·'} → {t.to_status}"
            console.print(f"  {t.at:%Y-%m-%d %H:%M} {t.actor}: {moved} — {t.reason}")
        for m in view.moves:
            needs = "; ".join(u.message for u in m.unmet if u.code != "reason_missing")
            console.print(f"  → {m.to}: {needs or 'possible'}")
        for task in done.tasks:
            console.print(f"  task {task.id} [{task.status}] {task.due_date or ''} {task.title}")


@case_app.command("locate")
def case_locate(case_id: int, location: str, as_user: str = AS_USER) -> None:
    """Record where the child is held."""
    with session_scope() as session:
        service.set_location(
            session=session, actor=acting(session, as_user), case_id=case_id, location=location
        )
    console.print(f"Case {case_id}: location recorded.")


@case_app.command("move")
def case_move(
    case_id: int,
    status: str = typer.Argument(..., help=f"One of: {', '.join(STATUSES)}."),
    reason: str = typer.Option(..., "--reason", help="Why (kept with the move)."),
    closing: str = typer.Option(
        None, "--closing", help=f"Closing reason: {', '.join(CLOSING_REASONS)}."
    ),
    return_date: str = typer.Option(None, "--date", help="Date of the return (YYYY-MM-DD)."),
    channel: str = typer.Option(None, "--channel", help="Channel of the return (name or id)."),
    duplicate_of: int = typer.Option(None, "--duplicate-of", help="The case this one duplicates."),
    as_user: str = AS_USER,
) -> None:
    """Move a case; refused with the unmet conditions if its guard does not allow it."""
    when = _parse_date(return_date, "date") if return_date else None
    with session_scope() as session:
        actor = acting(session, as_user)
        channel_id = None
        if channel:
            from ridni.lists.channels import channel_by_name

            channel_id = channel_by_name(session=session, actor=SYSTEM, name=channel).id
        case = service.move_case(
            session=session,
            actor=actor,
            case_id=case_id,
            to=status,
            reason=reason,
            closing_reason=closing,
            return_date=when,
            return_channel=channel_id,
            duplicate_of=duplicate_of,
        )
        console.print(f"Case {case.id} is now {case.status}.")


def _parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise Invalid(f"{text!r} is not a date (YYYY-MM-DD)", field=field) from exc


@case_app.command("assign")
def case_assign(case_id: int, username: str, as_user: str = AS_USER) -> None:
    """Give a case to a caseworker ('-' for nobody)."""
    with session_scope() as session:
        service.assign_case(
            session=session,
            actor=acting(session, as_user),
            case_id=case_id,
            username=None if username == "-" else username,
        )
    console.print(f"Case {case_id} assigned to {username}.")


@case_app.command("note")
def case_note(case_id: int, text: str, as_user: str = AS_USER) -> None:
    """Add a note."""
    with session_scope() as session:
        work.add_note(session=session, actor=acting(session, as_user), case_id=case_id, text=text)
    console.print(f"Case {case_id}: note added.")


@case_app.command("task")
def case_task(
    case_id: int,
    title: str,
    due: str = typer.Option(None, "--due", help="Due date (YYYY-MM-DD)."),
    assign: str = typer.Option(None, "--assign", help="Whose task (default: the case's)."),
    as_user: str = AS_USER,
) -> None:
    """Add a task with a due date."""
    with session_scope() as session:
        task = work.add_task(
            session=session,
            actor=acting(session, as_user),
            case_id=case_id,
            title=title,
            due_date=_parse_date(due, "due") if due else None,
            assigned_to=assign,
        )
        console.print(f"Case {case_id}: task {task.id} added.")


@case_app.command("done")
def case_done(case_id: int, task_id: int, as_user: str = AS_USER) -> None:
    """Mark a task done."""
    with session_scope() as session:
        work.complete_task(
            session=session, actor=acting(session, as_user), case_id=case_id, task_id=task_id
        )
    console.print(f"Task {task_id} done.")


@case_app.command("attach")
def case_attach(
    case_id: int,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    description: str = typer.Option(None, help="What the file is."),
    as_user: str = AS_USER,
) -> None:
    """Attach a file (PDF, PNG, JPEG or UTF-8 text; stored with its checksum)."""
    with session_scope() as session:
        stored = work.add_attachment(
            session=session,
            actor=acting(session, as_user),
            case_id=case_id,
            data=file.read_bytes(),
            file_name=file.name,
            description=description,
        )
        console.print(
            f"Attachment {stored.id} ({stored.content_type}, sha256 {stored.sha256[:12]}…)"
        )


@case_app.command("evidence")
def case_evidence(
    case_id: int,
    kind: str = typer.Argument(..., help=f"One of: {', '.join(work.EVIDENCE_KINDS)}."),
    description: str = typer.Argument(...),
    attachment: int = typer.Option(None, help="An attachment of the case it rests on."),
    as_user: str = AS_USER,
) -> None:
    """Record evidence of the child's identity."""
    with session_scope() as session:
        work.add_evidence(
            session=session,
            actor=acting(session, as_user),
            case_id=case_id,
            kind=kind,
            description=description,
            attachment_id=attachment,
        )
    console.print(f"Case {case_id}: evidence recorded.")
