"""Surname keys robust to russification and romanisation.

`surname_key` is `latin_key` (which already folds і/и/ы, г/h/g, є/е, ї, ь, the apostrophe and
every romanisation) plus the surname-specific rules, each for the pairs that need it:
- first syllable е = и (the Ukrainian і from old ѣ is Russian е): Білик/Белик/Bilyk/Belik,
  Білоус/Белоус, Діденко/Деденко. It also merges Лисенко with Лесенко; the given name, birth
  date and the rest of the record tell those apart.
- roots Чорн-/Черн-, Жовт-/Желт-, Вовк-/Волк-, Під-/Под-: Чорновол/Черновол, Жовтяк/Желтяк,
  Підгайський/Подгайский.
- -ів-/-ев-/-ов- before -ськ-/-цьк-: Павлівська/Павловская, Могилівський/Могилевский.
- final -иця = -ица: Палиця/Палица, Василиця/Василица.
- -ов = -ев at the end (Ukrainian -ьов/-йов, Russian -ёв/-ев, KMU drops the soft sign):
  Ковальов/Ковалёв/Kovalov/Kovalev, Соловйов/Solovyov; also -off/-eff.
- Russian adjectival -ая = Ukrainian -а (Згурська/Згурская/Zgurskaya, Лозова/Лозовая), and
  Russian stressed -ой = -ий (Лозовий/Лозовой).
The feminine and masculine endings stay apart: -ська/-ская/-ska/-skaya all give "...ska",
-ський/-ский/-skyi/-ski give "...ski", Ковальова/Ковалева give "...ova": the sex of a surname
is compared separately (a girl and her father do not share a surname key).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ridni.names.keys import CONSONANTS, phonemes, render
from ridni.names.normalise import clean

__all__ = ["is_initial_only", "surname_initial", "surname_key"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ROOTS = re.compile(r"\b(?:чорн|жовт|вовк|вовч|пид)")
_ROOT_MAP = {"чорн": "черн", "жовт": "желт", "вовк": "волк", "вовч": "волч", "пид": "под"}
_SKY_STEM = re.compile(r"[иео]в(?=[сц]к)")
_FIRST_NUCLEUS = re.compile(f"^([{CONSONANTS}]*)[еи](?![аеиоу])")
_OV_EV = re.compile(r"(?:[ое]в|[ое]ф)(а?)\b")


_OV_ENDINGS = ("ов", "ев", "оф", "еф", "ова", "ева", "офа", "ефа")


def _fold_word(word: str) -> str:
    word = _ROOTS.sub(lambda m: _ROOT_MAP[m.group(0)], word)
    word = _FIRST_NUCLEUS.sub(r"\1е", word, count=1)
    if "ск" in word or "цк" in word:
        word = _SKY_STEM.sub("ов", word)
    if word.endswith("циа"):
        word = word[:-3] + "ца"
    if word.endswith("аиа"):
        word = word[:-3] + "а"
    elif word.endswith("ои"):
        word = word[:-2] + "и"
    if word.endswith(_OV_ENDINGS):
        word = _OV_EV.sub(r"ов\1", word)
    return word


@lru_cache(maxsize=1 << 17)
def surname_key(text: str | None) -> str:
    """A key on which the Ukrainian, Russian and romanised forms of a surname meet.

    Коваленко/Kovalenko, Поліщук/Полищук/Polishchuk, Соловйов/Соловьёв/Solovyov,
    Лук'яненко/Лукьяненко/Lukyanenko, Згурський/Згурский/Zgurskiy, Ґалаґан/Галаган. "" for
    None or blank; a double-barrelled surname keeps its words in order.
    """
    folded = phonemes(text)
    if not folded:
        return ""
    return render(" ".join(_fold_word(word) for word in folded.split(" ")))


# The one-letter initial of a surname, chosen so a Cyrillic initial and the Latin initial of
# the same surname agree in as many romanisations as possible:
# - г and х go with their Latin first letters: Г→"g" (H/G), Х→"k" (Kh in KMU, ICAO, BGN);
# - ж, з → "z" (Zh, Z); ч → "c" (Ch, Cz); ц → "t" (Ts, Tc); ш, щ, с → "s" (Sh, Shch, Sch, S);
# - every front vowel or glide (е є э и і ї й ю я ы and Latin E I Y J) → "i": Єрмоленко is
#   Yermolenko, Ermolenko or Jermolenko, Юрченко Yurchenko, Iurchenko or Jurtschenko.
_INITIAL = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "i", "ж": "z", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "k", "ц": "t", "ч": "c", "ш": "s", "щ": "s",
}  # fmt: skip
# Latin initials as written ("K.", "Kh.", "Sch."): the spelling the romanisations give.
_LATIN_INITIALS = _words(
    "a b c d e f g h i j k l m n o p r s t u v w x y z kh zh ch sh ts tc tch tsch sch shch "
    "cz sz ya yu ye yi ia iu ie ja ju je ji ou"
)
_CYRILLIC_INITIAL = re.compile(r"[а-яґєіїё]", re.IGNORECASE)


def _latin_initial(letters: str) -> str | None:
    if letters == "c":
        return "c"  # a bare C. stands for Ch- (Чорний) or Polish C- (Ц), not for K
    return _INITIAL.get(phonemes(letters)[:1])


@lru_cache(maxsize=1 << 16)
def surname_initial(text: str | None) -> str | None:
    """The surname's initial as one Latin letter ("К.", "K", "Kh.", "Коваленко", "Харченко"
    all give "k"); None for an empty value."""
    cleaned = clean(text)
    if not cleaned:
        return None
    letters = re.sub(r"[^\w]", "", cleaned.split()[0]).lower()
    if not letters:
        return None
    if is_initial_only(cleaned) and not _CYRILLIC_INITIAL.match(letters):
        return _latin_initial(letters)
    if letters[0] in "оo":
        return "o"  # Олександренко: latin_key's олекс→алекс must not move the initial
    folded = phonemes(cleaned)
    return _INITIAL.get(folded[:1]) if folded else None


@lru_cache(maxsize=1 << 16)
def is_initial_only(text: str | None) -> bool:
    """True when the surname is only an initial: "К.", "K", "Kh.", "Ю.", "Sch."."""
    cleaned = clean(text)
    if not cleaned:
        return False
    letters = re.sub(r"[.\s]", "", cleaned).lower()
    if len(letters) == 1 and letters.isalpha():
        return True
    return letters in _LATIN_INITIALS
