"""Linking a synthetic world end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import Engine, delete, func, select

from ridni.db.engine import session_scope
from ridni.exports.clusters import write_clusters
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage import decisions, queries, renamed
from ridni.linkage.calibration import Calibration, fingerprint
from ridni.linkage.evaluate import score
from ridni.linkage.explain import explain_pair, render_text
from ridni.linkage.explanation import MARKER
from ridni.linkage.frame import load_registry, refresh_features
from ridni.linkage.models import Link, Person, PersonRecord, RecordFeatures
from ridni.linkage.service import link_all
from ridni.linkage.store import (
    RENAMED_MODEL,
    load_model,
    renamed_model_path,
    save_calibration,
    save_model,
)
from ridni.security.actors import SYSTEM


def _clusters(engine: Engine, out: Path) -> dict[tuple[str, str], str]:
    with session_scope(engine) as session:
        write_clusters(session=session, actor=SYSTEM, out=out)
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["source", "record_id", "person_id"]
    return {(r["source"], r["record_id"]): r["person_id"] for r in rows}


def _truth(world) -> dict[tuple[str, str], str]:
    with (world.path / "truth.csv").open(encoding="utf-8") as handle:
        return {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}


def test_link_finds_the_same_children(world_engine: Engine, small_world, tmp_path: Path):
    result = link_all(world_engine, actor=SYSTEM)
    assert result.n_records > 500 and result.n_links > 0
    clusters = _clusters(world_engine, tmp_path / "clusters.csv")
    truth = _truth(small_world)
    assert set(clusters) == set(truth)  # every record, exactly once
    scores = score(truth, clusters, small_world.kinds)
    assert scores.precision >= 0.95, scores
    assert scores.recall >= 0.75, scores
    assert scores.ua_ru_pair_recall >= 0.8, scores


def test_listed_siblings_never_share_a_person(world_engine: Engine):
    link_all(world_engine, actor=SYSTEM)
    with session_scope(world_engine) as session:
        rows = session.execute(
            select(
                SourceRecord.source_id,
                SourceRecord.record_id,
                SourceRecord.sibling_ids,
                PersonRecord.person_id,
            ).join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        ).all()
    person = {(s, r): p for s, r, _sib, p in rows}
    pairs = [
        ((s, r), (s, sib.strip()))
        for s, r, sibs, _p in rows
        for sib in (sibs or "").split(";")
        if sib.strip()
    ]
    assert pairs, "the world has sibling lists"
    assert [(a, b) for a, b in pairs if person[a] == person.get(b)] == []


def test_explanation_adds_up_to_the_stored_link(world_engine: Engine):
    link_all(world_engine, actor=SYSTEM)
    with session_scope(world_engine) as session:
        link = session.scalars(
            select(Link).where(Link.in_cluster).order_by(Link.match_probability.desc())
        ).first()
        assert link is not None
        a, b, stored = link.record_a, link.record_b, link.match_probability
    explanation = explain_pair(world_engine, a, b)
    assert abs(explanation.match_probability - stored) < 1e-6
    total = explanation.prior_bits + sum(step.bits for step in explanation.steps)
    assert abs(total - explanation.match_weight) < 0.01
    names = [step.comparison for step in explanation.steps]
    assert {"given_name", "family_name", "birth_date", "siblings"} <= set(names)
    assert any("evidence for" in step.strength for step in explanation.steps)
    assert explanation.calibrated_probability is None  # no reviewer has decided anything
    # Once the reviewers' decisions have been fitted, the explanation says what they make of it.
    fitted = Calibration(0.2, -1.0, 40, 18, fingerprint(load_model()))
    save_calibration(fitted)
    explanation = explain_pair(world_engine, a, b)
    assert explanation.calibrated_probability == pytest.approx(
        fitted.probability(explanation.match_weight)
    )
    assert "calibrated by 40 reviewers' decisions" in render_text(explanation)


def _save_neutral_renamed_model() -> None:
    """A name-free model whose every m equals its u: each comparison is worth 0 bits."""
    renamed_model = renamed.settings("duckdb", 0.001)
    for comparison in renamed_model["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.update(m_probability=0.5, u_probability=0.5)
    renamed_model["ridni_model_version"] = RENAMED_MODEL
    save_model(renamed_model, renamed_model_path())


def test_a_possible_renaming_is_explained_by_the_name_free_model(world_engine: Engine):
    result = link_all(world_engine, actor=SYSTEM)
    _save_neutral_renamed_model()
    contributions = {
        "birth_date": [2, 11.0],
        "sex": [1, 1.0],
        "siblings": [-1, 0.0],
        "birth_country": [1, 6.0],
        "institution": [-1, 0.0],
        "pair_kind": [1, 2.0],
        MARKER: "renamed",
    }
    with session_scope(world_engine) as session:
        a, b = session.scalars(select(SourceRecord.id).order_by(SourceRecord.id).limit(2)).all()
        session.execute(delete(Link).where(Link.record_a == a, Link.record_b == b))
        session.add(
            Link(
                record_a=a,
                record_b=b,
                run_id=result.run_id,
                match_weight=10.03,
                match_probability=0.999,
                contributions=contributions,
            )
        )
    explanation = explain_pair(world_engine, b, a)
    assert explanation.model_version == RENAMED_MODEL
    assert explanation.match_probability == 0.999
    levels = {step.comparison: step.level for step in explanation.steps}
    assert levels["birth_country"] == "born abroad by one record, in Ukraine by the other"
    assert levels["birth_date"] == "same date of birth"
    # The kind of pair sets where a renaming starts from; it is not a step of evidence.
    assert "pair_kind" not in levels
    assert explanation.prior_bits == pytest.approx(math.log2(0.001 / 0.999) + 2.0)
    total = explanation.prior_bits + sum(step.bits for step in explanation.steps)
    assert abs(total - explanation.match_weight) < 0.01


def test_a_pair_across_the_sides_is_also_explained_as_a_possible_renaming(world_engine: Engine):
    """``ridni explain`` on a Ukrainian-side and a Russian-side record: the main model's view
    and, below it, the name-free model's (which the analyst needs for a child renamed)."""
    link_all(world_engine, actor=SYSTEM)
    _save_neutral_renamed_model()

    def first_of(kind: str, offset: int = 0) -> int:
        with session_scope(world_engine) as session:
            return session.scalars(
                select(SourceRecord.id)
                .join(Source, Source.id == SourceRecord.source_id)
                .where(Source.kind == kind)
                .order_by(SourceRecord.id)
                .offset(offset)
                .limit(1)
            ).one()

    ua, ru = first_of("official_registry"), first_of("counterpart_list")
    explanation = explain_pair(world_engine, ru, ua)
    assert explanation.model_version != RENAMED_MODEL  # the main model's view first
    renaming = explanation.renaming
    assert renaming is not None and renaming.model_version == RENAMED_MODEL
    assert {s.comparison for s in renaming.steps} >= {"birth_date", "sex", "birth_country"}
    assert all(s.bits == 0 for s in renaming.steps)  # every m equals its u in this model
    assert math.isclose(renaming.match_weight, renaming.prior_bits, abs_tol=1e-6)
    text = render_text(explanation)
    assert "As a possible renaming" in text and RENAMED_MODEL in text
    # Two records of one side: no renaming to consider.
    same_side = explain_pair(world_engine, ua, first_of("official_registry", 1))
    assert same_side.renaming is None
    assert "As a possible renaming" not in render_text(same_side)


