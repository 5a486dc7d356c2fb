"""Patronymics: the father's given-name class and the child's sex.

Іванович, Ивановна, Ivanovych and Ivanovich all give father "ivan"; Андрійович and Андреевич
"andrii"; Панасович and Афанасьевич "panas". The index (`data/patronymics.tsv`, built by
`build_names`) holds the rules' patronymics of the curated names and names_translator's pool
of Ukrainian patronymics with their Russian forms; anything else is cut back to its stem and
looked up as a given name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from ridni.names.given import lookup_latin
from ridni.names.keys import phonemes, render
from ridni.names.normalise import clean
from ridni.names.patronymic_rules import strip_suffix
from ridni.names.tables import read_rows

__all__ = ["Patronymic", "patronymic"]


@dataclass(frozen=True, slots=True)
class Patronymic:
    """`father_key`: the father's given-name class (a given_name key); `sex`: "M" for -ович/-ич,
    "F" for -івна/-овна/-ична; `latin`: latin_key of the patronymic."""

    father_key: str | None
    sex: str | None
    latin: str


EMPTY = Patronymic(None, None, "")

# Stem endings to try when a patronymic is not in the index, in order: Іван-ович → Іван,
# Андрі-йович → Андрій, Петр-ович → Петро, Микит-ович → Микита, Юр-ьевич → Юрий.
_STEM_ENDINGS = ("", "и", "о", "а", "еи", "ии", "иа", "ь")


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in read_rows("patronymics.tsv", "latin", "form"):
        index.setdefault(row["latin"], row["class_id"])
    return index


def patronymic(text: str | None) -> Patronymic:
    """The father's name class and the sex of a patronymic in any script."""
    return _patronymic(clean(text))


@lru_cache(maxsize=1 << 15)
def _patronymic(cleaned: str) -> Patronymic:
    folded = phonemes(cleaned)
    if not folded:
        return EMPTY
    # A patronymic is one word; "Ахмед огли" keeps the first.
    word = folded.split(" ")[0]
    stem, sex = strip_suffix(word)
    latin = render(folded)
    father = _index().get(render(word))
    if father is None and sex is not None:
        father = _father_from_stem(stem)
    return Patronymic(father, sex, latin)


def _father_from_stem(stem: str) -> str:
    """The class of the first given name the stem makes, else the stem itself."""
    for ending in _STEM_ENDINGS:
        found = lookup_latin(render(stem + ending), "M")
        if found is not None and found.key is not None and not found.is_diminutive:
            return found.key
    # Unknown name: Хутайович and Хутаевич must still agree, so the й of the name (kept by
    # Ukrainian -йович, dropped by Russian -евич) is not part of the key.
    return render(stem[:-1] if len(stem) > 2 and stem.endswith("и") else stem)
