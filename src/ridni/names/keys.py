"""`latin_key`: one spelling-neutral key for a name in Ukrainian, Russian or any Latin script.

Both scripts are first turned into one *phoneme string* written with a reduced set of Cyrillic
letters (Cyrillic is unambiguous, Latin is not), then the rules below fold the differences
between Ukrainian and Russian spelling and between the romanisation systems, and the result is
written out in ASCII. Each rule is kept for the example that needs it:

Cyrillic side
- і, и, ы, й all become и; ї → ии, є → ие, ю → иу, я → иа: Лисенко/Лысенко, Андрій/Андрей,
  Юлія/Юлия, Єва/Ева. ґ → г. э → е. ь, ъ and the apostrophe are dropped (Лук'яненко/Лукьяненко).
- ё → е; Ukrainian ьо and consonant + йо are the Russian ё: Ковальов/Ковалёв/Ковалев,
  Соловйов/Соловьёв, Льоша/Лёша.
Latin side (each word decoded by the convention its spelling betrays)
- German, when the word has sch or tz: schtsch щ, tsch ч, sch ш, ch х, sh ж, z ц, w в, j й
  (Schtscherbina, Kowaltschuk, Jewhen).
- Polish, when it has cz, sz or a Polish letter: szcz щ, cz ч, sz ш, rz ж, ch х, c ц
  (Szczerbyna, Kowalczuk).
- (German without sch/tz is not recognised: its z for ц and s for з cannot be told from
  Polish and English z and s, so Zapow reads as Запов.)
- French, when it has ou, chtch or ï: chtch щ, tch ч, ch ш, j ж, zh з+г, ou у (Iouliia,
  Kovaltchouk, Chtcherbina, Ïjakevytch); final -ine is -ин in every mode (Kouzmine,
  Konstantine).
- with j or w but none of those, ch is х (Mychajlo, Charkiw);
- otherwise English-like (KMU, ICAO, GOST, MVD-310, BGN): shch щ, ch ч (chr is хр:
  Chrystyna, Christina), sh ш, zh ж, kh х, ts and tc ц (GOST 2006: Tcoi), gh г (KMU zgh:
  Zghurskyi), h г, x кс (Olexandr, Oxana), c ц (Polish-style Pohorelec) but к before a o u
  l r t (Victor, Nicolas, Carolina), gu+e/i г (Serguei, Guennadi), y/j/i и.
- yo/jo after a consonant is ё (Artyom, Fyodor, Pyotr, Semyon, Solovyov).
Folding, on the phoneme string
- g = h: Ukrainian г is h in KMU and g in Russian (Hryhorii/Grigorii, Yehor/Egor).
- double letters are single: Gennadii/Генадий, Illia/Ilia, Zaporizhzhia, Yuliia/Yulia.
- ие → е: є and Russian е written ye/ie/je (Yevheniia/Evgenia, Yermolenko/Ermolenko,
  Vasilyeva/Vasileva, Andrieiev/Andreev, Kolomiiets/Kolomiets).
- consonant + ио → е: ё spelt io (Soloviov/Solovev, Artiom/Artem).
- тч → ч: French tch is ч, English t+ch is тч (Гнатчук/Hnatchuk/Gnatchuk, Sitchenko).
- word-final еи → и: Russian -ей is Ukrainian -ій (Sergei/Serhii, Aleksei/Oleksii, Andrey).
- word-initial олекс → алекс: Олександр/Александр, Олексій/Алексей (only before -кс:
  Олена/Алена and Оля/Аля stay apart).
- final -дер/-тер → -др/-тр: Alexander/Aleksandr, Peter/Petr.

The key keeps everything that tells names apart that these conventions do not blur: Марія
/Мар'яна (maria/mariana), Олександр/Олександра, Іван/Іванна (ivan/ivana), Денис/Дениса,
Оля/Аля, Олена/Альона (olena/alena), Ірина/Аріна.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from operator import itemgetter

from ridni.names.normalise import clean

__all__ = ["CONSONANTS", "latin_key", "phonemes", "render"]

CONSONANTS = "бвгджзклмнпрстфхцчшщ"

# --- Cyrillic → phonemes -------------------------------------------------------------------

_CYRILLIC_TABLE = str.maketrans(
    {
        "ґ": "г", "є": "ие", "ё": "е", "і": "и", "ї": "ии", "й": "и", "ы": "и", "э": "е",
        "ю": "иу", "я": "иа", "ь": None, "ъ": None, "'": None, "ў": "у", "ј": "и", "ѣ": "е",
        "-": " ",
    }
)  # fmt: skip
_UK_YO = re.compile(f"ьо|(?<=[{CONSONANTS}])йо")

# --- Latin → phonemes ----------------------------------------------------------------------

_DIACRITICS = str.maketrans(
    {
        "š": "ш", "č": "ч", "ž": "ж", "ż": "ж", "ź": "з", "ś": "с", "ć": "ч", "ł": "л",
        "ń": "н", "ó": "у", "ą": "о", "ę": "е", "ë": "е", "é": "е", "è": "е", "ê": "е",
        "ï": "и", "î": "и", "í": "и", "ì": "и", "ý": "и", "á": "а", "à": "а", "â": "а",
        "ä": "а", "ú": "у", "ù": "у", "û": "у", "ü": "у", "ö": "о", "ô": "о", "ò": "о",
        "ğ": "г", "ŝ": "щ", "ĵ": None, "ç": "с", "ñ": "н", "ß": "с", "ŭ": "у", "ǵ": "г",
        "·": "|",
    }
)  # fmt: skip
_POLISH_LETTERS = frozenset("łżśćńąęó")

_COMMON = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "г", "i": "и",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
    "t": "т", "u": "у", "v": "в", "w": "в", "y": "и", "j": "и", "z": "з", "q": "к",
    "x": "кс", "c": "к", "ou": "у", "kh": "х", "ph": "ф", "th": "т", "ck": "к", "yo": "ё",
    "jo": "ё", "gue": "ге", "gui": "ги", "guy": "ги", "ce": "це", "ci": "ци", "cy": "ци",
    "|": "",
}  # fmt: skip
_MODES: dict[str, dict[str, str]] = {
    "en": {
        **_COMMON, "shch": "щ", "shh": "щ", "ch": "ч", "chr": "хр", "sh": "ш", "zh": "ж",
        "ts": "ц", "tc": "ц", "tch": "ч", "gh": "г", "c": "ц", "ca": "ка", "co": "ко",
        "cu": "ку", "cl": "кл", "cr": "кр", "ct": "кт",
    },
    "slav": {
        **_COMMON, "ch": "х", "sh": "ш", "zh": "ж", "ts": "ц", "c": "ц", "ck": "цк", "gh": "г",
    },
    "de": {
        **_COMMON, "schtsch": "щ", "tsch": "ч", "sch": "ш", "ch": "х", "sh": "ж", "zh": "ж",
        "z": "ц", "tz": "ц", "ts": "ц",
    },
    "pl": {
        **_COMMON, "szcz": "щ", "cz": "ч", "sz": "ш", "rz": "ж", "ch": "х", "c": "ц",
        "ck": "цк", "zh": "ж", "sh": "ш",
    },
    "fr": {
        **_COMMON, "chtch": "щ", "tch": "ч", "ch": "ш", "j": "ж", "jo": "жо", "zh": "зг",
        "sh": "ш", "ts": "ц",
    },
}  # fmt: skip


def _tokeniser(table: dict[str, str]) -> tuple[re.Pattern[str], dict[int, str]]:
    """A regex for the multi-letter tokens (longest first) and a table for single letters."""
    multi = sorted((t for t in table if len(t) > 1), key=len, reverse=True)
    singles = str.maketrans({t: v for t, v in table.items() if len(t) == 1})
    return re.compile("|".join(re.escape(t) for t in multi)), singles


_TOKENISERS = {mode: _tokeniser(table) for mode, table in _MODES.items()}


def _mode(word: str) -> str:
    if "sch" in word or "tz" in word:
        return "de"
    if "cz" in word or "sz" in word or not _POLISH_LETTERS.isdisjoint(word):
        return "pl"
    if "ou" in word or "chtch" in word or "ï" in word:
        return "fr"
    if "j" in word or "w" in word:
        return "slav"
    return "en"


def _latin_word(word: str) -> str:
    mode = _mode(word)
    table = _MODES[mode]
    multi, singles = _TOKENISERS[mode]
    if len(word) > 4 and word.endswith("ine"):
        # Soviet French passports end -ин in -ine (Kouzmine, Konstantine, Valentine).
        word = word[:-3] + "ин"

    if not word.isascii():
        word = _strip_accents(word)
    # Digraphs first (their output is Cyrillic, so the single-letter table leaves it alone).
    return multi.sub(lambda m: table[m.group(0)], word).translate(singles)


# --- folding rules on phonemes -------------------------------------------------------------

_DOUBLE = re.compile(r"(.)\1+")
_FIRST = itemgetter(1)  # a match's first group, cheaper than the "\1" template
_YE = re.compile("ие")
_YO_AFTER_CONSONANT = re.compile(f"(?<=[{CONSONANTS}])(?:ио|ё)")
_FINAL_EI = re.compile(r"еи\b")
_OLEKS = re.compile(r"\bолекс")
_FINAL_DER = re.compile(r"(?<=[дт])ер\b")
_NOT_PHONEME = re.compile(r"[^а-яё0-9 ]+")

_RENDER = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch",
    }
)  # fmt: skip


_HAS_CYRILLIC = re.compile("[\u0400-\u052f]")


def _raw_phonemes(lower: str) -> str:
    """Each word of a lower-cased cleaned text in phoneme letters, before folding."""
    words = []
    for word in lower.replace("-", " ").split():
        if not word.isascii() and _HAS_CYRILLIC.search(word):
            if "о" in word:
                word = _UK_YO.sub("ё", word)
            words.append(word.translate(_CYRILLIC_TABLE))
        else:
            words.append(_latin_word(word))
    return " ".join(words)


def _strip_accents(word: str) -> str:
    word = word.translate(_DIACRITICS)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold(text: str) -> str:
    # Each rule runs only when its letters occur: most names need two or three of them.
    text = _NOT_PHONEME.sub("", text)
    text = _DOUBLE.sub(_FIRST, text)
    if "ё" in text or "ио" in text:
        text = _YO_AFTER_CONSONANT.sub("е", text).replace("ё", "ио")
    if "ие" in text:
        text = _YE.sub("е", text)
    if "еи" in text:
        text = _FINAL_EI.sub("и", text)
    if "тч" in text:
        text = text.replace("тч", "ч")
    if "олекс" in text:
        text = _OLEKS.sub("алекс", text)
    if "дер" in text or "тер" in text:
        text = _FINAL_DER.sub("р", text)
    text = _DOUBLE.sub(_FIRST, text)
    return " ".join(text.split())


@lru_cache(maxsize=1 << 17)
def phonemes(text: str | None) -> str:
    """The folded phoneme string of `text` (reduced Cyrillic letters, words split by spaces).

    Shared by the surname, patronymic and place keys, which add their own folding rules.
    """
    cleaned = clean(text)
    if not cleaned:
        return ""
    return _fold(_raw_phonemes(cleaned.lower()))


def render(phoneme_text: str) -> str:
    """A phoneme string in lower-case ASCII."""
    return phoneme_text.translate(_RENDER)


@lru_cache(maxsize=1 << 17)
def latin_key(text: str | None) -> str:
    """The script-neutral phonetic key of `text`: lower-case ASCII, words split by one space.

    Олександр, Александр, Oleksandr, Aleksandr, Alexander and Olexandr all give "aleksandr";
    Юлія, Юлия, Yuliia, Iuliia, Yuliya, Julija and Iouliia give "iulia". "" for None/blank.
    """
    return render(phonemes(text))
