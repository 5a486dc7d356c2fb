"""Renamed children: a second, name-free model for Ukrainian-side ↔ Russian-side pairs whose
names disagree entirely.

A child given a new name, surname, patronymic and birthplace keeps what a renaming cannot easily
change: the date of birth (or one shifted by up to three months for an infant), the sex, the
siblings renamed with them (their birth dates), sometimes the institution. The main model counts
every changed field as separate evidence against, which a renaming makes wrong: the fields change
together. This model looks only at what survives, and its prior says that a renaming is rare
(``RENAME_SHARE`` of the matches between the two sides), so a pair needs several surviving clues
to be linked, and is shown to a reviewer as a possible renaming.

Its m-probabilities are learnt from the pairs across the two sides that the main model is sure
of (no labels needed), its u-probabilities from random pairs across the two sides.
"""

from __future__ import annotations

import logging
from typing import Any

import pyarrow as pa
import splink.comparison_level_library as cll
from splink import Linker, SettingsCreator, block_on
from splink.internals.comparison_library import CustomComparison

from ridni.linkage.engines import Workspace
from ridni.linkage.pipeline import with_parameters
from ridni.linkage.store import RENAMED_MODEL

MODEL_VERSION = RENAMED_MODEL
# Share of the matches between the two sides in which a child's identity was replaced. The
# documented cases (a child's name, patronymic, surname and birthplace all changed) are a small
# minority; the value sets how much surviving evidence a renaming needs.
RENAME_SHARE = 0.03
CONFIDENT = 0.99  # main-model pairs used as examples of true matches


def _level(creator: Any, label: str) -> Any:
    return creator.configure(label_for_charts=label)


def comparisons() -> list[Any]:
    return [
        CustomComparison(
            output_column_name="birth_date",
            comparison_description="Date of birth (kept, or shifted for an infant)",
            comparison_levels=[
                _level(cll.NullLevel("dob_days"), "full date of birth missing"),
                _level(cll.ExactMatchLevel("dob_digits"), "same date of birth"),
                cll.CustomLevel(
                    "ABS(dob_days_l - dob_days_r) <= 92",
                    label_for_charts="date of birth shifted by three months at most",
                ),
                _level(cll.ElseLevel(), "different dates of birth"),
            ],
        ),
        CustomComparison(
            output_column_name="sex",
            comparison_description="Sex",
            comparison_levels=[
                _level(cll.NullLevel("sex"), "sex not given"),
                _level(cll.ExactMatchLevel("sex"), "same sex"),
                _level(cll.ElseLevel(), "different sex"),
            ],
        ),
        CustomComparison(
            output_column_name="siblings",
            comparison_description="The siblings listed with each record",
            comparison_levels=[
                _level(cll.NullLevel("sibling_years"), "siblings not listed on both"),
                _level(
                    cll.ArrayIntersectLevel("sibling_dobs", 2), "two siblings born on the same days"
                ),
                _level(
                    cll.ArrayIntersectLevel("sibling_dobs", 1), "a sibling born on the same day"
                ),
                _level(
                    cll.ArrayIntersectLevel("sibling_year_insts", 1),
                    "a sibling born the same year, from the same institution",
                ),
                _level(cll.ArrayIntersectLevel("sibling_years", 1), "a sibling born the same year"),
                _level(cll.ElseLevel(), "no sibling born the same year"),
            ],
        ),
        CustomComparison(
            output_column_name="institution",
            comparison_description="Institution the child came from",
            comparison_levels=[
                _level(cll.NullLevel("institution_key"), "institution not given"),
                _level(cll.ExactMatchLevel("institution_key"), "same institution"),
                _level(cll.ElseLevel(), "different institutions"),
            ],
        ),
    ]


def settings(dialect: str, prior: float) -> dict[str, Any]:
    creator = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior,
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[
            block_on("dob_digits", "sex"),
            block_on("sibling_dobs", "sex", arrays_to_explode=["sibling_dobs"]),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )
    return creator.create_settings_dict(dialect)


