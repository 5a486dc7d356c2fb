"""Lists of returned children, in Latin script."""

from __future__ import annotations

import random

from ridni.synth import translit
from ridni.synth.people import Child
from ridni.synth.sources.base import (
    Record,
    SourceInfo,
    SourceWriter,
    Unit,
    blank,
)

_RETURN_NOTES = (
    "Returned via Belarus",
    "Returned via Qatar mediation",
    "Returned by relatives",
    "Returned via Poland",
    "Returned under the Bring Kids Back UA initiative",
)
_RETURN_POINTS = ("Kyiv", "Sumy", "Kharkiv", "Chernihiv", "Lviv", "Zaporizhzhia")


class ReturnListWriter(SourceWriter):
    info = SourceInfo(
        "returned_children.csv",
        "returned_children",
        "return_list",
        "Lists of returned children in Latin script, romanised from travel "
        "documents (Ukrainian or Russian, by issuing era).",
    )
    sibling_link_rate = 0.95

    def copies(self, child: Child, rng: random.Random) -> int:
        return int(child.returned is not None)

    def unrelated(self, limit: int) -> Unit:
        raise AssertionError("the return list holds only the world's children")

    def record(self, child: Child, copy: int) -> Record:
        r, rates = self.render, self.rates
        russian_doc = r.chance(rates.return_russian_document)
        system = translit.document_system(r.rng, child.birth_date, russian_document=russian_doc)
        if russian_doc:
            given = child.given.russian[0]
            surname = child.surname.ru_form(child.sex, yo=False)
        else:
            given, surname = child.given.ukrainian, child.surname.ua_form(child.sex)
        if r.chance(rates.return_generic_romanisation):
            system = "ua_unidecode" if not russian_doc else "ru_bgn"
        row = blank()
        row["given_name"] = r.noisy(r.latin(given, system), typo_rate=rates.typo)
        row["family_name"] = r.cased(
            r.noisy(r.latin(surname, system), typo_rate=rates.typo), rates.uppercase_surname
        )
        if r.chance(0.2):
            patronymic = (
                r.patronymic_ru(child.father, child.sex)
                if russian_doc
                else r.patronymic_ua(child.father, child.sex)
            )
            row["patronymic"] = r.latin(patronymic, system)
        sex_word = "female" if child.sex == "F" else "male"
        row["sex"] = r.keep(sex_word if r.chance(0.5) else r.sex(child.sex, "latin"))
        row["birth_date"] = r.birth_date(child.birth_date, style="dmy", error_scale=0.5)
        row["birth_place"] = r.keep(child.birth_place.latin, 0.3)
        row["birth_region"] = r.keep(
            child.birth_place.oblast.latin_region(variant=r.rng.randrange(3)), 0.3
        )
        row["last_known_place"] = r.rng.choice(_RETURN_POINTS)
        assert child.returned is not None
        row["last_known_date"] = child.returned.isoformat()
        row["guardian_names"] = r.keep(self._guardians(child), 0.4)
        row["notes"] = r.rng.choice(_RETURN_NOTES)
        return row

    def _guardians(self, child: Child) -> str:
        family = child.family
        adults = [a for a in (family.mother, family.father) if a is not None]
        return "; ".join(
            self.render.latin(f"{a.given.ukrainian} {a.surname.ua_form(a.sex)}", "ua_kmu2010")
            for a in adults
        )

    def new_id(self, record: Record) -> str:
        return f"RET-{self._next_serial():05d}"
