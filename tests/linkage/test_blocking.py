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
    """Whether any prediction rule (the sibling-date rule aside: its rows are siblings) pairs
    the two rows; a rule that explodes an array column compares its elements one by one."""
    rows = [{**_ROW, **(left or {})}, {**_ROW, "unique_id": 2, **right}]
    con = duckdb.connect()
    try:
        columns = ", ".join(f"CAST(? AS {_TYPES.get(c, 'VARCHAR')}) AS {c}" for c in _ROW)
        first, second = ([row[c] for c in _ROW] for row in rows)
        con.execute(f"CREATE TABLE given AS SELECT {columns}", first)
        con.execute(f"INSERT INTO given SELECT {columns}", second)
        con.execute(f"CREATE TABLE f AS SELECT *, {given_initials_sql('given_latin')} FROM given")
        pair = "SELECT count(*) FROM {} l JOIN {} r ON l.unique_id = 1 AND r.unique_id = 2 AND "
        for rule in prediction_blocking_rules():
            spec = rule.create_blocking_rule_dict("duckdb")
            if "sibling_dobs" in spec["blocking_rule"]:
                continue
            table = "f"
            for column in spec.get("arrays_to_explode") or []:
                table = f"(SELECT * REPLACE (unnest({column}) AS {column}) FROM f)"
            if con.execute(pair.format(table, table) + f"({spec['blocking_rule']})").fetchone()[0]:
                return True
        return False
    finally:
        con.close()


# Another date, so that only the name rules can pair the two.
_OTHER_DATE = {"birth_month": 9, "dob_digits": "20120921"}


def _given(latin: str, key: str | None = None, keys: list[str] | None = None) -> dict[str, Any]:
    key = key or latin
    return {"given_latin": latin, "given_key": key, "given_keys": keys or [key], **_OTHER_DATE}


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


def test_a_diminutive_of_several_names_meets_each_through_the_surname_and_year() -> None:
    # Тоша is short for Антон and for Платон; Леся for Олеся and for Олександра.
    tosha = _given("tosha", "anton", ["anton", "platon"])
    assert _meet(tosha, left=_given("platon"))
    assert not _meet(tosha, left=_given("petro"))
    lesia = {**_given("lesia", "lesia", ["lesia", "olesia", "oleksandra"]), "sex": "F"}
    assert _meet(lesia, left={**_given("oleksandra"), "sex": "F"})
