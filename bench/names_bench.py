"""Micro-benchmark of the names room: keys for 100,000 synthetic mixed-script values.

    .venv/bin/python bench/names_bench.py [--n 100000] [--seed 7] [--append docs/benchmarks.md]

Values are synthetic: the curated names and places of `src/ridni/data/` in Ukrainian, Russian
and every romanisation system, with diminutives, case changes, homoglyphs, apostrophe variants;
"double names" join two random names (so most values are distinct, a long tail), places get
random numbers 30% of the time (unresolvable: the slow fuzzy path). Each key function is
timed on a cold cache (first call for every distinct value) and warm (the same values again).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import random
import resource
import time
from collections.abc import Callable
from pathlib import Path

import ridni.names as names
from ridni.names import given, institutions, keys, places, surname
from ridni.names.normalise import clean

# The package exports the function `patronymic`, which hides the module of the same name.
patronymic_module = importlib.import_module("ridni.names.patronymic")

DATA = Path(__file__).resolve().parent.parent / "src" / "ridni" / "data"
_HOMOGLYPHS = str.maketrans({"о": "o", "а": "a", "е": "e", "і": "i", "р": "p", "с": "c"})
_APOSTROPHES = ("'", "’", "ʼ", "`")
_SURNAME_STEM_TEXT = (
    "Коваль Шевч Бонд Ткач Кравч Олійн Мельн Бойк Лис Поліщ Кушн Гнат Соловй Білик Петр Лук'ян "
    "Згур Ярош Марч Гриц Дорош Савч Руденк Павл Мороз Литвин Кирил Остап Семен Дем'ян"
)
_SURNAME_STEMS = _SURNAME_STEM_TEXT.split()
_SURNAME_ENDINGS = ("енко", "ук", "чук", "ський", "ська", "ович", "ов", "ова", "ин", "ий", "ко")
_INSTITUTIONS = (
    "{} обласний будинок дитини", "{}ский областной дом ребенка", "{} regional children's home",
    "{} міський дитячий будинок №{}", "школа-інтернат № {} м. {}", "{} city orphanage",
)  # fmt: skip


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _noise(value: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return value.upper()
    if roll < 0.25:
        return value.translate(_HOMOGLYPHS) if len(value) > 3 else value
    if roll < 0.35:
        return value.replace("'", rng.choice(_APOSTROPHES))
    return value


def _romanised(value: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return names.romanise_uk(value, rng.choice(names.SYSTEMS_UK))
    return names.romanise_ru(value, rng.choice(names.SYSTEMS_RU))


def _given_values(rng: random.Random, n: int) -> list[str]:
    rows = _rows("ua_ru_given_names.tsv")
    out = []
    for _ in range(n):
        row = rng.choice(rows)
        pick = rng.choice(("uk", "ru", "latin", "dim", "variant"))
        if pick == "uk":
            value = row["ukrainian"]
        elif pick == "ru":
            value = rng.choice(row["russian"].split("|"))
        elif pick == "latin":
            value = _romanised(row["ukrainian"], rng)
        elif pick == "dim":
            value = rng.choice(row["diminutives"].split("|"))
        else:
            value = rng.choice((row["common_latin_variants"] or row["ukrainian"]).split("|"))
        # A made-up second part makes most values distinct, like a registry's long tail.
        if rng.random() < 0.7:
            value += "-" + rng.choice(rows)[rng.choice(("ukrainian", "latin_ua_official"))]
        out.append(_noise(value, rng))
    return out


def _single_word_given(rng: random.Random, n: int) -> list[str]:
    """Every curated form in Ukrainian, Russian and every romanisation, upper and lower case."""
    forms: set[str] = set()
    for row in _rows("ua_ru_given_names.tsv"):
        cyrillic = [row["ukrainian"], *row["russian"].split("|"), *row["diminutives"].split("|")]
        for form in filter(None, cyrillic):
            forms.update((form, form.upper(), form.lower()))
            forms.update(names.romanise_uk(form, s) for s in names.SYSTEMS_UK)
            forms.update(names.romanise_ru(form, s) for s in names.SYSTEMS_RU)
    pool = sorted(forms)
    return [rng.choice(pool) for _ in range(n)]


def _surname_values(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        value = rng.choice(_SURNAME_STEMS) + rng.choice(_SURNAME_ENDINGS)
        value += rng.choice(("", "а", "ич", "енко", "ук", "ський")) * (rng.random() < 0.6)
        if rng.random() < 0.4:
            value = _romanised(value, rng)
        out.append(_noise(value, rng))
    return out


def _patronymic_values(rng: random.Random, n: int) -> list[str]:
    rows = [r for r in _rows("ua_ru_given_names.tsv") if r["sex"] == "M"]
    endings = ("ович", "овна", "івна", "евич", "евна", "ич")
    out = []
    for _ in range(n):
        name = rng.choice(rows)[rng.choice(("ukrainian", "russian"))].split("|")[0]
        value = name.rstrip("оаяйь") + rng.choice(endings)
        if rng.random() < 0.3:
            value = _romanised(value, rng)
        out.append(_noise(value, rng))
    return out


def _place_values(rng: random.Random, n: int) -> list[str]:
    rows = _rows("ua_ru_places.tsv")
    out = []
    for _ in range(n):
        row = rng.choice(rows)
        value = rng.choice([row["ukrainian"], *row["russian"].split("|"), row["latin_ua_official"]])
        if rng.random() < 0.5:
            value = f"{rng.choice(('м. ', 'г. ', 'с. ', ''))}{value}, {row['oblast']}"
        if rng.random() < 0.3:
            value += f" {rng.randint(1, 999)}"  # unresolvable: exercises the fallback path
        out.append(_noise(value, rng))
    return out


def _institution_values(rng: random.Random, n: int) -> list[str]:
    cities = [r["ukrainian"] for r in _rows("ua_ru_places.tsv")]
    return [
        rng.choice(_INSTITUTIONS).format(rng.choice(cities), rng.randint(1, 60)) for _ in range(n)
    ]


def _clear_caches() -> None:
    for fn in (
        clean, keys.latin_key, keys.phonemes, given._given_name, patronymic_module._patronymic,
        surname.surname_key, surname.surname_initial, places._resolve,
        institutions.institution_key,
    ):  # fmt: skip
        fn.cache_clear()


def _time(fn: Callable[[str], object], values: list[str]) -> float:
    start = time.perf_counter()
    for value in values:
        fn(value)
    return (time.perf_counter() - start) / len(values) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--append", type=Path, help="append the result table to this file")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    start = time.perf_counter()
    names.given_name("Олександр")
    names.patronymic("Іванович")
    names.place_key("Бахмут")
    names.institution_key("будинок дитини")
    load = time.perf_counter() - start

    share = args.n // 5
    cases: list[tuple[str, Callable[[str], object], list[str]]] = [
        ("latin_key", names.latin_key, _given_values(rng, share) + _surname_values(rng, share)),
        ("given_name` (one word)", names.given_name, _single_word_given(rng, args.n)),
        ("given_name` (double names)", names.given_name, _given_values(rng, args.n)),
        ("surname_key", names.surname_key, _surname_values(rng, args.n)),
        ("patronymic", names.patronymic, _patronymic_values(rng, args.n)),
        ("place_key", names.place_key, _place_values(rng, args.n)),
        ("institution_key", names.institution_key, _institution_values(rng, share)),
    ]
    lines = [
        "| function | values | distinct | cold µs per distinct value | warm µs/call |",
        "|---|---|---|---|---|",
    ]
    for label, fn, values in cases:
        distinct = list(dict.fromkeys(values))
        _clear_caches()
        cold = _time(fn, distinct)  # every call a cache miss
        warm = _time(fn, values)  # every call a cache hit
        name = f"`{label}`" if "`" not in label else f"`{label}"
        lines.append(f"| {name} | {len(values):,} | {len(distinct):,} | {cold:.1f} | {warm:.2f} |")
        print(lines[-1], flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = f"First use (load name tables and gazetteer): {load:.2f} s; peak RSS {rss:.0f} MB."
    print(summary)
    if args.append:
        with args.append.open("a", encoding="utf-8") as handle:
            handle.write(
                "\n## names\n\n"
                f"`.venv/bin/python bench/names_bench.py --n {args.n} --seed {args.seed}` "
                f"({time.strftime('%Y-%m-%d')}, shared 2-core machine). Cold: each distinct "
                "value once with the caches cleared (every call a miss); warm: all the values "
                "again (every call an lru_cache hit).\n\n" + "\n".join(lines) + f"\n\n{summary}\n"
            )


if __name__ == "__main__":
    main()
