"""A second, independently written synthetic world of deported children.

Usage::

    python bench/independent_world.py OUT_DIR --children 20000 --unrelated 200000 --seed 1

This generator was written without reading ridni's own synthetic generator or its name tables,
so that the record-linkage model can be measured on data whose details it was not built around.
Every person is invented: names are drawn at random from tables of common Ukrainian and Russian
given names and surnames; no real person's record is used.

What it models
--------------
* A world of ``--children`` Ukrainian children, 0-17 when deported or displaced (Mar 2022 to
  Nov 2023), born 2004-2023, mostly from occupied oblasts (Donetsk, Luhansk, Kherson,
  Zaporizhzhia, Kharkiv, Crimea). Children live in families (1-4 children, a few twins) or, for
  about 18% of families, in institutions (baby homes, boarding schools, children's homes).
* Seven sources, each a CSV in the canonical person-records format, each child appearing in a
  random subset of them:

  - ``nib_registry`` (official_registry, ~80% of children): Ukrainian Cyrillic with patronymic,
    ISO dates, KATOTTG-style place and oblast names, guardians, institution, siblings. Children
    born after 2015 in areas occupied since 2014 sometimes carry Russian name forms here.
  - ``parents_hotline`` (family_report, ~40%): Ukrainian or Russian Cyrillic, diminutives,
    DD.MM.YYYY / ISO / year-only / age-only dates, some duplicate reports of one child.
  - ``telegram_sightings`` (osint, ~25%): given name or diminutive, surname missing or an
    initial, an age instead of a date, a Russian town; some in Latin script (several schemes).
  - ``rf_ombudsman_2023`` and ``dnr_ministry_list`` (counterpart_list, ~50% together): Russian
    forms of names, russified surnames, often upper case, Soviet/occupation place names,
    "ДНР"-style regions, DD.MM.YYYY. The ombudsman list has an extra column ``list_no``.
  - ``placement_db_profiles`` (adoption_database): Russian given name, surname initial,
    ``YYYY-MM`` birth, sex, region where the child is, sibling groups; extra column
    ``photo_ref``. Mostly unrelated Russian children.
  - ``returned_2024`` (return_list, ~10%): Latin (KMU 2010 mostly, other UA and RU schemes,
    English conventional) or Ukrainian Cyrillic, full dates.

* Renamed children (~2.5%: institution children under 6): on counterpart lists and in the
  adoption database they carry a new identity (new or russified given name, adoptive surname
  and patronymic, Russian birthplace, often Подольск, the homonym of Подільськ in Odesa
  oblast; birth date kept, infants' shifted by up to 90 days), siblings renamed together.
* Unrelated records (``--unrelated``): 85% adoption database, 8% counterpart lists, 4% family
  reports, 3% sightings. Some unrelated children appear in several sources (shared person id);
  some share a birth date or a full name with a world child.
* Noise: one-edit typos, Latin look-alikes inside Cyrillic, apostrophe variants, ё/е,
  day/month swaps, a wrong digit, year +-1, missing fields, sex codes varying by source.

Outputs in OUT_DIR: one CSV per source, ``manifest.json``, ``truth.csv``
(``source,record_id,person_id`` for every record) and ``renamed.csv`` (records that show a
renamed child under the new identity). Only the standard library is used.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "patronymic",
    "sex",
    "birth_date",
    "birth_place",
    "birth_region",
    "last_known_place",
    "last_known_date",
    "institution",
    "guardian_names",
    "sibling_ids",
    "age",
    "notes",
)


# --------------------------------------------------------------------------------------------
# Rates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """World structure, source coverage and unrelated-record rates (all tunable)."""

    # world structure
    family_sizes: tuple[float, ...] = (0.55, 0.28, 0.12, 0.05)  # families of 1, 2, 3, 4 children
    twins: float = 0.05  # families of 2+ whose two eldest are twins
    institution_family: float = 0.18  # families whose children lived in an institution
    ru_speaking_2014: float = 0.65  # Russian-speaking families, areas occupied since 2014
    ru_speaking_east: float = 0.40  # ... elsewhere in Donetsk, Luhansk, Kharkiv, Zaporizhzhia
    ru_speaking_other: float = 0.15  # ... elsewhere
    ru_documents: float = 0.25  # born 2015+ where occupied since 2014: RU forms in registry
    renamed: float = 0.025  # children renamed (families of institution children < 6)
    rename_infant_shift: float = 0.5  # renamed infants (< 1 year) whose birth date is shifted
    rename_ru_form: float = 0.4  # new given name is the Russian form of the old one
    rename_podolsk: float = 0.25  # new birthplace Подольск (Moscow oblast)
    rename_keeps_institution: float = 0.4  # counterpart records keeping the origin institution
    # coverage of world children (family-level draw, then child-level draw)
    registry: float = 0.80
    hotline_family: float = 0.47
    hotline_institution: float = 0.15
    hotline_duplicate: float = 0.08  # second report of the same child
    osint: float = 0.25
    osint_repeat: float = 0.12  # second sighting of the same child
    counterpart_family: float = 0.43
    counterpart_institution: float = 0.80
    counterpart_renamed: float = 0.70
    adoption_family: float = 0.005
    adoption_institution: float = 0.10
    adoption_renamed: float = 0.75
    returned: float = 0.11
    returned_renamed: float = 0.02
    # unrelated records, as shares of --unrelated (sightings take the rest)
    unrel_adoption: float = 0.85
    unrel_counterpart: float = 0.08
    unrel_hotline: float = 0.04
    unrel_cp_both: float = 0.15  # of unrelated counterpart records: child on both lists
    unrel_cp_adoption: float = 0.05  # ... child also has an adoption profile
    unrel_adoption_dup: float = 0.01  # of unrelated adoption records: child with two profiles
    unrel_hot_osint: float = 0.10  # of unrelated sightings: child also reported by family
    adoption_ua_origin: float = 0.05  # unrelated adoption children with Ukrainian-origin names
    same_birthdate: float = 0.03  # unrelated children born the same day as a world child
    namesake: float = 0.01  # unrelated families taking a world child's full name


@dataclass(frozen=True)
class Noise:
    """Per-record noise rates."""

    typo: float = 0.03  # one edit in a name or place
    homoglyph: float = 0.01  # a Latin look-alike letter inside a Cyrillic name
    day_month_swap: float = 0.02
    wrong_digit: float = 0.02
    year_shift: float = 0.01
    missing: float = 0.05  # one or two optional fields blanked
    drop_yo: float = 0.7  # ё written as е


RATES = Rates()
DEFAULT_NOISE = Noise()
REGISTRY_NOISE = Noise(
    typo=0.01,
    homoglyph=0.005,
    day_month_swap=0.005,
    wrong_digit=0.005,
    year_shift=0.003,
    missing=0.02,
)

DEPORT_START, DEPORT_MID, DEPORT_END = date(2022, 3, 1), date(2022, 12, 31), date(2023, 11, 30)
REPORT_END = date(2024, 12, 31)
OMBUDSMAN_LISTS = (
    date(2023, 3, 15),
    date(2023, 5, 2),
    date(2023, 7, 20),
    date(2023, 9, 28),
    date(2023, 12, 28),
)
MINISTRY_OBLASTS = ("DON", "LUH", "ZAP", "KHE")

T = TypeVar("T")


class Weighted(Generic[T]):
    """Weighted random choice by bisection over cumulative weights."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]
        self.last = len(self.items) - 1

    def pick(self, rng: random.Random) -> T:
        return self.items[min(bisect_right(self.cum, rng.random() * self.total), self.last)]


# --------------------------------------------------------------------------------------------
# Name and place tables (written for this generator)
# --------------------------------------------------------------------------------------------

# sex|Ukrainian|Russian (alternatives after /)|UA diminutives|RU diminutives|English|weight
GIVEN = """
M|Олександр|Александр|Сашко,Саша,Олесь|Саша,Саня|Alexander|60
M|Максим|Максим|Макс,Максимко|Макс|Maxim|55
M|Артем|Артём|Тема,Артемко|Тёма|Artem|55
M|Дмитро|Дмитрий|Діма,Дмитрик|Дима,Митя|Dmitry|50
M|Андрій|Андрей|Андрійко|Андрюша|Andrew|40
M|Іван|Иван|Івась,Ваня|Ваня|Ivan|40
M|Владислав|Владислав|Влад,Владік|Влад,Владик|Vladislav|38
M|Богдан|Богдан|Бодя|Богдаша|Bogdan|35
M|Данило|Даниил/Данила|Даня,Данилко|Даня|Daniel|35
M|Матвій|Матвей|Матвійко|Матвейка|Matvey|30
M|Кирило|Кирилл|Кирюша|Кирюша|Kirill|33
M|Михайло|Михаил|Михась,Мишко|Миша|Michael|30
M|Назар|Назар|Назарко|Назарка|Nazar|28
M|Денис|Денис|Дениско|Дениска|Denis|25
M|Ярослав|Ярослав|Ярик,Славко|Ярик,Слава|Yaroslav|22
M|Тимофій|Тимофей|Тимко|Тима|Timofey|20
M|Микита|Никита|Микитка|Никитка|Nikita|30
M|Марк|Марк|Марко|Марик|Mark|15
M|Ілля|Илья|Іллюша|Илюша|Ilya|28
M|Єгор|Егор|Єгорко|Егорка|Yegor|25
M|Роман|Роман|Рома,Ромко|Рома|Roman|25
M|Віктор|Виктор|Вітя|Витя|Victor|12
M|Сергій|Сергей|Сергійко|Серёжа|Sergei|15
M|Олексій|Алексей|Льоша,Олесь|Лёша,Алёша|Alexei|20
M|Євген|Евгений|Женя|Женя|Eugene|15
M|Вадим|Вадим|Вадік|Вадик|Vadim|12
M|Микола|Николай|Миколка|Коля|Nicholas|12
M|Василь|Василий|Василько|Вася|Vasily|10
M|Павло|Павел|Павлик|Паша|Paul|12
M|Юрій|Юрий|Юрко|Юра|Yuri|8
M|Віталій|Виталий|Віталік|Виталик|Vitaly|12
M|Тарас|Тарас|Тарасик|Тарасик|Taras|8
M|Степан|Степан|Степанко|Стёпа|Stepan|10
M|Гліб|Глеб|Глібко|Глебушка|Gleb|10
M|Давид|Давид|Давидко|Дава|David|12
M|Тимур|Тимур|Тимурчик|Тимурчик|Timur|10
M|Арсеній|Арсений|Арсен,Сеня|Арсюша,Сеня|Arseny|12
M|Ростислав|Ростислав|Ростик|Ростик|Rostislav|8
M|Святослав|Святослав|Свят,Славко|Слава|Svyatoslav|8
M|Захар|Захар|Захарко|Захарка|Zakhar|10
M|Пилип|Филипп|Пилипко|Филя|Philip|4
M|Федір|Фёдор|Федько|Федя|Fedor|5
M|Антон|Антон|Антошка|Антоша|Anton|12
M|Станіслав|Станислав|Стас|Стас|Stanislav|8
M|В'ячеслав|Вячеслав|Слава,Славік|Слава|Vyacheslav|8
M|Олег|Олег|Олежко|Олежка|Oleg|8
M|Костянтин|Константин|Костя|Костя|Konstantin|8
M|Ігор|Игорь|Ігорко|Игорёк|Igor|6
M|Остап|Остап|Остапко|Остапка|Ostap|4
M|Леонід|Леонид|Льоня|Лёня|Leonid|4
M|Семен|Семён|Сеня|Сёма|Semyon|5
M|Яків|Яков|Яша|Яша|Jacob|3
M|Григорій|Григорий|Гриць|Гриша|Gregory|4
M|Руслан|Руслан|Русик|Русик|Ruslan|8
M|Едуард|Эдуард|Едік|Эдик|Edward|4
M|Валентин|Валентин|Валік|Валя|Valentin|4
M|Лев|Лев|Левко|Лёва|Lev|4
M|Савелій|Савелий|Сава|Сава|Saveliy|4
M|Всеволод|Всеволод|Сева|Сева|Vsevolod|3
M|Еміль|Эмиль|||Emil|3
F|Анастасія|Анастасия|Настя,Настуся|Настя|Anastasia|55
F|Марія|Мария|Маша,Марійка|Маша|Maria|45
F|Софія|София/Софья|Соня,Софійка|Соня|Sophia|55
F|Анна|Анна|Аня,Ганнуся|Аня|Anna|40
F|Ганна|Анна|Ганнуся,Ганя|Аня|Hanna|8
F|Дарина|Дарина/Дарья|Даринка,Дарка|Даша|Darina|35
F|Дарія|Дарья|Даша,Дарка|Даша|Daria|30
F|Вікторія|Виктория|Віка|Вика|Victoria|45
F|Поліна|Полина|Поля,Полінка|Поля|Polina|30
F|Єлизавета|Елизавета|Ліза|Лиза|Elizabeth|28
F|Олександра|Александра|Саша,Сашуня|Саша|Alexandra|25
F|Катерина|Екатерина|Катя,Катруся|Катя|Catherine|28
F|Олена|Елена|Оленка,Лена|Лена|Helen|8
F|Юлія|Юлия|Юля|Юля|Julia|22
F|Ірина|Ирина|Іра,Іринка|Ира|Irina|12
F|Аліна|Алина|Аля,Алінка|Аля|Alina|22
F|Валерія|Валерия|Лера|Лера|Valeria|22
F|Діана|Диана|Діанка|Дианка|Diana|20
F|Христина|Кристина|Христя|Кристя|Christina|18
F|Вероніка|Вероника|Ніка|Ника|Veronica|22
F|Злата|Злата|Златка|Златочка|Zlata|18
F|Мілана|Милана|Міла|Мила|Milana|15
F|Єва|Ева|Євка|Евочка|Eva|15
F|Соломія|Соломия|Соля|Соля|Solomiya|8
F|Ангеліна|Ангелина|Ліна,Геля|Геля|Angelina|18
F|Карина|Карина|Каринка|Каринка|Karina|15
F|Кіра|Кира|Кірочка|Кирочка|Kira|8
F|Ксенія|Ксения|Ксюша|Ксюша|Ksenia|15
F|Ярина|Арина/Ирина|Яринка|Ариша|Yaryna|8
F|Аріна|Арина|Ариша|Ариша|Arina|10
F|Оксана|Оксана|Оксанка|Оксанка|Oksana|5
F|Тетяна|Татьяна|Таня|Таня|Tatiana|8
F|Наталія|Наталья/Наталия|Наташа|Наташа|Natalia|6
F|Світлана|Светлана|Світланка|Света|Svetlana|5
F|Маргарита|Маргарита|Рита|Рита|Margarita|10
F|Олеся|Олеся|Леся|Леся|Olesya|8
F|Надія|Надежда|Надя|Надя|Nadia|5
F|Любов|Любовь|Люба|Люба|Lyubov|3
F|Віра|Вера|Віруся|Верочка|Vera|4
F|Ольга|Ольга|Оля|Оля|Olga|8
F|Яна|Яна|Яночка|Яночка|Yana|12
F|Владислава|Владислава|Влада|Влада|Vladislava|10
F|Мирослава|Мирослава|Мирося,Слава|Мира|Miroslava|10
F|Василина|Василиса|Василинка|Вася|Vasilisa|5
F|Таїсія|Таисия|Тая|Тая|Taisia|6
F|Уляна|Ульяна|Уля|Уля|Ulyana|8
F|Емілія|Эмилия|Міля|Миля|Emily|6
F|Каміла|Камила|Міла|Мила|Camila|6
F|Евеліна|Эвелина|Еля|Эля|Evelina|8
F|Богдана|Богдана|Даня|Дана|Bogdana|8
F|Мар'яна|Марьяна|Марічка|Марьяша|Mariana|8
F|Олівія|Оливия|Ліва|Лива|Olivia|5
F|Людмила|Людмила|Люда|Люда|Ludmila|2
"""

