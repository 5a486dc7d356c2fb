"""The synthetic people: families, their children, what happened to them, and new identities.

A child's true facts live here once; every source then writes its own (corrupted) version of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ridni.synth import places, pools, surnames
from ridni.synth.pools import FatherName, GivenName
from ridni.synth.rates import Rates
from ridni.synth.surnames import Surname

WAR_START = date(2022, 2, 24)
LAST_EVENT = date(2023, 12, 31)
FIRST_BIRTH = date(2005, 1, 1)
LAST_BIRTH = date(2023, 6, 30)
# Live births in Ukraine by year, thousands (State Statistics Service; 2022–23 estimated).
_BIRTHS = {
    2005: 426,
    2006: 460,
    2007: 472,
    2008: 510,
    2009: 512,
    2010: 498,
    2011: 502,
    2012: 521,
    2013: 503,
    2014: 466,
    2015: 411,
    2016: 397,
    2017: 364,
    2018: 335,
    2019: 308,
    2020: 293,
    2021: 272,
    2022: 210,
    2023: 94,
}
# Slightly more births in summer and early autumn.
_MONTH_WEIGHTS = (8.0, 7.5, 8.2, 8.0, 8.3, 8.4, 9.0, 9.1, 8.8, 8.5, 8.0, 8.2)
_CHILDREN_PER_FAMILY = ((1, 0.45), (2, 0.33), (3, 0.15), (4, 0.07))


@dataclass(frozen=True, slots=True)
class Adult:
    given: GivenName | FatherName
    surname: Surname
    sex: str
    father: FatherName  # gives the adult's patronymic


@dataclass(slots=True)
class NewIdentity:
    """A child's identity after a change under RF Family Code art. 134–135 (names.md §5)."""

    given_ru: str
    surname: tuple[str, str]  # Russian, masculine and feminine
    father: FatherName
    birth_date: date
    birth_place: places.RuPlace
    guardians: tuple[str, ...]
    change_date: date
    keeps_institution: bool

    def surname_for(self, sex: str) -> str:
        return self.surname[1] if sex == "F" else self.surname[0]


@dataclass(slots=True)
class Child:
    person_id: str
    family: Family
    sex: str
    given: GivenName
    father: FatherName  # the patronymic's source (registered even when the father is absent)
    birth_date: date
    birth_place: places.Place
    institution: places.Institution | None = None
    event_date: date = WAR_START
    host: places.RuPlace | None = None
    host_institution: str | None = None
    returned: date | None = None
    new_identity: NewIdentity | None = None
    twin: bool = False

    @property
    def surname(self) -> Surname:
        return self.family.surname

    def age_at(self, when: date) -> int:
        return age_between(self.birth_date, when)


@dataclass(slots=True)
class Family:
    family_id: int
    surname: Surname
    home: places.Place
    father: Adult | None
    mother: Adult | None
    russian_speaking: bool
    in_institution: bool
    children: list[Child] = field(default_factory=list)


def age_between(born: date, when: date) -> int:
    return when.year - born.year - ((when.month, when.day) < (born.month, born.day))


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


