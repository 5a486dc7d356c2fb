"""Ukrainian-side sources: the national registry and reports from relatives."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ridni.synth.people import Child, random_date
from ridni.synth.sources.base import (
    END_OF_DATA,
    Record,
    SourceInfo,
    SourceWriter,
    blank,
)


class RegistryWriter(SourceWriter):
    info = SourceInfo(
        "ua_registry.csv",
        "ua_registry",
        "official_registry",
        "Ukrainian national registry of deported and displaced children: Ukrainian "
        "forms, full dates, sex as ч/ж, parents surname-first with patronymics.",
    )
    sibling_link_rate = 0.97

    def copies(self, child: Child, rng: random.Random) -> int:
        rates = self.rates
        late_occupied = child.birth_place.occupied_since_2014 and child.birth_date >= date(
            2014, 4, 7
        )
        p = rates.p_registry_occupied_since_2014 if late_occupied else rates.p_registry
        return int(rng.random() < p)

    def record(self, child: Child, copy: int) -> Record:
        r, rates = self.render, self.rates
        row = blank()
        row["given_name"] = r.noisy(r.given_ua(child.given), typo_rate=rates.typo_registry)
        row["family_name"] = r.noisy(
            child.surname.ua_form(child.sex), typo_rate=rates.typo_registry
        )
        if not r.chance(rates.missing_patronymic * 0.25):
            row["patronymic"] = r.noisy(
                r.patronymic_ua(child.father, child.sex), typo_rate=rates.typo_registry
            )
        row["sex"] = r.keep(r.sex(child.sex, "ua"), rates.missing_field * 0.2)
        row["birth_date"] = r.birth_date(
            child.birth_date, style="iso", error_scale=0.4, partial_scale=0.2
        )
        place = child.birth_place
        row["birth_place"] = r.keep(("м. " if r.chance(0.2) else "") + place.ua)
        row["birth_region"] = r.keep(place.oblast.ua_region(short=r.chance(0.3)))
        host = child.host.name if child.host and r.chance(0.4) else child.family.home.ua
        row["last_known_place"] = r.keep(host)
        row["last_known_date"] = child.event_date.isoformat()
        if child.institution:
            row["institution"] = child.institution.ua
        row["guardian_names"] = r.keep(r.guardians(child.family, "ua", surname_first=True))
        row["notes"] = r.rng.choice(
            ("Депортація", "Примусове переміщення", "Депортація", "Зник безвісти", "")
        )
        return row

    def new_id(self, record: Record) -> str:
        return f"UA-{self._next_serial():07d}"


_REPORTERS_UA = ("мати", "батько", "бабуся", "дідусь", "тітка", "сестра", "хрещена")
_REPORTERS_RU = ("мать", "отец", "бабушка", "дедушка", "тётя", "сестра", "крёстная")


class FamilyReportWriter(SourceWriter):
    info = SourceInfo(
        "family_reports.csv",
        "family_reports",
        "family_report",
        "Reports from relatives, in Ukrainian or Russian: diminutives, DD.MM.YYYY "
        "dates, approximate last-seen dates, the reporting relatives as guardians.",
    )
    sibling_link_rate = 0.85
    _report_year = 2022

    def copies(self, child: Child, rng: random.Random) -> int:
        rates = self.rates
        p = (
            rates.p_family_report_institution
            if child.family.in_institution
            else (rates.p_family_report)
        )
        return self._one_more(rng, p, rates.p_family_report_duplicate)

    def record(self, child: Child, copy: int) -> Record:
        r, rates = self.render, self.rates
        russian = child.family.russian_speaking
        row = blank()
        if russian:
            given = r.given_ru(child.given, diminutive_rate=rates.diminutive_family)
            surname = r.surname_ru(child)
            patronymic = r.patronymic_ru(child.father, child.sex)
            place = r.place_ru(child.birth_place, soviet_rate=rates.soviet_place_name * 0.3)
            region = child.birth_place.oblast.ru_region(short=r.chance(0.5))
        else:
            given = r.given_ua(child.given, diminutive_rate=rates.diminutive_family)
            surname = child.surname.ua_form(child.sex)
            patronymic = r.patronymic_ua(child.father, child.sex)
            place = child.birth_place.ua
            region = child.birth_place.oblast.ua_region(short=r.chance(0.5))
        row["given_name"] = r.noisy(given, typo_rate=rates.typo)
        row["family_name"] = r.noisy(surname, typo_rate=rates.typo)
        if not r.chance(rates.missing_patronymic_family):
            row["patronymic"] = r.noisy(patronymic, typo_rate=rates.typo)
        row["sex"] = r.keep(r.sex(child.sex, "ru" if russian else "ua"), rates.missing_field * 3)
        row["birth_date"] = r.birth_date(child.birth_date, style="dmy")
        row["birth_place"] = r.keep(place)
        row["birth_region"] = r.keep(region, rates.missing_field * 3)
        self._last_seen(child, row, russian)
        row["guardian_names"] = r.keep(
            r.guardians(child.family, "ru" if russian else "ua", surname_first=False)
        )
        reporter, report = self.shared("report", lambda: self._report(child, russian))
        row["notes"] = (
            f"Заявитель: {reporter}; заявление от {report:%d.%m.%Y}"
            if russian
            else f"Заявник: {reporter}; заява від {report:%d.%m.%Y}"
        )
        self._report_year = report.year
        return row

    def _report(self, child: Child, russian: bool) -> tuple[str, date]:
        rng = self.rng
        reporter = rng.choice(_REPORTERS_RU if russian else _REPORTERS_UA)
        latest = min(child.event_date + timedelta(days=400), END_OF_DATA)
        return reporter, random_date(rng, child.event_date, latest)

    def _last_seen(self, child: Child, row: Record, russian: bool) -> None:
        r = self.render
        home = child.family.home
        if child.host and r.chance(0.35):
            row["last_known_place"] = child.host.name
        else:
            row["last_known_place"] = r.place_ru(home, soviet_rate=0.1) if russian else home.ua
        seen = child.event_date
        approximate = r.chance(self.rates.approximate_last_seen)
        row["last_known_date"] = seen.strftime("%Y-%m") if approximate else seen.isoformat()
        if child.institution:
            row["institution"] = r.keep(
                child.institution.ru if russian else child.institution.ua, 0.3
            )

    def new_id(self, record: Record) -> str:
        # Called right after ``record``: the id carries the year the report was filed.
        return f"FR-{self._report_year}-{self._next_serial():06d}"