# Russian given names of children born in Russia (adoption profiles, new identities)
RU_GIVEN = """
M Александр:50 Максим:45 Артём:45 Михаил:35 Иван:35 Дмитрий:40 Даниил:35 Кирилл:35 Андрей:25
M Егор:30 Никита:30 Илья:25 Алексей:20 Матвей:25 Тимофей:20 Роман:15 Владимир:15 Ярослав:15
M Фёдор:10 Георгий:10 Константин:8 Лев:12 Марк:15 Степан:10 Арсений:15 Глеб:10 Макар:10
M Савелий:8 Тимур:10 Богдан:8 Елисей:6 Платон:6 Захар:8 Мирон:5 Вячеслав:5 Семён:6 Денис:10
M Демид:4 Всеволод:4 Святослав:4 Владислав:12 Николай:8 Вадим:5 Руслан:6 Евгений:8 Сергей:8
M Виктор:5 Павел:8 Данила:5 Олег:3 Антон:6 Григорий:3
F София:40 Анна:35 Мария:35 Алиса:30 Ева:20 Виктория:30 Полина:25 Варвара:20 Александра:20
F Анастасия:35 Дарья:30 Екатерина:20 Ксения:18 Вероника:18 Арина:18 Василиса:12 Милана:12
F Таисия:8 Ульяна:10 Злата:8 Валерия:15 Кира:12 Елизавета:20 Маргарита:10 Есения:6 Агата:5
F Мирослава:8 Алёна:8 Диана:10 Ника:5 Амелия:4 Стефания:5 Елена:5 Ольга:4 Юлия:8 Татьяна:5
F Кристина:8 Карина:6 Алина:10 Ангелина:10 Софья:10 Милена:4 Яна:5
"""

# Ukrainian|Russian|UA patronymic m|UA patronymic f|RU patronymic m|RU patronymic f|weight
FATHERS = """
Олександр|Александр|Олександрович|Олександрівна|Александрович|Александровна|30
Сергій|Сергей|Сергійович|Сергіївна|Сергеевич|Сергеевна|28
Андрій|Андрей|Андрійович|Андріївна|Андреевич|Андреевна|22
Володимир|Владимир|Володимирович|Володимирівна|Владимирович|Владимировна|20
Віталій|Виталий|Віталійович|Віталіївна|Витальевич|Витальевна|12
Дмитро|Дмитрий|Дмитрович|Дмитрівна|Дмитриевич|Дмитриевна|18
Юрій|Юрий|Юрійович|Юріївна|Юрьевич|Юрьевна|14
Олег|Олег|Олегович|Олегівна|Олегович|Олеговна|12
Ігор|Игорь|Ігорович|Ігорівна|Игоревич|Игоревна|12
Віктор|Виктор|Вікторович|Вікторівна|Викторович|Викторовна|12
Микола|Николай|Миколайович|Миколаївна|Николаевич|Николаевна|14
Іван|Иван|Іванович|Іванівна|Иванович|Ивановна|12
Руслан|Руслан|Русланович|Русланівна|Русланович|Руслановна|10
Роман|Роман|Романович|Романівна|Романович|Романовна|10
Василь|Василий|Васильович|Василівна|Васильевич|Васильевна|8
Євген|Евгений|Євгенович|Євгенівна|Евгеньевич|Евгеньевна|12
Михайло|Михаил|Михайлович|Михайлівна|Михайлович|Михайловна|10
Павло|Павел|Павлович|Павлівна|Павлович|Павловна|8
Петро|Пётр|Петрович|Петрівна|Петрович|Петровна|6
Анатолій|Анатолий|Анатолійович|Анатоліївна|Анатольевич|Анатольевна|6
Денис|Денис|Денисович|Денисівна|Денисович|Денисовна|8
Максим|Максим|Максимович|Максимівна|Максимович|Максимовна|8
Артем|Артём|Артемович|Артемівна|Артёмович|Артёмовна|5
Олексій|Алексей|Олексійович|Олексіївна|Алексеевич|Алексеевна|12
Вадим|Вадим|Вадимович|Вадимівна|Вадимович|Вадимовна|6
Геннадій|Геннадий|Геннадійович|Геннадіївна|Геннадьевич|Геннадьевна|4
Валерій|Валерий|Валерійович|Валеріївна|Валерьевич|Валерьевна|5
Костянтин|Константин|Костянтинович|Костянтинівна|Константинович|Константиновна|6
Ярослав|Ярослав|Ярославович|Ярославівна|Ярославович|Ярославовна|4
Богдан|Богдан|Богданович|Богданівна|Богданович|Богдановна|4
Тарас|Тарас|Тарасович|Тарасівна|Тарасович|Тарасовна|3
Степан|Степан|Степанович|Степанівна|Степанович|Степановна|2
Григорій|Григорий|Григорович|Григорівна|Григорьевич|Григорьевна|3
Леонід|Леонид|Леонідович|Леонідівна|Леонидович|Леонидовна|3
Станіслав|Станислав|Станіславович|Станіславівна|Станиславович|Станиславовна|4
Едуард|Эдуард|Едуардович|Едуардівна|Эдуардович|Эдуардовна|3
Ілля|Илья|Ілліч|Іллівна|Ильич|Ильинична|3
Яків|Яков|Якович|Яківна|Яковлевич|Яковлевна|2
Пилип|Филипп|Пилипович|Пилипівна|Филиппович|Филипповна|1
Федір|Фёдор|Федорович|Федорівна|Фёдорович|Фёдоровна|2
В'ячеслав|Вячеслав|В'ячеславович|В'ячеславівна|Вячеславович|Вячеславовна|5
Артур|Артур|Артурович|Артурівна|Артурович|Артуровна|3
Антон|Антон|Антонович|Антонівна|Антонович|Антоновна|5
"""

WOMEN = """
Олена=Елена:20 Наталія=Наталья:18 Оксана=Оксана:15 Тетяна=Татьяна:18 Ірина=Ирина:16
Юлія=Юлия:15 Світлана=Светлана:12 Ольга=Ольга:14 Марина=Марина:10 Інна=Инна:6
Вікторія=Виктория:10 Людмила=Людмила:5 Анна=Анна:10 Ганна=Анна:4 Катерина=Екатерина:10
Алла=Алла:3 Лариса=Лариса:3 Яна=Яна:6 Анастасія=Анастасия:6 Дарія=Дарья:3
Олександра=Александра:4 Надія=Надежда:3 Віра=Вера:2 Жанна=Жанна:2 Валентина=Валентина:3
Галина=Галина:3 Ксенія=Ксения:4 Альона=Алёна:5 Євгенія=Евгения:4 Аліна=Алина:4
Мар'яна=Марьяна:3 Христина=Кристина:3 Анжела=Анжела:2
"""

GRANDMOTHERS = """
Галина=Галина:10 Ніна=Нина:8 Валентина=Валентина:10 Людмила=Людмила:9 Тетяна=Татьяна:8
Любов=Любовь:7 Надія=Надежда:7 Раїса=Раиса:4 Світлана=Светлана:6 Ольга=Ольга:6 Лідія=Лидия:4
Марія=Мария:5 Віра=Вера:5 Тамара=Тамара:5 Зінаїда=Зинаида:2
"""

# Ukrainian surnames in rough order of frequency. "=X": Russian form when the letter rules do not
# give it; "+": adjectival (feminine -а / -ая); "^": Russian-type in -ін (feminine -а).
SURNAMES = """
Мельник Шевченко Коваленко Бойко Бондаренко Ткаченко Кравченко Ковальчук Коваль Олійник=Олейник
Шевчук Поліщук Іванов Бондар Лисенко=Лысенко Марченко Мороз Руденко Савченко Петренко Клименко
Павленко Кравчук Кузьменко Пономаренко Ткачук Савчук Василенко Левченко Харченко Карпенко
Гончаренко Мельничук Литвиненко Сидоренко Панченко Кириленко Гаврилюк Романенко Кушнір Петров
Бабенко Захарченко Козак Мартинюк Костенко Юрченко Кузнєцов Попов Лук'яненко Гнатюк Яковенко
Дмитренко Остапенко Довгаль Тарасенко Онищенко Середа Рибак=Рыбак Степаненко Войтенко
Прокопенко Зінченко Тимошенко Антоненко Кучер Гордієнко Назаренко Білик=Белик Білоус=Белоус
Головко Дорошенко Мартиненко Мирошниченко Сергієнко Фесенко Ігнатенко Герасименко
Коломієць=Коломиец Гуменюк Приходько Демченко Волков Новіков Морозов Соколов Лебедєв Козлов
Павлов Сидоров Кравцов Смирнов Бєлов=Белов Андрєєв=Андреев Єрмаков=Ермаков Орлов Зайцев
Федоров=Фёдоров Семенов=Семёнов Макаров Ковальов Соловйов Воробйов Кисельов Гончаров Медведєв
Ковальський Яворський Вишневський Левицький Білецький=Белецкий Савицький Ковалевський
Полянський Ярошевський Соколовський Поплавський Дубровський Малиновський Жуковський
Козловський Грабовський Ольшанський Білий+=Белый Чорний+=Чёрный Сивий+=Сивый Рудий+=Рудой
Осадчий+ Бережний+=Бережной Гладкий+ Мостовий+=Мостовой Дем'яненко Дем'янчук Григор'єв
Чорновол Чорноус Чорненко Чорнобай Їжак Євтушенко Єременко Єрмоленко Ґудзь Ґалаґан Петрів
Іванів Бабій Кравець Швець Мазур Шаповал Гребенюк Литвин Гайдай Дяченко=Дьяченко Гриценко
Тимченко Хоменко Мироненко Самойленко Панасенко Андрієнко Ничипоренко Максименко Кононенко
Луценко Бурлака Нестеренко Мазуренко Вакуленко Тищенко Литвинчук Ярошенко Пилипенко Федоренко
Власенко Шаповаленко Сорока Ворона Голуб Гончар Кравчишин Пасічник=Пасечник Паламарчук Кирилюк
Рибалко=Рыбалко Ющенко Бойчук Кравців Стельмах Шульга Зайченко Лозинський Скиба Дзюба
Данилюк Борисенко Мисник Жук Кулик Гриб Костюк Олексієнко Яременко Цимбал Лещенко Кучеренко
Савенко Ігнатюк Вовк Дудка Сахно Процюк Ярмоленко Рябоконь Бутенко Гузь Щербак Щербина
Захарчук Мартинчук Дідух Губенко Охріменко Шевцов Степанов Нікітін^ Ільїн^ Фомін^ Гуцал
Калініченко Олефіренко Різник=Резник Сліпченко Дробот Гаркуша Нагорний+=Нагорный Заїка
Прядко Лобода Чумак Ковтун Кравчина Мисюра Очеретько Гапон Пархоменко Деркач Тесленко
Карась Гавриленко Білоконь=Белоконь Гринь Задорожний+=Задорожный Стасюк Швидкий+=Швыдкий
"""

