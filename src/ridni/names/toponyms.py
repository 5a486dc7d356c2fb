"""Rule-derived Russian forms of Ukrainian place names, for the gazetteer's search keys.

Only the differences that `latin_key` does not already fold need rules (і/и/ы, г, є, ї, ь and
the apostrophe are folded there). The rules give candidates, not the one right answer: every
candidate becomes a search key of its place, and a wrong one costs nothing unless it equals
another place's name. Examples: Харків → Харьков, Горлівка → Горловка, Макіївка → Макеевка,
Рубіжне → Рубежное, Сватове → Сватово, Сорокине → Сорокино, Кривий Ріг → Кривой Рог,
Біла Церква → Белая Церковь (partly), Миколаїв → Николаев, Чорноморськ → Черноморск.
"""

from __future__ import annotations

import re
from itertools import product

__all__ = ["russian_forms"]

_CONS = "бвгґджзклмнпрстфхцчшщ"

# Roots whose Russian form differs by more than the folded letters.
_ROOTS = (
    ("микол", "никол"), ("микіль", "николь"), ("чорн", "черн"), ("жовт", "желт"),
    ("вугл", "угл"), ("вовч", "волч"), ("вовк", "волк"), ("кам'ян", "камен"),
    ("слов'ян", "славян"), ("південн", "южн"), ("північн", "северн"), ("під", "под"),
    ("дніпр", "днепр"), ("дністр", "днестр"), ("біл", "бел"), ("сіль", "сел"),
    ("вільн", "вольн"), ("кіров", "киров"), ("костянтин", "константин"),
)  # fmt: skip

# Fixed word endings (applied once, longest first).
_ENDINGS = (
    ("зьке", "зское"), ("цьке", "цкое"), ("ське", "ское"), ("зька", "зская"), ("цька", "цкая"),
    ("ська", "ская"), ("зький", "зский"), ("цький", "цкий"), ("ський", "ский"), ("зьк", "зск"),
    ("іне", "ино"), ("їне", "ьино"), ("ине", "ино"), ("іль", "оль"), ("інь", "ень"),
    ("ій", "ий"), ("івці", "овцы"), ("ця", "ца"),
)  # fmt: skip

# Endings with more than one Russian answer.
_CHOICES = (
    ("іївка", ("иевка", "еевка")), ("ївка", ("евка", "ьевка")), ("івка", ("овка", "евка")),
    ("їв", ("ев",)), ("ів", ("ов", "ев")), ("ий", ("ый", "ой")),
    # a town in -ове is -ово (Сватове → Сватово), an adjective -овое (Нове → Новое)
    ("ове", ("ово", "овое")), ("еве", ("ево", "евое")), ("єве", ("ево", "евое")),
    ("іве", ("иево", "ивое")), ("иве", ("иво", "ивое")),
)  # fmt: skip
# Plural adjectives before a noun: Жовті Води → Жёлтые Воды, Горішні Плавні → Горишние Плавни.
_PLURAL_ADJECTIVE = (("ні", ("ные", "ние")), ("і", ("ые", "ие")))
_ADJECTIVE_A = re.compile("(?:[нвл]|ьк|ик)а$")
# і before -ськ/-цьк is о in Russian: Івано-Франківськ → Франковск, Подільськ → Подольск.
_I_BEFORE_SK = re.compile(f"і([{_CONS}]?ь?)(?=ськ|цьк)")
_LAST_CLOSED_I = re.compile(f"і([{_CONS}]+ь?)$")
_NEUTER = re.compile(f"[{_CONS}]ь?е$")
_MAX_FORMS = 12


def _word_forms(word: str, *, adjective_position: bool) -> list[str]:
    stems = [word]
    for uk, ru in _ROOTS:
        if word.startswith(uk):
            stems.append(ru + word[len(uk) :])  # both: Біле is Белое or Билое in lists
            break
    if _I_BEFORE_SK.search(word):
        # Івано-Франківськ → Франковск, Подільськ → Подольск, but Старобільськ → Старобельск.
        stems = [_I_BEFORE_SK.sub(vowel + r"\1", stem) for stem in stems for vowel in "ое"]
    forms: list[str] = []
    for stem in stems:
        for form in _ending_forms(stem, adjective_position):
            if form not in forms:
                forms.append(form)
    return forms


def _ending_forms(word: str, adjective_position: bool) -> list[str]:
    for uk, ru in _ENDINGS:
        if word.endswith(uk):
            return [word[: -len(uk)] + ru]
    choices = _CHOICES + (_PLURAL_ADJECTIVE if adjective_position else ())
    for uk, answers in choices:
        if word.endswith(uk):
            return [word[: -len(uk)] + ru for ru in answers]
    forms = [word]
    if _NEUTER.search(word):
        forms.append(word[:-1] + "ое")  # Рубіжне → Рубежное, Криве → Кривое, Старе Село
    if _ADJECTIVE_A.search(word):
        forms.append(word + "я")  # Біла → Белая, Лозова → Лозовая, Попасна → Попасная
    if _LAST_CLOSED_I.search(word):
        forms += [_LAST_CLOSED_I.sub(r"о\1", word), _LAST_CLOSED_I.sub(r"е\1", word)]
    return forms


def _first_i_as_e(forms: list[str]) -> list[str]:
    """Рубіжне/Рубежное, Ніжин/Нежин, Сміла/Смела: an і (old ѣ) that Russian writes е."""
    extra = []
    for form in forms:
        if "і" in form:
            extra.append(form.replace("і", "е", 1))
    return forms + extra


def russian_forms(name_uk: str) -> list[str]:
    """Candidate Russian spellings of a Ukrainian place name (lower case, at most 12).

    In a name of several words each word may also stay as it is (Біла Криниця → Белая
    Криница, Белая Криниця); fully russified combinations come first.
    """
    words = name_uk.lower().split()
    per_word = []
    for position, word in enumerate(words):
        is_modifier = len(words) > 1 and position < len(words) - 1
        forms = _first_i_as_e(_word_forms(word, adjective_position=is_modifier))
        if len(words) > 1 and word not in forms:
            forms.append(word)
        per_word.append(forms)
    forms: list[str] = []
    for combination in product(*per_word):
        form = " ".join(combination)
        if form not in forms:
            forms.append(form)
        if len(forms) >= _MAX_FORMS:
            break
    return forms
