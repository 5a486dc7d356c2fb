"""A Russian adoption database: mostly Russian children, initials, year-month dates."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from ridni.synth import places, pools, surnames
from ridni.synth.people import Child, random_date
from ridni.synth.rates import Rates
from ridni.synth.sources.base import (
    RENAMED,
    Record,
    SourceInfo,
    SourceWriter,
    Unit,
    blank,
    seen_until,
)

_PROFILES_FROM = date(2023, 1, 1).toordinal()
_PROFILES_TO = date(2025, 3, 31).toordinal()


def _profile_date(rng: random.Random, youngest_born: date) -> str:
    """When a profile was seen: 2023 – March 2025, at least two months after the birth."""
    start = max(_PROFILES_FROM, youngest_born.toordinal() + 60)
    return date.fromordinal(start + rng.randrange(max(1, _PROFILES_TO - start))).isoformat()


_ADOPTION_NOTES = (
    "Форма устройства: усыновление",
    "Форма устройства: опека",
    "Форма устройства: приёмная семья",
    "Форма устройства: опека, усыновление",
    "",
)


class AdoptionWriter(SourceWriter):
    info = SourceInfo(
        "adoption_db.csv",
        "adoption_db",
        "adoption_database",
        "A Russian adoption database, mostly Russian children: given name, surname "
        "initial only, year-month birth dates, the region where the child is.",
    )
    sibling_link_rate = 1.0

    def __init__(self, rng: random.Random, rates: Rates, next_person_id: Callable[[], str]) -> None:
        super().__init__(rng, rates, next_person_id)
        self._serial = rng.randint(1_000_000, 3_000_000)
        self._ru_given = pools.russian_given_pools()
        self._ru_surnames = surnames.russian_surnames()
        self._ua_surnames = surnames.ukrainian_surnames()
        self._cities = places.russian_cities()

    def copies(self, child: Child, rng: random.Random) -> int:
        rates = self.rates
        if child.new_identity:
            p = rates.p_adoption_renamed
        elif child.institution:
            p = rates.p_adoption_institution
        else:
            p = rates.p_adoption_family
        return int(rng.random() < p)

    def record(self, child: Child, copy: int) -> Record:
        r = self.render
        new = child.new_identity
        row = blank()
        if new:
            self.renamed_records += 1
            row[RENAMED] = "1"
            row["given_name"] = r.noisy(r.yo(new.given_ru), typo_rate=self.rates.typo)
            row["family_name"] = new.surname_for(child.sex)[0] + "."
            born = new.birth_date
            if r.chance(0.4):
                row["birth_place"] = new.birth_place.name
                row["birth_region"] = new.birth_place.region
            row["last_known_place"] = new.birth_place.region
        else:
            row["given_name"] = r.noisy(r.given_ru(child.given), typo_rate=self.rates.typo)
            row["family_name"] = r.surname_ru(child)[0] + "."
            born = child.birth_date
            row["last_known_place"] = child.host.region if child.host else ""
        if child.host_institution and (not new or new.keeps_institution) and r.chance(0.5):
            row["institution"] = child.host_institution
        row["sex"] = r.sex(child.sex, "ru")
        row["birth_date"] = r.birth_date(born, style="iso", error_scale=0.5, partial_scale=0.0)[:7]
        since = max(date(2023, 1, 1), new.change_date if new else child.event_date)
        row["last_known_date"] = self.shared(
            "shown", lambda: random_date(r.rng, since, seen_until(child, date(2025, 3, 31)))
        ).isoformat()
        row["notes"] = r.rng.choice(_ADOPTION_NOTES)
        return row

    def unrelated(self, limit: int) -> Unit:
        """Russian children (the bulk of the database): the fast path, no family objects."""
        rng, rates = self.rng, self.rates
        size = 1
        if rng.random() < rates.adoption_sibling_group:
            size = rng.choice((2, 2, 2, 3, 3, 4))
        if rng.random() < rates.adoption_ukrainian_surname:
            initial = self._ua_surnames.pick(rng).ru_form("M")[0]
        else:
            initial = self._ru_surnames.pick(rng)[0][0]
        city = self._cities.pick(rng)
        born_place = city.name if rng.random() < 0.4 else ""
        # Russian children's homes hold Russian children too (the same names as the hosts).
        institution = ""
        if rng.random() < 0.35:
            institution = places.russian_institution_name(rng.randrange(72), city.name)
        # The youngest first, older siblings one to four years before; none born before 2005.
        year, month = rng.randint(2005, 2023), rng.randint(1, 12)
        shown = _profile_date(rng, date(year, month, 1))
        unit: Unit = []
        used: set[str] = set()
        for _ in range(min(size, limit)):
            if year < 2005:
                break
            sex = "M" if rng.random() < 0.52 else "F"
            given = self._ru_given[sex].pick(rng)
            if given in used:
                given = self._ru_given[sex].pick(rng)
            used.add(given)
            row = blank()
            row["given_name"] = self.render.noisy(given, typo_rate=rates.typo)
            row["family_name"] = initial + "."
            row["institution"] = institution
            row["sex"] = "м" if sex == "M" else "ж"
            row["birth_date"] = f"{year:04d}-{month:02d}"
            row["birth_place"] = born_place
            row["birth_region"] = city.region if born_place else ""
            row["last_known_place"] = city.region
            row["last_known_date"] = shown
            row["notes"] = _ADOPTION_NOTES[rng.randrange(len(_ADOPTION_NOTES))]
            row["record_id"] = self.new_id(row)
            unit.append((self.next_person_id(), row))
            year, month = year - rng.randint(1, 4), rng.randint(1, 12)
        return unit

    def new_id(self, record: Record) -> str:
        return str(self._next_serial())