# Roots for a generated long tail of surnames (root + suffix, e.g. Петр + ишин); the tail
# carries SURNAME_TAIL_SHARE of the surname mass so that namesakes are common but not universal.
NAME_ROOTS = """
Петр Іван Гнат Остап Мирон Сидор Федор Роман Мартин Кирил Данил Гаврил Семен Степан Тимош
Михайл Павл Яков Карп Макар Назар Охрім Панас Трохим Харитон Юхим Хом Клим Максим Марк Тарас
Васил Кузьм Прокоп Антон Борис Денис Микит Ничипор Пилип Нестер Филон Влас Гриц Олекс Якуб
Дорош Ярош Єрем Самійл Савк Тимоф Юр Лев Дем Мат Фед Сав Гриш Костр Ілар Климент
"""
NOUN_ROOTS = """
Бондар Гончар Ткач Кушнір Столяр Бочкар Скляр Чумак Ковтун Вівчар Бурлак Козак Слюсар Стельмах
Шаповал Різник Рибал Лобод Гайд Довгал Круп Сокол Ворон Вовч Лис Жук Бобр Орл Голуб Журав Дуб
Явор Берез Сосн Верб Клен Ясен Лип Калин Горох Гриб Мак Щерб Шульг Лукаш Гуц Бойч Білаш Чорн
Сив Руд Біл Мороз Сніж Вітр Гром Зим Дід Кобзар Дудар Цимбал Бандур Барабаш Сотник Осавул
Гетьман Курін Писар Дяк Паламар Титар Волош Литвин Ляш Угрин Гуцул Мадяр Сербін Волох Бут Гуз
Сах Кот Заруб Граб Кривонос Білокур Довжен Кучеряв Головат Товст Сухор Мокр
"""
NAME_SUFFIXES = ("енко", "ук", "ишин", "ів", "овський", "ак", "ець", "чук")
NOUN_SUFFIXES = ("енко", "ук", "чук", "ак", "ик", "ун", "овський", "ець")
SURNAME_TAIL_SHARE = 0.55

# Russian surnames (adoptive families, children born in Russia)
RU_SURNAMES = """
Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков
Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин
Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов
Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв
Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов
Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников
Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов
Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов
Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов
Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров
Грачёв Котов Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов
Кондратьев Бирюков Горбунов Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин
Белоусов Нестеров Симонов Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронцов
Агафонов Долгов Варламов Шубин Лаптев Зуев Рыбаков Суханов Блинов Рожков Калугин Мухин
"""

# key|Ukrainian|Russian|Russian-side variants used in counterpart lists (;)
OBLASTS = """
DON|Донецька область|Донецкая область|ДНР;Донецкая Народная Республика;Донецкая обл.
LUH|Луганська область|Луганская область|ЛНР;Луганская Народная Республика;Луганская обл.
ZAP|Запорізька область|Запорожская область|Запорожская обл.;Запорожская область
KHE|Херсонська область|Херсонская область|Херсонская обл.;Херсонская область
KHA|Харківська область|Харьковская область|Харьковская обл.;Харьковская область
CRI|Автономна Республіка Крим|Республика Крым|Республика Крым;Крым
SEV|м. Севастополь|г. Севастополь|г. Севастополь;Севастополь
MYK|Миколаївська область|Николаевская область|Николаевская обл.
DNI|Дніпропетровська область|Днепропетровская область|Днепропетровская обл.
KIR|Кіровоградська область|Кировоградская область|Кировоградская обл.
ODE|Одеська область|Одесская область|Одесская обл.
KYI|Київська область|Киевская область|Киевская обл.
KYC|м. Київ|г. Киев|Киев
CHE|Чернігівська область|Черниговская область|Черниговская обл.
SUM|Сумська область|Сумская область|Сумская обл.
"""

# Ukrainian (/newer official)|Russian (/Soviet or occupation name)|oblast|weight|14 = occupied
# since 2014
PLACES = """
Маріуполь|Мариуполь|DON|40|
Донецьк|Донецк|DON|25|14
Макіївка|Макеевка|DON|10|14
Горлівка|Горловка|DON|10|14
Краматорськ|Краматорск|DON|8|
Слов'янськ|Славянск|DON|7|
Бахмут|Бахмут/Артёмовск|DON|7|
Покровськ|Покровск/Красноармейск|DON|6|
Торецьк|Торецк/Дзержинск|DON|4|
Мирноград|Мирноград/Димитров|DON|3|
Костянтинівка|Константиновка|DON|5|
Волноваха|Волноваха|DON|4|
Єнакієве|Енакиево|DON|5|14
Харцизьк|Харцызск|DON|3|14
Шахтарськ|Шахтёрск|DON|3|14
Сніжне|Снежное|DON|2|14
Чистякове|Чистяково/Торез|DON|3|14
Ясинувата|Ясиноватая|DON|2|14
Авдіївка|Авдеевка|DON|2|
Новоазовськ|Новоазовск|DON|2|14
Кальміуське|Кальмиусское/Комсомольское|DON|1|14
Вугледар|Угледар|DON|1|
Лиман|Лиман/Красный Лиман|DON|2|
Докучаєвськ|Докучаевск|DON|1|14
Мангуш|Мангуш/Першотравневое|DON|1|
Сартана|Сартана|DON|1|
Ольгинка|Ольгинка|DON|0.5|
Луганськ|Луганск|LUH|20|14
Алчевськ|Алчевск|LUH|6|14
Сєвєродонецьк/Сіверськодонецьк|Северодонецк|LUH|7|
Лисичанськ|Лисичанск|LUH|6|
Кадіївка|Кадиевка/Стаханов|LUH|5|14
Хрустальний|Хрустальный/Красный Луч|LUH|4|14
Довжанськ|Должанск/Свердловск|LUH|3|14
Сорокине|Сорокино/Краснодон|LUH|3|14
Голубівка|Голубовка/Кировск|LUH|2|14
Ровеньки|Ровеньки|LUH|3|14
Рубіжне|Рубежное|LUH|3|
Старобільськ|Старобельск|LUH|2|
Антрацит|Антрацит|LUH|2|14
Брянка|Брянка|LUH|2|14
Щастя|Счастье|LUH|1|
Сватове|Сватово|LUH|1|
Кремінна|Кременная|LUH|1|
Станиця Луганська|Станица Луганская|LUH|1|
Мелітополь|Мелитополь|ZAP|15|
Бердянськ|Бердянск|ZAP|10|
Енергодар|Энергодар|ZAP|5|
Токмак|Токмак|ZAP|3|
Пологи|Пологи|ZAP|2|
Василівка|Васильевка|ZAP|2|
Запоріжжя|Запорожье|ZAP|6|
Приморськ|Приморск|ZAP|1|
Якимівка|Акимовка|ZAP|1|
Кам'янка-Дніпровська|Каменка-Днепровская|ZAP|2|
Дніпрорудне|Днепрорудное|ZAP|1|
Михайлівка|Михайловка|ZAP|1|
Херсон|Херсон|KHE|30|
Нова Каховка|Новая Каховка|KHE|8|
Олешки|Алешки/Цюрупинск|KHE|6|
Скадовськ|Скадовск|KHE|4|
Гола Пристань|Голая Пристань|KHE|3|
Генічеськ|Геническ|KHE|4|
Каховка|Каховка|KHE|4|
Берислав|Берислав|KHE|2|
Чаплинка|Чаплинка|KHE|1|
Білозерка|Белозёрка|KHE|2|
Чорнобаївка|Чернобаевка|KHE|1|
Каланчак|Каланчак|KHE|1|
Харків|Харьков|KHA|8|
Куп'янськ|Купянск|KHA|5|
Ізюм|Изюм|KHA|5|
Балаклія|Балаклея|KHA|3|
Вовчанськ|Волчанск|KHA|3|
Чугуїв|Чугуев|KHA|2|
Сімферополь|Симферополь|CRI|5|14
Керч|Керчь|CRI|2|14
Євпаторія|Евпатория|CRI|2|14
Ялта|Ялта|CRI|1|14
Феодосія|Феодосия|CRI|1|14
Джанкой|Джанкой|CRI|1|14
Армянськ|Армянск|CRI|1|14
Красноперекопськ/Яни Капу|Красноперекопск|CRI|0.5|14
Севастополь|Севастополь|SEV|2|14
Миколаїв|Николаев|MYK|3|
Снігурівка|Снигирёвка|MYK|1|
Дніпро|Днепр/Днепропетровск|DNI|2|
Кам'янське|Каменское/Днепродзержинск|DNI|1|
Кривий Ріг|Кривой Рог|DNI|1|
Кропивницький|Кропивницкий/Кировоград|KIR|1|
Подільськ|Подольск/Котовск|ODE|1|
Одеса|Одесса|ODE|1|
Ірпінь|Ирпень|KYI|0.5|
Буча|Буча|KYI|0.5|
Бородянка|Бородянка|KYI|0.3|
Київ|Киев|KYC|1|
Чернігів|Чернигов|CHE|0.5|
Суми|Сумы|SUM|0.5|
Тростянець|Тростянец|SUM|0.3|
"""

# Russian|Ukrainian spelling|region|English|weight: towns where children are held or placed
RU_TOWNS = """
Таганрог|Таганрог|Ростовская область|Taganrog|10
Ростов-на-Дону|Ростов-на-Дону|Ростовская область|Rostov-on-Don|10
Москва|Москва|г. Москва|Moscow|8
Подольск|Подольськ|Московская область|Podolsk|6
Евпатория|Євпаторія|Республика Крым|Yevpatoria|6
Симферополь|Сімферополь|Республика Крым|Simferopol|3
Алушта|Алушта|Республика Крым|Alushta|2
Анапа|Анапа|Краснодарский край|Anapa|4
Геленджик|Геленджик|Краснодарский край|Gelendzhik|3
Краснодар|Краснодар|Краснодарский край|Krasnodar|3
Воронеж|Воронеж|Воронежская область|Voronezh|3
Белгород|Бєлгород|Белгородская область|Belgorod|2
Курск|Курськ|Курская область|Kursk|2
Тула|Тула|Тульская область|Tula|2
Оренбург|Оренбург|Оренбургская область|Orenburg|2
Нижний Новгород|Нижній Новгород|Нижегородская область|Nizhny Novgorod|2
Казань|Казань|Республика Татарстан|Kazan|1
Пенза|Пенза|Пензенская область|Penza|1
Новосибирск|Новосибірськ|Новосибирская область|Novosibirsk|1
Тюмень|Тюмень|Тюменская область|Tyumen|1
Омск|Омськ|Омская область|Omsk|1
Мурманск|Мурманськ|Мурманская область|Murmansk|1
Кострома|Кострома|Костромская область|Kostroma|1
Рязань|Рязань|Рязанская область|Ryazan|1
Химки|Хімки|Московская область|Khimki|2
Балашиха|Балашиха|Московская область|Balashikha|1
Солнечногорск|Солнєчногорськ|Московская область|Solnechnogorsk|1
Ставрополь|Ставрополь|Ставропольский край|Stavropol|1
Кисловодск|Кисловодськ|Ставропольский край|Kislovodsk|1
Грозный|Грозний|Чеченская Республика|Grozny|1
Липецк|Липецьк|Липецкая область|Lipetsk|1
Брянск|Брянськ|Брянская область|Bryansk|1
Смоленск|Смоленськ|Смоленская область|Smolensk|1
Уфа|Уфа|Республика Башкортостан|Ufa|1
Магадан|Магадан|Магаданская область|Magadan|0.5
Калуга|Калуга|Калужская область|Kaluga|1
"""

# regions of children in the Russian placement database
RU_REGIONS = """
Московская область:8 г. Москва:5 Ростовская область:6 Краснодарский край:6 Свердловская область:5
Челябинская область:4 Иркутская область:4 Красноярский край:4 Кемеровская область:4
Пермский край:3 Республика Башкортостан:4 Алтайский край:3 Саратовская область:3
Волгоградская область:3 Новосибирская область:3 Оренбургская область:3 Тульская область:2
Воронежская область:2 Самарская область:3 Нижегородская область:3 Республика Крым:2
Забайкальский край:2 Хабаровский край:2 Приморский край:2 Тверская область:2 Курганская область:2
Омская область:2 Республика Тыва:1 Тюменская область:2 Ставропольский край:2
Донецкая Народная Республика:2 Луганская Народная Республика:1 Брянская область:1
Калужская область:1 Смоленская область:1 Курская область:1 Белгородская область:1
"""

