"""Renamed children (names.md §5, RF Family Code art. 134–135), in a world with many of them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from synthworld import World, read_world

from ridni.synth import Rates, generate_world
from ridni.synth.people import Child, age_between

RATES = Rates(
    rename_rate=1.0, institution_family_rate=0.5, rename_max_age=8, rename_shifts_infant_dob=1.0
)
SEED, CHILDREN = 3, 1500
RUSSIAN_SIDE = ("counterpart_ombudsman", "counterpart_occupied", "adoption_db")


@pytest.fixture(scope="module")
def renamed_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    path: Path = tmp_path_factory.mktemp("synth-renamed")
    summary = generate_world(path, children=CHILDREN, unrelated=500, seed=SEED, rates=RATES)
    return read_world(path, summary, SEED, CHILDREN, RATES)


def _shows_new_identity(child: Child, row: dict[str, str]) -> bool:
    new = child.new_identity
    if new is None:
        return False
    same_given = row["given_name"].replace("ё", "е") == new.given_ru.replace("ё", "е")
    initial = new.surname_for(child.sex)[0]
    return same_given and row["family_name"][:1].upper() == initial


def _months_from(written: str, born: date) -> int:
    """Months between a written birth date (ISO, YYYY-MM, YYYY or DD.MM.YYYY) and the true one."""
    if "." in written:
        year, month = int(written[6:]), int(written[3:5])
    else:
        year, month = int(written[:4]), int(written[5:7]) if len(written) >= 7 else born.month
    return (year - born.year) * 12 + (month - born.month)


def _new_identity_records(world: World) -> list[tuple[str, Child, dict[str, str]]]:
    return [
        (source, child, row)
        for source in RUSSIAN_SIDE
        for child, row in world.records_of_children(source)
        if _shows_new_identity(child, row)
    ]


def test_new_birth_dates_follow_article_135(renamed_world: World) -> None:
    renamed = [c for c in renamed_world.children.values() if c.new_identity]
    assert len(renamed) >= 100
    infants = 0
    for child in renamed:
        new = child.new_identity
        assert new is not None
        assert abs((new.birth_date - child.birth_date).days) <= 90
        if age_between(child.birth_date, new.change_date) >= 1:
            assert new.birth_date == child.birth_date
        else:  # rename_shifts_infant_dob is 1 in this world
            infants += 1
            assert new.birth_date != child.birth_date
    assert infants >= 3


def test_renamed_children_appear_under_their_new_identity(renamed_world: World) -> None:
    shown = _new_identity_records(renamed_world)
    # Typos can hide a few of them from this simple check, not many.
    assert len(shown) >= 0.9 * renamed_world.manifest["counts"]["renamed_records"]
    near = 0
    for source, child, row in shown:
        new = child.new_identity
        assert new is not None
        assert row["birth_place"] in ("", new.birth_place.name)
        near += abs(_months_from(row["birth_date"], child.birth_date)) <= 4
        if source != "adoption_db":
            adoptive_father = new.surname[0].replace("ё", "е")
            assert adoptive_father in row["guardian_names"].replace("ё", "е")
    assert near / len(shown) > 0.9


def test_the_clues_that_survive(renamed_world: World) -> None:
    shown = _new_identity_records(renamed_world)
    birthplaces = {row["birth_place"] for _, _, row in shown}
    assert "Подольск" in birthplaces
    origin = [
        row
        for source, child, row in shown
        if source != "adoption_db"
        and child.institution
        and row["institution"] == child.institution.ru
    ]
    assert origin, "some renamed records keep the origin institution"
    adoption = [(c, r) for s, c, r in shown if s == "adoption_db"]
    with_siblings = [
        (c, r) for c, r in adoption if sum(1 for k in c.family.children if k.new_identity) > 1
    ]
    linked = [r for _, r in with_siblings if r["sibling_ids"]]
    assert with_siblings and len(linked) / len(with_siblings) > 0.6


def test_renamed_siblings_share_one_adoptive_family(renamed_world: World) -> None:
    by_family: dict[int, set[tuple[str, str]]] = {}
    for child in renamed_world.children.values():
        if child.new_identity:
            key = (child.new_identity.surname[0], child.new_identity.guardians[0])
            by_family.setdefault(id(child.family), set()).add(key)
    assert any(
        sum(1 for c in renamed_world.children.values() if id(c.family) == family and c.new_identity)
        > 1
        for family in by_family
    )
    assert all(len(keys) == 1 for keys in by_family.values())


def test_old_records_keep_the_old_identity(renamed_world: World) -> None:
    """The registry and family reports know the child only under the Ukrainian identity."""
    for child, row in renamed_world.records_of_children("ua_registry"):
        if child.new_identity and row["birth_date"] == child.birth_date.isoformat():
            assert row["birth_date"] <= date(2023, 12, 31).isoformat()
            assert not _shows_new_identity(child, row)
