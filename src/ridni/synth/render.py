"""How a child's true facts are written in Ukrainian, Russian or Latin script, with noise.

A ``Render`` holds one source's random stream and the rates; every decision to apply a channel is
taken here or in the source writers, never in ``corrupt`` (which only knows *how*).
"""

from __future__ import annotations

import random
from datetime import date

from ridni.synth import corrupt, translit
from ridni.synth.people import Adult, Child, Family
from ridni.synth.places import Oblast, Place
from ridni.synth.pools import FatherName, GivenName
from ridni.synth.rates import Rates

_SEX_FORMS = {"ua": ("ч", "ж"), "ru": ("м", "ж"), "latin": ("M", "F")}


class Render:
    def __init__(self, rng: random.Random, rates: Rates) -> None:
        self.rng = rng
        self.rates = rates

    def chance(self, rate: float) -> bool:
        return self.rng.random() < rate

    def keep(self, value: str, rate: float | None = None) -> str:
        """``value``, or empty with the missing-field rate."""
        return "" if self.chance(self.rates.missing_field if rate is None else rate) else value

    # --- names ----------------------------------------------------------------------------------
    def noisy(self, text: str, *, typo_rate: float) -> str:
        """Typos, homoglyphs and apostrophe variants on a name as written."""
        if not text:
            return text
        if self.chance(typo_rate):
            text = corrupt.typo(text, self.rng)
        if self.chance(self.rates.homoglyph):
            text = corrupt.homoglyph(text, self.rng)
        if "'" in text:
            text = (
                corrupt.apostrophe_variant(text, self.rng)
                if self.chance(self.rates.apostrophe_variant)
                else text
            )
        return text

    def yo(self, text: str) -> str:
        return text.replace("ё", "е").replace("Ё", "Е") if self.chance(self.rates.yo_as_e) else text

    def given_ua(self, name: GivenName, *, diminutive_rate: float = 0.0) -> str:
        if name.diminutives_ua and self.chance(diminutive_rate):
            return self.rng.choice(name.diminutives_ua)
        return name.ukrainian

    def given_ru(self, name: GivenName, *, diminutive_rate: float = 0.0) -> str:
        if name.diminutives_ru and self.chance(diminutive_rate):
            return self.yo(self.rng.choice(name.diminutives_ru))
        forms = name.russian
        alternative = len(forms) > 1 and self.chance(self.rates.russian_alternative_form)
        form = self.rng.choice(forms[1:]) if alternative else forms[0]
        return self.yo(form)

    def surname_ru(self, child: Child) -> str:
        if not self.chance(self.rates.surname_russified):
            return child.surname.ua_form(child.sex)
        etymological = self.chance(self.rates.surname_etymological_e)
        return self.yo(child.surname.ru_form(child.sex, etymological_e=etymological))

    def cased(self, surname: str, rate: float) -> str:
        return surname.upper() if self.chance(rate) else surname

    @staticmethod
    def patronymic_ua(father: FatherName, sex: str) -> str:
        return father.patronymic_ua[1 if sex == "F" else 0]

    def patronymic_ru(self, father: FatherName, sex: str) -> str:
        return self.yo(father.patronymic_ru[1 if sex == "F" else 0])

    def latin(self, text: str, system: str) -> str:
        return translit.romanise(text, system)

    # --- dates ----------------------------------------------------------------------------------
    def birth_date(
        self, born: date, *, style: str, error_scale: float = 1.0, partial_scale: float = 1.0
    ) -> str:
        rates = self.rates
        if self.chance(rates.day_month_swap * error_scale):
            born = corrupt.swap_day_month(born)
        if self.chance(rates.digit_error * error_scale):
            born = corrupt.digit_error(born, self.rng)
        if self.chance(rates.year_off_by_one * error_scale):
            born = corrupt.year_off_by_one(born, self.rng)
        precision = "day"
        if self.chance(rates.partial_date * partial_scale):
            precision = "month" if self.chance(0.7) else "year"
        return corrupt.format_date(born, style=style, precision=precision)

    # --- places ----------------------------------------------------------------------------------
    def place_ru(self, place: Place, *, soviet_rate: float) -> str:
        if place.soviet_ru and self.chance(soviet_rate):
            return self.yo(place.soviet_ru)
        return self.yo(place.ru[0])

    def region_ru(self, oblast: Oblast, *, republic_rate: float) -> str:
        if oblast.republic and self.chance(republic_rate):
            return self.rng.choice(oblast.republic)
        if self.chance(self.rates.region_russia):
            return "Россия"
        return oblast.ru_region(short=self.chance(0.5))

    def sex(self, child_sex: str, script: str) -> str:
        male, female = _SEX_FORMS[script]
        return female if child_sex == "F" else male

    # --- guardians -------------------------------------------------------------------------------
    @staticmethod
    def adult_ua(adult: Adult, *, surname_first: bool) -> str:
        given = adult.given.ukrainian
        surname = adult.surname.ua_form(adult.sex)
        if surname_first:
            patronymic = adult.father.patronymic_ua[1 if adult.sex == "F" else 0]
            return f"{surname} {given} {patronymic}"
        return f"{given} {surname}"

    def adult_ru(self, adult: Adult, *, surname_first: bool) -> str:
        given = (
            adult.given.russian if isinstance(adult.given, FatherName) else (adult.given.russian[0])
        )
        surname = adult.surname.ru_form(adult.sex, yo=False)
        if surname_first:
            patronymic = adult.father.patronymic_ru[1 if adult.sex == "F" else 0]
            return self.yo(f"{surname} {given} {patronymic}")
        return self.yo(f"{given} {surname}")

    def guardians(self, family: Family, script: str, *, surname_first: bool) -> str:
        adults = [a for a in (family.mother, family.father) if a is not None]
        if script == "ua":
            names = [self.adult_ua(a, surname_first=surname_first) for a in adults]
        else:
            names = [self.adult_ru(a, surname_first=surname_first) for a in adults]
        return "; ".join(names)