# kind|town (Ukrainian)|Ukrainian name, then the Russian name on an indented line.
# kind: baby (0-3), home (3-17), school (6-17)
INSTITUTIONS = """
baby|Херсон|Херсонський обласний будинок дитини
    Херсонский областной дом ребёнка
baby|Маріуполь|Маріупольський міський будинок дитини
    Мариупольский городской дом ребёнка
baby|Донецьк|Донецький обласний спеціалізований будинок дитини
    Донецкий республиканский специализированный дом ребёнка
baby|Горлівка|Горлівський міський будинок дитини
    Горловский городской дом ребёнка
baby|Луганськ|Луганський обласний будинок дитини №1
    Луганский республиканский дом ребёнка
baby|Мелітополь|Мелітопольський будинок дитини «Сонечко»
    Мелитопольский дом ребёнка «Солнышко»
baby|Бердянськ|Бердянський будинок дитини
    Бердянский дом ребёнка
baby|Сімферополь|Сімферопольський будинок дитини «Ясочка»
    Симферопольский дом ребёнка «Ясочка»
baby|Харків|Харківський обласний будинок дитини №1
    Харьковский областной дом ребёнка № 1
school|Маріуполь|Маріупольська загальноосвітня школа-інтернат №3
    Мариупольская общеобразовательная школа-интернат № 3
home|Маріуполь|Маріупольський дитячий будинок «Сонечко»
    Мариупольский детский дом «Солнышко»
school|Донецьк|Донецька спеціальна загальноосвітня школа-інтернат №18
    Донецкая специальная общеобразовательная школа-интернат № 18
school|Горлівка|Горлівська загальноосвітня школа-інтернат №1
    Горловская общеобразовательная школа-интернат № 1
home|Макіївка|Макіївський дитячий будинок №2
    Макеевский детский дом № 2
school|Торецьк|Торецька загальноосвітня школа-інтернат
    Дзержинская общеобразовательная школа-интернат
school|Бахмут|Бахмутська загальноосвітня школа-інтернат
    Артёмовская общеобразовательная школа-интернат
home|Покровськ|Покровський дитячий будинок «Надія»
    Красноармейский детский дом «Надежда»
home|Краматорськ|Краматорський центр соціально-психологічної реабілітації дітей
    Краматорский центр социально-психологической реабилитации детей
school|Луганськ|Луганська обласна санаторна школа-інтернат
    Луганская санаторная школа-интернат
school|Кадіївка|Кадіївська загальноосвітня школа-інтернат
    Стахановская общеобразовательная школа-интернат
home|Лисичанськ|Лисичанський дитячий будинок
    Лисичанский детский дом
school|Сватове|Сватівська спеціальна школа-інтернат
    Сватовская специальная школа-интернат
school|Олешки|Олешківська спеціальна школа-інтернат
    Алешкинская специальная школа-интернат
home|Херсон|Херсонський обласний дитячий будинок
    Херсонский областной детский дом
school|Херсон|Херсонська спеціальна загальноосвітня школа-інтернат
    Херсонская специальная общеобразовательная школа-интернат
school|Генічеськ|Генічеська санаторна школа-інтернат
    Геническая санаторная школа-интернат
school|Скадовськ|Скадовська спеціальна школа-інтернат
    Скадовская специальная школа-интернат
school|Нова Каховка|Новокаховська загальноосвітня школа-інтернат
    Новокаховская общеобразовательная школа-интернат
school|Мелітополь|Мелітопольська загальноосвітня школа-інтернат «Дитяче містечко»
    Мелитопольская школа-интернат «Детский городок»
school|Бердянськ|Бердянська загальноосвітня школа-інтернат №1
    Бердянская общеобразовательная школа-интернат № 1
home|Енергодар|Енергодарський дитячий будинок сімейного типу
    Энергодарский детский дом семейного типа
school|Ізюм|Ізюмська загальноосвітня школа-інтернат
    Изюмская общеобразовательная школа-интернат
home|Куп'янськ|Куп'янський дитячий будинок
    Купянский детский дом
school|Сімферополь|Сімферопольська спеціальна школа-інтернат №1
    Симферопольская специальная школа-интернат № 1
home|Євпаторія|Євпаторійський дитячий будинок
    Евпаторийский детский дом
"""

# Russian institutions and camps where children are held (town|name; * = any town)
RU_CENTRES = """
Таганрог|ГБУ РО «Таганрогский центр помощи детям № 7»
Ростов-на-Дону|ГКУ РО «Центр помощи детям № 4»
Ростов-на-Дону|ГБОУ РО «Ростовская школа-интернат № 1»
Евпатория|Детский оздоровительный лагерь «Лучистый»
Евпатория|Санаторий «Жемчужина»
Москва|ГБУ «Центр содействия семейному воспитанию «Берёзка»»
Подольск|ГБУ МО «Подольский социально-реабилитационный центр для несовершеннолетних»
Анапа|Детский лагерь «Ласточка»
Геленджик|Детский лагерь «Дружба»
Алушта|Детский лагерь «Алые паруса»
Курск|ОКУ «Курский социально-реабилитационный центр»
Воронеж|КУВО «Воронежский центр помощи детям»
Химки|ГБУ МО «Химкинский центр помощи детям»
*|Социально-реабилитационный центр для несовершеннолетних
*|Центр помощи детям, оставшимся без попечения родителей
*|Детский оздоровительный лагерь «Звёздный»
*|Кадетская школа-интернат
"""


class Given(NamedTuple):
    sex: str
    ua: str
    ru: tuple[str, ...]
    dim_ua: tuple[str, ...]
    dim_ru: tuple[str, ...]
    en: str
    weight: float


class Father(NamedTuple):
    ua: str
    ru: str
    pm_ua: str
    pf_ua: str
    pm_ru: str
    pf_ru: str
    weight: float


class Adult(NamedTuple):
    ua: str
    ru: str
    weight: float


class Surname(NamedTuple):
    ua_m: str
    ua_f: str
    ru_m: str
    ru_f: str


class Oblast(NamedTuple):
    key: str
    ua: str
    ru: str
    ru_variants: tuple[str, ...]


class Place(NamedTuple):
    ua: str
    ua_alt: str
    ru: str
    ru_old: str
    obl: str
    weight: float
    occ14: bool


class RuTown(NamedTuple):
    ru: str
    ua: str
    region: str
    en: str
    weight: float


class Institution(NamedTuple):
    kind: str
    town: str
    ua: str
    ru: str


def _split(text: str, sep: str = ",") -> tuple[str, ...]:
    return tuple(x for x in text.split(sep) if x)


def _lines(text: str) -> list[list[str]]:
    return [line.split("|") for line in text.strip().splitlines()]


def _tokens(text: str) -> list[tuple[str, float]]:
    out = []
    for tok in text.split():
        name, _, w = tok.partition(":")
        out.append((name, float(w or 1)))
    return out


_RU_LETTERS = str.maketrans("іІїЇєЄґҐ", "иИиИеЕгГ")


def _institutions(text: str) -> list[Institution]:
    out: list[Institution] = []
    for line in text.strip().splitlines():
        if line.startswith(" "):
            out[-1] = out[-1]._replace(ru=line.strip())
        else:
            kind, town, ua = line.split("|")
            out.append(Institution(kind, town, ua, ""))
    return out


def russify_surname(ua: str) -> str:
    """Russian spelling of a Ukrainian surname by the common letter rules."""
    s = ua
    for a, b in (("ський", "ский"), ("цький", "цкий"), ("зький", "зкий")):
        if s.endswith(a):
            s = s[: -len(a)] + b
    if s.startswith("Чорн"):
        s = "Черн" + s[4:]
    s = s.replace("йов", "ьёв").replace("ьов", "ёв").replace("'", "ь")
    s = s.translate(_RU_LETTERS)
    if s.endswith("ець"):
        s = s[:-3] + "ец"
    return s


def _feminine(male: str, kind: str, russian: bool) -> str:
    if kind == "ov":
        return male + "а"
    if kind != "adj":
        return male
    if russian:
        for end in ("ый", "ий", "ой"):
            if male.endswith(end):
                return male[:-2] + "ая"
        return male
    return male[:-2] + "а" if male.endswith("ий") else male


def parse_surnames(text: str) -> list[Surname]:
    out, seen = [], set()
    for tok in text.split():
        ua, _, ru = tok.partition("=")
        kind = "inv"
        if ua.endswith("+"):
            ua, kind = ua[:-1], "adj"
        elif ua.endswith("^"):
            ua, kind = ua[:-1], "ov"
        elif ua.endswith(("ов", "ев", "єв", "ьов", "йов")):
            kind = "ov"
        elif ua.endswith(("ський", "цький", "зький")):
            kind = "adj"
        if ua in seen:
            continue
        seen.add(ua)
        ru = ru or russify_surname(ua)
        out.append(Surname(ua, _feminine(ua, kind, False), ru, _feminine(ru, kind, True)))
    return out


_MUTATE = {"к": "ч", "г": "ж", "х": "ш"}


def _attach(root: str, suffix: str) -> str:
    """Root + suffix with the usual consonant changes (Козак + енко -> Козаченко)."""
    last = root[-1]
    if suffix in ("ак", "чук") and last in _MUTATE:
        return ""
    if suffix[0] in "еуи" and last in _MUTATE:
        root, last = root[:-1] + _MUTATE[last], _MUTATE[last]
    if suffix == "ук" and last not in "чшщжрц":
        suffix = "юк"
    elif suffix == "ак" and last in "лнтдсз":
        suffix = "як"
    elif suffix == "чук" and (last not in "лврн" or root[-2] not in "аеєиіїоуюя"):
        return ""
    return root + suffix


def surname_table() -> tuple[list[Surname], list[float]]:
    """Curated head (Zipf-weighted) plus a generated tail; fixed, independent of --seed."""
    head = parse_surnames(SURNAMES)
    known = {s.ua_m for s in head}
    rng = random.Random(20240601)
    tail_names: list[str] = []
    for roots, suffixes in ((NAME_ROOTS, NAME_SUFFIXES), (NOUN_ROOTS, NOUN_SUFFIXES)):
        for root in roots.split():
            for suffix in rng.sample(suffixes, rng.randint(3, 5)):
                name = _attach(root, suffix)
                if name and name not in known:
                    known.add(name)
                    tail_names.append(name)
    tail = parse_surnames(" ".join(tail_names))
    hw = zipf(len(head), offset=30.0)
    tw = [rng.uniform(0.3, 1.7) for _ in tail]
    k_head = (1 - SURNAME_TAIL_SHARE) / sum(hw)
    k_tail = SURNAME_TAIL_SHARE / sum(tw)
    return head + tail, [w * k_head for w in hw] + [w * k_tail for w in tw]


def parse_ru_surnames(text: str) -> list[Surname]:
    names = list(dict.fromkeys(text.split()))
    return [Surname(n, n + "а", n, n + "а") for n in names]


def zipf(n: int, offset: float = 8.0) -> list[float]:
    return [1.0 / (i + offset) for i in range(n)]


# --------------------------------------------------------------------------------------------
# Transliteration (own tables; see /work/shared/research/translit_tables.md for the systems)
# --------------------------------------------------------------------------------------------

