"""What each source looks like, and whether the world-level rates are respected."""

from __future__ import annotations

import re
from datetime import date

import pytest
from synthworld import World

from ridni.synth import Rates
from ridni.synth.people import age_between

CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
UKRAINIAN_ONLY = re.compile(r"[ІіЇїЄєҐґ]")
LOOKALIKES = "аеорсхіАВЕКМНОРСТХІ"
PARTIAL = re.compile(r"^\d{4}(-\d{2})?$")


def _share(flags: list[bool]) -> float:
    assert flags, "no records to measure"
    return sum(flags) / len(flags)


def _surname_forms(child) -> set[str]:
    forms = {child.surname.ua_form(child.sex)}
    for etym in (True, False):
        for yo in (True, False):
            forms.add(child.surname.ru_form(child.sex, etymological_e=etym, yo=yo))
    return forms | {f.upper() for f in forms}


def test_registry_coverage_matches_its_rate(world: World) -> None:
    rates = Rates()
    in_registry = {world.person[("ua_registry", r["record_id"])] for r in world.rows["ua_registry"]}
    ordinary = [
        c
        for c in world.children.values()
        if not (c.birth_place.occupied_since_2014 and c.birth_date >= date(2014, 4, 7))
    ]
    share = _share([c.person_id in in_registry for c in ordinary])
    assert share == pytest.approx(rates.p_registry, abs=0.03)


def test_registry_writes_ukrainian_forms_with_full_dates(world: World) -> None:
    records = world.records_of_children("ua_registry")
    assert all(r["sex"] in ("ч", "ж", "") for _, r in records)
    exact = _share([r["birth_date"] == c.birth_date.isoformat() for c, r in records])
    assert exact > 0.95
    given = _share([r["given_name"] == c.given.ukrainian for c, r in records])
    assert given > 0.95


def test_family_reports_surname_noise_is_near_the_typo_and_homoglyph_rates(world: World) -> None:
    rates = Rates()
    records = world.records_of_children("family_reports")
    noisy = _share([r["family_name"] not in _surname_forms(c) for c, r in records])
    expected = rates.typo + rates.homoglyph
    assert noisy == pytest.approx(expected, abs=0.02)


def test_family_reports_partial_dates_near_their_rate(world: World) -> None:
    share = _share([bool(PARTIAL.match(r["birth_date"])) for r in world.rows["family_reports"]])
    assert share == pytest.approx(Rates().partial_date, abs=0.02)


def test_family_reports_duplicate_some_children(world: World) -> None:
    persons = [
        world.person[("family_reports", r["record_id"])] for r in world.rows["family_reports"]
    ]
    children = [p for p in persons if p.startswith("C")]
    duplicated = len(children) - len(set(children))
    assert duplicated / len(set(children)) == pytest.approx(
        Rates().p_family_report_duplicate, abs=0.025
    )


def test_osint_gives_ages_latin_spellings_and_camps(world: World) -> None:
    rates = Rates()
    rows = world.rows["osint_sightings"]
    with_age = _share([bool(r["age"]) and not r["birth_date"] for r in rows])
    assert with_age == pytest.approx(rates.age_instead_of_date, abs=0.04)
    latin = _share([not CYRILLIC.search(r["given_name"]) for r in rows])
    assert latin == pytest.approx(rates.latin_osint, abs=0.04)
    assert any("Артек" in r["institution"] for r in rows)
    for child, row in world.records_of_children("osint_sightings"):
        if row["age"]:
            seen = date.fromisoformat(row["last_known_date"])
            assert abs(int(row["age"]) - age_between(child.birth_date, seen)) <= 1


def test_counterpart_lists_use_russian_forms_and_republic_regions(world: World) -> None:
    rows = world.rows["counterpart_ombudsman"] + world.rows["counterpart_occupied"]
    ukrainian_letters = _share(
        [bool(UKRAINIAN_ONLY.search(r["given_name"] + r["family_name"])) for r in rows]
    )
    assert ukrainian_letters < 0.12
    regions = {r["birth_region"] for r in rows}
    assert {"ДНР", "ЛНР"} <= regions
    soviet = {"Артёмовск", "Артемовск", "Красноармейск", "Дзержинск", "Стаханов", "Днепропетровск"}
    assert soviet & {r["birth_place"] for r in rows}


def test_adoption_database_has_initials_and_year_month_dates(world: World) -> None:
    rows = world.rows["adoption_db"]
    assert all(re.fullmatch(r"\w\.", r["family_name"]) for r in rows)
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["birth_date"]) for r in rows)
    assert not any(r["patronymic"] for r in rows)
    unrelated = [r for r in rows if world.person[("adoption_db", r["record_id"])].startswith("U")]
    assert len(unrelated) / len(rows) > 0.9


def test_return_list_is_in_latin_script(world: World) -> None:
    """Only the homoglyph channel may slip a Cyrillic look-alike (а for a) into a Latin name."""
    rows = world.rows["returned_children"]
    assert rows
    fields = (
        "given_name",
        "family_name",
        "patronymic",
        "birth_place",
        "birth_region",
        "guardian_names",
        "notes",
        "last_known_place",
    )
    lookalikes = re.compile(f"[{LOOKALIKES}]")
    for row in rows:
        for field in fields:
            assert not CYRILLIC.search(lookalikes.sub("", row[field])), (field, row[field])
    mixed = _share([any(lookalikes.search(row[f]) for f in fields) for row in rows])
    assert mixed <= 3 * Rates().homoglyph + 0.01


def test_twins_share_birth_date_and_surname_but_not_given_name(world: World) -> None:
    twins = [c for c in world.children.values() if c.twin]
    assert len(twins) >= 10
    by_family: dict[int, list] = {}
    for child in twins:
        by_family.setdefault(id(child.family), []).append(child)
    for pair in by_family.values():
        assert len(pair) == 2
        a, b = pair
        assert a.birth_date == b.birth_date and a.surname == b.surname
        assert a.given.ukrainian != b.given.ukrainian


def test_common_surnames_collide_as_in_reality(world: World) -> None:
    surnames = [c.surname.ua_form("M") for c in world.children.values()]
    top = max(set(surnames), key=surnames.count)
    assert surnames.count(top) >= 10
    assert len(set(surnames)) > 800


def test_institution_children_and_their_homes_appear_on_occupation_lists(world: World) -> None:
    records = world.records_of_children("counterpart_occupied")
    origin = _share(
        [
            c.institution is not None and r["institution"] == c.institution.ru
            for c, r in records
            if c.institution and not c.new_identity
        ]
    )
    assert origin > 0.7
