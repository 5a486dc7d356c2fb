"""Open-source sightings: any script, diminutives, ages, camps."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ridni.synth import places, translit
from ridni.synth.people import Child, age_between, random_date
from ridni.synth.sources.base import (
    Record,
    SourceInfo,
    SourceWriter,
    blank,
    seen_until,
)

_OSINT_NOTES_RU = (
    "Видео в Telegram-канале",
    "Репортаж федерального телеканала",
    "Фото в группе ВКонтакте",
    "Сюжет местных новостей",
    "Пост в Telegram",
)
_OSINT_NOTES_UA = ("Відео в Telegram", "Фото з російських медіа", "Допис у соцмережі")
_OSINT_NOTES_LATIN = (
    "Seen in a Russian state TV report",
    "Photo in a Telegram channel",
    "Named in a press investigation",
    "Social media post",
)


class OsintWriter(SourceWriter):
    info = SourceInfo(
        "osint_sightings.csv",
        "osint_sightings",
        "osint",
        "Open-source sightings: Russian forms, diminutives, Latin spellings in "
        "several systems, an age instead of a date, a camp instead of a home.",
    )
    sibling_link_rate = 0.4

    def copies(self, child: Child, rng: random.Random) -> int:
        return self._one_more(rng, self.rates.p_osint, self.rates.p_osint_duplicate)

    def record(self, child: Child, copy: int) -> Record:
        r, rates = self.render, self.rates
        seen = self.shared(
            "seen",
            lambda: random_date(r.rng, child.event_date + timedelta(days=10), seen_until(child)),
        )
        script = (
            "latin"
            if r.chance(rates.latin_osint)
            else ("ru" if r.chance(rates.russian_form_osint) else "ua")
        )
        given, surname = self._names(child, script, seen)
        row = blank()
        row["given_name"] = r.noisy(given, typo_rate=rates.typo)
        if not r.chance(rates.missing_surname_osint):
            row["family_name"] = r.noisy(surname, typo_rate=rates.typo)
        row["sex"] = r.keep(r.sex(child.sex, "latin" if script == "latin" else "ru"), 0.5)
        if r.chance(rates.age_instead_of_date):
            age = age_between(child.birth_date, seen)
            off = r.rng.choice((-1, 1)) if r.chance(rates.age_off_by_one) else 0
            row["age"] = str(max(0, age + off))
        else:
            row["birth_date"] = r.birth_date(child.birth_date, style="dmy", partial_scale=3.0)
        row["birth_place"] = r.keep(self._place(child, script), 0.5)
        self._where(child, row, script, seen)
        row["last_known_date"] = seen.isoformat()
        notes = {"latin": _OSINT_NOTES_LATIN, "ru": _OSINT_NOTES_RU, "ua": _OSINT_NOTES_UA}
        row["notes"] = r.rng.choice(notes[script])
        return row

    def _names(self, child: Child, script: str, seen: date) -> tuple[str, str]:
        r, rates = self.render, self.rates
        new = child.new_identity
        if new and seen >= new.change_date and r.chance(rates.osint_shows_new_identity):
            given, surname = new.given_ru, new.surname_for(child.sex)
            return (
                (r.latin(given, "ru_bgn"), r.latin(surname, "ru_bgn"))
                if script == "latin"
                else (given, surname)
            )
        if script == "ua":
            return r.given_ua(
                child.given, diminutive_rate=rates.diminutive_osint
            ), child.surname.ua_form(child.sex)
        if script == "ru":
            return r.given_ru(child.given, diminutive_rate=rates.diminutive_osint), r.surname_ru(
                child
            )
        system = translit.osint_system(r.rng)
        if system.startswith("ua_"):
            given = r.given_ua(child.given, diminutive_rate=rates.diminutive_osint)
            return r.latin(given, system), r.latin(child.surname.ua_form(child.sex), system)
        given = r.given_ru(child.given, diminutive_rate=rates.diminutive_osint)
        return r.latin(given, system), r.latin(r.surname_ru(child), system)

    def _place(self, child: Child, script: str) -> str:
        place = child.birth_place
        if script == "latin":
            return place.latin
        if script == "ru":
            return self.render.place_ru(place, soviet_rate=self.rates.soviet_place_name)
        return place.ua

    def _where(self, child: Child, row: Record, script: str, seen: date) -> None:
        r = self.render
        # Camps take school-age children; siblings seen together are seen at the same camp.
        camp_roll, (camp, city) = self.shared(
            "camp", lambda: (r.rng.random(), r.rng.choice(places.camps()))
        )
        if child.age_at(seen) >= 7 and camp_roll < self.rates.camp_as_last_place:
            row["last_known_place"] = city.name
            row["institution"] = camp
        elif child.host:
            row["last_known_place"] = child.host.name
            if child.host_institution and r.chance(0.5):
                row["institution"] = child.host_institution
        if script == "latin":
            row["last_known_place"] = translit.romanise(row["last_known_place"], "ru_bgn")
            row["institution"] = translit.romanise(row["institution"], "ru_bgn")

    def new_id(self, record: Record) -> str:
        return f"OS-{self._next_serial():06d}"