_APOS = "'’ʼ`ʹ"
_VOWELS = frozenset("аеєиіїоуюяыэё")
_SOFT = frozenset("ьъй")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ`ʹ][^\W\d_]+)*")


@dataclass(frozen=True)
class Scheme:
    """A letter table with word-initial and after-vowel forms, letter pairs and endings."""

    base: dict[str, str]
    initial: dict[str, str] = field(default_factory=dict)
    after_vowel: dict[str, str] = field(default_factory=dict)
    pairs: dict[str, str] = field(default_factory=dict)  # anywhere in the word
    inner_pairs: dict[str, str] = field(default_factory=dict)  # not at the start of the word
    endings: tuple[tuple[str, str], ...] = ()


def _tab(spec: str, base: dict[str, str] | None = None) -> dict[str, str]:
    parts = spec.split()
    out = dict(base or {})
    out.update(
        {parts[i]: "" if parts[i + 1] == "-" else parts[i + 1] for i in range(0, len(parts), 2)}
    )
    return out


_UA_BASE = _tab(
    "а a б b в v г h ґ g д d е e є ie ж zh з z и y і i ї i й i к k л l м m н n о o п p р r "
    "с s т t у u ф f х kh ц ts ч ch ш sh щ shch ь - ю iu я ia ё io ы y э e ъ -"
)
_RU_BASE = _tab(
    "а a б b в v г g д d е e ё e ж zh з z и i й i к k л l м m н n о o п p р r с s т t у u "
    "ф f х kh ц ts ч ch ш sh щ shch ъ ie ы y ь - э e ю iu я ia і i ї i є e ґ g"
)
_UA_Y = "є ye ї yi й y ю yu я ya"

UA_KMU = Scheme(_UA_BASE, initial=_tab(_UA_Y), pairs={"зг": "zgh"})
UA_PASSPORT_2007 = Scheme(_tab("г g", _UA_BASE))
UA_BGN_1965 = Scheme(_tab(_UA_Y + " ь '", _UA_BASE))
UA_INFORMAL = Scheme(_tab(_UA_Y, _UA_BASE), inner_pairs={"кс": "x"}, endings=(("ій", "iy"),))
UA_GENERIC = Scheme(_tab("г g и i є ie ь '", _UA_BASE))
RU_ICAO = Scheme(_RU_BASE)
RU_GOST_2010 = Scheme(_tab("ц tc ъ -", _RU_BASE))
RU_MVD_310 = Scheme(_tab("й y ю yu я ya ь ' ъ -", _RU_BASE))
RU_BGN = Scheme(
    _tab("й y ю yu я ya ъ -", _RU_BASE), initial=_tab("е ye ё ye"), after_vowel=_tab("е ye ё ye")
)
RU_PRESS = Scheme(
    _tab("й y ю yu я ya ё yo ъ -", _RU_BASE),
    initial=_tab("е ye ё yo"),
    after_vowel=_tab("е ye ё yo"),
    endings=(("ий", "y"), ("ый", "y"), ("ия", "ia")),
)


def _translit_word(word: str, sch: Scheme) -> str:
    low = word.lower()
    tail = ""
    for cyr, lat in sch.endings:
        if low.endswith(cyr) and len(low) > len(cyr) + 1:
            low, tail = low[: -len(cyr)], lat
            break
    out: list[str] = []
    prev = ""
    i = 0
    while i < len(low):
        c = low[i]
        if c in _APOS:
            prev, i = "'", i + 1
            continue
        pair = low[i : i + 2]
        lat = sch.pairs.get(pair) or (sch.inner_pairs.get(pair) if prev else None)
        if lat:
            out.append(lat)
            prev, i = pair[1], i + 2
            continue
        if not prev and c in sch.initial:
            out.append(sch.initial[c])
        elif (prev in _VOWELS or prev in _SOFT) and c in sch.after_vowel:
            out.append(sch.after_vowel[c])
        else:
            out.append(sch.base.get(c, c))
        prev, i = c, i + 1
    res = "".join(out) + tail
    if len(word) > 1 and word.isupper():
        return res.upper()
    if word[:1].isupper():
        return res[:1].upper() + res[1:]
    return res


def translit(text: str, sch: Scheme) -> str:
    """Romanise Cyrillic text word by word; other characters pass through."""
    return _WORD_RE.sub(lambda m: _translit_word(m.group(0), sch), text)


# --------------------------------------------------------------------------------------------
# Noise
# --------------------------------------------------------------------------------------------

_CYR_LETTERS = "абвгдежзийклмнопрстуфхцчшщьюяі"
_LAT_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_HOMOGLYPHS = {
    "і": "i",
    "а": "a",
    "е": "e",
    "о": "o",
    "с": "c",
    "р": "p",
    "х": "x",
    "у": "y",
    "І": "I",
    "А": "A",
    "Е": "E",
    "О": "O",
    "С": "C",
    "Р": "P",
    "Н": "H",
    "К": "K",
    "М": "M",
    "Т": "T",
    "В": "B",
    "Х": "X",
}
TYPO_FIELDS = (
    "given_name",
    "family_name",
    "family_name",
    "given_name",
    "patronymic",
    "birth_place",
)
OPTIONAL_FIELDS = (
    "patronymic",
    "sex",
    "birth_date",
    "birth_place",
    "birth_region",
    "guardian_names",
    "institution",
    "last_known_place",
    "last_known_date",
)
APOS_REGISTRY = Weighted(["ʼ", "'", "’"], [6, 3, 1])
APOS_OTHER = Weighted(["'", "’", "ʼ", "`"], [60, 25, 10, 5])


def typo(s: str, rng: random.Random) -> str:
    """One edit: deletion, doubling, transposition or substitution (not the first letter)."""
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s))
    c = s[i]
    if not c.isalpha():
        return s
    op = rng.random()
    if op < 0.3:
        return s[:i] + s[i + 1 :]
    if op < 0.5:
        return s[:i] + c + s[i:]
    if op < 0.7 and i + 1 < len(s) and s[i + 1].isalpha() and s[i + 1] != c:
        return s[:i] + s[i + 1] + c + s[i + 2 :]
    new = rng.choice(_LAT_LETTERS if c.isascii() else _CYR_LETTERS)
    return s[:i] + (new.upper() if c.isupper() else new) + s[i + 1 :]


def homoglyph(s: str, rng: random.Random) -> str:
    """Replace one Cyrillic letter by its Latin look-alike (і→i preferred)."""
    if "і" in s and rng.random() < 0.6:
        return s.replace("і", "i", 1)
    spots = [i for i, c in enumerate(s) if c in _HOMOGLYPHS]
    if not spots:
        return s
    i = rng.choice(spots)
    return s[:i] + _HOMOGLYPHS[s[i]] + s[i + 1 :]


def fmt_date(d: date, style: str) -> str:
    if style == "iso":
        return d.isoformat()
    if style == "dmy":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "ym":
        return f"{d.year}-{d.month:02d}"
    return str(d.year)


def age_at(birth: date, when: date) -> int:
    return when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# World
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class NewIdentity:
    given: str
    family: str
    patronymic: str
    birth: date
    town: RuTown
    parents: str


@dataclass(slots=True)
class Family:
    surname: Surname
    father: Father
    mother: Adult
    mother_surname: Surname
    grandmother: Adult
    roles: tuple[str, ...]  # guardians listed in the registry
    place: Place
    deported: date
    ru_speaking: bool
    now: RuTown  # where the family's children are held or were last seen
    institution: bool
    members: list[Child] = field(default_factory=list)


@dataclass(slots=True)
class Child:
    pid: str
    sex: str
    given: Given
    birth: date
    place: Place
    inst: Institution | None
    fam: Family
    ru_doc: bool = False
    new: NewIdentity | None = None

    def sibs(self) -> list[str]:
        return [c.pid for c in self.fam.members if c is not self]


@dataclass(slots=True)
class Rec:
    pid: str
    data: dict[str, str]
    sib: list[str]
    primary: bool = True
    renamed: bool = False


# A row of the unrelated stream: person id, fields, whether it lists the other rows of its unit
StreamRow = tuple[str, dict[str, str], bool]
UnitFn = Callable[[int], list[StreamRow]]


@dataclass(frozen=True)
class SourceSpec:
    name: str
    kind: str
    file: str
    description: str
    rid: Callable[[int], str]
    extra: str | None = None


SOURCES = (
    SourceSpec(
        "nib_registry",
        "official_registry",
        "nib_registry.csv",
        "National information bureau registry of deported and displaced children "
        "(Ukrainian Cyrillic, full dates, KATOTTG place names).",
        lambda p: f"NIB-{p + 1:07d}",
    ),
    SourceSpec(
        "parents_hotline",
        "family_report",
        "parents_hotline.csv",
        "Reports by parents and relatives to a hotline (Ukrainian or Russian, "
        "diminutives, partial dates, duplicate reports).",
        lambda p: f"HL-{p + 1:06d}",
    ),
    SourceSpec(
        "telegram_sightings",
        "osint",
        "telegram_sightings.csv",
        "Sightings in Telegram channels and media (first names, ages, Russian towns, "
        "some Latin script).",
        lambda p: f"tg-{p + 1:06d}",
    ),
    SourceSpec(
        "rf_ombudsman_2023",
        "counterpart_list",
        "rf_ombudsman_2023.csv",
        "Lists handed over by the Russian ombudsman in 2023 (Russian forms, "
        "occupation place names).",
        lambda p: str(p + 1),
        extra="list_no",
    ),
    SourceSpec(
        "dnr_ministry_list",
        "counterpart_list",
        "dnr_ministry_list.csv",
        "List of an occupation 'ministry of social policy' (children from occupied "
        "oblasts, Russian forms).",
        lambda p: f"DNR-{p + 1:05d}",
    ),
    SourceSpec(
        "placement_db_profiles",
        "adoption_database",
        "placement_db_profiles.csv",
        "Profiles in a Russian child-placement database (first name, initial, "
        "month of birth, region).",
        lambda p: str(1_000_000 + (p * 7919 + 424_243) % 9_000_000),
        extra="photo_ref",
    ),
    SourceSpec(
        "returned_2024",
        "return_list",
        "returned_2024.csv",
        "Children returned to Ukraine, 2023-2025 (Latin or Ukrainian Cyrillic).",
        lambda p: f"R24-{p + 1:05d}",
    ),
)
REG, HOT, OSI, OMB, MIN, ADO, RET = (s.name for s in SOURCES)

SEX = {
    "ua": {"M": "ч", "F": "ж"},
    "ru": {"M": "м", "F": "ж"},
    "en": {"M": "male", "F": "female"},
    "mf": {"M": "M", "F": "F"},
}

NOTES_REGISTRY = Weighted(
    [
        "",
        "Депортовано до РФ",
        "Примусово переміщено; населений пункт: {origin_ua}",
        "Вивезено до РФ ({origin_ua} → {town_ua})",
        "Перебуває на ТОТ",
        "Інформація від родичів",
        "Місцезнаходження встановлюється",
        "Дані Нацполіції",
    ],
    [30, 15, 12, 10, 8, 8, 10, 7],
)
NOTES_HOT_UA = Weighted(
    [
        "",
        "Зв'язок втрачено",
        "Вивезли в табір і не повернули",
        "Шукаємо дитину",
        "Звідки забрали: {origin_ua}",
        "Остання звістка: {town_ua}",
    ],
    [30, 20, 15, 15, 10, 10],
)
NOTES_HOT_RU = Weighted(
    [
        "",
        "Связь потеряна",
        "Увезли в лагерь, не вернули",
        "Ищем ребёнка",
        "Откуда забрали: {origin_ru}",
        "Последний раз на связи: {town_ru}",
    ],
    [30, 20, 15, 15, 10, 10],
)
NOTES_OSINT = Weighted(
    [
        "",
        "відео в телеграм-каналі",
        "фото з табору",
        "видео из лагеря",
        "пост во ВКонтакте",
        "seen in a video from {town_en}",
        "photo in Russian state media",
        "репортаж РИА",
    ],
    [20, 15, 10, 15, 10, 10, 10, 10],
)
NOTES_CP = Weighted(
    [
        "",
        "Прибыл(а): {town_ru}",
        "Временно размещен(а)",
        "Эвакуирован(а), н. п. {origin_ru}",
        "Находится в учреждении",
        "Оформлено гражданство РФ",
        "Под опекой",
    ],
    [35, 15, 15, 15, 8, 7, 5],
)
NOTES_ADOPT = Weighted(
    [
        "",
        "Форма устройства: опека (попечительство)",
        "Возможные формы устройства: усыновление, опека",
        "Группа здоровья: II",
        "Характер спокойный, любит рисовать",
        "Форма устройства: приёмная семья",
    ],
    [30, 20, 20, 10, 10, 10],
)
NOTES_RET = Weighted(
    [
        "",
        "Повернуто за посередництва Катару",
        "Повернуто родичами",
        "Повернуто через Білорусь",
        "Bring Kids Back UA",
        "returned via third country",
    ],
    [30, 20, 20, 10, 10, 10],
)

UA_SCHEMES_RETURN = Weighted(
    [UA_KMU, UA_PASSPORT_2007, UA_INFORMAL, UA_BGN_1965, UA_GENERIC], [70, 10, 8, 6, 6]
)
RU_SCHEMES_RETURN = Weighted([RU_ICAO, RU_MVD_310, RU_GOST_2010], [60, 25, 15])
UA_SCHEMES_PRESS = Weighted([UA_KMU, UA_BGN_1965, UA_INFORMAL], [50, 20, 30])
RU_SCHEMES_PRESS = Weighted([RU_PRESS, RU_BGN, RU_ICAO], [60, 30, 10])


