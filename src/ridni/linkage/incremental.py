"""Incremental linking: records new since the last run meet the existing persons.

Instead of loading the whole registry, the run loads the new records, the existing records that
share a blocking key with them (found through the indexed feature columns) and their siblings,
scores new↔existing and new↔new pairs with the saved model and the registry's term frequencies,
then re-clusters only the persons those links touch. Human decisions are honoured as in a full run.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import datetime
from itertools import pairwise
from typing import Any

import pyarrow as pa
from sqlalchemy import Engine, Select, and_, delete, func, or_, select, text, tuple_
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.db.engine import session_scope
from ridni.errors import Invalid
from ridni.ingest.models import RecordChange, SourceRecord
from ridni.linkage import frame as frames
from ridni.linkage import pipeline
from ridni.linkage.cluster import ClusterRules, cluster
from ridni.linkage.decisions import latest_decisions, marked_wrong, record_infos
from ridni.linkage.engines import Workspace, open_workspace
from ridni.linkage.explain import register_registry_tf
from ridni.linkage.features import LINKED_FIELDS
from ridni.linkage.model import MODEL_VERSION
from ridni.linkage.models import Link, LinkageRun, PersonRecord, RecordFeatures
from ridni.linkage.persist import insert_links, save_persons
from ridni.linkage.service import (
    LINK_FLOOR,
    LinkResult,
    Say,
    ScoredPair,
    _link_rows,
    _scored_rows,
    _Timer,
    matched_siblings,
    merge_scores,
    one_recorded_run,
    renamed_rows,
)
from ridni.linkage.store import load_model, renamed_model_path
from ridni.security.actors import Actor


def pending_records(session: Session) -> list[int]:
    """Live records that no person holds yet."""
    return list(
        session.scalars(
            text(
                "SELECT r.id FROM source_records r LEFT JOIN person_records p "
                "ON p.record_pk = r.id WHERE p.record_pk IS NULL AND r.withdrawn = :no"
            ),
            {"no": False},
        )
    )


def changed_since_linked(session: Session) -> list[int]:
    """Live records a person holds whose linked fields (``LINKED_FIELDS``) an import changed,
    or which it restored, after the run that last placed them: their links were scored on the
    values before. A full run places every record, so only changes after the last one count."""
    change, member, run = RecordChange, PersonRecord, LinkageRun
    last_full = session.scalar(
        select(func.max(run.started_at)).where(run.mode == "full", run.status == "completed")
    )
    query = (
        select(change.record_pk, change.change, change.after)
        .join(member, member.record_pk == change.record_pk)
        .join(SourceRecord, SourceRecord.id == change.record_pk)
        .outerjoin(run, run.id == member.run_id)
        .where(
            change.change.in_(("changed", "restored")),
            SourceRecord.withdrawn.is_(False),
            or_(run.started_at.is_(None), change.at > run.started_at),
        )
    )
    if last_full is not None:
        query = query.where(change.at > last_full)
    return sorted(
        {
            pk
            for pk, kind, after in session.execute(query)
            if kind == "restored" or not LINKED_FIELDS.isdisjoint(after or {})
        }
    )


def _candidates(session: Session, new: list[int], one_pass: bool | None = None) -> list[int]:
    """Existing records that share a blocking key with a new one (a superset is fine): the
    new records' values of each blocking rule's keys, looked up in the feature table: on
    SQLite (or with ``one_pass``) in one scan, elsewhere one lookup per rule."""
    f = RecordFeatures
    keys = session.execute(
        select(
            f.given_key,
            f.family_key,
            f.family_initial,
            f.birth_year,
            f.birth_month,
            f.birth_day,
            f.birth_place_key,
            f.sex,
            func.coalesce(f.birth_year, f.age_birth_year),
            f.last_region_key,
            f.institution_key,
        ).where(f.record_pk.in_(new))
    ).all()

    def distinct(
        *columns: int,
        against: str | None = None,
        surname: bool | None = None,
        month: bool | None = None,
    ) -> list[tuple[Any, ...]]:
        """The new records' values of ``columns``, whose last is the year key (column 8). An
        age allows two birth years (the frame's ``year_key`` and ``year_key_early``): looked up
        ``against`` stated birth years, a new age also tries the year before; against the
        years of existing ages, a new stated year also tries the year after. ``surname``,
        ``month``: only new records that give one (True) or none (False)."""
        found = set()
        for row in keys:
            if surname is not None and (row[2] is not None) != surname:
                continue
            if month is not None and (row[4] is not None) != month:
                continue
            values = tuple(row[c] for c in columns)
            if any(v is None for v in values):
                continue
            found.add(values)
            from_age = row[3] is None
            if against == "birth" and from_age:
                found.add((*values[:-1], values[-1] - 1))
            elif against == "age" and not from_age:
                found.add((*values[:-1], values[-1] + 1))
        return sorted(found)

    def one_lacks(key: Any, column: int, lacking: str) -> list[Any]:
        """Given name, ``key`` and a year, for a rule that needs one of the two records to lack
        a field: new records lacking it meet any record, the others only records lacking it.
        Written so that a record matching no new one's keys is rejected by one lookup."""
        field = {"month": f.birth_month, "surname": f.family_initial}[lacking]
        out = []
        for year, kind in ((f.birth_year, "birth"), (f.age_birth_year, "age")):
            keys = tuple_(f.given_key, key, year)
            lacks = distinct(0, column, 8, against=kind, **{lacking: False})
            has = distinct(0, column, 8, against=kind, **{lacking: True})
            out.append(keys.in_(sorted({*lacks, *has})) & (field.is_(None) | keys.in_(lacks)))
        return out

    lookups = [
        tuple_(f.given_key, f.family_key).in_(distinct(0, 1)),
        # The year from a date or from an age, as the blocking rules' year keys.
        tuple_(f.family_key, f.birth_year).in_(distinct(1, 8, against="birth")),
        tuple_(f.family_key, f.age_birth_year).in_(distinct(1, 8, against="age")),
        tuple_(f.given_key, f.birth_year, f.birth_month, f.birth_day).in_(distinct(0, 3, 4, 5)),
        # An initial with a year, where one of the two records gives no month; with both
        # months, an initial with the year and the month.
        *one_lacks(f.family_initial, 2, lacking="month"),
        tuple_(f.given_key, f.family_initial, f.birth_year, f.birth_month).in_(
            distinct(0, 2, 3, 4)
        ),
        tuple_(f.given_key, f.birth_place_key, f.birth_year).in_(
            distinct(0, 6, 8, against="birth")
        ),
        tuple_(f.given_key, f.birth_place_key, f.age_birth_year).in_(
            distinct(0, 6, 8, against="age")
        ),
        # Where the child is held, when one of the two records gives no surname.
        *one_lacks(f.last_region_key, 9, lacking="surname"),
        # Name-free: the same date of birth and sex (renamed children, typos in both names).
        tuple_(f.birth_year, f.birth_month, f.birth_day, f.sex).in_(distinct(3, 4, 5, 7)),
        # Name-free, month-only dates: the institution a child came from, with the month...
        tuple_(f.institution_key, f.birth_year, f.birth_month, f.sex).in_(distinct(10, 3, 4, 7)),
        # ...or, for a new Russian-side record listing siblings, a Ukrainian-side child in care
        # born that month, whose siblings' months the name-free model compares.
        and_(
            f.institution_key.is_not(None),
            f.side == "ua",
            tuple_(f.birth_year, f.birth_month, f.sex).in_(_month_only_with_siblings(session, new)),
        ),
        # Records whose sex a reviewer marked wrong: the frame links them with the other sex,
        # which their stored features do not give to the sex keys above. A few; all are taken.
        f.record_pk.in_(sorted(marked_wrong(session))),
    ]
    # SQLite answers a long row-value IN list by scanning the table: one scan testing every
    # rule beats one scan per rule (1M records: 3.2 s -> 2.1 s; 1.2 s in two halves at once).
    # Other databases use their indexes per rule (not measured at this size); one OR of
    # thousands of row values might not.
    if one_pass is None:
        one_pass = session.get_bind().dialect.name == "sqlite"
    if one_pass:
        found = _scan_in_parts(session, select(f.record_pk).where(or_(*lookups)))
    else:
        found = set()
        for condition in lookups:
            found.update(session.scalars(select(f.record_pk).where(condition)))
    return sorted(found - set(new))


def _month_only_with_siblings(session: Session, new: list[int]) -> list[tuple[int, int, str]]:
    """(year, month, sex) of the new Russian-side records that give a month but no day and
    list siblings (a sibling group in an adoption database)."""
    f, r = RecordFeatures, SourceRecord
    rows = session.execute(
        select(f.birth_year, f.birth_month, f.sex)
        .join(r, r.id == f.record_pk)
        .where(
            f.record_pk.in_(new),
            f.side == "ru",
            f.birth_month.is_not(None),
            f.birth_day.is_(None),
            f.sex.is_not(None),
            r.sibling_ids.is_not(None),
            r.sibling_ids != "",
        )
        .distinct()
    )
    return sorted((year, month, sex) for year, month, sex in rows)


SCAN_PARTS = 2  # the machine's cores; the scan is SQLite's C code, which releases the GIL


def _scan_in_parts(session: Session, query: Select[tuple[int]]) -> set[int]:
    """``query``'s record keys, the table scanned in ``SCAN_PARTS`` ranges of keys at once, each
    on a connection of its own. Other connections see only what is committed: the batch's own
    records, which the session may have just given features, are not wanted here. An in-memory
    database is one per connection, so it is scanned whole, in the session."""
    f = RecordFeatures
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    if engine.url.database in (None, "", ":memory:"):
        return set(session.scalars(query))
    low, high = session.execute(select(func.min(f.record_pk), func.max(f.record_pk))).one()
    if low is None:
        return set()
    step = (high - low) // SCAN_PARTS + 1
    ranges = [(low + i * step, low + (i + 1) * step) for i in range(SCAN_PARTS)]

    def scan(bounds: tuple[int, int]) -> set[int]:
        with engine.connect() as conn:
            part = query.where(f.record_pk >= bounds[0], f.record_pk < bounds[1])
            return set(conn.scalars(part))

    with ThreadPoolExecutor(SCAN_PARTS) as pool:
        return set().union(*pool.map(scan, ranges))


def link_new(
    engine: Engine,
    *,
    actor: Actor,
    threshold: float = 0.9,
    say: Say | None = None,
    wait: float = 0.0,
    reason: str | None = None,
) -> LinkResult:
    """Link the records no person holds yet (and those changed since) against the existing
    persons; waits up to ``wait`` seconds for another run to finish (``lock``); ``reason`` as
    for ``link_all``."""
    return one_recorded_run(
        engine,
        lambda started: _link_new(
            engine, actor=actor, threshold=threshold, say=say, started=started
        ),
        mode="incremental",
        engine_name="duckdb",
        threshold=threshold,
        actor=actor,
        wait=wait,
        reason=reason,
    )


def _link_new(
    engine: Engine,
    *,
    actor: Actor,
    threshold: float = 0.9,
    say: Say | None = None,
    started: datetime,
) -> LinkResult:
    """The run itself, under the linkage lock."""
    say = say or (lambda _m: None)
    timer = _Timer(say)
    model = load_model()
    if model is None:
        raise Invalid("no trained model yet: run a full `ridni link` first")
    # The child reader (large registries) starts while the candidates are looked up.
    with frames.arrow_reader(engine, least=frames.READER_FROM) or nullcontext() as reader:
        with session_scope(engine) as session:
            changed = changed_since_linked(session)
            new = sorted({*pending_records(session), *changed})
            if not new:
                return LinkResult(0, 0, 0, 0, timer.timings)
            # The import hook has usually computed them; big imports leave them to this run.
            frames.refresh_features(session, frames.without_current_features(session, new))
            timer.step("new records")
            existing = _candidates(session, new)
            pks = frames.with_listed_siblings(session, new + existing)
        timer.step("candidates")
        workspace = open_workspace("duckdb", memory_limit="4GB")
        try:
            frames.load_registry(workspace.con, engine, pks=pks, reader=reader)
            frames.build_frame(workspace.con)
            listed_siblings = frames.listed_sibling_pairs(workspace.con)
            new_list = ", ".join(str(pk) for pk in new)
            workspace.con.execute(
                f"CREATE TABLE frame_new AS SELECT * FROM frame WHERE unique_id IN ({new_list})"
            )
            workspace.con.execute(
                f"CREATE TABLE frame_old AS SELECT * FROM frame WHERE unique_id NOT IN ({new_list})"
            )
            timer.step("frame")
            predictions = _score(workspace, engine, model)
            timer.step("prediction")
            with session_scope(engine) as session:
                held = _held_together(session, _renamable(workspace), set(pks))
            renamings = _renamings(
                workspace, pa.concat_tables([_pairs(predictions), held]), set(new)
            )
            timer.step("renamed children")
        finally:
            workspace.close()
        return _save(
            engine,
            predictions,
            renamings,
            new,
            changed=set(changed),
            started=started,
            actor=actor,
            threshold=threshold,
            model=model,
            timer=timer,
            listed_siblings=listed_siblings,
        )


def _score(workspace: Workspace, engine: Engine, model: dict[str, Any]) -> pa.Table:
    new_sdf = workspace.register("frame_new", "new_records")
    old_sdf = workspace.register("frame_old", "existing_records")
    linker = pipeline.new_linker(workspace, workspace.register("frame", "input_records"), model)
    register_registry_tf(linker, workspace, engine)
    between = linker.inference.predict_between(
        new_sdf, old_sdf, threshold_match_probability=LINK_FLOOR, warning_mode="never"
    ).as_pyarrow_table()
    within = linker.inference.predict_within(
        new_sdf, threshold_match_probability=LINK_FLOOR, warning_mode="never"
    ).as_pyarrow_table()
    columns = [c for c in between.column_names if c in within.column_names]
    return pa.concat_tables([between.select(columns), within.select(columns)])


# Existing records the name-free model could pair with a new one: its blocking rules (the same
# date of birth and sex, a sibling's date and sex; a month with the institution or with a
# sibling's month).
_RENAMABLE = """
    SELECT o.unique_id FROM frame_old o JOIN frame_new n
        ON o.dob_digits = n.dob_digits AND o.sex = n.sex
    UNION
    SELECT o.unique_id
    FROM (SELECT unique_id, sex, unnest(sibling_dobs) AS dob FROM frame_old) o
    JOIN (SELECT sex, unnest(sibling_dobs) AS dob FROM frame_new) n
        ON o.dob = n.dob AND o.sex = n.sex
    UNION
    SELECT o.unique_id FROM frame_old o JOIN frame_new n
        ON o.institution_key = n.institution_key AND o.birth_ym = n.birth_ym AND o.sex = n.sex
    UNION
    SELECT o.unique_id FROM frame_old o JOIN frame_new n
        ON o.birth_ym = n.birth_ym AND o.sex = n.sex
        AND coalesce(list_has_any(o.sibling_months, n.sibling_months), false)
"""


def _renamable(workspace: Workspace) -> list[int]:
    return sorted(row[0] for row in workspace.con.execute(_RENAMABLE).fetchall())


def _held_together(session: Session, renamable: list[int], loaded: set[int]) -> pa.Table:
    """Pairs of loaded records that one person already holds, for the persons holding a
    ``renamable`` record, as sure pairs: the name-free model does not offer a record matched
    before as another child's renaming. Other persons' pairs could not change its answer."""
    persons: set[int] = set()
    for start in range(0, len(renamable), 20_000):
        persons.update(
            session.scalars(
                select(PersonRecord.person_id).where(
                    PersonRecord.record_pk.in_(renamable[start : start + 20_000])
                )
            )
        )
    members: dict[int, list[int]] = {}
    ordered = sorted(persons)
    for start in range(0, len(ordered), 20_000):
        for pk, person in session.execute(
            select(PersonRecord.record_pk, PersonRecord.person_id).where(
                PersonRecord.person_id.in_(ordered[start : start + 20_000])
            )
        ):
            if pk in loaded:
                members.setdefault(person, []).append(pk)
    pairs = [(a, b) for group in members.values() for a in group for b in group if a < b]
    return pa.table(
        {
            "unique_id_l": pa.array([a for a, _ in pairs], pa.int64()),
            "unique_id_r": pa.array([b for _, b in pairs], pa.int64()),
            "match_probability": pa.array([1.0] * len(pairs), pa.float64()),
        }
    )


def _pairs(predictions: pa.Table) -> pa.Table:
    return predictions.select(["unique_id_l", "unique_id_r", "match_probability"]).cast(
        pa.schema(
            [
                ("unique_id_l", pa.int64()),
                ("unique_id_r", pa.int64()),
                ("match_probability", pa.float64()),
            ]
        )
    )


def _renamings(workspace: Workspace, sure: pa.Table, new: set[int]) -> list[ScoredPair]:
    """The saved name-free model's scores of possible renamings involving a new record (a
    renamed child arriving on a new counterpart list); none before a full run has trained it.
    ``sure`` holds this run's predictions and the pairs persons already hold."""
    model = load_model(renamed_model_path())
    rows = renamed_rows(workspace, sure, model) if model is not None else None
    if rows is None:
        return []
    return [r for r in rows[0] if r.a in new or r.b in new]


def _save(
    engine: Engine,
    predictions: pa.Table,
    renamings: list[ScoredPair],
    new: list[int],
    *,
    changed: set[int],
    started: datetime,
    actor: Actor,
    threshold: float,
    model: dict[str, Any],
    timer: _Timer,
    listed_siblings: list[tuple[int, int]],
) -> LinkResult:
    """Re-cluster the persons the new links touch. ``new`` holds the records no person held
    and the ``changed`` ones: a changed record leaves its person (which stays whole without it)
    and its old links go, scored as they were on its old values."""
    scored = merge_scores(_scored_rows(predictions, pipeline.level_weights(model)), renamings)
    pairs = [(r.a, r.b, r.probability) for r in scored]
    with session_scope(engine) as session:
        touched = ({r for a, b, _ in pairs for r in (a, b)} - set(new)) | changed
        persons = (
            set(
                session.scalars(
                    select(PersonRecord.person_id).where(PersonRecord.record_pk.in_(list(touched)))
                )
            )
            if touched
            else set()
        )
        groups: dict[int, list[int]] = {}
        overruled = []  # a sex overruled in a kept person stays overruled (see below)
        for pk, pid, sex_overruled in session.execute(
            select(
                PersonRecord.record_pk, PersonRecord.person_id, PersonRecord.sex_overruled
            ).where(PersonRecord.person_id.in_(list(persons)))
        ):
            if pk in changed:
                continue
            groups.setdefault(pid, []).append(pk)
            if sex_overruled:
                overruled.append(pk)
        members = set(new) | {r for g in groups.values() for r in g}
        infos, summaries = record_infos(session, members)
        # Filtered on one side only: SQLite answers "a IN (...) AND b IN (...)" by probing the
        # (a, b) index with every combination (thousands squared).
        stored = [
            link
            for link in session.execute(
                select(Link.record_a, Link.record_b, Link.match_probability).where(
                    Link.record_a.in_(list(members))
                )
            )
            if link.record_b in members
            and not (link.record_a in changed or link.record_b in changed)
        ]
        confirmed, rejected = latest_decisions(session, members)
        # Existing persons stay whole: their records count as confirmed together, and a sex
        # overruled in them stays overruled (else a new record of either sex would be refused).
        kept = {(min(a, b), max(a, b)) for g in groups.values() for a, b in pairwise(g)}
        outcome = cluster(
            infos,
            [*pairs, *(tuple(s) for s in stored)],
            rules=ClusterRules(threshold=threshold),
            confirmed=confirmed | kept,
            rejected=rejected,
            siblings=[
                *listed_siblings,
                *matched_siblings(scored, model),
            ],
            sex_overruled=overruled,
        )
        timer.step("clustering")
        run = LinkageRun(
            engine="duckdb",
            model_version=MODEL_VERSION,
            mode="incremental",
            threshold=threshold,
            started_by=actor.username,
            started_at=started,  # changes from here on are linked again
            n_records=len(new),
        )
        session.add(run)
        session.flush()
        _drop_links_of(session, changed)
        _replace_links(session, run.id, scored, outcome.used_links)
        reasons = {c[0]: "singleton" for c in outcome.clusters if len(c) == 1}
        save_persons(
            session,
            outcome.clusters,
            summaries,
            run.id,
            reasons,
            scope=members,
            sex_overruled=outcome.sex_overruled,
        )
        run.n_links = len(pairs)
        run.n_persons = len(outcome.clusters)
        run.finished_at = utcnow()
        run.status = "completed"
        timer.step("saving")
        run.stats = {
            "timings": timer.timings,
            "refusals": len(outcome.refusals),
            "sex_overruled": len(outcome.sex_overruled),
        }
        return LinkResult(
            run.id,
            len(new),
            len(pairs),
            len(outcome.clusters),
            timer.timings,
            len(outcome.refusals),
            len(outcome.sex_overruled),
        )


def _drop_links_of(session: Session, records: set[int]) -> None:
    """Every stored link of ``records`` (changed since they were scored)."""
    chunk = 500
    pks = sorted(records)
    for start in range(0, len(pks), chunk):
        part = pks[start : start + chunk]
        session.execute(delete(Link).where(Link.record_a.in_(part)))
        session.execute(delete(Link).where(Link.record_b.in_(part)))


def _replace_links(
    session: Session,
    run_id: int,
    scored: list[ScoredPair],
    used: set[tuple[int, int]],
) -> None:
    rows = list(_link_rows(scored, used))
    if rows:  # one statement, many parameter sets: a round trip per link cost 0.4 s a batch
        session.execute(
            text("DELETE FROM links WHERE record_a = :a AND record_b = :b"),
            [{"a": a, "b": b} for a, b, *_ in rows],
        )
    insert_links(session, run_id, rows)
