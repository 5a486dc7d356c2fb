"""Why two records are, or are not, the same child: every comparison's contribution to the
match weight, in words a caseworker understands (a waterfall).

Stored links carry their contributions; any other pair is scored on the spot with the trained
model, the two records' siblings and the registry's term frequencies.
"""

from __future__ import annotations

from typing import Any

from splink.blocking_rule_library import CustomRule
from sqlalchemy import Engine, bindparam, select, text

from ridni.db.engine import session_scope
from ridni.errors import Invalid
from ridni.linkage import frame as frames
from ridni.linkage import pipeline, renamed
from ridni.linkage.engines import Workspace, open_workspace
from ridni.linkage.explanation import MARKER, RENAMED, Explanation, describe
from ridni.linkage.model import MODEL_VERSION, TF_COLUMNS
from ridni.linkage.models import Link
from ridni.linkage.store import RENAMED_MODEL, load_calibration, load_model, renamed_model_path


def _with_siblings(engine: Engine, pks: list[int]) -> list[int]:
    with session_scope(engine) as session:
        return frames.with_listed_siblings(session, pks)


def _value_counts(engine: Engine, columns: tuple[str, ...]) -> tuple[int, dict[str, int]]:
    """The registry's number of records, and of records giving each of ``columns``, in one scan
    of the feature table rather than one per column."""
    counted = ", ".join(f"count({column})" for column in columns)
    with session_scope(engine) as session:
        total, *present = session.execute(
            text(f"SELECT count(*), {counted} FROM record_features")
        ).one()
    return total, dict(zip(columns, present, strict=True))


def term_frequencies(
    engine: Engine, column: str, values: list[str], *, total: int, present: int
) -> list[dict[str, Any]]:
    """The registry's term frequencies of ``values``, scaled as ``pipeline.tf_tables`` does;
    ``total`` records, ``present`` of them giving ``column`` (``_value_counts``)."""
    if not values:
        return []
    with session_scope(engine) as session:
        rows = session.execute(
            text(
                f"SELECT {column}, count(*) FROM record_features WHERE {column} IN :values "
                f"GROUP BY {column}"
            ).bindparams(bindparam("values", expanding=True)),
            {"values": values},
        ).all()
    scale = present / max(total, 1) ** 2
    return [{column: value, f"tf_{column}": count * scale} for value, count in rows]


def register_registry_tf(linker: Any, workspace: Any, engine: Engine) -> None:
    """Term frequencies from the whole registry for the values present in the workspace frame
    (explanations and incremental runs load only part of the registry)."""
    import pyarrow as pa

    total, present = _value_counts(engine, TF_COLUMNS)
    for column in TF_COLUMNS:
        values = [
            v
            for (v,) in workspace.con.execute(
                f"SELECT DISTINCT {column} FROM frame WHERE {column} IS NOT NULL"
            ).fetchall()
        ]
        lookup = term_frequencies(engine, column, values, total=total, present=present[column])
        # Registered even when empty (no record here has a value): Splink requires a lookup
        # for every column with a frequency adjustment.
        table = pa.table(
            {
                column: pa.array([r[column] for r in lookup], pa.string()),
                f"tf_{column}": pa.array([r[f"tf_{column}"] for r in lookup], pa.float64()),
            }
        )
        linker.table_management.register_term_frequency_lookup(
            workspace.db_api.register(table), column
        )


def explain_pair(engine: Engine, pk_a: int, pk_b: int) -> Explanation:
    model = load_model()
    if model is None:
        raise Invalid("no trained linkage model yet: run `ridni link` first")
    if pk_a == pk_b:
        raise Invalid("the two records are the same record")
    a, b = sorted((pk_a, pk_b))
    renamed = _stored_renaming(engine, a, b, model)
    if renamed is not None:
        return renamed
    workspace = open_workspace("duckdb", memory_limit="1GB")
    try:
        frames.load_registry(workspace.con, engine, pks=_with_siblings(engine, [a, b]))
        frames.build_frame(workspace.con)
        sdf = workspace.register("frame", "input_records")
        linker = pipeline.new_linker(workspace, sdf, model)
        register_registry_tf(linker, workspace, engine)
        rows = linker.inference.predict_within(
            sdf,
            blocking_rules_to_generate_predictions=[
                CustomRule(f"l.unique_id = {a} AND r.unique_id = {b}")
            ],
            warning_mode="never",
        ).as_record_list()
        renaming = _as_renaming(workspace, a, b)
    finally:
        workspace.close()
    if not rows:
        raise Invalid("the pair could not be scored")
    row = rows[0]
    prior, steps = describe(pipeline.contributions(row, pipeline.level_weights(model)), model)
    weight = float(row["match_weight"])
    calibration = load_calibration(model)
    return Explanation(
        a,
        b,
        prior,
        steps,
        weight,
        float(row["match_probability"]),
        MODEL_VERSION,
        calibration.probability(weight) if calibration else None,
        calibration.decisions if calibration else 0,
        renaming=renaming,
    )


def _as_renaming(workspace: Workspace, a: int, b: int) -> Explanation | None:
    """The name-free model's view of a pair across the two sides (a renamed child keeps the
    date of birth, the sex, the siblings; the main model counts every changed name against),
    with the saved name-free model; None for other pairs or before a full run trained it."""
    model = load_model(renamed_model_path())
    if model is None:
        return None
    row = renamed.score_pair(workspace, model, a, b)
    if row is None:
        return None
    contributions = pipeline.contributions(row, pipeline.level_weights(model))
    prior, steps = describe({**contributions, MARKER: RENAMED}, model)
    return Explanation(
        a,
        b,
        prior,
        steps,
        float(row["match_weight"]),
        float(row["match_probability"]),
        RENAMED_MODEL,
    )


def _stored_renaming(engine: Engine, a: int, b: int, model: dict[str, Any]) -> Explanation | None:
    """The stored explanation of a pair the name-free model scored (a possible renaming): the
    main model would only say that every name differs, which is not why the pair was linked."""
    with session_scope(engine) as session:
        link = session.execute(
            select(Link).where(Link.record_a == a, Link.record_b == b)
        ).scalar_one_or_none()
        if link is None or (link.contributions or {}).get(MARKER) != RENAMED:
            return None
        prior, steps = describe(link.contributions, model)
        return Explanation(
            a, b, prior, steps, link.match_weight, link.match_probability, RENAMED_MODEL
        )


def render_text(explanation: Explanation) -> str:
    lines = [
        f"Records {explanation.record_a} and {explanation.record_b} "
        f"(model {explanation.model_version})",
        *_waterfall(explanation),
    ]
    if explanation.renaming is not None:
        lines += [
            "",
            "As a possible renaming: only what a renaming keeps "
            f"(model {explanation.renaming.model_version})",
            *_waterfall(explanation.renaming),
        ]
    return "\n".join(lines)


def _waterfall(explanation: Explanation) -> list[str]:
    lines = [
        f"  {'starting point (how rare a true match is)':<58} {explanation.prior_bits:+7.2f} bits",
    ]
    for step in explanation.steps:
        lines.append(f"  {step.level + ': ' + step.strength:<58} {step.bits:+7.2f} bits")
    lines.append(
        f"  {'total match weight':<58} {explanation.match_weight:+7.2f} bits"
        f"  → match probability {explanation.match_probability:.4f}"
    )
    if explanation.calibrated_probability is not None:
        label = f"calibrated by {explanation.calibration_decisions:,} reviewers' decisions"
        lines.append(f"  {label:<58} {'':>12}  → {explanation.calibrated_probability:.4f}")
    return lines
