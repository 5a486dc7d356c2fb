"""The main model's levels read as their labels say: each level's SQL evaluated on a pair."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pytest

from ridni.linkage.model import (
    DATES_YEARS_APART,
    INSTITUTION_NUMBER,
    NO_AGE,
    SIBLING_MONTH,
    SIBLING_MONTHS_DIFFER,
    WHEREABOUTS_SAID,
    YEAR_TYPO,
    YEARS_APART,
    comparisons,
)


def _level(comparison: str, pair: dict[str, Any]) -> str:
    """The label of the first level of ``comparison`` whose condition holds for ``pair``
    (columns named with their _l and _r suffixes), as Splink tries them."""
    (spec,) = [
        c.create_comparison_dict("duckdb")
        for c in comparisons()
        if c.create_comparison_dict("duckdb")["output_column_name"] == comparison
    ]
    # Typed by name, given as parameters so that None is NULL.
    columns = ", ".join(f"CAST(? AS {_type(name)}) AS {name}" for name in pair)
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


def _type(column: str) -> str:
    if column.startswith(("guardian_", "sibling_", "self_sigs")):
        return "VARCHAR[]"
    textual = ("key", "base", "digits")
    return "VARCHAR" if any(word in column for word in textual) else "INTEGER"


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
        (2015, 2021, YEARS_APART),
        # One digit mistyped: 2005 for 2015, 2018 for 2012.
        (2005, 2015, YEAR_TYPO),
        (2012, 2018, YEAR_TYPO),
        # Ангеліна Бойко 2020 and Ангелина Бойко 12.03.2006: two children.
        (2020, 2006, YEARS_APART),
        (2009, 2012, YEARS_APART),
    ],
)
def test_a_year_alone_one_off_is_not_five_off_nor_a_typo(left: int, right: int, label: str) -> None:
    assert _level("birth_year", _years(left, right)) == label


def test_a_year_alone_is_not_compared_when_both_give_a_month() -> None:
    pair = {**_years(2015, 2021), "birth_month_l": 3}
    assert _level("birth_year", pair) == "no year of birth alone to compare"


def _dates(left: str, right: str) -> dict[str, Any]:
    pair: dict[str, Any] = {}
    for side, text in (("l", left), ("r", right)):
        day = date.fromisoformat(text)
        pair |= {
            f"dob_digits_{side}": day.strftime("%Y%m%d"),
            f"dob_days_{side}": (day - date(1970, 1, 1)).days,
            f"birth_year_{side}": day.year,
            f"birth_month_{side}": day.month,
            f"birth_day_{side}": day.day,
        }
    return pair


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ("2010-04-25", "2010-04-25", "same date of birth"),
        (
            "2010-04-25",
            "2010-05-24",
            "dates of birth within three months (an infant's date may have been changed)",
        ),
        ("2010-04-25", "2010-11-02", "different dates of birth"),
        # Софія Коваленко 25.04.2010 and София Коваленко 14.04.2019: two children.
        ("2010-04-25", "2019-04-14", DATES_YEARS_APART),
        ("2016-05-20", "2021-12-05", DATES_YEARS_APART),
    ],
)
def test_dates_years_apart_are_a_level_of_their_own(left: str, right: str, label: str) -> None:
    assert _level("birth_date", _dates(left, right)) == label


def _places(birth_l: str, last_l: str, birth_r: str, last_r: str) -> dict[str, Any]:
    return {
        "birth_place_key_l": birth_l,
        "last_place_key_l": last_l,
        "birth_place_key_r": birth_r,
        "last_place_key_r": last_r,
        "institution_key_l": None,
        "institution_key_r": None,
        "last_region_key_l": None,
        "last_region_key_r": None,
    }


def test_a_birthplace_given_again_as_the_last_place_is_counted_once() -> None:
    # Both records give the town of birth as the last known place: the place of birth has said it.
    assert _level("whereabouts", _places("snizhne", "snizhne", "snizhne", "snizhne")) == (
        WHEREABOUTS_SAID
    )
    # One record says where the child is now: that is news.
    held = "held or last seen in the same town"
    assert _level("whereabouts", _places("snizhne", "taganrog", "donetsk", "taganrog")) == held
    assert _level("whereabouts", _places("snizhne", "snizhne", "donetsk", "snizhne")) == held


def _guardians(family_l: str, family_r: str, left: list[str], right: list[str]) -> dict[str, Any]:
    return {
        "family_key_l": family_l,
        "family_key_r": family_r,
        "guardian_keys_l": left,
        "guardian_keys_r": right,
        "guardian_given_l": [k.split(".")[1] for k in left],
        "guardian_given_r": [k.split(".")[1] for k in right],
    }


def test_a_guardians_family_name_is_not_counted_again_with_the_childs() -> None:
    mother = ["boiko.tetiana"]
    # Ангеліна Бойко and Ангелина Бойко, mothers Тетяна and Татьяна Бойко: the child's family
    # name already agrees; the mother's given name is what is new.
    assert _level("guardians", _guardians("boiko", "boiko", mother, mother)) == (
        "a parent or guardian with the same given name"
    )
    # The children's family names differ (a typo, a stepfather's name): the mother's full name
    # is evidence of its own.
    assert _level("guardians", _guardians("boiko", "boyko", mother, mother)) == (
        "a parent or guardian with the same name"
    )
    assert _level("guardians", _guardians("boiko", "boiko", mother, ["boiko.olena"])) == (
        "different guardians"
    )


def _homes(left: str, right: str) -> dict[str, Any]:
    def base(key: str) -> str:
        return " ".join(t for t in key.split() if not t.isdigit())

    return {
        "institution_key_l": left,
        "institution_key_r": right,
        "institution_base_l": base(left),
        "institution_base_r": base(right),
    }


def test_an_institution_that_lost_its_number_is_not_another() -> None:
    # Луганський обласний будинок дитини №1 / Луганский республиканский дом ребёнка
    lugansk = "1 child home lugan regional"
    assert _level("institution", _homes(lugansk, "child home lugan regional")) == (
        INSTITUTION_NUMBER
    )
    assert _level("institution", _homes(lugansk, lugansk)) == "same institution"
    assert _level("institution", _homes(lugansk, "2 child home lugan regional")) == (
        "different institutions"
    )


def _ages(age_l: tuple[int, int] | None, est_l: int | None, est_r: int | None) -> dict[str, Any]:
    # Days since 1970: the window an age allows, and the day standing for a (partial) date.
    return {
        "age_born_from_l": None if age_l is None else age_l[0],
        "age_born_to_l": None if age_l is None else age_l[1],
        "birth_days_est_l": est_l,
        "age_born_from_r": None,
        "age_born_to_r": None,
        "birth_days_est_r": est_r,
    }


def test_an_age_is_compared_with_a_date_only_where_its_record_gives_none() -> None:
    october_2013 = (date(2013, 10, 15) - date(1970, 1, 1)).days
    ten_in_may_2024 = ((date(2013, 5, 24) - date(1970, 1, 1)).days, october_2013 + 200)
    # A sighting "10 years old" against a profile born in October 2013.
    sighting = _ages(ten_in_may_2024, None, october_2013)
    assert (
        _level("birth_age", sighting) == "born within the year that the age at the sighting allows"
    )
    # A relatives' report giving "2013-10" and the age 10: the months have been compared.
    report = _ages(ten_in_may_2024, october_2013, october_2013)
    assert _level("birth_age", report) == NO_AGE


def _siblings(months_l: list[str], months_r: list[str], dobs_r: list[str] | None) -> dict[str, Any]:
    # The left record is an adoption profile: its siblings by their months only.
    return {
        "self_sigs_l": None,
        "self_sigs_r": None,
        "sibling_sigs_l": None,
        "sibling_sigs_r": None if dobs_r is None else [d + "|oleh" for d in dobs_r],
        "sibling_dobs_l": None,
        "sibling_dobs_r": dobs_r,
        "sibling_months_l": months_l,
        "sibling_months_r": months_r,
        "sibling_given_l": ["anna"],
        "sibling_given_r": ["oleh"],
    }


def test_a_profiles_siblings_are_compared_by_their_months() -> None:
    same = _siblings(["201004", "201507"], ["201507"], ["20150703"])
    assert _level("sibling_months", same) == SIBLING_MONTH
    other = _siblings(["201004"], ["201507"], ["20150703"])
    assert _level("sibling_months", other) == SIBLING_MONTHS_DIFFER
    # Both with days: compared by the days, in the siblings comparison.
    dated = {**other, "sibling_dobs_l": ["20100401"], "sibling_sigs_l": ["20100401|anna"]}
    assert _level("sibling_months", dated) == "no siblings known by their months only"
    assert _level("siblings", dated) == "siblings listed, none agree"
    # One lists none: nothing to compare.
    none = {**same, "sibling_months_l": None}
    assert _level("sibling_months", none) == "no siblings known by their months only"
