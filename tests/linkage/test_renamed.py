"""The name-free model for renamed children: who it may offer as a renaming, and what it reads
from siblings and birthplaces. Scored with fixed parameters on a hand-made frame."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from ridni import names
from ridni.linkage import pipeline, renamed
from ridni.linkage.engines import Workspace, open_workspace
from ridni.linkage.model import INSTITUTION_NUMBER
from ridni.linkage.renamed import DIFFERENT_UKRAINIAN_INSTITUTIONS

DOB = "20200527"
DOB_DAYS = 18409  # 2020-05-27
TWIN_DOB = "20180304"
TWIN_DAYS = 17594  # 2018-03-04


_KINDS = {"registry": "official_registry", "adoption": "adoption_database"}


def _row(uid: int, source: str, side: str, family: str, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "unique_id": uid,
        "source": source,
        "kind": _KINDS.get(source, "counterpart_list"),
        "side": side,
        "family_key": family,
        "family_initial": family[0],
        "given_key": "oleksandr",
        "sex": "M",
        "dob_digits": DOB,
        "dob_days": DOB_DAYS,
        "birth_ym": DOB[:6],
        "birth_months": 2020 * 12 + 4,
        "institution_key": "simferopol-baby-home",
        "birth_place_key": None,
        "sibling_dobs": None,
        "sibling_years": None,
        "sibling_year_insts": None,
        "sibling_months": None,
    }
    row.update(extra)
    row.setdefault("institution_base", row["institution_key"])
    return row


_LISTS = ("sibling_dobs", "sibling_years", "sibling_year_insts", "sibling_months")
_INTEGERS = ("unique_id", "dob_days", "birth_months")


def _frame(rows: list[dict[str, Any]]) -> pa.Table:
    def kind(name: str) -> pa.DataType:
        if name in _LISTS:
            return pa.list_(pa.string())
        return pa.int64() if name in _INTEGERS else pa.string()

    return pa.Table.from_pylist(rows, schema=pa.schema([(n, kind(n)) for n in rows[0]]))


def _fixed_model(dialect: str) -> dict[str, Any]:
    """Each level of a comparison weaker evidence than the one above it (distinct weights, so
    that a score tells its level)."""
    model = renamed.settings(dialect, 0.01)
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for rank, level in enumerate(levels):
            level["m_probability"] = 0.9 / 2**rank
            level["u_probability"] = 0.1
    model["ridni_model_version"] = renamed.MODEL_VERSION
    return model


def _level(pair: dict[str, Any], comparison: str) -> str:
    """The label of the level ``pair`` reached in ``comparison``."""
    model = _fixed_model("duckdb")
    gamma = pipeline.contributions(pair, pipeline.level_weights(model))[comparison][0]
    (spec,) = [c for c in model["comparisons"] if c["output_column_name"] == comparison]
    levels = spec["comparison_levels"]
    level = levels[0] if gamma == -1 else levels[len(levels) - 1 - int(gamma)]
    return str(level["label_for_charts"])


@pytest.fixture
def workspace() -> Iterator[Workspace]:
    ws = open_workspace("duckdb")
    yield ws
    ws.close()


def _score(workspace: Workspace, rows: list[dict[str, Any]], sure: list[tuple[int, int]]):
    workspace.con.register("_frame", _frame(rows))
    workspace.con.execute("CREATE OR REPLACE TABLE frame AS SELECT * FROM _frame")
    workspace.con.unregister("_frame")
    main = pa.table(
        {
            "unique_id_l": pa.array([a for a, _ in sure], pa.int64()),
            "unique_id_r": pa.array([b for _, b in sure], pa.int64()),
            "match_probability": pa.array([0.999] * len(sure), pa.float64()),
        }
    )
    scored = renamed.score(workspace, main, 0.0, model=_fixed_model("duckdb"))
    assert scored is not None
    return {tuple(sorted((r["unique_id_l"], r["unique_id_r"]))): r for r in scored[0].to_pylist()}


def test_a_record_matched_by_name_is_not_another_childs_renaming(workspace: Workspace) -> None:
    rows = [
        _row(1, "registry", "ua", "kovalenko"),
        _row(2, "registry", "ua", "shevchuk"),
        _row(3, "ombudsman", "ru", "ivanov"),  # surely child 2 (the main model matched it)
        _row(4, "occupied", "ru", "petrov"),  # nobody's yet
    ]
    pairs = _score(workspace, rows, sure=[(2, 3)])
    assert (1, 3) not in pairs
    assert (1, 4) in pairs


def test_a_clean_list_names_a_child_once(workspace: Workspace) -> None:
    month = {"dob_digits": None, "dob_days": None, "sibling_months": ["201801"]}
    rows = [
        _row(1, "registry", "ua", "kovalenko", sibling_dobs=["20180111"]),
        _row(2, "adoption", "ru", "kovalenko", **month),  # child 1 under the old name
        _row(3, "adoption", "ru", "ivanov", **month),  # same database: not child 1 again
        _row(4, "occupied", "ru", "petrov", **month),  # another list: may be child 1 renamed
    ]
    pairs = _score(workspace, rows, sure=[(1, 2)])
    assert (1, 3) not in pairs
    assert (1, 4) in pairs


def test_a_list_may_name_a_renamed_child_again(workspace: Workspace) -> None:
    # The other side's list, re-sent after the renaming, names child 1 under both identities.
    rows = [
        _row(1, "registry", "ua", "kovalenko"),
        _row(2, "ombudsman", "ru", "kovalenko"),  # child 1 under the old name
        _row(3, "ombudsman", "ru", "ivanov"),  # the same list, the same child renamed?
    ]
    pairs = _score(workspace, rows, sure=[(1, 2)])
    assert (1, 3) in pairs


def test_twins_are_not_a_sibling_born_on_the_same_day(workspace: Workspace) -> None:
    twin = {"dob_digits": TWIN_DOB, "dob_days": TWIN_DAYS, "sibling_years": ["2018"]}
    rows = [
        _row(1, "registry", "ua", "kovalenko", sibling_dobs=[TWIN_DOB], **twin),
        _row(2, "occupied", "ru", "petrov", sibling_dobs=[TWIN_DOB], **twin),
        # Not twins: a brother born on another day, on both records.
        _row(3, "registry", "ua", "shevchuk", sibling_dobs=["20150101"], sibling_years=["2015"]),
        _row(4, "occupied", "ru", "ivanov", sibling_dobs=["20150101"], sibling_years=["2015"]),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 2)], "siblings") == "twins on both sides"
    assert _level(pairs[(3, 4)], "siblings") == "a sibling born on the same day"


def test_a_new_birthplace_abroad_is_read_as_a_possible_renaming(workspace: Workspace) -> None:
    rows = [
        _row(1, "registry", "ua", "kovalenko", birth_place_key="UA01020030040050060"),
        _row(2, "occupied", "ru", "petrov", birth_place_key="ru:podolsk"),
        _row(3, "ombudsman", "ru", "ivanov", birth_place_key="UA01020030040050060"),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 2)], "birth_country") == renamed._ABROAD_LEVEL
    assert _level(pairs[(1, 3)], "birth_country") == "born in the same country"
    assert pairs[(1, 2)]["match_probability"] > pairs[(1, 3)]["match_probability"]


def _m(model: dict[str, Any], comparison: str) -> list[float]:
    (spec,) = [c for c in model["comparisons"] if c["output_column_name"] == comparison]
    return [lv["m_probability"] for lv in spec["comparison_levels"] if not lv.get("is_null_level")]


def test_the_change_of_country_and_the_kept_given_name_are_assumptions_not_learnt() -> None:
    model = _fixed_model("duckdb")
    renamed._set_assumed_m(model)
    assert _m(model, "birth_country") == [
        renamed.NEW_BIRTHPLACE_ABROAD,
        1 - renamed.NEW_BIRTHPLACE_ABROAD,
    ]
    assert _m(model, "given_name") == [renamed.KEEPS_GIVEN_NAME, 1 - renamed.KEEPS_GIVEN_NAME]
    # the other comparisons keep what they learnt
    assert _m(model, "sex") == _m(_fixed_model("duckdb"), "sex")


def test_each_kind_of_pair_starts_from_its_own_renamings_per_pair() -> None:
    # 1,000 pairs of dated records among 900 expected matches; 99,000 with a month-only record
    # among 100: a month-only pair is far less likely a renaming before any evidence.
    tiers = renamed.Tiers(
        dated_pairs=1_000, other_pairs=99_000, dated_matches=900.0, other_matches=100.0
    )
    model = _fixed_model("duckdb")
    renamed._set_tiers(model, tiers)
    (spec,) = [c for c in model["comparisons"] if c["output_column_name"] == "pair_kind"]
    dated, month_only = spec["comparison_levels"]
    odds = tiers.prior() / (1 - tiers.prior())
    for level, matches, pairs in ((dated, 900, 1_000), (month_only, 100, 99_000)):
        start = odds * level["m_probability"] / level["u_probability"]
        assert start == pytest.approx(renamed.RENAME_SHARE * matches / pairs, rel=0.01)


def test_a_given_name_kept_through_a_renaming_is_evidence_for(workspace: Workspace) -> None:
    rows = [
        _row(1, "registry", "ua", "kovalenko"),
        _row(2, "occupied", "ru", "petrov"),  # Александр Петров: the given name kept
        _row(3, "ombudsman", "ru", "ivanov", given_key="maksim"),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 2)], "given_name") == renamed._KEPT_NAME_LEVEL
    assert _level(pairs[(1, 3)], "given_name") == "different given names"
    assert pairs[(1, 2)]["match_probability"] > pairs[(1, 3)]["match_probability"]


def test_only_children_in_care_can_be_renamed(workspace: Workspace) -> None:
    rows = [
        _row(1, "registry", "ua", "kovalenko"),  # from a children's home
        _row(2, "family", "ua", "shevchuk", institution_key=None),  # reported by the family
        _row(3, "occupied", "ru", "petrov"),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert (1, 3) in pairs
    assert (2, 3) not in pairs


# An adoption database's profile: a month of birth, no day, no surname beyond an initial.
MONTH_ONLY = {"dob_digits": None, "dob_days": None}


def test_a_month_only_profile_meets_a_record_through_a_sibling_born_that_month(
    workspace: Workspace,
) -> None:
    family = {"sibling_dobs": ["20170914"], "sibling_years": ["2017"], "sibling_months": ["201709"]}
    rows = [
        _row(1, "registry", "ua", "kovalenko", birth_place_key="UA01020030040050060", **family),
        _row(
            2,
            "adoption",
            "ru",
            "m",
            institution_key=None,
            sibling_years=["2017"],
            sibling_months=["201709"],
            birth_place_key="ru:podolsk",
            **MONTH_ONLY,
        ),
        # Same month and sex, but no sibling and no institution: nothing to reach it by.
        _row(3, "adoption", "ru", "p", institution_key=None, **MONTH_ONLY),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 2)], "birth_month") == "same month of birth (one record gives no day)"
    assert _level(pairs[(1, 2)], "sibling_months") == "a sibling born in the same month"
    # The siblings' years say nothing more: not counted twice.
    assert (
        _level(pairs[(1, 2)], "siblings") == "siblings not listed on both (or by their months only)"
    )
    # An adoption database's own children are born in Russia: no sign of a renaming there.
    assert _level(pairs[(1, 2)], "birth_country") == renamed._NO_COUNTRY
    assert (1, 3) not in pairs


def test_a_month_only_profile_meets_a_record_through_the_institution(workspace: Workspace) -> None:
    shifted = {"birth_ym": "202003", "birth_months": 2020 * 12 + 2}  # an infant's date moved
    rows = [
        _row(1, "registry", "ua", "kovalenko"),
        _row(2, "ombudsman", "ru", "petrov", **{**MONTH_ONLY, **shifted}),
        _row(3, "ombudsman", "ru", "ivanov", **MONTH_ONLY),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 3)], "birth_month") == "same month of birth (one record gives no day)"
    assert _level(pairs[(1, 3)], "birth_date") == "full date of birth missing"
    assert (1, 2) not in pairs  # blocked on the month itself: a shifted month is not reached
    assert _level(pairs[(1, 3)], "institution") == "same institution"


def test_a_month_only_pair_starts_lower_than_a_dated_one(workspace: Workspace) -> None:
    rows = [
        _row(1, "registry", "ua", "kovalenko"),
        _row(2, "occupied", "ru", "petrov"),
        _row(3, "ombudsman", "ru", "ivanov", **MONTH_ONLY),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 2)], "pair_kind") == renamed._BOTH_DATED
    assert _level(pairs[(1, 3)], "pair_kind") == renamed._MONTH_TIER


def test_two_full_dates_months_apart_are_not_read_as_a_month_only_match(
    workspace: Workspace,
) -> None:
    brother = {"sibling_dobs": ["20150101"], "sibling_years": ["2015"]}
    rows = [
        _row(1, "registry", "ua", "kovalenko", **brother),
        # 2020-01-01 and 2020-04-30: three months apart by the calendar, 120 days by the date.
        _row(
            2,
            "occupied",
            "ru",
            "petrov",
            dob_digits="20200101",
            dob_days=18262,
            birth_ym="202001",
            birth_months=2020 * 12,
            **brother,
        ),
    ]
    rows[0].update(dob_digits="20200430", dob_days=18382, birth_ym="202004")
    rows[0]["birth_months"] = 2020 * 12 + 3
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 2)], "birth_date") == "different dates of birth"
    assert _level(pairs[(1, 2)], "birth_month") == "no month-only date of birth to compare"


def _set_m(model: dict[str, Any], comparison: str, values: list[float]) -> None:
    (spec,) = [c for c in model["comparisons"] if c["output_column_name"] == comparison]
    levels = [lv for lv in spec["comparison_levels"] if not lv.get("is_null_level")]
    for level, m in zip(levels, values, strict=True):
        level["m_probability"] = m


def test_a_month_only_date_borrows_what_the_full_date_learnt() -> None:
    model = _fixed_model("duckdb")
    _set_m(model, "birth_date", [0.9, 0.06, 0.04])
    _set_m(model, "siblings", [0.3, 0.5, 0.1, 0.04, 0.03, 0.02, 0.01])
    renamed._borrow_m(model)
    for learnt, borrowed in (("birth_date", "birth_month"), ("siblings", "sibling_months")):
        day, month = _m(model, learnt), _m(model, borrowed)
        assert month[:2] == day[:2] and month[2] == pytest.approx(1 - sum(day[:2]))


def test_a_home_that_lost_its_number_is_the_same_institution(workspace: Workspace) -> None:
    home = {"institution_key": "1 child home lugan regional"}
    rows = [
        _row(
            1, "registry", "ua", "kovalenko", **home, institution_base="child home lugan regional"
        ),
        # The occupation authorities' "republican" home, without the oblast home's number.
        _row(2, "occupied", "ru", "petrov", institution_key="child home lugan regional"),
        # Another number: another home.
        _row(
            3,
            "ombudsman",
            "ru",
            "ivanov",
            institution_key="2 child home lugan regional",
            institution_base="child home lugan regional",
        ),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 2)], "institution") == INSTITUTION_NUMBER
    assert _level(pairs[(1, 3)], "institution") == DIFFERENT_UKRAINIAN_INSTITUTIONS


def test_a_placement_in_russia_is_not_another_origin_institution(workspace: Workspace) -> None:
    home = names.institution_key("Луганський обласний будинок дитини")
    rows = [
        _row(1, "registry", "ua", "kovalenko", institution_key=home),
        _row(
            2,
            "ombudsman",
            "ru",
            "petrov",
            institution_key=names.institution_key("Дом ребёнка № 9, г. Самара"),
        ),
        _row(
            3,
            "occupied",
            "ru",
            "ivanov",
            institution_key=names.institution_key("Горловский городской дом ребенка"),
        ),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 2)], "institution") == "different institutions"
    assert _level(pairs[(1, 3)], "institution") == DIFFERENT_UKRAINIAN_INSTITUTIONS


def test_the_sql_reads_an_institution_as_the_names_room_does(workspace: Workspace) -> None:
    texts = [
        "Херсонський обласний будинок дитини",
        "Горловский городской дом ребенка",
        "Дом ребёнка № 9, г. Самара",
        "ГБУ РО «Таганрогский центр помощи детям № 7»",
        "Ивано-Франковский областной дом ребенка",
        "Запорожский областной дом ребёнка",
    ]
    keys = [names.institution_key(text) for text in [*texts, None]]
    workspace.con.register("_keys", pa.table({"k": keys}))
    sql = renamed.institution_in_ukraine_sql("k")
    found = [row[0] for row in workspace.con.execute(f"SELECT {sql} FROM _keys").fetchall()]
    assert found == [names.institution_in_ukraine(key) for key in keys]
    assert found[:4] == [True, True, False, False]


def test_siblings_listed_by_one_dated_record_only(workspace: Workspace) -> None:
    sister = {"sibling_dobs": ["20150101"], "sibling_years": ["2015"]}
    rows = [
        _row(1, "registry", "ua", "kovalenko", **sister),
        _row(2, "occupied", "ru", "petrov"),
        _row(3, "ombudsman", "ru", "ivanov", **MONTH_ONLY),
        _row(4, "registry", "ua", "shevchuk"),
    ]
    pairs = _score(workspace, rows, sure=[])
    assert _level(pairs[(1, 2)], "siblings") == renamed.SIBLINGS_ON_ONE_SIDE
    # A profile's siblings are compared by their months, in a comparison of their own.
    assert (
        _level(pairs[(1, 3)], "siblings") == "siblings not listed on both (or by their months only)"
    )
    assert (
        _level(pairs[(2, 4)], "siblings") == "siblings not listed on both (or by their months only)"
    )