def test_explains_records_that_carry_no_value_of_a_frequency_adjusted_field(
    world_engine: Engine,
):
    # Two adoption-database records: no family name, no place of birth, often no town.
    link_all(world_engine, actor=SYSTEM)
    with session_scope(world_engine) as session:
        a, b = session.scalars(
            select(SourceRecord.id)
            .join(Source, Source.id == SourceRecord.source_id)
            .where(Source.kind == "adoption_database")
            .order_by(SourceRecord.id)
            .limit(2)
        ).all()
    explanation = explain_pair(world_engine, a, b)
    missing = {s.comparison for s in explanation.steps if s.strength == "no evidence"}
    assert {"family_name", "birth_place", "birth_date"} <= missing
    assert [
        (s.comparison, s.bits) for s in explanation.steps if s.strength == "no evidence" and s.bits
    ] == []


def test_every_live_record_belongs_to_one_person(world_engine: Engine):
    link_all(world_engine, actor=SYSTEM)
    with session_scope(world_engine) as session:
        records = session.scalar(select(func.count()).select_from(SourceRecord))
        members = session.scalar(select(func.count()).select_from(PersonRecord))
        sources = session.scalar(select(func.count()).select_from(Source))
    assert records == members and sources == 7


def test_relink_keeps_person_ids(world_engine: Engine):
    link_all(world_engine, actor=SYSTEM)
    with session_scope(world_engine) as session:
        before = dict(session.execute(select(PersonRecord.record_pk, PersonRecord.person_id)).all())
    link_all(world_engine, actor=SYSTEM)
    with session_scope(world_engine) as session:
        after = dict(session.execute(select(PersonRecord.record_pk, PersonRecord.person_id)).all())
    assert before == after


