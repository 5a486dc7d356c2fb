"""Reading a comparison's level and evidence off Splink's prediction columns."""

from __future__ import annotations

import json

import pyarrow as pa

from ridni.linkage.pipeline import contributions, contributions_of_table

WEIGHTS = {
    "given_name": [(2, 6.5), (1, 2.25), (0, -6.0)],
    "sex": [(1, 1.0), (0, -8.0)],
    "siblings": [(1, 4.0), (0, -0.5)],  # no columns in the predictions: nothing to compare
}


def test_the_table_is_read_as_each_row_would_be() -> None:
    rows = [
        {"mw_given_name": 6.5, "mw_tf_adj_given_name": 1.2345, "mw_sex": 1.0},
        {"mw_given_name": 2.2500000001, "mw_tf_adj_given_name": None, "mw_sex": -8.0},
        {"mw_given_name": None, "mw_tf_adj_given_name": None, "mw_sex": 0.0},
        {"mw_given_name": -6.0, "mw_tf_adj_given_name": 0.0, "mw_sex": None},
    ]
    table = pa.Table.from_pylist(rows)
    texts, levels = contributions_of_table(table, WEIGHTS)
    by_table = [json.loads(text) for text in texts]
    assert by_table == [contributions(row, WEIGHTS) for row in rows]
    assert by_table[0] == {"given_name": [2, 7.734], "sex": [1, 1.0], "siblings": [-1, 0.0]}
    assert by_table[1]["given_name"] == [1, 2.25]  # a float a hair off the level's weight
    assert by_table[2]["given_name"] == [-1, 0.0]  # null: nothing to compare
    assert list(by_table[3]) == list(WEIGHTS)  # the comparisons in the model's order
    assert levels["given_name"].to_pylist() == [2, 1, -1, 0]
    assert levels["siblings"].to_pylist() == [-1, -1, -1, -1]


def test_the_text_is_compact_json_with_extra_keys_last() -> None:
    table = pa.Table.from_pylist([{"mw_given_name": 6.5, "mw_sex": -8.0}])
    (text,), _ = contributions_of_table(table, WEIGHTS, extra={"_model": "renamed"})
    assert text == ('{"given_name":[2,6.5],"sex":[0,-8],"siblings":[-1,0],"_model":"renamed"}')
    assert contributions_of_table(table.slice(0, 0), WEIGHTS)[0] == []


def test_comparisons_no_session_trained_are_noted() -> None:
    from ridni.linkage.pipeline import untrained

    def comparison(name: str, ms: list[float | None], us: list[float | None]) -> dict:
        levels = [{"is_null_level": True}] + [
            {"label_for_charts": f"level {i}", "m_probability": m, "u_probability": u}
            for i, (m, u) in enumerate(zip(ms, us, strict=True))
        ]
        return {"output_column_name": name, "comparison_levels": levels}

    model = {
        "comparisons": [
            comparison("birth_date", [0.9, 0.1], [0.01, 0.99]),
            comparison("birth_month", [None, 0.2, None], [0.01, 0.1, None]),
        ]
    }
    (note,) = untrained(model)
    assert note == (
        "birth_month: no session estimated the m-probabilities of 'level 0', 'level 2' "
        "(not met among random pairs); Splink's defaults are used"
    )


def test_capped_levels_keep_a_lower_learnt_m_and_lose_a_higher_one() -> None:
    from ridni.linkage.model import AGE_DOES_NOT_FIT, CAPPED_M, DATES_YEARS_APART, SIBLING_LEVEL
    from ridni.linkage.pipeline import _pin

    def comparison(name: str, label: str, m: float) -> dict:
        level = {"label_for_charts": label, "m_probability": m, "u_probability": 0.5}
        return {"output_column_name": name, "comparison_levels": [level]}

    model = {
        "comparisons": [
            comparison("birth_date", DATES_YEARS_APART, 0.0102),  # drifted: bounded
            comparison("birth_age", AGE_DOES_NOT_FIT, 0.006),  # below its bound: kept
            comparison("siblings", SIBLING_LEVEL, 0.3),  # pinned whatever was learnt
        ]
    }
    _pin(model)
    m = [c["comparison_levels"][0]["m_probability"] for c in model["comparisons"]]
    assert m == [CAPPED_M[("birth_date", DATES_YEARS_APART)], 0.006, 1e-7]


def test_a_capped_level_that_learnt_nothing_takes_its_bound_and_sex_is_pinned() -> None:
    from ridni.linkage.model import CAPPED_M, DIFFERENT_SEX, YEARS_APART
    from ridni.linkage.pipeline import _pin

    def comparison(name: str, label: str, m: float | None) -> dict:
        level = {"label_for_charts": label, "m_probability": m, "u_probability": 0.5}
        return {"output_column_name": name, "comparison_levels": [level]}

    model = {
        "comparisons": [
            # A small registry: no match in the training blocks has years far apart.
            comparison("birth_year", YEARS_APART, None),
            # A million records: EM learnt next to nothing for a sex recorded differently.
            comparison("sex", DIFFERENT_SEX, 2.9e-71),
        ]
    }
    _pin(model)
    m = [c["comparison_levels"][0]["m_probability"] for c in model["comparisons"]]
    assert m == [CAPPED_M[("birth_year", YEARS_APART)], 0.01]
