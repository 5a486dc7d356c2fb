"""Places outside Ukraine where deported children are held: the federal subjects of Russia and
the regions of Belarus, with their towns (``data/foreign_places.tsv``, sources in its header).

Counterpart lists say where a child is held ("Таганрог"), adoption databases give the region
("Тамбовская область"), sightings name the town or the camp's town ("Gelendzhik"). Reading all
of them to one town key and one region key lets two records of the same child meet on where the
child is, in any script. Lookup is exact on ``latin_key``: a Russian town is never guessed by
similarity (that is how "Геленджик" would become a Ukrainian village of a similar name).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from ridni.names.keys import latin_key
from ridni.names.normalise import clean
from ridni.names.placetext import parse_place
from ridni.names.regions import fold_region

__all__ = [
    "ForeignTown",
    "foreign_region",
    "foreign_town",
    "foreign_town_place_keys",
    "is_foreign_town_key",
]

# Keys of places abroad share the prefix of places the gazetteer does not know, so that a town
# missing from the table still meets itself across records ("ru:" + its latin_key).
TOWN_PREFIX = "ru:"
REGION_PREFIX = "abroad:"
_SPLIT = "|"


@dataclass(frozen=True, slots=True)
class ForeignTown:
    key: str  # "ru:" + latin_key of the town's Russian name
    region: str  # "abroad:" + the folded name of its region


@dataclass(frozen=True, slots=True)
class _Index:
    towns: dict[str, ForeignTown]  # latin_key of any name → town
    regions: dict[str, str]  # folded region name → region key


@cache
def _index() -> _Index:
    text = (resources.files("ridni") / "data" / "foreign_places.tsv").read_text(encoding="utf-8")
    towns: dict[str, ForeignTown] = {}
    regions: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        region_name, aliases, town_text = line.split("\t")
        region = REGION_PREFIX + fold_region(region_name)
        for alias in (region_name, *aliases.split(_SPLIT)):
            # The alias as written first ("Moscow oblast" is not the city), then folded.
            regions.setdefault(latin_key(alias), region)
            regions.setdefault(fold_region(alias), region)
        for town in town_text.split(_SPLIT):
            names = town.split("=")
            town_key = TOWN_PREFIX + latin_key(names[0])
            for name in names:
                towns.setdefault(latin_key(name), ForeignTown(town_key, region))
    return _Index(towns, regions)


def is_foreign_town_key(key: str) -> bool:
    """Whether a place name's ``latin_key`` is a town of the table (checked before the Ukrainian
    gazetteer guesses by similarity)."""
    return key in _index().towns


@cache
def foreign_town_place_keys() -> frozenset[str]:
    """Every ``place_key`` a town of the table gets under any of its names ("ru:podolsk")."""
    return frozenset(TOWN_PREFIX + name for name in _index().towns)


def foreign_town(text: str | None) -> ForeignTown | None:
    """The town abroad `text` names ("г. Таганрог", "Taganrog", "Подольск, Московская обл.")."""
    cleaned = clean(text)
    if not cleaned:
        return None
    # The town may follow a camp's name: "ДОЛ «Ласточка», Геленджик".
    for part in (cleaned, *cleaned.split(",")[1:]):
        parsed = parse_place(part.strip())
        for name in (parsed.name, *parsed.others):
            found = _index().towns.get(latin_key(name))
            if found is not None:
                return found
    return None


def foreign_region(text: str | None) -> str | None:
    """The region key of a Russian or Belarusian region `text` names ("Тамбовская обл.",
    "Krasnodar krai", "Республика Татарстан"), or None."""
    cleaned = clean(text)
    if not cleaned:
        return None
    regions = _index().regions
    for part in cleaned.replace(";", ",").split(","):
        found = regions.get(latin_key(part)) or regions.get(fold_region(part))
        if found is not None:
            return found
    return None
