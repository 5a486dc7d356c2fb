"""Linking runs over the registry: full and incremental, honouring every human decision."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa
from sqlalchemy import Engine

from ridni.db.base import utcnow
from ridni.db.engine import session_scope
from ridni.linkage import frame as frames
from ridni.linkage import pipeline, renamed
from ridni.linkage.cluster import CLEAN_KINDS, ClusterRules, RecordInfo, cluster
from ridni.linkage.decisions import latest_decisions
from ridni.linkage.engines import Workspace, open_workspace
from ridni.linkage.explanation import MARKER, RENAMED
from ridni.linkage.lock import linkage_lock
from ridni.linkage.model import MODEL_VERSION, SIBLING_LEVEL
from ridni.linkage.models import LinkageRun
from ridni.linkage.persist import RecordSummary, save_links, save_persons
from ridni.linkage.store import load_model, renamed_model_path, save_model
from ridni.security import audit
from ridni.security.actors import Actor

Say = Callable[[str], None]

# Pairs scored at or above this are kept as links (evidence, and the review queue's supply).
LINK_FLOOR = 0.05


@dataclass
class LinkResult:
    run_id: int
    n_records: int
    n_links: int
    n_persons: int
    timings: dict[str, float] = field(default_factory=dict)
    refusals: int = 0
    sex_overruled: int = 0  # records whose sex a very strong link overruled


class _Timer:
    def __init__(self, say: Say) -> None:
        self.say = say
        self.timings: dict[str, float] = {}
        self._t = time.perf_counter()

    def step(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round(now - self._t, 2)
        self._t = now
        self.say(f"{name}: {self.timings[name]} s")


def link_all(
    engine: Engine,
    *,
    actor: Actor,
    engine_name: str = "duckdb",
    threshold: float = 0.9,
    retrain: bool = False,
    say: Say | None = None,
    model_file: Path | None = None,
    wait: float = 0.0,
    reason: str | None = None,
) -> LinkResult:
    """Link every live record from scratch (persons keep their ids where clusters survive);
    waits up to ``wait`` seconds for another run to finish (``lock``). ``reason`` (why this
    run: "after import 12 by olena") is kept with the run and in the audit log."""
    return one_recorded_run(
        engine,
        lambda started: _link_all(
            engine,
            actor=actor,
            engine_name=engine_name,
            threshold=threshold,
            retrain=retrain,
            say=say,
            model_file=model_file,
            started=started,
        ),
        mode="full",
        engine_name=engine_name,
        threshold=threshold,
        actor=actor,
        wait=wait,
        reason=reason,
    )


def one_recorded_run(
    engine: Engine,
    run: Callable[[datetime], LinkResult],
    *,
    mode: str,
    engine_name: str,
    threshold: float,
    actor: Actor,
    wait: float,
    reason: str | None,
) -> LinkResult:
    """``run(started)`` holding the linkage lock (waiting up to ``wait`` seconds for it), kept
    in ``linkage_runs`` and the audit log whether it links or fails."""
    with (
        linkage_lock(engine, wait),
        _failure_recorded(
            engine,
            mode=mode,
            engine_name=engine_name,
            threshold=threshold,
            actor=actor,
            reason=reason,
        ) as started,
    ):
        result = run(started)
    _run_recorded(engine, actor, result, reason)
    return result


def _run_recorded(engine: Engine, actor: Actor, result: LinkResult, reason: str | None) -> None:
    """A run that changed persons, in the audit log (with why it ran, if known)."""
    if not result.run_id:
        return  # nothing to link: no run
    with session_scope(engine) as session:
        run = session.get(LinkageRun, result.run_id)
        if run is None:
            return
        if reason:
            run.stats = {**(run.stats or {}), "reason": reason}
        audit.record(
            session,
            actor,
            "link.run",
            object_type="linkage_run",
            object_id=run.id,
            details={
                "mode": run.mode,
                "records": result.n_records,
                "persons": result.n_persons,
                "links": result.n_links,
                "reason": reason,
            },
        )


def _first_line(exc: Exception) -> str:
    """The error's kind and first line: a database error goes on with its SQL and parameters,
    which may hold a child's details; the run's log keeps the whole of it."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"[:300]


@contextmanager
def _failure_recorded(
    engine: Engine,
    *,
    mode: str,
    engine_name: str,
    threshold: float,
    actor: Actor,
    reason: str | None = None,
) -> Iterator[datetime]:
    """Yield the run's start; a run that fails is kept as a failed run with its error (and in
    the audit log), so that the pages waiting for it (an import's) can say why nothing was
    linked."""
    started = utcnow()
    try:
        yield started
    except Exception as exc:
        error = _first_line(exc)
        with session_scope(engine) as session:
            run = LinkageRun(
                engine=engine_name,
                model_version=MODEL_VERSION,
                mode=mode,
                threshold=threshold,
                started_by=actor.username,
                started_at=started,
                finished_at=utcnow(),
                status="failed",
                stats={"error": error, "reason": reason},
            )
            session.add(run)
            session.flush()
            details = {"mode": mode, "error": error, "reason": reason}
            audit.record(
                session,
                actor,
                "link.failed",
                object_type="linkage_run",
                object_id=run.id,
                details=details,
            )
        raise


