"""Write a large canonical person-record CSV for the import benchmark (invented values only).

Used when ``ridni.synth`` is not wanted (it models whole families and sources; the import
benchmark only needs a million well-formed canonical rows whose values vary like real ones:
many repeated names and places, partial dates, local forms of sex, some notes and extras).

    .venv/bin/python bench/canonical_file.py OUT.csv --rows 1000000 --seed 1
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from ridni.ingest.models import CANONICAL_FIELDS

GIVEN_M = [
    "Олександр",
    "Александр",
    "Oleksandr",
    "Саша",
    "Андрій",
    "Андрей",
    "Богдан",
    "Денис",
    "Максим",
    "Матвій",
    "Марко",
    "Назар",
    "Тимофій",
    "Іван",
    "Иван",
    "Давид",
    "Артем",
]
GIVEN_F = [
    "Олена",
    "Елена",
    "Olena",
    "Дарина",
    "Дарья",
    "Софія",
    "София",
    "Анна",
    "Марія",
    "Мария",
    "Вікторія",
    "Злата",
    "Аліна",
    "Поліна",
    "Ярослава",
    "Катерина",
]
FAMILY = [
    "Тестенко",
    "Вигаденко",
    "Зразків",
    "Прикладенко",
    "Модельчук",
    "Фіктивний",
    "Уявна",
    "Макетов",
    "Шаблюк",
    "Пробенко",
    "Нарисенко",
    "Вымыслов",
    "Testenko",
]
PATRONYMIC_M = ["Іванович", "Иванович", "Петрович", "Олегович", "Андрійович", ""]
PATRONYMIC_F = ["Іванівна", "Ивановна", "Петрівна", "Олегівна", "Андріївна", ""]
PLACES = [
    "Маріуполь",
    "Мариуполь",
    "Бахмут",
    "Артемовск",
    "Херсон",
    "Мелітополь",
    "Бердянськ",
    "Каховка",
    "Енергодар",
    "Mariupol",
    "Лисичанськ",
    "Сєвєродонецьк",
    "",
]
REGIONS = [
    "Донецька область",
    "Донецкая обл.",
    "Херсонська область",
    "Запорізька область",
    "Луганська область",
    "",
]
HELD = ["Таганрог", "Ростов-на-Дону", "Москва", "Анапа", "Євпаторія", ""]
INSTITUTIONS = ["Тестовий будинок дитини №1", "Вигаданий інтернат", "Табір «Уявний»", "", "", ""]
SEX_M = ["M", "ч", "м", "чол", "male", "M"]
SEX_F = ["F", "ж", "жін", "female", "F"]  # fmt: skip


def _date(rng: random.Random, low: int, high: int) -> str:
    year, month, day = rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28)
    form = rng.random()
    if form < 0.55:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if form < 0.85:
        return f"{day:02d}.{month:02d}.{year:04d}"
    if form < 0.93:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}" if form < 0.98 else ""


def _row(rng: random.Random, index: int) -> list[str]:
    male = rng.random() < 0.5
    given = rng.choice(GIVEN_M if male else GIVEN_F)
    family = rng.choice(FAMILY) + ("" if rng.random() < 0.7 else str(rng.randint(1, 2000)))
    birth = _date(rng, 2006, 2022)
    values = {
        "record_id": f"BN-{index:07d}",
        "given_name": given,
        "family_name": family,
        "patronymic": rng.choice(PATRONYMIC_M if male else PATRONYMIC_F),
        "sex": rng.choice(SEX_M if male else SEX_F) if rng.random() < 0.95 else "",
        "birth_date": birth,
        "birth_place": rng.choice(PLACES),
        "birth_region": rng.choice(REGIONS),
        "last_known_place": rng.choice(HELD),
        "last_known_date": _date(rng, 2022, 2025) if rng.random() < 0.6 else "",
        "institution": rng.choice(INSTITUTIONS),
        "guardian_names": f"Марія {family}; Іван {family}" if rng.random() < 0.4 else "",
        "sibling_ids": f"BN-{index + 1:07d}" if rng.random() < 0.1 else "",
        "age": str(rng.randint(2, 17)) if not birth else "",
        "notes": "бачили у таборі, вигадана примітка" if rng.random() < 0.1 else "",
    }
    return [values[name] for name in CANONICAL_FIELDS]


def write_canonical(path: Path, rows: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CANONICAL_FIELDS)
        for index in range(rows):
            writer.writerow(_row(rng, index))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_canonical(args.out, args.rows, args.seed)


if __name__ == "__main__":
    main()
