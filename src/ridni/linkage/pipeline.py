"""Train, score and explain with Splink on a prepared frame. Engine-neutral.

A trained model is stored as Splink's settings JSON (comparisons, their SQL, m and u
probabilities, the prior) plus ridni's model version. To score on another engine the same
settings are regenerated in that engine's SQL dialect and the trained parameters copied level by
level, so DuckDB and Spark give the same match weights.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker
from splink.internals.comparison_level import _default_m_values, _default_u_values

from ridni.linkage.engines import Workspace
from ridni.linkage.model import (
    CAPPED_M,
    MODEL_VERSION,
    PINNED_M,
    TF_COLUMNS,
    TrainingPlan,
    settings_creator,
)

Progress = Callable[[str], None]
_DIALECT = {"duckdb": "duckdb", "spark": "spark"}


def _quiet_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)


def settings_for(engine: str, trained: dict[str, Any] | None = None) -> dict[str, Any]:
    """Settings in ``engine``'s dialect, carrying ``trained`` parameters when given."""
    settings = settings_creator().create_settings_dict(_DIALECT[engine])
    settings["retain_intermediate_calculation_columns"] = True
    return with_parameters(settings, trained) if trained is not None else settings


def with_parameters(settings: dict[str, Any], trained: dict[str, Any]) -> dict[str, Any]:
    """``settings`` (in any engine's dialect) with the prior and the m and u of ``trained``:
    a model trained on one engine scores identically on the other."""
    settings["probability_two_random_records_match"] = trained[
        "probability_two_random_records_match"
    ]
    for mine, theirs in zip(settings["comparisons"], trained["comparisons"], strict=True):
        if mine["output_column_name"] != theirs["output_column_name"]:
            raise ValueError("trained model does not match this version's comparisons")
        for level, trained_level in zip(
            mine["comparison_levels"], theirs["comparison_levels"], strict=True
        ):
            if level.get("is_null_level"):
                continue
            for key in ("m_probability", "u_probability", "tf_minimum_u_value"):
                if key in trained_level:
                    level[key] = trained_level[key]
    return settings


# Splink's settings validation only logs its findings about the input columns (at a level we
# silence) and parses every comparison's SQL to do it: 0.25 s a linker on a two-core machine.
# The frame and the settings are both ours, and a missing column fails the query anyway.
VALIDATE_SETTINGS = False


def new_linker(workspace: Workspace, frame: Any, trained: dict[str, Any] | None) -> Linker:
    _quiet_splink()
    return Linker(
        frame,
        settings_for(workspace.engine, trained),
        log_level=logging.ERROR,
        validate_settings=VALIDATE_SETTINGS,
    )


def tf_tables(workspace: Workspace, frame: str = "frame") -> dict[str, pa.Table]:
    """Term-frequency lookups for ``TF_COLUMNS``, computed over the frame.

    Splink divides an exact match's u-probability, taken over all pairs, by the value's share
    among records that have a value. With many missing values (surnames given as an initial
    only) that under-rates every agreement by log2 of the chance that both records have a value.
    The share is therefore scaled by that chance: the adjusted weight becomes
    log2(m / P(both records carry this value)), which is what the evidence is worth.
    """
    tables = {}
    for column in TF_COLUMNS:
        tables[column] = workspace.con.sql(
            f"""
            WITH n AS (SELECT count(*) AS total, count({column}) AS present FROM {frame})
            SELECT {column}, count(*) * max(n.present) / (max(n.total)::DOUBLE * max(n.total))
                   AS tf_{column}
            FROM {frame}, n WHERE {column} IS NOT NULL GROUP BY {column}
            """
        ).to_arrow_table()
    return tables


def register_tf(linker: Linker, workspace: Workspace, tables: dict[str, pa.Table]) -> None:
    for column, table in tables.items():
        if table.num_rows:
            linker.table_management.register_term_frequency_lookup(
                workspace.db_api.register(table), column
            )