def _link_all(
    engine: Engine,
    *,
    actor: Actor,
    engine_name: str = "duckdb",
    threshold: float = 0.9,
    retrain: bool = False,
    say: Say | None = None,
    model_file: Path | None = None,
    started: datetime,
) -> LinkResult:
    """The run itself, under the linkage lock."""
    say = say or (lambda _m: None)
    timer = _Timer(say)
    # The child reader connects when it is given the query, after the features are committed.
    with frames.arrow_reader(engine, least=frames.READER_FROM) or nullcontext() as reader:
        with session_scope(engine) as session:
            frames.refresh_features(session)
        timer.step("features")
        workspace = open_workspace(engine_name)
        try:
            n_records = frames.load_registry(workspace.con, engine, reader=reader)
            frames.build_frame(workspace.con)
            timer.step("frame")
            trained = None if retrain else load_model(model_file)
            frame = workspace.register("frame", "input_records")
            tf = pipeline.tf_tables(workspace)
            notes: list[str] = []
            fresh = trained is None
            if fresh:
                trained, notes = pipeline.train(workspace, frame, tf, say=say)
                save_model(trained, model_file)
                timer.step("training")
            # Score with the saved model (pinned levels included), exactly as later runs will.
            linker = pipeline.new_linker(workspace, frame, trained)
            pipeline.register_tf(linker, workspace, tf)
            predictions = pipeline.predict(linker, LINK_FLOOR, chunks=_chunks(n_records))
            timer.step("prediction")
            extra = _renamed_rows(workspace, predictions, retrain=fresh)
            timer.step("renamed children")
            scored = _scored(workspace, predictions, extra, trained)
        finally:
            # Closed before clustering: DuckDB's tables are no longer needed, and the
            # Python steps after are where a million-record link reaches its peak memory.
            workspace.close()
        return _cluster_and_save(
            engine,
            scored,
            started=started,
            notes=notes,
            actor=actor,
            threshold=threshold,
            engine_name=engine_name,
            n_records=n_records,
            timer=timer,
        )


