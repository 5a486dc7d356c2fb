"""Which records the prediction blocking rules bring together: each rule's SQL evaluated on a
pair of frame rows."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from ridni.linkage.frame import given_initials_sql
from ridni.linkage.model import prediction_blocking_rules

# A frame row with what the rules read; the tests change a few fields.
_ROW: dict[str, Any] = {
    "unique_id": 1,
    "given_key": "mykola",
    "given_keys": ["mykola"],
    "given_latin": "mykola",
    "family_key": "bondarenko",
    "family_initial": "b",
    "sex": "M",
    "birth_year": 2012,
    "birth_month": 4,
    "dob_digits": "20120403",
    "year_key": 2012,
    "year_key_early": 2012,
    "birth_place_key": None,
    "last_region_key": None,
    "side": "ua",
}
_TYPES = {"unique_id": "BIGINT", "birth_year": "BIGINT", "birth_month": "BIGINT"}
_TYPES |= {"year_key": "BIGINT", "year_key_early": "BIGINT", "given_keys": "VARCHAR[]"}


def _meet(right: dict[str, Any], left: dict[str, Any] | None = None) -> bool:
    """Whether any prediction rule (the exploding sibling-date rule aside) pairs the two rows."""
    rows = [{**_ROW, **(left or {})}, {**_ROW, "unique_id": 2, **right}]
    con = duckdb.connect()
    try:
        columns = ", ".join(f"CAST(? AS {_TYPES.get(c, 'VARCHAR')}) AS {c}" for c in _ROW)
        first, second = ([row[c] for c in _ROW] for row in rows)
        con.execute(f"CREATE TABLE given AS SELECT {columns}", first)
        con.execute(f"INSERT INTO given SELECT {columns}", second)
        con.execute(f"CREATE TABLE f AS SELECT *, {given_initials_sql('given_latin')} FROM given")
        rules = [
            rule.create_blocking_rule_dict("duckdb")["blocking_rule"]
            for rule in prediction_blocking_rules()
        ]
        pair = "SELECT count(*) FROM f l JOIN f r ON l.unique_id = 1 AND r.unique_id = 2 AND "
        return any(
            con.execute(f"{pair}({sql})").fetchone()[0]
            for sql in rules
            if "sibling_dobs" not in sql
        )
    finally:
        con.close()


# Another date, so that only the name rules can pair the two.
_OTHER_DATE = {"birth_month": 9, "dob_digits": "20120921"}


@pytest.mark.parametrize(
    ("year", "meet"),
    [
        (2012, True),
        (2014, True),  # an age or a guess a few years off
        (2018, True),  # one digit mistyped
        (2002, True),
        (None, True),  # no year at all
        (2007, False),  # five years and two digits apart: another child of that name
        (2021, False),
    ],
)
def test_namesakes_meet_only_when_their_years_could_be_one_childs(
    year: int | None, meet: bool
) -> None:
    other = {"birth_year": year, "year_key": year, "year_key_early": year, **_OTHER_DATE}
    if year is None:
        other |= {"birth_month": None, "dob_digits": None}
    assert _meet(other) is meet


def _given(latin: str, key: str | None = None) -> dict[str, Any]:
    key = key or latin
    return {"given_latin": latin, "given_key": key, "given_keys": [key], **_OTHER_DATE}


@pytest.mark.parametrize(
    ("right", "meet"),
    [
        (_given("mykloa"), True),  # a typo
        (_given("ymkola"), True),  # the first two letters swapped
        (_given("mikola", "mikola"), True),  # the same first letter
        ({**_given("kolia", "mykola"), "given_key": None}, True),  # no given-name key
        # A brother (same year: a twin) or a sister born that year: not one child.
        (_given("petro"), False),
        ({**_given("mykolaia"), "sex": "F"}, False),
    ],
)
def test_a_surname_and_year_pair_given_names_one_child_could_bear(
    right: dict[str, Any], meet: bool
) -> None:
    assert _meet(right) is meet
