"""Records → comparable features: the linkage model's input, and the search index.

Pure: a record goes in as a mapping of its normalised canonical fields, keys come out. All the
language knowledge lives in ``ridni.names``; this module only decides which key goes where.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ridni import names

# Which side of the conflict a source speaks for. Ukrainian-side and Russian-side records meeting
# is what negotiation needs; OSINT and other sources are neutral.
SIDE_BY_KIND = {
    "official_registry": "ua",
    "family_report": "ua",
    "return_list": "ua",
    "counterpart_list": "ru",
    "adoption_database": "ru",
}

_EPOCH = date(1970, 1, 1)

# Stored with every feature row; a record whose features carry another version is recomputed.
# Bump the suffix when this module's choices change (the names room bumps its own version).
# f8: a bare town name abroad that is only a village or two in Ukraine is the town (place keys).
# f9: institution keys read Сватівська, Олешківська, Алешкинская as their towns.
# f10: a town abroad in an institution's name is not cut to a Ukrainian town's stem (Самара).
FEATURES_VERSION = f"{names.NAMES_VERSION}-f10"


@dataclass(frozen=True)
class BirthDate:
    year: int | None
    month: int | None
    day: int | None

    @property
    def full(self) -> bool:
        return self.day is not None

    @property
    def day_number(self) -> int | None:
        """Days since 1970-01-01 for a full date (to compare shifts in plain integer SQL)."""
        if not self.full:
            return None
        try:
            return (date(self.year, self.month, self.day) - _EPOCH).days  # type: ignore[arg-type]
        except ValueError:
            return None

    @property
    def digits(self) -> str | None:
        """'YYYYMMDD' for a full date: a single mistyped digit is an edit distance of one."""
        if not self.full:
            return None
        return f"{self.year:04d}{self.month:02d}{self.day:02d}"


def parse_partial_date(text: str | None) -> BirthDate:
    """Read the registry's normalised dates: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'."""
    if not text:
        return BirthDate(None, None, None)
    parts = [int(p) for p in text.split("-")]
    parts += [None] * (3 - len(parts))  # type: ignore[list-item]
    return BirthDate(parts[0], parts[1], parts[2])


def age_birth_year(age: int | None, at: str | None) -> int | None:
    """The birth year implied by an age at a date (its year, give or take one)."""
    if age is None or not at:
        return None
    return parse_partial_date(at).year - age if parse_partial_date(at).year else None


def age_window(age: int | None, at: str | None) -> tuple[int | None, int | None]:
    """The days (since 1970) a child aged ``age`` at ``at`` can have been born on: after the
    day (age + 1) years before, and on or before the day ``age`` years before. A partial date
    of the sighting widens the window to cover its whole month or year."""
    when = parse_partial_date(at)
    if age is None or when.year is None or not 0 <= age < 30:
        return None, None
    first = date(when.year, when.month or 1, when.day or 1)
    last = date(when.year, when.month or 12, when.day or _month_end(when.year, when.month or 12))
    return (
        (_years_before(first, age + 1) - _EPOCH).days + 1,
        (_years_before(last, age) - _EPOCH).days,
    )


def _month_end(year: int, month: int) -> int:
    return ((date(year + month // 12, month % 12 + 1, 1)) - date(year, month, 1)).days


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _keys_text(keys: Iterable[str | None]) -> str | None:
    kept = sorted({k for k in keys if k})
    return " ".join(kept) if kept else None


def guardian_keys(text: str | None) -> str | None:
    """One key per guardian named in full: family-name key and given-name class
    ('Марія Коваленко; Коваленко Іван Петрович' → 'kovalenko.ivan kovalenko.mariia').

    Only full names count: a guardian's family name alone mostly repeats the child's own, and
    counting it again would inflate the evidence of every namesake.
    """
    if not text:
        return None
    keys = []
    for guardian in text.split(";"):
        given, family = _split_full_name(names.clean(guardian).split())
        if given and family:
            keys.append(f"{family}.{given}")
    return _keys_text(keys)


def _split_full_name(words: list[str]) -> tuple[str | None, str | None]:
    """(given-name class, family-name key) of a full name written in either order."""
    given = family = None
    for word in words:
        if names.patronymic(word).father_key:
            continue
        info = names.given_name(word)
        if given is None and info.canonical_uk is not None:
            given = info.key
        elif family is None:
            family = names.surname_key(word) or None
    return given, family


# The fields linking reads: ``record_features`` below, and the sibling lists (``frame``). A
# change to any other field (the notes, the raw row) leaves a record's links as they were.
LINKED_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "patronymic",
        "sex",
        "birth_date",
        "birth_place",
        "birth_region",
        "age",
        "last_known_date",
        "last_known_place",
        "institution",
        "guardian_names",
        "sibling_ids",
    }
)


def record_features(record: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """The comparable keys of one record (the columns of ``record_features``)."""
    given = names.given_name(record.get("given_name"), record.get("sex"))
    family = record.get("family_name")
    birth = parse_partial_date(record.get("birth_date"))
    region = record.get("birth_region")
    place = names.resolve_place(record.get("birth_place"), region)
    window = age_window(record.get("age"), record.get("last_known_date"))
    held = names.whereabouts(record.get("last_known_place"))
    return {
        "side": SIDE_BY_KIND.get(kind),
        "script": names.detect_script(
            " ".join(filter(None, (record.get("given_name"), family, record.get("patronymic"))))
        ),
        "given_key": given.key,
        "given_keys": _keys_text(given.keys),
        "given_latin": given.latin or None,
        "family_key": None
        if names.is_initial_only(family)
        else (names.surname_key(family) or None),
        "family_initial": names.surname_initial(family),
        "patronymic_key": names.patronymic(record.get("patronymic")).father_key,
        "sex": record.get("sex") or given.sex,
        "birth_year": birth.year,
        "birth_month": birth.month,
        "birth_day": birth.day,
        "age_birth_year": age_birth_year(record.get("age"), record.get("last_known_date")),
        "age_born_from": window[0],
        "age_born_to": window[1],
        "birth_place_key": names.place_key(record.get("birth_place"), region),
        # The place's name alone: a village name shared by many villages may resolve to
        # different ones when one record gives the oblast and the other does not.
        "birth_place_name": (
            names.latin_key(place.name_uk) if place else names.latin_key(record.get("birth_place"))
        )
        or None,
        # A record that names only the town still says which oblast the child is from.
        "region_key": names.region_key(region) or (place.region_id if place else None),
        # Where the child is held or was last seen: the town, and its region (Russian regions
        # too), so that a counterpart list, an adoption database and a sighting can meet.
        "last_place_key": held.place,
        "last_region_key": held.region,
        "institution_key": names.institution_key(record.get("institution")),
        "guardian_keys": guardian_keys(record.get("guardian_names")),
        "names_version": FEATURES_VERSION,
    }
