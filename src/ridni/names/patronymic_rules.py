"""How Ukrainian and Russian form a patronymic from the father's given name.

Used to build the patronymic index (`build_names`) and, at run time, to strip a patronymic
back to its father's name when the index does not know it.
"""

from __future__ import annotations

__all__ = ["ru_patronymics", "strip_suffix", "uk_patronymics"]

_VOWELS = "аеєиіїоуюяыэ"
_HUSHING = "жшчщц"

# Irregular pairs, name → (masculine forms, feminine forms).
_UK_SPECIAL: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "яків": (("якович",), ("яківна",)),
    "григорій": (("григорович", "григорійович"), ("григорівна", "григоріївна")),
    "ілля": (("ілліч", "іллічович"), ("іллівна", "іллічна")),
    "микола": (("миколайович",), ("миколаївна",)),
    "лев": (("львович", "левович"), ("львівна", "левівна")),
    "сава": (("савич", "савович"), ("савівна",)),
    "лука": (("лукич", "лукович"), ("луківна",)),
    "кузьма": (("кузьмич", "кузьмович"), ("кузьмівна",)),
    "хома": (("хомич", "хомович"), ("хомівна",)),
    "микита": (("микитович", "микитич"), ("микитівна",)),
    "федір": (("федорович",), ("федорівна",)),
    "сидір": (("сидорович",), ("сидорівна",)),
    "антін": (("антонович",), ("антонівна",)),
    "нестір": (("несторович",), ("несторівна",)),
}
_RU_SPECIAL: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "яков": (("яковлевич",), ("яковлевна",)),
    "лев": (("львович",), ("львовна",)),
    "павел": (("павлович",), ("павловна",)),
    "пётр": (("петрович",), ("петровна",)),
    "петр": (("петрович",), ("петровна",)),
    "михаил": (("михайлович",), ("михайловна",)),
    "илья": (("ильич",), ("ильинична",)),
    "лука": (("лукич",), ("лукинична",)),
    "кузьма": (("кузьмич",), ("кузьминична",)),
    "фома": (("фомич",), ("фоминична",)),
    "никита": (("никитич",), ("никитична",)),
    "савва": (("саввич",), ("саввична",)),
    "данила": (("данилович",), ("даниловна",)),
    "гаврила": (("гаврилович",), ("гавриловна",)),
}


def uk_patronymics(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(masculine, feminine) Ukrainian patronymics of a lower-case Ukrainian given name."""
    if name in _UK_SPECIAL:
        return _UK_SPECIAL[name]
    if not name or not name[-1].isalpha():
        return (), ()
    last = name[-1]
    if last == "й":  # Андрій → Андрійович/Андріївна, Миколай → Миколайович/Миколаївна
        return (name + "ович",), (name[:-1] + "ївна",)
    if last == "ь":  # Василь → Васильович/Василівна
        return (name + "ович",), (name[:-1] + "івна",)
    if last in "оа":  # Петро → Петрович, Микита → Микитович
        stem = name[:-1]
        return (stem + "ович", stem + "ич"), (stem + "івна",)
    if last == "я":  # Ілля-like names
        stem = name[:-1]
        return (stem + "ич", stem + "ович"), (stem + "івна",)
    if last in _VOWELS:
        return (), ()
    masculine = [name + "ович"]
    feminine = [name + "івна"]
    # Closed-syllable і is о in the other forms: Федір → Федорович (Гліб keeps its і).
    if len(name) > 3 and name[-2] == "і":
        masculine.append(name[:-2] + "о" + name[-1] + "ович")
        feminine.append(name[:-2] + "о" + name[-1] + "івна")
    return tuple(masculine), tuple(feminine)


def ru_patronymics(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(masculine, feminine) Russian patronymics of a lower-case Russian given name."""
    if name in _RU_SPECIAL:
        return _RU_SPECIAL[name]
    if not name or not name[-1].isalpha():
        return (), ()
    last = name[-1]
    if name.endswith("ий"):  # Юрий → Юрьевич, Дмитрий → Дмитриевич
        stem = name[:-2]
        return (stem + "ьевич", stem + "иевич"), (stem + "ьевна", stem + "иевна")
    if last == "й":  # Андрей → Андреевич, Николай → Николаевич
        stem = name[:-1]
        return (stem + "евич",), (stem + "евна",)
    if last == "ь":  # Игорь → Игоревич
        stem = name[:-1]
        return (stem + "евич",), (stem + "евна",)
    if last in "ая":
        stem = name[:-1]
        return (stem + "ич", stem + "ович"), (stem + "ична", stem + "овна")
    if last == "о":
        stem = name[:-1]
        return (stem + "ович",), (stem + "овна",)
    if last in _VOWELS:
        return (), ()
    if last in _HUSHING:
        return (name + "евич",), (name + "евна",)
    return (name + "ович",), (name + "овна",)


# Endings of a patronymic in the folded phoneme spelling (see keys.phonemes), longest first,
# with the sex they mark.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("инична", "F"), ("ична", "F"), ("овна", "F"), ("евна", "F"), ("ивна", "F"), ("вна", "F"),
    ("ович", "M"), ("евич", "M"), ("ич", "M"),
)  # fmt: skip


def strip_suffix(phoneme_word: str) -> tuple[str, str | None]:
    """(stem, sex) of a folded patronymic; sex is None when no patronymic ending is found."""
    for suffix, sex in _SUFFIXES:
        if phoneme_word.endswith(suffix) and len(phoneme_word) > len(suffix) + 1:
            return phoneme_word[: -len(suffix)], sex
    return phoneme_word, None
