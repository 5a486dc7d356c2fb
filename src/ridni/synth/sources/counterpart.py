"""The other party's lists: the ombudsman's and the occupation authorities'."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from ridni.synth.people import Child, Family, PeopleFactory, random_date
from ridni.synth.rates import Rates
from ridni.synth.sources.base import (
    OCCUPIED_OBLASTS,
    RENAMED,
    Record,
    SourceInfo,
    SourceWriter,
    blank,
    seen_until,
)


class _CounterpartBase(SourceWriter):
    """Russian forms throughout; renamed children appear under their new identity."""

    soviet_scale = 1.0
    list_start = date(2022, 6, 1)
    list_end = date(2024, 6, 30)

    def record(self, child: Child, copy: int) -> Record:
        # Siblings are on the same list: one date, and either all old or all new identities.
        listed, roll = self.shared("listing", lambda: self._listing(child))
        new = child.new_identity
        if new and listed >= new.change_date and roll < self.rates.rename_in_counterpart:
            row = self._renamed(child, listed)
        else:
            row = self._russian(child)
        row["last_known_date"] = listed.isoformat()
        return row

    def _listing(self, child: Child) -> tuple[date, float]:
        earliest = max(self.list_start, child.event_date + timedelta(days=20))
        latest = max(earliest, min(self.list_end, seen_until(child)))
        return random_date(self.rng, earliest, latest), self.rng.random()

    def _russian(self, child: Child) -> Record:
        r, rates = self.render, self.rates
        row = blank()
        keep_ua = r.chance(rates.counterpart_keeps_ua_form)
        given = child.given.ukrainian if keep_ua else r.given_ru(child.given)
        surname = child.surname.ua_form(child.sex) if keep_ua else r.surname_ru(child)
        row["given_name"] = r.noisy(given, typo_rate=rates.typo)
        row["family_name"] = r.cased(
            r.noisy(surname, typo_rate=rates.typo), rates.uppercase_surname
        )
        if not r.chance(rates.missing_patronymic):
            row["patronymic"] = r.noisy(
                r.patronymic_ru(child.father, child.sex), typo_rate=rates.typo
            )
        row["sex"] = r.keep(r.sex(child.sex, "ru"))
        row["birth_date"] = r.birth_date(child.birth_date, style=self.date_style(), error_scale=1.5)
        place = child.birth_place
        row["birth_place"] = r.keep(
            r.place_ru(place, soviet_rate=min(0.95, rates.soviet_place_name * self.soviet_scale))
        )
        row["birth_region"] = r.keep(r.region_ru(place.oblast, republic_rate=rates.region_republic))
        row["last_known_place"] = child.host.name if child.host else ""
        row["institution"] = self._institution(child)
        if not child.family.in_institution and r.chance(rates.counterpart_lists_parents):
            row["guardian_names"] = r.guardians(child.family, "ru", surname_first=True)
        return row

    def _renamed(self, child: Child, listed: date) -> Record:
        self.renamed_records += 1
        r, rates = self.render, self.rates
        new = child.new_identity
        assert new is not None
        row = blank()
        row[RENAMED] = "1"
        row["given_name"] = r.noisy(r.yo(new.given_ru), typo_rate=rates.typo)
        row["family_name"] = r.cased(r.yo(new.surname_for(child.sex)), rates.uppercase_surname)
        row["patronymic"] = r.patronymic_ru(new.father, child.sex)
        row["sex"] = r.keep(r.sex(child.sex, "ru"))
        row["birth_date"] = r.birth_date(new.birth_date, style=self.date_style(), error_scale=0.5)
        row["birth_place"] = new.birth_place.name
        row["birth_region"] = r.keep(new.birth_place.region)
        row["last_known_place"] = new.birth_place.name
        row["guardian_names"] = "; ".join(r.yo(g) for g in new.guardians)
        if new.keeps_institution and child.institution:
            row["institution"] = child.institution.ru
        return row

    def origin_rate(self) -> float:
        return self.rates.counterpart_origin_institution

    def _institution(self, child: Child) -> str:
        if child.institution and self.render.chance(self.origin_rate()):
            return child.institution.ru
        return child.host_institution or ""

    def date_style(self) -> str:
        return "dmy"


class OmbudsmanWriter(_CounterpartBase):
    info = SourceInfo(
        "counterpart_ombudsman.csv",
        "counterpart_ombudsman",
        "counterpart_list",
        "Lists handed over by the Russian ombudsman's office: Russian name forms, "
        "russified surnames, Soviet-era places, ДНР/ЛНР as region, changed dates, "
        "renamed children under their new identity.",
    )
    sibling_link_rate = 0.8

    def copies(self, child: Child, rng: random.Random) -> int:
        return self._one_more(rng, self.rates.p_counterpart, self.rates.p_counterpart_duplicate)

    def new_id(self, record: Record) -> str:
        serial = self._next_serial()
        return f"RU-OMB-{serial // 2500 + 1:02d}-{serial % 2500 + 1:05d}"


class OccupiedListWriter(_CounterpartBase):
    info = SourceInfo(
        "counterpart_occupied.csv",
        "counterpart_occupied",
        "counterpart_list",
        "Lists of children in institutions from the occupation authorities "
        "(ДНР, ЛНР, Kherson, Zaporizhzhia, Crimea): occupation-era place names, "
        "institutions under their Russian names.",
    )
    sibling_link_rate = 0.9
    soviet_scale = 1.8
    list_start = date(2022, 5, 1)
    list_end = date(2023, 12, 31)

    def __init__(self, rng: random.Random, rates: Rates, next_person_id: Callable[[], str]) -> None:
        super().__init__(rng, rates, next_person_id)
        self._counters: dict[str, int] = {}
        self._code = "OTH"

    def copies(self, child: Child, rng: random.Random) -> int:
        if child.family.home.oblast.ua not in OCCUPIED_OBLASTS:
            return 0
        rates = self.rates
        p = rates.p_occupied_list_institution if child.institution else rates.p_occupied_list_other
        return int(rng.random() < p)

    def _unrelated_family(self) -> Family:
        """Mostly institution children, always from the occupied oblasts."""
        if self._factory is None:
            self._factory = PeopleFactory(self.rng, self.rates)
        in_institution = self.rng.random() < 0.8
        for _ in range(100):
            family = self._factory.family(0, in_institution=in_institution)
            if family.home.oblast.ua in OCCUPIED_OBLASTS:
                break
        return family

    def record(self, child: Child, copy: int) -> Record:
        # Each occupation administration numbers its own list.
        self._code = OCCUPIED_OBLASTS.get(child.family.home.oblast.ua, "OTH")
        return super().record(child, copy)

    def origin_rate(self) -> float:
        return self.rates.occupied_origin_institution

    def date_style(self) -> str:
        return "iso" if self.rng.random() < 0.5 else "dmy"

    def new_id(self, record: Record) -> str:
        self._counters[self._code] = self._counters.get(self._code, 0) + 1
        return f"{self._code}-{self._counters[self._code]:05d}"
