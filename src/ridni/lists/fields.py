"""The fields a list may disclose, in their order, with Ukrainian and English labels.

A channel's disclosure policy is a subset of these; the entry reference (``ref``) is always sent,
because the other side answers with it. Nothing outside a channel's fields ever reaches a frozen
version or any of its exports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ridni.errors import Invalid


@dataclass(frozen=True)
class Field:
    key: str
    uk: str
    en: str
    short: str = ""  # a bilingual abbreviation for dense listings (the PDF), with a legend

    @property
    def label(self) -> str:
        return f"{self.uk} / {self.en}"


FIELDS: tuple[Field, ...] = (
    Field("ref", "Номер", "Ref"),
    Field("family_name", "Прізвище", "Family name"),
    Field("given_name", "Ім'я", "Given name"),
    Field("patronymic", "По батькові", "Patronymic"),
    Field("birth_date", "Дата народження", "Date of birth", "нар./b."),
    Field("sex", "Стать", "Sex", "ст./sex"),
    Field("birth_place", "Місце народження", "Place of birth", "м.н./b.pl."),
    Field("region", "Область", "Region", "обл./reg."),
    Field(
        "names_other_side",
        "Ім'я в записах іншої сторони",
        "Name in the other side's records",
        "інша ст./other",
    ),
    Field("held_place", "Де перебуває", "Where held", "перебуває/held"),
    Field("institution", "Заклад", "Institution", "закл./inst."),
    Field("siblings", "Брати й сестри в списку", "Siblings on this list", "брати, сестри/sib."),
    Field("guardians", "Батьки, опікуни", "Parents, guardians", "батьки/parents"),
)
BY_KEY = {f.key: f for f in FIELDS}
ALWAYS = ("ref",)
CHOOSABLE = tuple(f.key for f in FIELDS if f.key not in ALWAYS)

# Ready-made policies (the demo's two channels and sensible starting points).
PRESETS: dict[str, tuple[str, ...]] = {
    "names_and_dates": ("family_name", "given_name", "patronymic", "birth_date"),
    "places_and_siblings": (
        "family_name",
        "given_name",
        "patronymic",
        "birth_date",
        "sex",
        "birth_place",
        "region",
        "held_place",
        "institution",
        "siblings",
    ),
}


def normalise_fields(keys: Iterable[str]) -> list[str]:
    """The given field keys in catalogue order, with ``ref``; unknown keys are refused."""
    wanted = {k.strip() for k in keys if k and k.strip()}
    unknown = sorted(wanted - set(BY_KEY))
    if unknown:
        raise Invalid(
            f"unknown fields {', '.join(unknown)}; choose from {', '.join(CHOOSABLE)}",
            field="fields",
        )
    if not wanted - set(ALWAYS):
        raise Invalid(
            "a channel must receive at least one field besides the reference", field="fields"
        )
    return [f.key for f in FIELDS if f.key in wanted or f.key in ALWAYS]


def parse_fields(text: str) -> list[str]:
    """Fields from a comma-separated text, or a preset's name."""
    text = (text or "").strip()
    if text in PRESETS:
        return normalise_fields(PRESETS[text])
    return normalise_fields(text.split(","))


def labels(keys: Iterable[str]) -> list[str]:
    return [BY_KEY[k].label for k in keys]
