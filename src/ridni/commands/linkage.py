"""``ridni link``, ``persons``, ``person``, ``explain``: identity resolution from the shell."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from ridni.cases import review
from ridni.commands.output import LiveConsole
from ridni.db.engine import default_engine, session_scope
from ridni.errors import Invalid
from ridni.linkage import queries
from ridni.linkage.incremental import link_new
from ridni.linkage.service import link_all
from ridni.security.actors import SYSTEM

console = LiveConsole()


def register(app: typer.Typer) -> None:
    app.command("link")(link)
    app.command("persons")(persons)
    app.command("person")(person)
    app.command("explain")(explain)


def link(
    engine: str = typer.Option("duckdb", help="duckdb (in-process) or spark"),
    threshold: float = typer.Option(0.9, help="Match probability that joins records."),
    full: bool = typer.Option(
        False, help="Re-link everything instead of only the records no person holds yet."
    ),
    retrain: bool = typer.Option(False, help="Train the model again (implies --full)."),
    new_only: bool = typer.Option(
        False, help="Only link new records; do nothing before a first full run."
    ),
    wait: float = typer.Option(
        0.0, min=0, help="Seconds to wait for another linkage run to finish first."
    ),
    reason: str = typer.Option("", help="Why this run, kept with it and in the audit log."),
) -> None:
    """Link every record of the same child across sources into persons.

    The first run (or --full) links the whole registry and trains the model; later runs link
    only new records against the existing persons. One run at a time: another waits (--wait)
    or stops with an error.
    """
    if not 0 < threshold < 1:
        raise Invalid("--threshold must be between 0 and 1", field="threshold")
    if len(reason) > 500:
        raise Invalid("--reason is 500 characters at most", field="reason")
    if new_only and (full or retrain or engine != "duckdb"):
        raise Invalid("--new-only links incrementally: no --full, --retrain or --engine")
    db = default_engine()
    incremental = not (full or retrain or engine != "duckdb") and _has_persons(db)
    if new_only and not incremental:
        console.print("No persons yet: run a full `ridni link` first.")
        return
    with console.status("linking…") as status:
        say = lambda msg: status.update(f"linking… {msg}")  # noqa: E731
        if incremental:
            result = link_new(
                db, actor=SYSTEM, threshold=threshold, say=say, wait=wait, reason=reason or None
            )
        else:
            result = link_all(
                db,
                actor=SYSTEM,
                engine_name=engine,
                threshold=threshold,
                retrain=retrain,
                say=say,
                wait=wait,
                reason=reason or None,
            )
    if not result.run_id:
        console.print("Nothing to link: every live record is held by a person, none changed.")
        return
    mode = "incremental" if incremental else "full"
    console.print(
        f"Run {result.run_id} ({mode}): {result.n_records:,} records → "
        f"{result.n_persons:,} persons, {result.n_links:,} scored links kept, "
        f"{result.refusals:,} merges refused by safeguards"
    )
    if result.sex_overruled:
        console.print(
            f"{result.sex_overruled:,} records' sex overruled by a very strong link or a "
            "reviewer (marked on their person's page, by `ridni person` and on the review page)"
        )
    console.print(" · ".join(f"{k} {v} s" for k, v in result.timings.items()))


def _has_persons(db) -> bool:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from ridni.linkage.models import PersonRecord

    with session_scope(db) as session:
        return session.execute(select(PersonRecord.record_pk).limit(1)).first() is not None


def persons(
    limit: int = typer.Option(30, help="How many to show."),
    min_records: int = typer.Option(2, help="Only persons with at least this many records."),
) -> None:
    """Persons with the most records first."""
    with session_scope() as session:
        rows = queries.list_persons(
            session=session, actor=SYSTEM, limit=limit, min_records=min_records
        )
    table = Table("person", "name", "born", "sex", "records", "sources")
    for r in rows:
        table.add_row(
            str(r.id),
            r.display_name or "",
            r.birth_date or "",
            r.sex or "",
            str(r.n_records),
            r.sources,
        )
    console.print(table)


def person(person_id: int) -> None:
    """All records of one person side by side, with their sources."""
    with session_scope() as session:
        records = queries.person_records(session=session, actor=SYSTEM, person_id=person_id)
        possible = review.possible_matches(session=session, actor=SYSTEM, person_id=person_id)
    table = Table("field", *(f"{r['source']}\n{r['record_id']}" for r in records))
    for field in queries.RECORD_FIELDS:
        table.add_row(field, *(_cell(r, field) for r in records))
    console.print(f"Person {person_id}: {len(records)} records")
    console.print(table)
    if possible:
        table = Table("p", "this person's record", "possible other record", "born / age", "person")
        for m in possible:
            table.add_row(
                f"{m.match_probability:.3f}",
                str(m.member_pk),
                f"{m.record_pk} {m.source} · {m.name}",
                m.birth_date or (f"age {m.age}" if m.age is not None else ""),
                str(m.person_id or ""),
            )
        console.print("Possible other records of this child (not joined):")
        console.print(table)


def _cell(record: dict[str, Any], field: str) -> str:
    value = str(record.get(field) or "")
    if field == "sex" and record["sex_wrong"]:
        return f"{value} (marked wrong)"  # by a reviewer: linking reads the other sex
    if field == "sex" and record["sex_overruled"]:
        # A very strong link joined this record to records of the other sex.
        return f"{value} (overruled)"
    return value


def explain(left: str, right: str) -> None:
    """Why two records are (or are not) the same child: SOURCE:ID SOURCE:ID."""
    from ridni.linkage.explain import explain_pair, render_text

    pair = [_parse_ref(left, "left"), _parse_ref(right, "right")]
    with session_scope() as session:
        pks = [queries.record_pk(session=session, source=s, record_id=r) for s, r in pair]
        explanation = explain_pair(default_engine(), pks[0], pks[1])
    console.print(render_text(explanation))


def _parse_ref(ref: str, field: str) -> tuple[str, str]:
    source, sep, record_id = ref.partition(":")
    if not sep or not source or not record_id:
        raise Invalid(f"expected SOURCE:RECORD_ID, got {ref!r}", field=field)
    return source, record_id