class World:
    """Generates the world, renders records and writes the sources."""

    def __init__(self, seed: int, rates: Rates = RATES) -> None:
        self.rng = random.Random(seed)
        self.R = rates
        self._tables()
        self.world_children: list[Child] = []
        self.n_world = 0
        self.n_unrel = 0

    # ---- tables ------------------------------------------------------------------------

    def _tables(self) -> None:
        given = [
            Given(s, ua, _split(ru, "/"), _split(dua), _split(dru), en, float(w))
            for s, ua, ru, dua, dru, en, w in _lines(GIVEN)
        ]
        self.given = {
            sx: Weighted(
                [g for g in given if g.sex == sx], [g.weight for g in given if g.sex == sx]
            )
            for sx in "MF"
        }
        ru_given: dict[str, list[tuple[str, float]]] = {"M": [], "F": []}
        for line in RU_GIVEN.strip().splitlines():
            sx, rest = line.split(" ", 1)
            ru_given[sx].extend(_tokens(rest))
        self.ru_given = {
            sx: Weighted([n for n, _ in v], [w for _, w in v]) for sx, v in ru_given.items()
        }
        fathers = [Father(*row[:6], float(row[6])) for row in _lines(FATHERS)]
        self.fathers = Weighted(fathers, [f.weight for f in fathers])
        self.women = self._adults(WOMEN)
        self.grandmothers = self._adults(GRANDMOTHERS)
        self.surnames = Weighted(*surname_table())
        ru_surnames = parse_ru_surnames(RU_SURNAMES)
        self.ru_surnames = Weighted(ru_surnames, zipf(len(ru_surnames)))
        self.oblasts = {k: Oblast(k, ua, ru, _split(v, ";")) for k, ua, ru, v in _lines(OBLASTS)}
        places = []
        for ua, ru, obl, w, flag in _lines(PLACES):
            ua1, _, ua2 = ua.partition("/")
            ru1, _, ru2 = ru.partition("/")
            places.append(Place(ua1, ua2, ru1, ru2, obl, float(w), flag == "14"))
        self.places = Weighted(places, [p.weight for p in places])
        occ = [p for p in places if p.obl in MINISTRY_OBLASTS]
        self.places_occ = Weighted(occ, [p.weight for p in occ])
        self.places_by_obl = {
            k: Weighted([p for p in places if p.obl == k], [p.weight for p in places if p.obl == k])
            for k in {p.obl for p in places}
        }
        self.place_by_ua = {p.ua: p for p in places}
        towns = [RuTown(ru, ua, reg, en, float(w)) for ru, ua, reg, en, w in _lines(RU_TOWNS)]
        self.ru_towns = Weighted(towns, [t.weight for t in towns])
        self.podolsk = next(t for t in towns if t.ru == "Подольск")
        regions = [item.rsplit(":", 1) for item in re.split(r"(?<=\d)\s+", RU_REGIONS.strip())]
        self.ru_regions = Weighted([r for r, _ in regions], [float(w) for _, w in regions])
        self.institutions = _institutions(INSTITUTIONS)
        self.centres: dict[str, list[str]] = {}
        for town, name in _lines(RU_CENTRES):
            self.centres.setdefault(town, []).append(name)
        self.family_size = Weighted([1, 2, 3, 4], self.R.family_sizes)
        self.sibling_gap = Weighted([1, 2, 3, 4, 5, 6], [10, 30, 25, 15, 10, 10])
        self.age0 = Weighted(list(range(18)), [6] + [10] * 16 + [7])

    @staticmethod
    def _adults(text: str) -> Weighted[Adult]:
        adults = []
        for name, w in _tokens(text):
            ua, _, ru = name.partition("=")
            adults.append(Adult(ua, ru, w))
        return Weighted(adults, [a.weight for a in adults])

    # ---- small helpers -----------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def rand_date(self, a: date, b: date) -> date:
        if b <= a:
            return a
        return a + timedelta(days=self.rng.randrange((b - a).days + 1))

    def world_pid(self) -> str:
        self.n_world += 1
        return f"C{self.n_world:06d}"

    def unrel_pid(self) -> str:
        self.n_unrel += 1
        return f"U{self.n_unrel:07d}"

    def deport_date(self) -> date:
        if self.chance(0.7):
            return self.rand_date(DEPORT_START, DEPORT_MID)
        return self.rand_date(DEPORT_MID + timedelta(days=1), DEPORT_END)

    def birth_from_age(self, deported: date, age: int) -> date:
        days = age * 365 + age // 4 + self.rng.randrange(1, 365)
        return deported - timedelta(days=days)

    def noisy_date(self, d: date, nz: Noise) -> date:
        r = self.rng.random()
        if r < nz.day_month_swap:
            return date(d.year, d.day, d.month) if d.day <= 12 and d.day != d.month else d
        r -= nz.day_month_swap
        if r < nz.wrong_digit:
            return self._wrong_digit(d)
        r -= nz.wrong_digit
        if r < nz.year_shift:
            y = d.year + self.rng.choice((-1, 1))
            return _safe_date(y, d.month, d.day) or date(y, d.month, 28)
        return d

    def _wrong_digit(self, d: date) -> date:
        rng = self.rng
        for _ in range(6):
            part = rng.randrange(3)
            digits = list(
                f"{d.day:02d}" if part == 0 else f"{d.month:02d}" if part == 1 else str(d.year)
            )
            i = rng.randrange(len(digits)) if part < 2 else 3
            digits[i] = rng.choice([x for x in "0123456789" if x != digits[i]])
            v = int("".join(digits))
            y, m, dd = (
                (d.year, d.month, v)
                if part == 0
                else ((d.year, v, d.day) if part == 1 else (v, d.month, d.day))
            )
            new = _safe_date(y, m, dd) if y <= 2024 else None
            if new:
                return new
        return d

    # ---- world generation --------------------------------------------------------------

    def make_family(
        self, unrelated: bool = False, occupied_only: bool = False, max_size: int = 4
    ) -> Family:
        rng, R = self.rng, self.R
        place = (self.places_occ if occupied_only else self.places).pick(rng)
        surname = self.surnames.pick(rng)
        fam = Family(
            surname=surname,
            father=self.fathers.pick(rng),
            mother=self.women.pick(rng),
            mother_surname=surname if self.chance(0.85) else self.surnames.pick(rng),
            grandmother=self.grandmothers.pick(rng),
            roles=(),
            place=place,
            deported=self.deport_date(),
            ru_speaking=self.chance(self._ru_speaking(place)),
            now=self.ru_towns.pick(rng),
            institution=self.chance(R.institution_family),
        )
        fam.roles = self._roles(fam.institution)
        ages = self._ages(min(max_size, self.family_size.pick(rng)))
        twins = len(ages) > 1 and self.chance(R.twins)
        if twins:
            ages[1] = ages[0]
        names: set[str] = set()
        for k, age in enumerate(ages):
            sex = "M" if self.chance(0.51) else "F"
            given = self.given[sex].pick(rng)
            while given.ua in names:
                given = self.given[sex].pick(rng)
            names.add(given.ua)
            birth = (
                fam.members[0].birth if twins and k == 1 else self.birth_from_age(fam.deported, age)
            )
            cplace = (
                place if k == 0 or self.chance(0.85) else self.places_by_obl[place.obl].pick(rng)
            )
            inst = (
                self._institution(place, age_at(birth, fam.deported)) if fam.institution else None
            )
            pid = self.unrel_pid() if unrelated else self.world_pid()
            ch = Child(pid, sex, given, birth, cplace, inst, fam)
            ch.ru_doc = cplace.occ14 and birth.year >= 2015 and self.chance(R.ru_documents)
            fam.members.append(ch)
        if unrelated and self.world_children:
            self._perturb(fam)
        return fam

    def _ru_speaking(self, place: Place) -> float:
        if place.occ14:
            return self.R.ru_speaking_2014
        if place.obl in ("DON", "LUH", "KHA", "ZAP"):
            return self.R.ru_speaking_east
        return self.R.ru_speaking_other

    def _roles(self, institution: bool) -> tuple[str, ...]:
        if institution:
            return ("mother",) if self.chance(0.3) else ()
        roles = [
            r
            for r, p in (("mother", 0.9), ("father", 0.55), ("grandmother", 0.15))
            if self.chance(p)
        ]
        return tuple(roles or ["mother"])

    def _ages(self, size: int) -> list[int]:
        ages = [self.age0.pick(self.rng)]
        while len(ages) < size:
            nxt = ages[-1] - self.sibling_gap.pick(self.rng)
            if nxt < 0:
                break
            ages.append(nxt)
        return ages

    def _institution(self, place: Place, age: int) -> Institution:
        kind = "baby" if age < 4 else ("school" if age >= 6 and self.chance(0.7) else "home")
        pool = [
            i
            for i in self.institutions
            if i.kind == kind and self.place_by_ua.get(i.town, place).obl == place.obl
        ]
        if not pool:
            pool = [
                i
                for i in self.institutions
                if i.kind == kind and self.place_by_ua[i.town].obl == "DON"
            ]
        same_town = [i for i in pool if i.town == place.ua]
        if same_town and self.chance(0.6):
            return self.rng.choice(same_town)
        return self.rng.choice(pool)

    def _perturb(self, fam: Family) -> None:
        """Namesakes and shared birth dates between unrelated and world children."""
        rng, R = self.rng, self.R
        if self.chance(R.namesake):
            w = rng.choice(self.world_children)
            fam.surname = w.fam.surname
            first = fam.members[0]
            first.sex, first.given = w.sex, w.given
        for ch in fam.members:
            if self.chance(R.same_birthdate):
                ch.birth = rng.choice(self.world_children).birth

    def make_world(self, n_children: int) -> list[Family]:
        families: list[Family] = []
        count = 0
        while count < n_children:
            fam = self.make_family(max_size=n_children - count)
            families.append(fam)
            count += len(fam.members)
        self.world_children = [c for f in families for c in f.members]
        self.apply_renames(families, n_children)
        return families

    def apply_renames(self, families: list[Family], n_children: int) -> None:
        target = round(self.R.renamed * n_children)
        eligible = [
            f
            for f in families
            if f.institution and all(age_at(c.birth, f.deported) < 6 for c in f.members)
        ]
        self.rng.shuffle(eligible)
        done = 0
        for fam in eligible:
            if done >= target:
                break
            self.rename_family(fam)
            done += len(fam.members)

    def rename_family(self, fam: Family) -> None:
        rng, R = self.rng, self.R
        surname = self.ru_surnames.pick(rng)
        father = self.fathers.pick(rng)
        mother = self.women.pick(rng)
        town = self.podolsk if self.chance(R.rename_podolsk) else self.ru_towns.pick(rng)
        when = fam.deported + timedelta(days=rng.randrange(60, 400))
        parents = f"{mother.ru} {surname.ru_f}; {father.ru} {surname.ru_m}"
        for ch in fam.members:
            if self.chance(R.rename_ru_form):
                given = ch.given.ru[0]
            else:
                given = self.ru_given[ch.sex].pick(rng)
                while given == ch.given.ru[0]:
                    given = self.ru_given[ch.sex].pick(rng)
            birth = ch.birth
            if age_at(birth, when) < 1 and self.chance(R.rename_infant_shift):
                shift = timedelta(days=rng.randint(7, 90))
                birth = birth + shift if birth + shift < when else birth - shift
            female = ch.sex == "F"
            ch.new = NewIdentity(
                given,
                surname.ru_f if female else surname.ru_m,
                father.pf_ru if female else father.pm_ru,
                birth,
                town,
                parents,
            )

    # ---- name forms --------------------------------------------------------------------

    def fam_name(self, ch: Child, ru: bool) -> str:
        s = ch.fam.surname
        if ru:
            name = s.ru_f if ch.sex == "F" else s.ru_m
            if "'" in s.ua_m and self.chance(0.2):
                name = name.replace("ь", "", 1)
            return name
        return s.ua_f if ch.sex == "F" else s.ua_m

    def patr(self, ch: Child, ru: bool) -> str:
        f = ch.fam.father
        if ru:
            return f.pf_ru if ch.sex == "F" else f.pm_ru
        return f.pf_ua if ch.sex == "F" else f.pm_ua

    def given_ru(self, ch: Child) -> str:
        alts = ch.given.ru
        return alts[0] if len(alts) == 1 or self.chance(0.7) else self.rng.choice(alts[1:])

    def given_form(self, ch: Child, ru: bool, p_dim: float) -> str:
        dims = ch.given.dim_ru if ru else ch.given.dim_ua
        if dims and self.chance(p_dim):
            return self.rng.choice(dims)
        return self.given_ru(ch) if ru else ch.given.ua

    def place_ru(self, place: Place, p_old: float) -> str:
        return place.ru_old if place.ru_old and self.chance(p_old) else place.ru

    def region_ru(self, place: Place, p_variant: float) -> str:
        obl = self.oblasts[place.obl]
        if self.chance(p_variant):
            return obl.ru_variants[0] if self.chance(0.6) else self.rng.choice(obl.ru_variants)
        return obl.ru

    def guardians(self, ch: Child, lang: str, roles: Sequence[str] | None = None) -> str:
        f = ch.fam
        names = []
        for role in f.roles if roles is None else roles:
            if role == "father":
                adult, sur, fem = f.father, f.surname, False
            elif role == "mother":
                adult, sur, fem = f.mother, f.mother_surname, True
            else:
                adult, sur, fem = f.grandmother, f.surname, True
            if lang == "ru":
                names.append(f"{adult.ru} {sur.ru_f if fem else sur.ru_m}")
            else:
                name = f"{adult.ua} {sur.ua_f if fem else sur.ua_m}"
                names.append(translit(name, UA_KMU) if lang == "lat" else name)
        return "; ".join(names)

    def origin(self, ch: Child) -> Place:
        if ch.inst is not None:
            return self.place_by_ua.get(ch.inst.town, ch.place)
        return ch.fam.place

    def centre(self, town: RuTown) -> str:
        here = self.centres.get(town.ru)
        if here and self.chance(0.7):
            return self.rng.choice(here)
        return self.rng.choice(self.centres["*"])

    def note(self, table: Weighted[str], ch: Child) -> str:
        text = table.pick(self.rng)
        if "{" not in text:
            return text
        o, t = self.origin(ch), ch.fam.now
        return text.format(origin_ua=o.ua, origin_ru=o.ru, town_ua=t.ua, town_ru=t.ru, town_en=t.en)

    # ---- finishing noise ---------------------------------------------------------------

    def finish(self, rec: Rec, nz: Noise, apos: Weighted[str] = APOS_OTHER) -> Rec:
        d, rng = rec.data, self.rng
        if rng.random() < nz.typo:
            f = rng.choice(TYPO_FIELDS)
            if d.get(f):
                d[f] = typo(d[f], rng)
        if rng.random() < nz.homoglyph:
            f = "family_name" if rng.random() < 0.5 else "given_name"
            if d.get(f) and not d[f].isascii():
                d[f] = homoglyph(d[f], rng)
        if rng.random() < nz.missing:
            present = [f for f in OPTIONAL_FIELDS if d.get(f)]
            if d.get("age") and "last_known_date" in present:
                present.remove("last_known_date")
            for f in rng.sample(present, min(len(present), 1 + (rng.random() < 0.25))):
                d[f] = ""
        drop_yo = rng.random() < nz.drop_yo
        mark = apos.pick(rng)
        for k, v in d.items():
            if drop_yo and ("ё" in v or "Ё" in v):
                v = d[k] = v.replace("ё", "е").replace("Ё", "Е")
            if mark != "'" and "'" in v:
                d[k] = v.replace("'", mark)
        return rec

    # ---- renderers: one record of a child in one source ---------------------------------

    def r_registry(self, ch: Child) -> Rec:
        rng, nz, ru = self.rng, REGISTRY_NOISE, ch.ru_doc
        report = self.rand_date(ch.fam.deported + timedelta(days=14), REPORT_END)
        b = self.noisy_date(ch.birth, nz)
        place = ch.place.ua_alt if ch.place.ua_alt and self.chance(0.3) else ch.place.ua
        d = {
            "given_name": ch.given.ru[0] if ru else ch.given.ua,
            "family_name": self.fam_name(ch, ru),
            "patronymic": self.patr(ch, ru) if self.chance(0.96) else "",
            "sex": SEX["ua"][ch.sex],
            "birth_place": place,
            "birth_region": self.oblasts[ch.place.obl].ua,
            "last_known_place": ch.fam.now.ua if self.chance(0.4) else self.origin(ch).ua,
            "last_known_date": report.isoformat(),
            "institution": ch.inst.ua if ch.inst else "",
            "guardian_names": self.guardians(ch, "ua"),
            "notes": self.note(NOTES_REGISTRY, ch),
        }
        r = rng.random()
        if r < 0.95:
            d["birth_date"] = fmt_date(b, "iso")
        elif r < 0.98:
            d["birth_date"] = fmt_date(b, "y")
        else:
            d["age"] = str(age_at(b, report))
        sib = ch.sibs() if self.chance(0.92) else []
        return self.finish(Rec(ch.pid, d, sib), nz, APOS_REGISTRY)

    def r_hotline(self, ch: Child, primary: bool = True) -> Rec:
        rng = self.rng
        ru = ch.fam.ru_speaking and self.chance(0.7)
        report = self.rand_date(ch.fam.deported + timedelta(days=3), REPORT_END)
        place = ch.place.ru if ru else ch.place.ua
        obl = self.oblasts[ch.place.obl]
        region = obl.ru if ru else obl.ua
        if self.chance(0.5):
            region = region.replace(" область", " обл.")
        reporter = rng.choice(
            [r for r in ("mother", "mother", "grandmother", "father") if r in ch.fam.roles]
            or ["grandmother"]
        )
        origin = self.origin(ch)
        d = {
            "given_name": self.given_form(ch, ru, 0.15),
            "family_name": self.fam_name(ch, ru),
            "patronymic": self.patr(ch, ru) if self.chance(0.4) else "",
            "sex": SEX["ru" if ru else "ua"][ch.sex] if self.chance(0.85) else "",
            "birth_place": place if self.chance(0.7) else "",
            "birth_region": region if self.chance(0.6) else "",
            "last_known_place": (ch.fam.now.ru if ru else ch.fam.now.ua)
            if self.chance(0.4)
            else (origin.ru if ru else origin.ua),
            "last_known_date": report.isoformat(),
            "institution": (ch.inst.ru if ru else ch.inst.ua)
            if ch.inst and self.chance(0.6)
            else "",
            "guardian_names": self.guardians(ch, "ru" if ru else "ua", [reporter]),
            "notes": self.note(NOTES_HOT_RU if ru else NOTES_HOT_UA, ch),
        }
        self._partial_birth(
            d, ch.birth, report, DEFAULT_NOISE, (("dmy", 50), ("iso", 20), ("y", 12), ("age", 18))
        )
        sib = ch.sibs() if primary and self.chance(0.7) else []
        return self.finish(Rec(ch.pid, d, sib, primary), DEFAULT_NOISE)

    def _partial_birth(
        self,
        d: dict[str, str],
        birth: date,
        when: date,
        nz: Noise,
        styles: tuple[tuple[str, int], ...],
    ) -> None:
        style = styles[-1][0]
        r = self.rng.random() * sum(w for _, w in styles)
        for name, w in styles:
            if r < w:
                style = name
                break
            r -= w
        b = self.noisy_date(birth, nz)
        if style == "age":
            d["age"] = str(max(0, age_at(b, when)))
        else:
            d["birth_date"] = fmt_date(b, style)

    def r_osint(self, ch: Child, primary: bool = True) -> Rec:
        rng = self.rng
        seen = self.rand_date(ch.fam.deported + timedelta(days=7), date(2025, 3, 31))
        r = rng.random()
        script = "lat" if r < 0.15 else ("ru" if r < 0.6 else "ua")
        dim = self.chance(0.4)
        town = ch.fam.now if self.chance(0.8) else self.ru_towns.pick(rng)
        if script == "lat":
            given, family, _ = self.latin_names(ch, dim, UA_SCHEMES_PRESS, RU_SCHEMES_PRESS)
            place = town.en
        else:
            ru = script == "ru"
            given = self.given_form(ch, ru, 0.4 if dim else 0.0)
            family = self.fam_name(ch, ru)
            place = town.ru if ru else town.ua
        mode = rng.random()
        if mode < 0.2:
            family = family[:1] + "."
        elif mode < 0.45:
            family = ""
        d = {
            "given_name": given,
            "family_name": family,
            "sex": SEX["en" if self.chance(0.5) else "mf"][ch.sex] if self.chance(0.5) else "",
            "last_known_place": place,
            "last_known_date": seen.isoformat(),
            "institution": self.centre(town) if self.chance(0.25) else "",
            "notes": self.note(NOTES_OSINT, ch),
        }
        r = rng.random()
        if r < 0.85:
            age = age_at(ch.birth, seen) + (rng.choice((-1, 1)) if self.chance(0.15) else 0)
            d["age"] = str(max(0, age))
        elif r < 0.95:
            d["birth_date"] = str(ch.birth.year)
        else:
            d["birth_date"] = fmt_date(self.noisy_date(ch.birth, DEFAULT_NOISE), "dmy")
        if self.chance(0.2):
            d["birth_place"] = ch.place.ru if script == "ru" else ch.place.ua
        sib = ch.sibs() if primary and self.chance(0.3) else []
        return self.finish(Rec(ch.pid, d, sib, primary), DEFAULT_NOISE)

    def latin_names(
        self, ch: Child, dim: bool, ua_schemes: Weighted[Scheme], ru_schemes: Weighted[Scheme]
    ) -> tuple[str, str, str]:
        rng = self.rng
        if self.chance(0.55):
            sch = ua_schemes.pick(rng)
            g = self.given_form(ch, False, 1.0 if dim else 0.0)
            return (
                translit(g, sch),
                translit(self.fam_name(ch, False), sch),
                translit(self.patr(ch, False), sch),
            )
        sch = ru_schemes.pick(rng)
        g = self.given_form(ch, True, 1.0 if dim else 0.0)
        g_lat = ch.given.en if not dim and ch.given.en and self.chance(0.3) else translit(g, sch)
        return (g_lat, translit(self.fam_name(ch, True), sch), translit(self.patr(ch, True), sch))

    def _cp_base(self, ch: Child, when: date, upper: float, patr: float) -> dict[str, str]:
        family = self.fam_name(ch, True)
        return {
            "given_name": self.given_ru(ch),
            "family_name": family.upper() if self.chance(upper) else family,
            "patronymic": self.patr(ch, True) if self.chance(patr) else "",
            "sex": SEX["ru"][ch.sex] if self.chance(0.95) else "",
            "last_known_date": when.isoformat(),
        }

    def r_ombudsman(self, ch: Child) -> Rec:
        rng = self.rng
        later = [x for x in OMBUDSMAN_LISTS if x >= ch.fam.deported]
        k = OMBUDSMAN_LISTS.index(rng.choice(later or [OMBUDSMAN_LISTS[-1]]))
        when = OMBUDSMAN_LISTS[k]
        list_no = f"{k + 1}/{rng.randint(1, 450)}"
        if ch.new is not None:
            return self.r_counterpart_new(ch, when, {"list_no": list_no})
        d = self._cp_base(ch, when, upper=0.65, patr=0.45)
        d.update(
            {
                "birth_date": fmt_date(
                    self.noisy_date(ch.birth, DEFAULT_NOISE), "dmy" if self.chance(0.95) else "y"
                ),
                "birth_place": self.place_ru(ch.place, 0.35),
                "birth_region": self.region_ru(ch.place, 0.6),
                "last_known_place": ch.fam.now.ru,
                "institution": self.centre(ch.fam.now) if self.chance(0.3) else "",
                "guardian_names": self.guardians(ch, "ru") if self.chance(0.2) else "",
                "notes": self.note(NOTES_CP, ch),
                "list_no": list_no,
            }
        )
        sib = ch.sibs() if self.chance(0.75) else []
        return self.finish(Rec(ch.pid, d, sib), DEFAULT_NOISE)

    def r_ministry(self, ch: Child) -> Rec:
        when = self.rand_date(ch.fam.deported, date(2023, 12, 31))
        if ch.new is not None:
            return self.r_counterpart_new(ch, when, {})
        d = self._cp_base(ch, when, upper=0.2, patr=0.75)
        origin = self.origin(ch)
        d.update(
            {
                "birth_date": fmt_date(
                    self.noisy_date(ch.birth, DEFAULT_NOISE), "dmy" if self.chance(0.9) else "iso"
                ),
                "birth_place": self.place_ru(ch.place, 0.5),
                "birth_region": self.region_ru(ch.place, 0.85),
                "last_known_place": ch.fam.now.ru
                if self.chance(0.6)
                else self.place_ru(origin, 0.5),
                "institution": ch.inst.ru if ch.inst and self.chance(0.7) else "",
                "guardian_names": self.guardians(ch, "ru") if self.chance(0.3) else "",
                "notes": self.note(NOTES_CP, ch),
            }
        )
        sib = ch.sibs() if self.chance(0.8) else []
        return self.finish(Rec(ch.pid, d, sib), DEFAULT_NOISE)

    def r_counterpart_new(self, ch: Child, when: date, extra: dict[str, str]) -> Rec:
        """A renamed child on a counterpart list, under the new identity."""
        n = ch.new
        assert n is not None
        keep = ch.inst is not None and self.chance(self.R.rename_keeps_institution)
        d = {
            "given_name": n.given,
            "family_name": n.family.upper() if self.chance(0.4) else n.family,
            "patronymic": n.patronymic if self.chance(0.6) else "",
            "sex": SEX["ru"][ch.sex],
            "birth_date": fmt_date(self.noisy_date(n.birth, DEFAULT_NOISE), "dmy"),
            "birth_place": n.town.ru,
            "birth_region": n.town.region if self.chance(0.7) else "",
            "last_known_place": n.town.ru,
            "last_known_date": when.isoformat(),
            "institution": ch.inst.ru if keep and ch.inst else "",
            "guardian_names": n.parents if self.chance(0.5) else "",
            "notes": self.rng.choice(("", "Под опекой", "Оформлено гражданство РФ")),
            **extra,
        }
        sib = ch.sibs() if self.chance(0.8) else []
        return self.finish(Rec(ch.pid, d, sib, renamed=True), DEFAULT_NOISE)

    def r_adoption(self, ch: Child) -> Rec:
        n = ch.new
        if n is not None:
            given, initial, birth = n.given, n.family[:1], n.birth
            region = n.town.region
        else:
            given, initial, birth = self.given_ru(ch), self.fam_name(ch, True)[:1], ch.birth
            region = (
                "Донецкая Народная Республика"
                if ch.place.obl == "DON" and self.chance(0.4)
                else ch.fam.now.region
            )
        d = self.adoption_fields(given, initial, birth, ch.sex, region, len(ch.fam.members) > 1)
        sib = ch.sibs() if self.chance(0.9) else []
        return self.finish(Rec(ch.pid, d, sib, renamed=n is not None), DEFAULT_NOISE)

    def adoption_fields(
        self, given: str, initial: str, birth: date, sex: str, region: str, has_sibs: bool
    ) -> dict[str, str]:
        rng = self.rng
        note = "Есть братья или сёстры" if has_sibs and self.chance(0.6) else NOTES_ADOPT.pick(rng)
        return {
            "given_name": given,
            "family_name": f"{initial}.",
            "sex": SEX["ru"][sex],
            "birth_date": fmt_date(self.noisy_date(birth, DEFAULT_NOISE), "ym"),
            "last_known_place": region,
            "notes": note,
            "photo_ref": f"ph_{rng.getrandbits(40):010x}",
        }

    def r_returned(self, ch: Child) -> Rec:
        rng = self.rng
        when = self.rand_date(
            max(ch.fam.deported + timedelta(days=60), date(2023, 1, 1)), date(2025, 6, 30)
        )
        latin = self.chance(0.7)
        obl = self.oblasts[ch.place.obl]
        if latin:
            given, family, patr = self.latin_names(ch, False, UA_SCHEMES_RETURN, RU_SCHEMES_RETURN)
            if self.chance(0.4):
                family = family.upper()
            if self.chance(0.05) and ch.given.en:
                given = ch.given.en
            patr = patr if self.chance(0.3) else ""
            place, region = translit(ch.place.ua, UA_KMU), translit(obl.ua, UA_KMU)
            held = ch.fam.now.en
        else:
            given, family = ch.given.ua, self.fam_name(ch, False)
            patr = self.patr(ch, False) if self.chance(0.85) else ""
            place, region, held = ch.place.ua, obl.ua, ch.fam.now.ua
        d = {
            "given_name": given,
            "family_name": family,
            "patronymic": patr,
            "sex": SEX["mf"][ch.sex],
            "birth_date": fmt_date(
                self.noisy_date(ch.birth, DEFAULT_NOISE), "iso" if self.chance(0.7) else "dmy"
            ),
            "birth_place": place,
            "birth_region": region,
            "last_known_place": held if self.chance(0.5) else "",
            "last_known_date": when.isoformat(),
            "guardian_names": self.guardians(
                ch, "lat" if latin else "ua", [r for r in ch.fam.roles if r == "mother"]
            )
            if self.chance(0.6)
            else "",
            "notes": NOTES_RET.pick(rng),
        }
        sib = ch.sibs() if self.chance(0.9) else []
        return self.finish(Rec(ch.pid, d, sib), DEFAULT_NOISE)

    # ---- world records by source -------------------------------------------------------

    def world_records(self, families: list[Family]) -> dict[str, list[Rec]]:
        R = self.R
        out: dict[str, list[Rec]] = {s.name: [] for s in SOURCES}
        for fam in families:
            renamed = fam.members[0].new is not None
            inst = fam.institution
            p = {
                REG: R.registry / 0.93,
                HOT: (R.hotline_institution if inst else R.hotline_family) / 0.9,
                "cp": (
                    R.counterpart_renamed
                    if renamed
                    else R.counterpart_institution
                    if inst
                    else R.counterpart_family
                )
                / 0.9,
                ADO: (
                    R.adoption_renamed
                    if renamed
                    else R.adoption_institution
                    if inst
                    else R.adoption_family
                )
                / 0.9,
                RET: (R.returned_renamed if renamed else R.returned) / 0.95,
            }
            take = {k: self.chance(v) for k, v in p.items()}
            lists = self._cp_lists(fam)
            for ch in fam.members:
                before = sum(len(v) for v in out.values())
                self._child_records(ch, take, lists, out)
                if sum(len(v) for v in out.values()) == before:
                    out[REG].append(self.r_registry(ch))
        return out

    def _cp_lists(self, fam: Family) -> tuple[str, ...]:
        if fam.place.obl not in MINISTRY_OBLASTS:
            return (OMB,)
        r = self.rng.random()
        return (OMB,) if r < 0.45 else (MIN,) if r < 0.8 else (OMB, MIN)

    def _child_records(
        self, ch: Child, take: dict[str, bool], lists: tuple[str, ...], out: dict[str, list[Rec]]
    ) -> None:
        R = self.R
        if take[REG] and self.chance(0.93):
            out[REG].append(self.r_registry(ch))
        if take[HOT] and self.chance(0.9):
            out[HOT].append(self.r_hotline(ch))
            if self.chance(R.hotline_duplicate):
                out[HOT].append(self.r_hotline(ch, primary=False))
        if self.chance(R.osint):
            out[OSI].append(self.r_osint(ch))
            if self.chance(R.osint_repeat):
                out[OSI].append(self.r_osint(ch, primary=False))
        if take["cp"] and self.chance(0.9):
            for name in lists:
                out[name].append(self.r_ombudsman(ch) if name == OMB else self.r_ministry(ch))
        if take[ADO] and self.chance(0.9):
            out[ADO].append(self.r_adoption(ch))
        if take[RET] and self.chance(0.95):
            out[RET].append(self.r_returned(ch))

    # ---- unrelated records -------------------------------------------------------------

    def budgets(self, n: int) -> dict[str, int]:
        R = self.R
        ado = round(n * R.unrel_adoption)
        cp = round(n * R.unrel_counterpart)
        hot = round(n * R.unrel_hotline)
        omb = round(cp * 0.6)
        return {
            REG: 0,
            HOT: hot,
            OSI: n - ado - cp - hot,
            OMB: omb,
            MIN: cp - omb,
            ADO: ado,
            RET: 0,
        }

    def unrelated_pool(self, budget: dict[str, int]) -> dict[str, list[Rec]]:
        """Unrelated children that appear in more than one source (or twice in one)."""
        R = self.R
        pool: dict[str, list[Rec]] = {s.name: [] for s in SOURCES}
        cp_total = budget[OMB] + budget[MIN]

        def fits(fam: Family, sources: tuple[str, ...]) -> bool:
            return all(len(pool[s]) + len(fam.members) <= budget[s] for s in sources)

        self._pool_families(pool, round(cp_total * R.unrel_cp_both / 2), (OMB, MIN), fits)
        self._pool_families(pool, round(cp_total * R.unrel_cp_adoption), (OMB, ADO), fits)
        self._pool_families(pool, round(budget[OSI] * R.unrel_hot_osint), (HOT, OSI), fits)
        dups = round(budget[ADO] * R.unrel_adoption_dup / 2)
        while dups > 0 and len(pool[ADO]) + 2 <= budget[ADO]:
            pid = self.unrel_pid()
            sex, given, initial, birth, region = self.ru_kid()
            for k in range(2):
                d = self.adoption_fields(given, initial, birth, sex, region, False)
                pool[ADO].append(self.finish(Rec(pid, d, [], primary=k == 0), DEFAULT_NOISE))
            dups -= 1
        return pool

    def _pool_families(
        self,
        pool: dict[str, list[Rec]],
        target: int,
        sources: tuple[str, ...],
        fits: Callable[[Family, tuple[str, ...]], bool],
    ) -> None:
        added = 0
        while added < target:
            fam = self.make_family(unrelated=True, occupied_only=MIN in sources, max_size=3)
            if not fits(fam, sources):
                break
            for ch in fam.members:
                for s in sources:
                    pool[s].append(self.render(s, ch))
            added += len(fam.members)

    def render(self, source: str, ch: Child) -> Rec:
        return {
            REG: self.r_registry,
            HOT: self.r_hotline,
            OSI: self.r_osint,
            OMB: self.r_ombudsman,
            MIN: self.r_ministry,
            ADO: self.r_adoption,
            RET: self.r_returned,
        }[source](ch)

    def ru_kid(self) -> tuple[str, str, str, date, str]:
        """A child in the Russian placement database: sex, given name, initial, birth, region."""
        rng = self.rng
        sex = "M" if rng.random() < 0.52 else "F"
        if rng.random() < self.R.adoption_ua_origin:
            given = self.given[sex].pick(rng).ru[0]
            initial = self.surnames.pick(rng).ru_m[:1]
        else:
            given = self.ru_given[sex].pick(rng)
            initial = self.ru_surnames.pick(rng).ru_m[:1]
        birth = self.rand_date(date(2006, 1, 1), date(2024, 6, 30))
        if self.world_children and rng.random() < self.R.same_birthdate:
            birth = rng.choice(self.world_children).birth
        return sex, given, initial, birth, self.ru_regions.pick(rng)

    def adoption_unit(self, kmax: int) -> list[StreamRow]:
        rng = self.rng
        size = (
            1
            if rng.random() < 0.72
            else min(kmax, 2 + int(rng.random() < 0.35) + int(rng.random() < 0.2))
        )
        sex, given, initial, birth, region = self.ru_kid()
        rows: list[StreamRow] = []
        for k in range(min(size, kmax)):
            if k:
                sex = "M" if rng.random() < 0.52 else "F"
                given = self.ru_given[sex].pick(rng)
                birth = min(birth + timedelta(days=rng.randint(300, 2500)), date(2024, 6, 30))
            d = self.adoption_fields(given, initial, birth, sex, region, size > 1)
            rec = self.finish(Rec("", d, []), DEFAULT_NOISE)
            rows.append((self.unrel_pid(), rec.data, size > 1))
        return rows

    def ua_unit(self, source: str, occupied_only: bool = False) -> UnitFn:
        def unit(kmax: int) -> list[StreamRow]:
            fam = self.make_family(unrelated=True, occupied_only=occupied_only, max_size=kmax)
            rows = []
            for ch in fam.members:
                rec = self.render(source, ch)
                rows.append((ch.pid, rec.data, bool(rec.sib)))
            return rows

        return unit

    # ---- writing -----------------------------------------------------------------------

    def write_source(
        self,
        out_dir: Path,
        spec: SourceSpec,
        recs: list[Rec],
        n_stream: int,
        unit_fn: UnitFn | None,
        truth: Any,
        renamed: Any,
    ) -> int:
        rng = self.rng
        total = len(recs) + n_stream
        rng.shuffle(recs)
        at = dict(zip(rng.sample(range(total), len(recs)), recs, strict=True))
        primary = {r.pid: pos for pos, r in at.items() if r.primary}
        cols = [*COLUMNS, spec.extra] if spec.extra else list(COLUMNS)
        pending: deque[tuple[str, dict[str, str]]] = deque()
        left = n_stream
        with (out_dir / spec.file).open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(cols)
            for pos in range(total):
                rec = at.get(pos)
                if rec is not None:
                    pid, d = rec.pid, rec.data
                    d["record_id"] = spec.rid(pos)
                    d["sibling_ids"] = ";".join(
                        spec.rid(primary[p]) for p in rec.sib if p in primary
                    )
                    if rec.renamed:
                        renamed.writerow([spec.name, d["record_id"]])
                else:
                    if not pending:
                        assert unit_fn is not None
                        self._place_unit(unit_fn(left), pos, at, spec, pending)
                    pid, d = pending.popleft()
                    left -= 1
                w.writerow([d.get(c, "") for c in cols])
                truth.writerow([spec.name, d["record_id"], pid])
        return total

    @staticmethod
    def _place_unit(
        unit: list[StreamRow],
        pos: int,
        at: dict[int, Rec],
        spec: SourceSpec,
        pending: deque[tuple[str, dict[str, str]]],
    ) -> None:
        ids: list[str] = []
        q = pos
        while len(ids) < len(unit):
            if q not in at:
                ids.append(spec.rid(q))
            q += 1
        for (pid, d, link), rid in zip(unit, ids, strict=True):
            d["record_id"] = rid
            d["sibling_ids"] = ";".join(x for x in ids if x != rid) if link else ""
            pending.append((pid, d))

    def stream_fns(self) -> dict[str, UnitFn | None]:
        return {
            REG: None,
            HOT: self.ua_unit(HOT),
            OSI: self.ua_unit(OSI),
            OMB: self.ua_unit(OMB),
            MIN: self.ua_unit(MIN, occupied_only=True),
            ADO: self.adoption_unit,
            RET: None,
        }