# Pairs whose family names disagree (or their initials, where one gives no more): a renaming
# replaces the surname (the given name is sometimes kept in its Russian form). The main model,
# which counts every changed field against, decides the others; a pair scored by both keeps the
# higher score.
_NAMES_DISAGREE = """
    coalesce(l.family_key <> r.family_key, l.family_initial <> r.family_initial, true)
"""

# Only records that can reach a level of the date or sibling comparisons take part: the prior
# is a share of the pairs the model compares, and records that give neither (an adoption
# database's month-only dates) would dilute it, as they would any comparison's scope.
_COMPARABLE = "(dob_days IS NOT NULL OR sibling_years IS NOT NULL)"


def score(
    workspace: Workspace, main: pa.Table, floor: float, model: dict[str, Any] | None = None
) -> tuple[pa.Table, dict[str, Any]] | None:
    """Name-free scores of cross-side pairs whose names disagree, at or above ``floor``, and
    the model that made them: ``model`` when given, else one trained here; None when there is
    nothing to score or to learn from."""
    con = workspace.con
    for side in ("ua", "ru"):
        con.execute(
            f"CREATE OR REPLACE TABLE frame_{side} AS SELECT * FROM frame "
            f"WHERE side = '{side}' AND {_COMPARABLE}"
        )
    n_ua, n_ru = con.execute(
        "SELECT (SELECT count(*) FROM frame_ua), (SELECT count(*) FROM frame_ru)"
    ).fetchall()[0]
    if not (n_ua and n_ru):
        return None
    frames = [workspace.register("frame_ua", "ua_side"), workspace.register("frame_ru", "ru_side")]
    if model is None:
        model = _train(workspace, frames, main, n_ua * n_ru)
        if model is None:
            return None
    linker = Linker(
        frames, with_parameters(settings(workspace.engine, 0.5), model), log_level=logging.ERROR
    )
    predictions = linker.inference.predict(threshold_match_probability=floor).as_pyarrow_table()
    con.register("_renamed_pred", predictions)
    kept = con.sql(
        f"""
        SELECT p.* FROM _renamed_pred p
        JOIN frame l ON l.unique_id = p.unique_id_l
        JOIN frame r ON r.unique_id = p.unique_id_r
        WHERE {_NAMES_DISAGREE}
        """
    ).to_arrow_table()
    con.unregister("_renamed_pred")
    return kept, model


def _train(
    workspace: Workspace, frames: list[Any], main: pa.Table, n_pairs: int
) -> dict[str, Any] | None:
    """m from the cross-side pairs the main model is sure of, u from random pairs; None when
    there are too few sure pairs to learn from."""
    con = workspace.con
    con.register("_main_pairs", main.select(["unique_id_l", "unique_id_r", "match_probability"]))
    labels = con.sql(
        f"""
        SELECT 'ua_side' AS source_dataset_l, ua.unique_id AS unique_id_l,
               'ru_side' AS source_dataset_r, ru.unique_id AS unique_id_r
        FROM _main_pairs p
        JOIN frame_ua ua ON ua.unique_id IN (p.unique_id_l, p.unique_id_r)
        JOIN frame_ru ru ON ru.unique_id IN (p.unique_id_l, p.unique_id_r)
        WHERE p.match_probability >= {CONFIDENT}
        """
    ).to_arrow_table()
    con.unregister("_main_pairs")
    if labels.num_rows < 20:
        return None
    prior = min(RENAME_SHARE * labels.num_rows / n_pairs, 0.5)
    linker = Linker(frames, settings(workspace.engine, prior), log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=7)
    linker.training.estimate_m_from_pairwise_labels(workspace.db_api.register(labels))
    model = linker.misc.save_model_to_json()
    model["ridni_model_version"] = MODEL_VERSION
    return model