def train(
    workspace: Workspace,
    frame: Any,
    tf: dict[str, pa.Table],
    plan: TrainingPlan | None = None,
    say: Progress | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Unsupervised training: the prior from near-certain rules, u from random pairs, m by EM.
    Returns the trained model and the EM sessions that could not estimate.

    A small registry may have no pairs that reach some level in a session, and Splink refuses
    an m-probability of zero (leaving its linker half-changed): such a session is dropped and
    the model goes on from the state before it, with the other sessions' and pinned values.
    """
    plan = plan or TrainingPlan()
    say = say or (lambda _msg: None)
    linker = new_linker(workspace, frame, None)
    register_tf(linker, workspace, tf)
    say("estimating the prior")
    linker.training.estimate_probability_two_random_records_match(
        list(plan.prior_rules), recall=plan.prior_recall
    )
    say("estimating u from random pairs")
    linker.training.estimate_u_using_random_sampling(max_pairs=plan.u_max_pairs, seed=42)
    skipped = []
    for rule in plan.em_rules:
        say("expectation maximisation")
        before = linker.misc.save_model_to_json()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=plan.em_max_pairs
            )
        except ValueError as exc:
            skipped.append(f"{rule.create_blocking_rule_dict('duckdb')['blocking_rule']}: {exc}")
            _quiet_splink()
            linker = Linker(
                frame, before, log_level=logging.ERROR, validate_settings=VALIDATE_SETTINGS
            )
            register_tf(linker, workspace, tf)
    model = model_dict(linker)
    return model, skipped + untrained(model)


def untrained(model: dict[str, Any]) -> list[str]:
    """Notes on the comparison levels no EM session could estimate: Splink scores them with its
    default m-probabilities (0.95 for the first level). A world whose month-only dates are all
    in records with a surname initial has no block that trains the month of birth: the
    blocks that reach those records fix the month themselves. A level that random sampling
    never met either (no u) is one the registry's records do not reach, and the note says so."""
    notes = []
    for comparison in model["comparisons"]:
        levels = [
            level
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level") and level.get("m_probability") is None
        ]
        if not levels:
            continue
        names = ", ".join(
            f"'{level.get('label_for_charts', '?')}'"
            + ("" if level.get("u_probability") is not None else " (not met among random pairs)")
            for level in levels
        )
        notes.append(
            f"{comparison['output_column_name']}: no session estimated the m-probabilities of "
            f"{names}; Splink's defaults are used"
        )
    return notes


def model_dict(linker: Linker) -> dict[str, Any]:
    model = linker.misc.save_model_to_json()
    model["ridni_model_version"] = MODEL_VERSION
    _pin(model)
    return model


def _pin(model: dict[str, Any]) -> None:
    """Set the m-probabilities the model fixes by reasoning (``model.PINNED_M``) and bound
    those it caps (``model.CAPPED_M``)."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            key = (comparison["output_column_name"], level.get("label_for_charts"))
            if key in CAPPED_M:
                learnt = level.get("m_probability")
                level["m_probability"] = (
                    CAPPED_M[key] if learnt is None else min(learnt, CAPPED_M[key])
                )
            if key in PINNED_M:
                level["m_probability"] = PINNED_M[key]
                # Too rare to be seen among random pairs in a small registry: a floor keeps
                # the level's weight defined (and strongly negative).
                level["u_probability"] = max(level.get("u_probability") or 0.0, 1e-5)


def level_value(model: dict[str, Any], comparison: str, label: str) -> int:
    """Splink's number for the level of ``comparison`` labelled ``label``."""
    for item in model["comparisons"]:
        if item["output_column_name"] == comparison:
            levels = item["comparison_levels"]
            for position, level in enumerate(levels):
                if level.get("label_for_charts") == label:
                    return -1 if level.get("is_null_level") else len(levels) - 1 - position
    raise KeyError((comparison, label))


def predict(linker: Linker, floor: float, chunks: int = 1) -> pa.Table:
    """Scored candidate pairs at or above ``floor``."""
    if chunks > 1:
        result = linker.inference.predict(
            threshold_match_probability=floor, num_chunks_left=chunks, num_chunks_right=1
        )
    else:
        result = linker.inference.predict(threshold_match_probability=floor)
    return result.as_pyarrow_table()


def level_weights(model: dict[str, Any]) -> dict[str, list[tuple[int, float]]]:
    """Per comparison: (level value, its match weight in bits) for every non-null level. A
    level that training could not reach has no m or u in the saved model; Splink scores it with
    its defaults, and so must this, or its weight would be read as "nothing to compare"."""
    out: dict[str, list[tuple[int, float]]] = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        count = sum(1 for level in levels if not level.get("is_null_level"))
        default_m, default_u = _default_m_values(count), _default_u_values(count)
        weights = []
        splink_value = count  # Splink numbers the non-null levels count-1 … 0, in order
        for position, level in enumerate(levels):
            if level.get("is_null_level"):
                continue
            splink_value -= 1
            m = level.get("m_probability") or default_m[splink_value]
            u = level.get("u_probability") or default_u[splink_value]
            weights.append((len(levels) - 1 - position, math.log2(m / u)))
        out[comparison["output_column_name"]] = weights
    return out


def contributions(
    row: dict[str, Any], weights: dict[str, list[tuple[int, float]]]
) -> dict[str, list[float]]:
    """Per comparison: [level reached, evidence in bits incl. term frequency].

    Splink reports each comparison's weight, not its level; the level is the one whose weight
    that is (levels are numbered as Splink's comparison vector values; -1 = nothing to compare).
    """
    out: dict[str, list[float]] = {}
    for name, levels in weights.items():
        base = float(row.get(f"mw_{name}") or 0.0)
        tf = float(row.get(f"mw_tf_adj_{name}") or 0.0)
        out[name] = [_level_reached(levels, base), round(base + tf, 3)]
    return out


def _level_reached(levels: list[tuple[int, float]], weight: float) -> int:
    return next((g for g, w in levels if abs(w - weight) < 1e-6), -1)


def contributions_of_table(
    predictions: pa.Table,
    weights: dict[str, list[tuple[int, float]]],
    extra: dict[str, str] | None = None,
) -> tuple[list[str], dict[str, pa.Array]]:
    """Per row of ``predictions``: its ``contributions`` as compact JSON text (what a link
    stores, with ``extra`` keys after the comparisons), and per comparison the levels reached.

    Computed column by column in Arrow: a million-record link scores 800,000 pairs, whose
    contributions as Python dictionaries took about 2 GB and 9 s to encode one by one."""
    names = set(predictions.column_names)

    def column(name: str) -> Any:
        values = predictions.column(name) if name in names else pa.nulls(predictions.num_rows)
        return pc.fill_null(values.cast(pa.float64()), 0.0)

    levels: dict[str, pa.Array] = {}
    pieces: list[Any] = []
    for name, by_level in weights.items():
        base = column(f"mw_{name}")
        # A comparison has a few distinct weights, one per level: each is looked up once.
        distinct = pc.unique(base)
        gammas = pa.array([_level_reached(by_level, w) for w in distinct.to_pylist()], pa.int64())
        levels[name] = pc.take(gammas, pc.index_in(base, value_set=distinct))
        evidence = pc.round(pc.add(base, column(f"mw_tf_adj_{name}")), 3)
        pieces.append(
            pc.binary_join_element_wise(
                json.dumps(name) + ":[",
                pc.cast(levels[name], pa.string()),
                ",",
                pc.cast(evidence, pa.string()),
                "]",
                "",
            )
        )
    pieces += [f"{json.dumps(key)}:{json.dumps(value)}" for key, value in (extra or {}).items()]
    body = pc.binary_join_element_wise(*pieces, ",")
    return pc.binary_join_element_wise("{", body, "}", "").to_pylist(), levels
