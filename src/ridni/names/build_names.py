"""Generate the given-name classes and the patronymic index under `src/ridni/data/`.

    .venv/bin/python -m ridni.names.build_names

Sources:
- `data/ua_ru_given_names.tsv`: 217 curated Ukrainian names with their Russian forms, official
  and common Latin spellings and diminutives (research notes, /work/shared/research/names.md §3);
- names_translator 2.1.0 (MIT): its "first" dictionary (11,001 Ukrainian first names with ranked
  Russian forms) and "patronymic" dictionary (16,901 Ukrainian patronymics with Russian forms).

The output is deterministic; `tests/names/test_data_files.py` checks it is up to date.
Classes: rows of the curated table whose primary Russian form is the same are one class
(Ганна/Анна → Анна, Пилип/Філіп → Филипп, Дар'я/Дарія → Дарья, Микита/Нікіта → Никита);
a names_translator name joins the class its spelling or its first Russian form already belongs
to, otherwise names_translator names sharing a first Russian form make a new class.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ridni.names.keys import CONSONANTS, latin_key
from ridni.names.patronymic_rules import ru_patronymics, uk_patronymics
from ridni.names.romanise import romanise_uk
from ridni.names.script import detect_script


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DATA = Path(__file__).resolve().parent.parent / "data"
CURATED = DATA / "ua_ru_given_names.tsv"
GIVEN_OUT = DATA / "given_names.tsv"
PATRONYMIC_OUT = DATA / "patronymics.tsv"

# Ranks of a spelling within its class; lower wins when a spelling belongs to several classes.
CANONICAL, PRIMARY, VARIANT, NT_UK, NT_RU, NT_RU_ALT, DIMINUTIVE = range(7)

# Names in -а/-я that are male (Ukrainian and Russian), for names_translator classes.
_MALE_IN_A = _words(
    "микола микита ілля кузьма лука хома сава фома никита илья данила савва фока гаврила "
    "олекса іона иона захарія ієремія єремія юда мина сила фока кирила"
)


@dataclass
class NameClass:
    class_id: str
    canonical: str
    sex: str | None
    order: int
    forms: dict[str, int] = field(default_factory=dict)
    key_ranks: dict[str, int] = field(default_factory=dict)

    def add(self, form: str, rank: int) -> None:
        form = form.strip()
        if form and (form not in self.forms or self.forms[form] > rank):
            self.forms[form] = rank
            key = latin_key(form)
            self.key_ranks[key] = min(rank, self.key_ranks.get(key, rank))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _title(name: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-"))


class _Builder:
    def __init__(self) -> None:
        self.classes: dict[str, NameClass] = {}
        self.full: dict[str, list[NameClass]] = {}  # latin key of a full form → classes
        self.diminutives: set[str] = set()

    def new_class(self, canonical: str, sex: str | None) -> NameClass:
        base = re.sub(r"[^a-z]+", "-", romanise_uk(canonical).lower()).strip("-") or "x"
        class_id, n = base, 2
        while class_id in self.classes:
            class_id, n = f"{base}-{n}", n + 1
        name_class = NameClass(class_id, canonical, sex, len(self.classes))
        self.classes[class_id] = name_class
        return name_class

    def add(self, name_class: NameClass, form: str, rank: int) -> None:
        name_class.add(form, rank)
        key = latin_key(form)
        if rank == DIMINUTIVE:
            self.diminutives.add(key)
        elif name_class not in self.full.setdefault(key, []):
            self.full[key].append(name_class)

    def best_full(self, form: str, max_rank: int = NT_RU_ALT) -> NameClass | None:
        key = latin_key(form)
        candidates = [c for c in self.full.get(key, ()) if c.key_ranks[key] <= max_rank]
        if not candidates:
            return None
        return min(candidates, key=lambda c: (c.key_ranks[key], c.order))


def _curated_rows() -> Iterator[dict[str, str]]:
    with CURATED.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


def _add_curated(builder: _Builder) -> None:
    by_russian: dict[str, NameClass] = {}
    for row in _curated_rows():
        russian = _split(row["russian"])
        owner = by_russian.get(latin_key(russian[0]))
        if owner is None:
            owner = builder.new_class(row["ukrainian"], row["sex"] or None)
            by_russian[latin_key(russian[0])] = owner
            builder.add(owner, row["ukrainian"], CANONICAL)
        else:
            builder.add(owner, row["ukrainian"], PRIMARY)
        builder.add(owner, russian[0], PRIMARY)
        builder.add(owner, row["latin_ua_official"], PRIMARY)
        for form in russian[1:] + _split(row["common_latin_variants"]):
            builder.add(owner, form, VARIANT)
    # Diminutives after all full forms: Олесь is a name of its own and Олександр's diminutive.
    for row in _curated_rows():
        owner = builder.best_full(row["ukrainian"])
        assert owner is not None
        for form in _split(row["diminutives"]):
            builder.add(owner, form, DIMINUTIVE)


def _translator_first() -> dict[str, list[str]]:
    from names_translator.dicts import default_dicts

    return default_dicts().as_dict("first")


def _translator_patronymics() -> dict[str, list[str]]:
    from names_translator.dicts import default_dicts

    return default_dicts().as_dict("patronymic")


def _add_translator(builder: _Builder, first: dict[str, list[str]]) -> None:
    groups: dict[str, list[tuple[str, list[str]]]] = {}
    for key in sorted(first):
        if not re.fullmatch(r"[а-яґєіїё']+", key):
            continue  # compounds (михайло-микола) and stray characters
        russian = first[key]
        uk_form = _title(key)
        own = latin_key(uk_form)
        if own in builder.diminutives and builder.best_full(uk_form) is None:
            continue  # Саша, Женя: registered as names, but kept as diminutives here
        owner = builder.best_full(uk_form, VARIANT) or builder.best_full(russian[0], VARIANT)
        if owner is not None:
            builder.add(owner, uk_form, NT_UK)
            for n, form in enumerate(russian):
                builder.add(owner, form, NT_RU if n == 0 else NT_RU_ALT)
            continue
        groups.setdefault(latin_key(russian[0]), []).append((uk_form, russian))
    patronymic_fathers = _fathers_in_patronymic_pool()
    for members in groups.values():
        canonical = _pick_canonical(members)
        owner = builder.new_class(canonical, _guess_sex(canonical, patronymic_fathers))
        builder.add(owner, canonical, CANONICAL)
        for uk_form, russian in members:
            builder.add(owner, uk_form, NT_UK)
            for n, form in enumerate(russian):
                builder.add(owner, form, NT_RU if n == 0 else NT_RU_ALT)


def _pick_canonical(members: list[tuple[str, list[str]]]) -> str:
    """The group's most plausibly Ukrainian spelling.

    Prefer a spelling with Ukrainian letters but no є after a consonant (Алєся is a russified
    misspelling of Алеся), then any with Ukrainian letters, then one that differs from its
    Russian form, then the first.
    """

    def score(member: tuple[str, list[str]]) -> tuple[bool, bool, bool]:
        uk_form, russian = member
        ukrainian = detect_script(uk_form) == "uk"
        clean_ye = not re.search(f"[{CONSONANTS}]є", uk_form.lower())
        return (ukrainian and clean_ye, ukrainian, uk_form != russian[0])

    return max(members, key=score)[0]


def _fathers_in_patronymic_pool() -> set[str]:
    """Latin keys of the masculine patronymics in names_translator's pool."""
    return {latin_key(p) for p in _translator_patronymics() if p.endswith("ич")}