def _a_person_whose_records_all_give_a_sex(engine: Engine) -> tuple[int, dict[int, str]]:
    with session_scope(engine) as session:
        sexes: dict[int, dict[int, str | None]] = defaultdict(dict)
        for person, pk, sex in session.execute(
            select(PersonRecord.person_id, SourceRecord.id, SourceRecord.sex)
            .join(SourceRecord, SourceRecord.id == PersonRecord.record_pk)
            .order_by(PersonRecord.person_id)
        ):
            sexes[person][pk] = sex
    for person, records in sexes.items():
        if len(records) >= 2 and None not in records.values() and len(set(records.values())) == 1:
            return person, {pk: sex for pk, sex in records.items() if sex}
    raise AssertionError("the world has a person of two records or more, each giving one sex")


def test_a_relink_honours_the_sexes_reviewers_marked_wrong(world_engine: Engine):
    link_all(world_engine, actor=SYSTEM)
    person_id, records = _a_person_whose_records_all_give_a_sex(world_engine)
    given = next(iter(records.values()))
    other = decisions.OTHER_SEX[given]
    with session_scope(world_engine) as session:
        for pk in records:  # every record's tick is wrong: the child is of the other sex
            decisions.decide_sex(
                session=session, actor=SYSTEM, record_pk=pk, verdict="wrong", reason="checked"
            )
    with session_scope(world_engine) as session:
        assert session.get(Person, person_id).sex == other
    frame = duckdb.connect()  # linking reads the other sex: in blocking and in the scores
    assert load_registry(frame, world_engine, pks=list(records)) == len(records)
    assert frame.sql("SELECT DISTINCT sex FROM registry").fetchall() == [(other,)]
    link_all(world_engine, actor=SYSTEM)  # a full run reads the verdicts too
    with session_scope(world_engine) as session:
        kept = session.get(Person, person_id)
        assert kept is not None and kept.status == "active" and kept.sex == other
        assert set(records) <= set(
            session.scalars(
                select(PersonRecord.record_pk).where(PersonRecord.person_id == person_id)
            )
        )
        # The source corrects one record (a new import): the verdict no longer stands for it.
        corrected = next(iter(records))
        session.get(SourceRecord, corrected).sex = other
        session.flush()
        refresh_features(session, [corrected])
    load_registry(frame, world_engine, pks=[corrected])
    assert frame.sql("SELECT sex FROM registry").fetchall() == [(other,)]
    with session_scope(world_engine) as session:
        shown = queries.person_records(session=session, actor=SYSTEM, person_id=person_id)
        assert {r["pk"]: r["sex_wrong"] for r in shown if r["pk"] in records} == {
            pk: pk != corrected for pk in records
        }