def _chunks(n_records: int) -> int:
    # Predict in slices on big registries so DuckDB's memory stays bounded.
    return max(1, n_records // 300_000)


def _record_infos(workspace: Workspace) -> tuple[dict[int, RecordInfo], dict[int, RecordSummary]]:
    table = workspace.con.sql(
        """SELECT f.unique_id, f.source, f.kind, f.sex, f.dob_digits, f.given_keys,
                  f.family_key, r.given_name, r.family_name, r.birth_date
           FROM frame f JOIN registry r USING (unique_id)"""
    ).to_arrow_table()
    # Column by column: DuckDB's row tuples cost more than the loop (1M records).
    rows = zip(*(column.to_pylist() for column in table.columns), strict=True)
    infos, summaries = {}, {}
    for uid, source, kind, sex, dob, keys, family_key, given, family, birth in rows:
        clean = kind in CLEAN_KINDS
        infos[uid] = RecordInfo(source, clean, sex, dob, frozenset(keys or ()), family_key)
        summaries[uid] = RecordSummary(kind, given, family, birth, sex)
    return infos, summaries


class _Scored(NamedTuple):
    """What clustering needs from a run's workspace."""

    rows: list[ScoredPair]
    infos: dict[int, RecordInfo]
    summaries: dict[int, RecordSummary]
    siblings: list[tuple[int, int]]  # listed by a source, or matched by the siblings comparison


def _scored(
    workspace: Workspace,
    predictions: pa.Table,
    extra: list[ScoredPair],
    model: dict[str, Any],
) -> _Scored:
    rows = merge_scores(_scored_rows(predictions, pipeline.level_weights(model)), extra)
    siblings = [*frames.listed_sibling_pairs(workspace.con), *matched_siblings(rows, model)]
    return _Scored(rows, *_record_infos(workspace), siblings)


def matched_siblings(rows: list[ScoredPair], model: dict[str, Any]) -> list[tuple[int, int]]:
    """Pairs the main model's siblings comparison reads as siblings, not one child."""
    value = pipeline.level_value(model, "siblings", SIBLING_LEVEL)
    return [(r.a, r.b) for r in rows if r.model == "main" and r.siblings == value]


def _cluster_and_save(
    engine: Engine,
    scored: _Scored,
    *,
    started: datetime,
    notes: list[str],
    actor: Actor,
    threshold: float,
    engine_name: str,
    n_records: int,
    timer: _Timer,
) -> LinkResult:
    rows = scored.rows
    with session_scope(engine) as session:
        # A sex a reviewer marked wrong is already corrected: the frame reads the other one.
        confirmed, rejected = latest_decisions(session)
        outcome = cluster(
            scored.infos,
            ((r.a, r.b, r.probability) for r in rows),
            rules=ClusterRules(threshold=threshold),
            confirmed=confirmed,
            rejected=rejected,
            siblings=scored.siblings,
        )
        timer.step("clustering")
        run = LinkageRun(
            engine=engine_name,
            model_version=MODEL_VERSION,
            mode="full",
            threshold=threshold,
            started_by=actor.username,
            started_at=started,  # changes from here on are linked again (``incremental``)
            n_records=n_records,
        )
        session.add(run)
        session.flush()
        n_links = save_links(session, run.id, _link_rows(rows, outcome.used_links))
        timer.step("saving links")
        decided = {r for pair in confirmed for r in pair}
        reasons = {r: "decision" for r in decided}
        reasons.update({c[0]: "singleton" for c in outcome.clusters if len(c) == 1})
        save_persons(
            session,
            outcome.clusters,
            scored.summaries,
            run.id,
            reasons,
            sex_overruled=outcome.sex_overruled,
        )
        run.n_links = n_links
        run.n_persons = len(outcome.clusters)
        run.finished_at = utcnow()
        run.status = "completed"
        timer.step("saving persons")
        run.stats = {
            "timings": timer.timings,
            "refusals": len(outcome.refusals),
            "sex_overruled": len(outcome.sex_overruled),
            "training_notes": notes,
        }
        return LinkResult(
            run.id,
            n_records,
            n_links,
            len(outcome.clusters),
            timer.timings,
            len(outcome.refusals),
            len(outcome.sex_overruled),
        )


class ScoredPair(NamedTuple):  # a tuple: a full link makes hundreds of thousands
    a: int
    b: int
    weight: float
    probability: float
    contributions: str  # JSON text, as the link stores it (see pipeline.contributions)
    model: str  # "main", or the name-free model's RENAMED
    siblings: int  # the level the siblings comparison reached; -1: none


def _renamed_rows(
    workspace: Workspace, predictions: pa.Table, *, retrain: bool
) -> list[ScoredPair]:
    """Name-free scores for possible renamings (see ``renamed``). Like the main model, the
    name-free model is trained when the main one is and reused by later runs."""
    saved = None if retrain else load_model(renamed_model_path())
    rows = renamed_rows(workspace, predictions, saved)
    if saved is None and rows is not None:
        save_model(rows[1], renamed_model_path())
    return rows[0] if rows is not None else []


def renamed_rows(
    workspace: Workspace, predictions: pa.Table, model: dict[str, Any] | None
) -> tuple[list[ScoredPair], dict[str, Any]] | None:
    """The name-free model's scored pairs over the workspace's frame, with ``model`` (or one
    trained here when None), and the model; None when there is nothing to score or learn."""
    scored = renamed.score(workspace, predictions, LINK_FLOOR, model=model)
    if scored is None:
        return None
    table, used = scored
    return _scored_rows(table, pipeline.level_weights(used), model=RENAMED), used


def merge_scores(main: list[ScoredPair], extra: list[ScoredPair]) -> list[ScoredPair]:
    """One score a pair: the higher of the main and the name-free model's."""
    best = {(r.a, r.b): r for r in main}
    for r in extra:
        if (r.a, r.b) not in best or best[(r.a, r.b)].probability < r.probability:
            best[(r.a, r.b)] = r
    return list(best.values())


def _scored_rows(
    predictions: pa.Table, weights: dict[str, list[tuple[int, float]]], model: str = "main"
) -> list[ScoredPair]:
    columns = [
        predictions.column(name).to_pylist()
        for name in ("unique_id_l", "unique_id_r", "match_weight", "match_probability")
    ]
    texts, levels = pipeline.contributions_of_table(
        predictions, weights, extra=None if model == "main" else {MARKER: model}
    )
    siblings = levels["siblings"].to_pylist() if "siblings" in levels else repeat(-1, len(texts))
    return [
        ScoredPair(min(left, right), max(left, right), weight, probability, text, model, level)
        for left, right, weight, probability, text, level in zip(
            *columns, texts, siblings, strict=True
        )
    ]


def _link_rows(rows: list[ScoredPair], used: set[tuple[int, int]]) -> Iterator[tuple[Any, ...]]:
    for r in rows:
        yield (r.a, r.b, r.weight, r.probability, r.contributions, (r.a, r.b) in used)