def generate(out_dir: Path, children: int, unrelated: int, seed: int) -> dict[str, Any]:
    """Build the world and write every file; return the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    world = World(seed)
    families = world.make_world(children)
    recs = world.world_records(families)
    budget = world.budgets(unrelated)
    pool = world.unrelated_pool(budget)
    streams = world.stream_fns()
    manifest_sources: list[dict[str, Any]] = []
    with (
        (out_dir / "truth.csv").open("w", newline="", encoding="utf-8") as tf,
        (out_dir / "renamed.csv").open("w", newline="", encoding="utf-8") as rf,
    ):
        truth = csv.writer(tf, lineterminator="\n")
        truth.writerow(["source", "record_id", "person_id"])
        renamed = csv.writer(rf, lineterminator="\n")
        renamed.writerow(["source", "record_id"])
        for spec in SOURCES:
            n_stream = budget[spec.name] - len(pool[spec.name])
            rows = world.write_source(
                out_dir,
                spec,
                recs[spec.name] + pool[spec.name],
                n_stream,
                streams[spec.name],
                truth,
                renamed,
            )
            manifest_sources.append(
                {
                    "file": spec.file,
                    "source": spec.name,
                    "kind": spec.kind,
                    "description": spec.description,
                    "rows": rows,
                }
            )
    manifest: dict[str, Any] = {
        "generator": "bench/independent_world.py",
        "seed": seed,
        "children": children,
        "unrelated": unrelated,
        "sources": manifest_sources,
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path, help="directory to write (created)")
    ap.add_argument("--children", type=int, default=20000, help="children in the world")
    ap.add_argument("--unrelated", type=int, default=200000, help="unrelated records")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    manifest = generate(args.out_dir, args.children, args.unrelated, args.seed)
    rows = {s["source"]: s["rows"] for s in manifest["sources"]}
    print(
        f"wrote {sum(rows.values())} records in {time.perf_counter() - t0:.1f} s: {rows}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
