"""Reading a birthplace as records write it: "с. Андріївка Бахмутського р-ну Донецької обл.",
"Украина, г. Мариуполь", "Mariupol, Ukraine", "Бахмут (Артемівськ)", "г.Мариуполь".

`parse_place` splits such a string into the settlement name (type prefix, raion and region
removed), other names given in brackets, and the region text it carried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ridni.names.regions import classify_region

__all__ = ["ParsedPlace", "parse_place"]

_TYPE_PREFIX = re.compile(
    r"^(?:м|г|с|смт|пгт|сщ|с-ще|сел|пос|п|д|дер|х|хут|м-ко|с-ще|селище|село|місто|город|"
    r"поселок|посёлок|деревня|хутор|village|city|town|settlement|vil|v)(?:\.\s*|\s+)",
    re.IGNORECASE,
)
_COUNTRIES = frozenset(
    {"україна", "украина", "ukraine", "ukraina", "ua", "україни", "украины", "ukr", "россия",
     "росія", "рф", "russia", "russian federation", "российская федерация"}
)  # fmt: skip
_REGION_MARKERS = re.compile(
    r"\b(?:обл|област\w*|oblast\w*|region\w*|регіон\w*|регион\w*|республік\w*|"
    r"республик\w*|republic|народн\w*|днр|лнр|dnr|lnr|dpr|lpr|ар|арк)\b",
    re.IGNORECASE,
)
_RAION = re.compile(
    r"\s+\S+\s+(?:р-н|р-ну|р-на|р-не|район|району|района|районі|raion|rayon|district)\.?(?=\s|$)",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\(([^)]*)\)")
_PARTS = re.compile(r"[,;]")


@dataclass(frozen=True, slots=True)
class ParsedPlace:
    name: str
    others: tuple[str, ...]
    region_hint: str


def _is_region_part(part: str) -> bool:
    if part.casefold() in _COUNTRIES:
        return True
    if _REGION_MARKERS.search(part):
        return True
    region_id, foreign = classify_region(part)
    # "ДНР" names a region only; "Київ", "Севастополь" are regions and places alike.
    return foreign or (region_id is not None and part.casefold() in _REGION_ONLY)


_REGION_ONLY = frozenset({"днр", "лнр", "dnr", "lnr", "dpr", "lpr", "крим", "крым", "crimea"})


def _strip_tail_region(name: str) -> tuple[str, str]:
    """ "Мариуполь Донецкой области" → ("Мариуполь", "Донецкой области")."""
    words = name.split()
    for start in range(1, len(words)):
        tail = " ".join(words[start:])
        if _REGION_MARKERS.search(tail) and classify_region(tail) != (None, False):
            return " ".join(words[:start]), tail
    return name, ""


@lru_cache(maxsize=1 << 16)
def parse_place(cleaned: str) -> ParsedPlace:
    """The settlement name, bracketed alternatives and region text of a cleaned place string."""
    parts = [p.strip() for p in _PARTS.split(cleaned) if p.strip()]
    place = next((p for p in parts if not _is_region_part(p)), parts[0] if parts else "")
    hints = [p for p in parts if p is not place and p.casefold() not in _COUNTRIES]
    others = tuple(o.strip() for o in _BRACKETED.findall(place) if o.strip())
    name = " ".join(_BRACKETED.sub(" ", place).split())
    while True:
        stripped = _TYPE_PREFIX.sub("", name, count=1)
        if stripped == name or not stripped:
            break
        name = stripped
    name, tail = _strip_tail_region(name)
    if tail:
        hints.insert(0, tail)
    name = _RAION.sub("", name).strip()
    return ParsedPlace(name, others, ", ".join(hints))


def is_region_only(cleaned: str) -> bool:
    """The string names only a region or a country ("Донецька область", "ДНР", "Україна")."""
    parts = [p.strip() for p in _PARTS.split(cleaned) if p.strip()]
    return bool(parts) and all(_is_region_part(p) for p in parts)