def _guess_sex(name: str, patronymics: set[str]) -> str | None:
    """A names_translator name's sex: a father's name if a patronymic is made from it."""
    lower = name.lower()
    if lower.endswith(("а", "я")):
        # Денисович is made from Денис, so it says nothing about Дениса.
        return "M" if lower in _MALE_IN_A else "F"
    masculine, _ = uk_patronymics(lower)
    return "M" if any(latin_key(p) in patronymics for p in masculine) else None


def build_classes() -> tuple[list[NameClass], int]:
    """All classes, and how many of them (the first ones) come from the curated table."""
    builder = _Builder()
    _add_curated(builder)
    curated = len(builder.classes)
    _add_translator(builder, _translator_first())
    return list(builder.classes.values()), curated


# --- patronymics ---------------------------------------------------------------------------


def _generated_patronymics(name_class: NameClass) -> Iterator[tuple[str, str]]:
    """(form, sex) for every patronymic the rules make from the class's Cyrillic full forms."""
    for form, rank in name_class.forms.items():
        if rank == DIMINUTIVE or detect_script(form) in ("latin", "mixed", "empty"):
            continue
        lower = form.lower()
        for rules in (uk_patronymics, ru_patronymics):
            masculine, feminine = rules(lower)
            yield from ((_title(p), "M") for p in masculine)
            yield from ((_title(p), "F") for p in feminine)


def build_patronymics(classes: list[NameClass], curated: int) -> list[tuple[str, str, str]]:
    """(class_id, sex, form) rows.

    The rules' patronymics of the curated male classes, then names_translator's pool: each
    Ukrainian patronymic whose father the rules recognise (among all classes), with its Russian
    forms (Панасович → Афанасьевич, Хомич → Фомич).
    """
    generated: dict[str, tuple[str, str]] = {}  # latin key → (class_id, sex), first wins
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()

    def add(class_id: str, sex: str, form: str) -> None:
        if (class_id, sex, form) not in seen:
            seen.add((class_id, sex, form))
            rows.append((class_id, sex, form))

    for name_class in classes:
        if name_class.sex == "F":
            continue
        for form, sex in _generated_patronymics(name_class):
            generated.setdefault(latin_key(form), (name_class.class_id, sex))
            if name_class.order < curated:
                add(name_class.class_id, sex, form)
    for uk_form, russian in sorted(_translator_patronymics().items()):
        father = generated.get(latin_key(uk_form))
        if father is None:
            continue
        class_id, sex = father
        add(class_id, sex, _title(uk_form))
        for form in russian:
            add(class_id, sex, form)
    return rows


# --- output --------------------------------------------------------------------------------


def _write(path: Path, header: Iterable[str], rows: Iterable[Iterable[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def given_rows(classes: list[NameClass]) -> Iterator[tuple[str, str, str, str, str]]:
    for name_class in classes:
        forms = sorted(name_class.forms.items(), key=lambda item: (item[1], item[0]))
        for form, rank in forms:
            yield (name_class.class_id, name_class.sex or "", str(rank), form, latin_key(form))


def main() -> None:
    classes, curated = build_classes()
    _write(GIVEN_OUT, ("class_id", "sex", "rank", "form", "latin"), given_rows(classes))
    patronymic_rows = [
        (class_id, sex, form, latin_key(form))
        for class_id, sex, form in build_patronymics(classes, curated)
    ]
    _write(PATRONYMIC_OUT, ("class_id", "sex", "form", "latin"), patronymic_rows)
    print(f"{len(classes)} classes → {GIVEN_OUT}; {len(patronymic_rows)} → {PATRONYMIC_OUT}")


if __name__ == "__main__":
    main()