def _groups(engine: Engine) -> dict[int, set[int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    with session_scope(engine) as session:
        for record, person in session.execute(
            select(PersonRecord.record_pk, PersonRecord.person_id)
        ):
            groups[person].add(record)
    return groups


def test_incremental_link_joins_new_records_to_existing_persons(
    db_url: str, small_world, data_dir: Path, tmp_path: Path
) -> None:
    import json

    from ridni.db.engine import make_engine
    from ridni.ingest.service import import_file
    from ridni.linkage.incremental import link_new, pending_records

    engine = make_engine(db_url)
    manifest = json.loads((small_world.path / "manifest.json").read_text(encoding="utf-8"))
    held_out = next(s for s in manifest["sources"] if s["kind"] == "counterpart_list")
    for source in manifest["sources"]:
        if source is held_out:
            continue
        with session_scope(engine) as session:
            import_file(
                session=session,
                actor=SYSTEM,
                path=small_world.path / source["file"],
                source=source["source"],
                kind=source["kind"],
            )
    link_all(engine, actor=SYSTEM)
    before = _groups(engine)
    with session_scope(engine) as session:
        import_file(
            session=session,
            actor=SYSTEM,
            path=small_world.path / held_out["file"],
            source=held_out["source"],
            kind=held_out["kind"],
        )
        assert len(pending_records(session)) == held_out["rows"]
    result = link_new(engine, actor=SYSTEM)
    assert result.n_records == held_out["rows"]
    with session_scope(engine) as session:
        assert pending_records(session) == []
    # Existing persons are never split by an incremental run.
    after = _groups(engine)
    holder = {r: p for p, records in after.items() for r in records}
    for records in before.values():
        assert len({holder[r] for r in records}) == 1
    # And the new records found their children as a full run would.
    clusters = _clusters(engine, tmp_path / "clusters.csv")
    scores = score(_truth(small_world), clusters, small_world.kinds)
    assert scores.precision >= 0.95 and scores.recall >= 0.75, scores
    engine.dispose()


def test_incremental_sure_pairs_cover_the_records_a_renaming_could_reach(world_engine: Engine):
    """An incremental run asks for the pairs persons already hold only for the existing records
    the name-free model could pair with a new one (same date of birth and sex, or a sibling's
    date and sex), and gets every pair of those persons."""
    from ridni.linkage import frame as frames
    from ridni.linkage.engines import open_workspace
    from ridni.linkage.incremental import _held_together, _renamable

    link_all(world_engine, actor=SYSTEM)
    workspace = open_workspace("duckdb")
    try:
        frames.load_registry(workspace.con, world_engine)
        frames.build_frame(workspace.con)
        con = workspace.con
        rows = con.execute(
            "SELECT unique_id, dob_digits, sex, sibling_dobs, institution_key, birth_ym, "
            "sibling_months FROM frame"
        ).fetchall()
        # The "new" batch: two records with siblings and a full date that others share.
        dates = Counter((r[1], r[2]) for r in rows if r[1] and r[2])
        new = [r for r in rows if r[3] and dates[(r[1], r[2])] > 1][:2]
        new_ids = ", ".join(str(r[0]) for r in new)
        con.execute(f"CREATE TABLE frame_new AS SELECT * FROM frame WHERE unique_id IN ({new_ids})")
        con.execute(
            f"CREATE TABLE frame_old AS SELECT * FROM frame WHERE unique_id NOT IN ({new_ids})"
        )
        renamable = _renamable(workspace)
    finally:
        workspace.close()

    def reachable(old: tuple, n: tuple) -> bool:
        same_month = old[5] is not None and old[5] == n[5]
        return old[2] == n[2] and bool(
            old[1] == n[1]
            or set(old[3] or ()) & set(n[3])
            or (same_month and old[4] is not None and old[4] == n[4])
            or (same_month and set(old[6] or ()) & set(n[6] or ()))
        )

    expected = sorted(
        old[0] for old in rows if old not in new and any(reachable(old, n) for n in new)
    )
    assert renamable == expected and expected
    loaded = {r[0] for r in rows}
    with session_scope(world_engine) as session:
        held = _held_together(session, renamable, loaded)
        rows_held = session.execute(select(PersonRecord.record_pk, PersonRecord.person_id))
        person_of = {pk: person for pk, person in rows_held}
    persons = {person_of[pk] for pk in renamable}
    members = defaultdict(list)
    for pk, person in person_of.items():
        if person in persons:
            members[person].append(pk)
    wanted = {(a, b) for group in members.values() for a in group for b in group if a < b}
    got = set(zip(held["unique_id_l"].to_pylist(), held["unique_id_r"].to_pylist(), strict=True))
    assert got == wanted and wanted
    assert set(held["match_probability"].to_pylist()) == {1.0}


def test_incremental_candidates_are_the_same_in_one_scan_in_parts_or_rule_by_rule(
    world_engine: Engine, monkeypatch
):
    from ridni.linkage import incremental

    with session_scope(world_engine) as session:
        pks = list(
            session.scalars(select(RecordFeatures.record_pk).order_by(RecordFeatures.record_pk))
        )
        new = pks[::25]
        by_rule = incremental._candidates(session, new, one_pass=False)
        monkeypatch.setattr(incremental, "SCAN_PARTS", 3)
        in_parts = incremental._candidates(session, new, one_pass=True)
        monkeypatch.setattr(incremental, "SCAN_PARTS", 1)
        whole = incremental._candidates(session, new, one_pass=True)
    assert by_rule == in_parts == whole
    assert by_rule and not set(by_rule) & set(new)


def test_incremental_candidates_hold_every_record_a_blocking_rule_pairs_with_a_new_one(
    world_engine: Engine,
):
    """The candidates of an incremental run are a superset of what the model's blocking rules
    would compare with the new records (the sibling-date rule aside: it is met through the
    siblings loaded with the candidates)."""
    from ridni.linkage import frame as frames
    from ridni.linkage import incremental, pipeline
    from ridni.linkage.engines import open_workspace

    link_all(world_engine, actor=SYSTEM)
    workspace = open_workspace("duckdb")
    try:
        frames.load_registry(workspace.con, world_engine)
        frames.build_frame(workspace.con)
        frame = workspace.register("frame", "input_records")
        linker = pipeline.new_linker(workspace, frame, load_model())
        rules = linker._settings_obj._blocking_rules_to_generate_predictions
        linker._settings_obj._blocking_rules_to_generate_predictions = [
            rule for rule in rules if "sibling_dobs" not in rule.blocking_rule_sql
        ]
        pipeline.register_tf(linker, workspace, pipeline.tf_tables(workspace))
        pairs = linker.inference.predict().as_pyarrow_table()
    finally:
        workspace.close()
    left, right = pairs["unique_id_l"].to_pylist(), pairs["unique_id_r"].to_pylist()
    with session_scope(world_engine) as session:
        pks = sorted(session.scalars(select(RecordFeatures.record_pk)))
        new = set(pks[::7])
        candidates = set(incremental._candidates(session, sorted(new)))
    blocked = {b for a, b in zip(left, right, strict=True) if a in new} | {
        a for a, b in zip(left, right, strict=True) if b in new
    }
    assert blocked - new and not (blocked - new) - candidates


def test_incremental_candidates_hold_the_records_whose_sex_a_reviewer_marked_wrong(
    world_engine: Engine,
):
    """Their stored features keep the sex marked wrong; the frame links them with the other,
    which the candidates' sex keys cannot see: so they are always candidates (they are few)."""
    from ridni.linkage import incremental

    with session_scope(world_engine) as session:
        with_sex = session.scalars(
            select(SourceRecord.id).where(SourceRecord.sex.is_not(None)).order_by(SourceRecord.id)
        ).all()
        marked, newcomer = with_sex[0], with_sex[-1]  # two children far apart in the world
        decisions.decide_sex(
            session=session, actor=SYSTEM, record_pk=marked, verdict="wrong", reason="checked"
        )
        assert marked in incremental._candidates(session, [newcomer])


def test_incremental_candidates_hold_the_children_in_care_a_month_only_record_can_meet(
    world_engine: Engine,
):
    """The name-free model meets a month-only record (an adoption database's profile) through
    the institution with the month, or, when it lists siblings, through a sibling's month: a new
    such record finds the Ukrainian-side records in care born that month among its candidates
    (a superset of those whose siblings' months agree; their siblings are loaded with them)."""
    from ridni.linkage import frame as frames
    from ridni.linkage import incremental
    from ridni.linkage.engines import open_workspace

    workspace = open_workspace("duckdb")
    try:
        frames.load_registry(workspace.con, world_engine)
        frames.build_frame(workspace.con)
        new = [
            r[0]
            for r in workspace.con.execute(
                "SELECT unique_id FROM frame WHERE side = 'ru' AND birth_ym IS NOT NULL "
                "AND dob_days IS NULL AND sibling_months IS NOT NULL AND sex IS NOT NULL"
            ).fetchall()
        ]
        reach = workspace.con.execute(
            f"""
            SELECT DISTINCT o.unique_id FROM frame o JOIN frame n
                ON o.birth_ym = n.birth_ym AND o.sex = n.sex
            WHERE n.unique_id IN ({", ".join(map(str, new))}) AND o.side = 'ua'
                AND o.institution_key IS NOT NULL
            """
        ).fetchall()
    finally:
        workspace.close()
    assert new and reach
    with session_scope(world_engine) as session:
        candidates = set(incremental._candidates(session, new))
    assert {r[0] for r in reach} <= candidates


def test_features_computed_by_worker_processes_are_the_serial_ones(world_engine: Engine):
    def snapshot() -> list[tuple]:
        with session_scope(world_engine) as session:
            rows = session.execute(select(RecordFeatures).order_by(RecordFeatures.record_pk))
            return [
                tuple(getattr(f, c.name) for c in RecordFeatures.__table__.columns) for (f,) in rows
            ]

    serial = snapshot()  # computed by the import hook, in this process
    assert len(serial) > 500
    with session_scope(world_engine) as session:
        session.execute(delete(RecordFeatures))
    with session_scope(world_engine) as session:
        assert refresh_features(session, parallel_from=1) == len(serial)
    assert snapshot() == serial


def test_the_name_free_model_gives_each_kind_of_pair_its_own_start(world_engine: Engine):
    link_all(world_engine, actor=SYSTEM)
    model = load_model(renamed_model_path())
    assert model is not None and model["ridni_model_version"] == RENAMED_MODEL
    (spec,) = [c for c in model["comparisons"] if c["output_column_name"] == "pair_kind"]
    dated, month_only = spec["comparison_levels"]
    for column in ("m_probability", "u_probability"):
        assert 0 < dated[column] <= 1 and dated[column] + month_only[column] == pytest.approx(1)
    # A Russian-side month-only record is far likelier another child than a dated one.
    assert month_only["m_probability"] / month_only["u_probability"] < (
        dated["m_probability"] / dated["u_probability"]
    )