class PeopleFactory:
    """Draws families and children; one instance per random stream."""

    def __init__(self, rng: random.Random, rates: Rates) -> None:
        self.rng = rng
        self.rates = rates
        self._years = list(_BIRTHS)
        self._year_weights = list(_BIRTHS.values())
        self._birthplaces = places.birthplaces()
        self._given = pools.child_given_pools()
        self._fathers = pools.father_pool()
        self._mothers = pools.mother_pool()
        self._ua_surnames = surnames.ukrainian_surnames()
        self._ru_origin = surnames.russian_origin_ua_surnames()
        self._hosts = self._institution_hosts()

    def _institution_hosts(self) -> dict[str, tuple[places.RuPlace, str]]:
        """Where each Ukrainian institution's children were taken: a city and an institution."""
        hosts = {}
        for index, institution in enumerate(places.institutions()):
            city = places.russian_cities().pick(self.rng)
            hosts[institution.ua] = (city, places.russian_institution_name(index, city.name))
        return hosts

    # --- families -------------------------------------------------------------------------------
    def family(
        self, family_id: int, size: int | None = None, *, in_institution: bool | None = None
    ) -> Family:
        rng, rates = self.rng, self.rates
        home = self._birthplaces.pick(rng)
        east = home.oblast.ua in (
            "Донецька",
            "Луганська",
            "Автономна Республіка Крим",
            "Севастополь",
        )
        ru_origin_rate = (
            rates.russian_origin_surname_east if east else (rates.russian_origin_surname_other)
        )
        surname = (self._ru_origin if rng.random() < ru_origin_rate else self._ua_surnames).pick(
            rng
        )
        if in_institution is None:
            in_institution = rng.random() < rates.institution_family_rate
        father = self._adult("M", surname)
        mother = self._adult("F", surname)
        if in_institution:
            father = None if rng.random() < 0.7 else father
            mother = None if rng.random() < 0.5 else mother
        elif rng.random() < rates.single_parent_rate:
            father = None
        speaking = rates.russian_speaking_east if east else rates.russian_speaking_other
        family = Family(
            family_id, surname, home, father, mother, rng.random() < speaking, in_institution
        )
        self._add_children(family, size or self._family_size())
        return family

    def _adult(self, sex: str, surname: Surname) -> Adult:
        rng = self.rng
        given: GivenName | FatherName = (self._fathers if sex == "M" else self._mothers).pick(rng)
        if sex == "F" and rng.random() < self.rates.mother_maiden_name_rate:
            surname = self._ua_surnames.pick(rng)
        return Adult(given, surname, sex, self._fathers.pick(rng))

    def _family_size(self) -> int:
        roll = self.rng.random()
        for size, share in _CHILDREN_PER_FAMILY:
            roll -= share
            if roll < 0:
                return size
        return 1

    def _add_children(self, family: Family, size: int) -> None:
        rng = self.rng
        dates = self._sibling_birth_dates(size)
        twins = len(dates) >= 2 and rng.random() < self.rates.twin_rate
        if twins:
            dates[1] = dates[0]
        father_name = family.father.given if family.father else self._fathers.pick(rng)
        assert isinstance(father_name, FatherName)
        used: set[str] = set()
        for index, born in enumerate(sorted(dates)):
            sex = "M" if rng.random() < 0.513 else "F"
            given = self._distinct_given(sex, born.year, used)
            elsewhere = rng.random() < self.rates.born_elsewhere
            birthplace = self._birthplaces.pick(rng) if elsewhere else family.home
            child = Child(
                person_id="",
                family=family,
                sex=sex,
                given=given,
                father=father_name,
                birth_date=born,
                birth_place=birthplace,
                twin=twins and born == dates[0] and index < 2,
            )
            family.children.append(child)

    def _distinct_given(self, sex: str, year: int, used: set[str]) -> GivenName:
        pool = self._given[(sex, year)]
        for _ in range(20):
            name = pool.pick(self.rng)
            if name.ukrainian not in used:
                break
        used.add(name.ukrainian)
        return name

    def _sibling_birth_dates(self, size: int) -> list[date]:
        """Birth dates one to seven years apart, all within 2005 – mid-2023.

        The youngest child's year follows the national births; older siblings are spaced
        backwards from it, so big families do not pile up on recent years.
        """
        rng = self.rng
        youngest = self.birth_date(rng.choices(self._years, self._year_weights)[0])
        dates = [youngest]
        for _ in range(size - 1):
            dates.append(dates[-1] - timedelta(days=rng.randint(380, 2600)))
        # Siblings born before 2005 are adults now: not among the children.
        return [d for d in reversed(dates) if d >= FIRST_BIRTH]

    def birth_date(self, year: int) -> date:
        last_month = LAST_BIRTH.month if year == LAST_BIRTH.year else 12
        month = self.rng.choices(range(1, last_month + 1), _MONTH_WEIGHTS[:last_month])[0]
        day = self.rng.randint(1, _days_in_month(year, month))
        return date(year, month, day)

    # --- what happened ------------------------------------------------------------------------
    def displace(self, family: Family) -> None:
        """Deportation dates, destinations, institutions, returns and renamings of a family."""
        rng, rates = self.rng, self.rates
        start = max(WAR_START, max(c.birth_date for c in family.children) + timedelta(days=20))
        event = random_date(rng, start, LAST_EVENT) if start < LAST_EVENT else LAST_EVENT
        host = places.russian_cities().pick(rng)
        for child in family.children:
            child.event_date = event
            child.host = host
            if family.in_institution:
                options = places.institutions_for(family.home.oblast.ua, child.age_at(event))
                child.institution = options[rng.randrange(len(options))]
                child.host, child.host_institution = self._hosts[child.institution.ua]
            if rng.random() < rates.returned_rate:
                child.returned = random_date(rng, event + timedelta(days=30), date(2024, 12, 31))
        self._maybe_rename(family)

    def _maybe_rename(self, family: Family) -> None:
        """Eligible siblings (young, in an institution) are renamed together by one family."""
        rng, rates = self.rng, self.rates
        eligible = [
            c
            for c in family.children
            if c.institution and c.age_at(c.event_date) < rates.rename_max_age and not c.returned
        ]
        if not eligible or rng.random() >= rates.rename_rate:
            return
        surname = surnames.russian_surnames().pick(rng)
        adoptive_father = pools.russian_father_pool().pick(rng)
        mother_name = pools.russian_given_pools()["F"].pick(rng)
        mother_surname = surname if rng.random() < 0.7 else surnames.russian_surnames().pick(rng)
        guardians = (
            f"{adoptive_father.russian} {surname[0]}",
            f"{mother_name} {mother_surname[1]}",
        )
        home = (
            places.podolsk_moscow()
            if rng.random() < rates.rename_birthplace_podolsk
            else places.russian_cities().pick(rng)
        )
        # Most changes come within months of the placement (Mironova: taken at 10 months in
        # Nov 2022, new record Dec 2022); a few take more than a year.
        delay = timedelta(days=30 + int(rng.expovariate(1 / 150)))
        change = min(eligible[0].event_date + delay, date(2024, 6, 30))
        for child in eligible:
            child.new_identity = NewIdentity(
                given_ru=self._new_given(child),
                surname=surname,
                father=adoptive_father,
                birth_date=self._changed_birth_date(child, change),
                birth_place=home,
                guardians=guardians,
                change_date=change,
                keeps_institution=rng.random() < rates.rename_keeps_institution,
            )

    def _new_given(self, child: Child) -> str:
        if self.rng.random() < self.rates.rename_keeps_given_name:
            return child.given.russian[0]
        pool = pools.russian_given_pools()[child.sex]
        for _ in range(20):
            name = pool.pick(self.rng)
            if name not in child.given.russian:
                return name
        return name

    def _changed_birth_date(self, child: Child, change: date) -> date:
        """Art. 135: the date may move by at most three months, only for a child under one."""
        infant = child.age_at(change) < 1
        if not infant or self.rng.random() >= self.rates.rename_shifts_infant_dob:
            return child.birth_date
        shift = self.rng.randint(1, 90) * self.rng.choice((-1, 1))
        return min(child.birth_date + timedelta(days=shift), change)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def build_children(factory: PeopleFactory, count: int, *, prefix: str = "C") -> list[Family]:
    """Families until there are ``count`` children; ids ``C000001``… in birth order of families."""
    families: list[Family] = []
    made = 0
    while made < count:
        family = factory.family(len(families) + 1)
        family.children = family.children[: count - made]
        factory.displace(family)
        for child in family.children:
            made += 1
            child.person_id = f"{prefix}{made:06d}"
        families.append(family)
    return families
