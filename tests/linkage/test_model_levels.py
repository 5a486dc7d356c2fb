"""The main model's levels read as their labels say: each level's SQL evaluated on a pair."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from ridni.linkage.model import comparisons


def _level(comparison: str, pair: dict[str, Any]) -> str:
    """The label of the first level of ``comparison`` whose condition holds for ``pair``
    (columns named with their _l and _r suffixes), as Splink tries them."""
    (spec,) = [
        c.create_comparison_dict("duckdb")
        for c in comparisons()
        if c.create_comparison_dict("duckdb")["output_column_name"] == comparison
    ]
    # Integer columns only (dates and years), given as parameters so that None is NULL.
    columns = ", ".join(f"CAST(? AS INTEGER) AS {name}" for name in pair)
    values = list(pair.values())
    con = duckdb.connect()
    try:
        for level in spec["comparison_levels"]:
            condition = level["sql_condition"]
            query = f"SELECT coalesce({condition}, false) FROM (SELECT {columns})"
            if condition == "ELSE" or con.execute(query, values).fetchone()[0]:
                return str(level["label_for_charts"])
    finally:
        con.close()
    raise AssertionError("no level matched")


def _years(left: int, right: int) -> dict[str, Any]:
    # One record gives only a year, the other a full date.
    return {
        "birth_year_l": left,
        "birth_year_r": right,
        "birth_month_l": None,
        "birth_month_r": 5,
    }


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        (2015, 2015, "same year of birth (only the year given)"),
        (2015, 2016, "years of birth one apart"),
        (2016, 2015, "years of birth one apart"),
        (2015, 2021, "years of birth two or more apart"),
    ],
)
def test_a_year_alone_one_off_is_not_five_off(left: int, right: int, label: str) -> None:
    assert _level("birth_year", _years(left, right)) == label


def test_a_year_alone_is_not_compared_when_both_give_a_month() -> None:
    pair = {**_years(2015, 2021), "birth_month_l": 3}
    assert _level("birth_year", pair) == "no year of birth alone to compare"
