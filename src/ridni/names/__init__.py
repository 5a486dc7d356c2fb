"""names: comparable keys for children's names and places across Ukrainian, Russian and Latin.

Pure functions, no database, no web; deterministic and cached per distinct value. See
docs/names.md for what each key folds and why.
"""

from ridni.names.abroad import foreign_town_place_keys
from ridni.names.given import GivenName, given_name
from ridni.names.institutions import institution_in_ukraine, institution_key, ukrainian_place_tokens
from ridni.names.keys import latin_key
from ridni.names.normalise import clean
from ridni.names.patronymic import Patronymic, patronymic
from ridni.names.places import (
    FOREIGN_HOMONYMS,
    Place,
    Whereabouts,
    place_key,
    resolve_place,
    whereabouts,
)
from ridni.names.regions import Region, region_key, resolve_region
from ridni.names.romanise import SYSTEMS_RU, SYSTEMS_UK, romanise_ru, romanise_uk
from ridni.names.script import detect_script
from ridni.names.sex import normalise_sex
from ridni.names.surname import is_initial_only, surname_initial, surname_key
from ridni.names.version import NAMES_VERSION

__all__ = [
    "FOREIGN_HOMONYMS",
    "NAMES_VERSION",
    "SYSTEMS_RU",
    "SYSTEMS_UK",
    "GivenName",
    "Patronymic",
    "Place",
    "Region",
    "Whereabouts",
    "clean",
    "detect_script",
    "foreign_town_place_keys",
    "given_name",
    "institution_in_ukraine",
    "institution_key",
    "is_initial_only",
    "latin_key",
    "normalise_sex",
    "patronymic",
    "place_key",
    "region_key",
    "resolve_place",
    "resolve_region",
    "romanise_ru",
    "romanise_uk",
    "surname_initial",
    "surname_key",
    "ukrainian_place_tokens",
    "whereabouts",
]
