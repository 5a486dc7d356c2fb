"""A third, independently written synthetic world of deported Ukrainian children.

Every person, name, date, place assignment and institution record in the output is invented.
The world exists to measure a record-linkage model on data whose details it was not built
around: the generator shares no code or tables with the project's other two generators.

What it models
--------------
* ``--children N`` Ukrainian children born 2005-2024 and deported or displaced 2022-2024,
  mostly from Donetsk, Luhansk, Kherson, Zaporizhzhia, Kharkiv, Mykolaiv oblasts and Crimea.
  About 80 % live in families (one to five children, ~6 % of younger siblings are twins,
  family surnames of Russian type are common in the east); about 20 % come from children's
  homes and boarding schools (baby homes 0-4 years, boarding schools 6-17), some of them in
  sibling groups.  About 70 % of families are taken away together; otherwise school-age
  children were sent to a "rest camp" and kept; institutions are evacuated as a whole to a
  Russian or occupation institution.  About 9 % of the children are returned.
* Seven sources, each written to its own CSV in the canonical person-record format:

  ``nrdd`` (official_registry)
      Ukrainian national registry: Ukrainian Cyrillic, ISO or DD.MM.YYYY dates, patronymic,
      guardians, sibling links, the origin institution, pre-2016 place names on old birth
      certificates, about 1 % double registrations, fields missing at 2-25 %.
  ``zvernennia`` (family_report)
      Relatives' reports, several per child at times, in Ukrainian or Russian, with
      diminutives (Сашко, Настя, Женя), partial dates (YYYY-MM, YYYY) or only an age.
  ``osint_tg`` (osint)
      Volunteer sightings: a (diminutive) given name, the surname absent or an initial, an
      estimated age, a Russian town and camp, 15 % in Latin script.
  ``kontr_dnr`` (counterpart_list)
      Lists handed over by occupation authorities: Russian name forms, russified surnames
      (Чорновол→Черновол, -ський→-ский, і→и, є→е), Soviet/occupation place names
      (Артёмовск, Красноармейск, Дзержинск), «ДНР»/«ЛНР», upper-case surnames, DD.MM.YYYY.
  ``kontr_rf`` (counterpart_list)
      A Russian federal list of "placed" children, including renamed children under their
      new identity with adoptive parents as guardians.
  ``rf_placement`` (adoption_database)
      A child-placement database scrape: Russian given name, surname initial («К.»), birth
      month (YYYY-MM), sex, current Russian region, sibling groups; mostly Russian children.
  ``povernennia`` (return_list)
      Returned children in Latin script: KMU-2010 mostly, also passport-2007, Russian ICAO /
      MVD-310 and English conventional spellings (Oleksandr / Aleksandr / Alexander /
      Olexandr).

* Renamed children (2.5-3.5 % of the world, ~85 % of them from institutions, mostly under
  six; sibling groups together) carry a new given name (the Russian form of the old one for
  30 % of the younger ones and 75 % of those aged 12 or more), a new surname and patronymic,
  a new Russian birthplace and adoptive parents on ``kontr_rf`` (half of them) and
  ``rf_placement`` (85 %); the birth date is kept (infants: shifted by 1-12 weeks in half the
  cases), the origin institution is kept for 30 %.  Those records are listed in
  ``renamed.csv``; the same children still appear under their old identity elsewhere.
* ``--unrelated M`` records of other children, spread over the sources (40 % in the adoption
  database, 41 % on the two counterpart lists, 9.5 % sightings, 6 % family reports, 3 % in the
  registry, 0.5 % on the return list); most on the Russian side are Russian-born children, the
  rest come from the occupied oblasts.  About 6 % of their sibling groups appear a second
  time (another source or the same one); about 10 % borrow the surname, the birth date, given
  name + birth date or given name + surname of a world child (namesakes), a quarter of those on
  the Russian side from a renamed child's new identity.
* Noise: one-letter typos, Latin look-alike letters inside Cyrillic words, apostrophe variants
  (' ’ ʼ `), ё/е, day-month swaps, a wrong digit, year ±1, missing fields, sex codes
  (M/F, ч/ж, м/ж, male/female, empty), stray spaces, case changes.

Outputs in OUT_DIR: one CSV per source, ``manifest.json``, ``truth.csv``
(``source,record_id,person_id`` for every record) and ``renamed.csv`` (``source,record_id``).
Unrelated records are streamed to disk; the world's own records are interleaved at random.

Usage::

    python bench/third_world.py OUT_DIR --children 20000 --unrelated 200000 --seed 1

The output depends only on the arguments (same seed, same bytes).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, Protocol, TextIO, TypeVar

T = TypeVar("T")

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
SIBS = 12

FIRST_DOB = date(2005, 1, 1)
LAST_DOB = date(2024, 12, 31)
WAR = date(2022, 2, 24)
END_EVENTS = date(2024, 12, 31)
END_REPORTS = date(2025, 6, 30)


class Picker(Generic[T]):
    """Weighted choice by bisection over cumulative weights (fast for repeated draws)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        kept = [(item, w) for item, w in pairs if w > 0]
        if not kept:
            raise ValueError("no positive weight")
        self.items = [item for item, _ in kept]
        self.cum = list(itertools.accumulate(w for _, w in kept))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> T:
        i = bisect.bisect_right(self.cum, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]


# --------------------------------------------------------------------------------------------
# Transliteration
# --------------------------------------------------------------------------------------------


def _table(spec: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in spec.split():
        key, _, value = item.partition("=")
        out[key] = value
    return out


_APOS = "'=  ’= ʼ= `="
UA_KMU = _table(
    "а=a б=b в=v г=h ґ=g д=d е=e є=ie ж=zh з=z и=y і=i ї=i й=i к=k л=l м=m н=n о=o п=p "
    "р=r с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ь= ю=iu я=ia " + _APOS
)
UA_KMU_INITIAL = _table("є=ye ї=yi й=y ю=yu я=ya")
UA_PASS2007 = dict(UA_KMU, г="g")
UA_GENERIC = dict(UA_KMU, г="g", и="i", ї="yi", ь="'")
RU_ICAO = _table(
    "а=a б=b в=v г=g д=d е=e ё=e ж=zh з=z и=i й=i к=k л=l м=m н=n о=o п=p р=r с=s т=t "
    "у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ=ie ы=y ь= э=e ю=iu я=ia " + _APOS
)
RU_MVD = dict(RU_ICAO, й="y", ю="yu", я="ya", ъ="")
RU_BGN_INITIAL = _table("е=ye ё=yo")


def translit(
    text: str, table: dict[str, str], initial: dict[str, str] | None = None, zgh: bool = False
) -> str:
    """Letter-by-letter romanisation; ``initial`` overrides word-initial letters."""
    out: list[str] = []
    in_word = False
    prev = ""
    for ch in text:
        lo = ch.lower()
        rep = table.get(lo)
        if rep is None:
            out.append(ch)
            in_word = False
            prev = ""
            continue
        if not in_word and initial is not None and lo in initial:
            rep = initial[lo]
        elif zgh and lo == "г" and prev == "з":
            rep = "gh"
        if ch != lo and rep:
            rep = rep[0].upper() + rep[1:]
        out.append(rep)
        in_word = True
        prev = lo
    return "".join(out)


@lru_cache(maxsize=65536)
def kmu(text: str) -> str:
    """Ukrainian national system (KMU Resolution 55, 2010)."""
    return translit(text, UA_KMU, UA_KMU_INITIAL, zgh=True)


@lru_cache(maxsize=65536)
def pass2007(text: str) -> str:
    return translit(text, UA_PASS2007)


@lru_cache(maxsize=65536)
def ua_generic(text: str) -> str:
    """What a Russian-biased generic pipeline makes of Ukrainian (Dmitro, Grigorii)."""
    return translit(text, UA_GENERIC).replace("'", "")


@lru_cache(maxsize=65536)
def icao(text: str) -> str:
    return translit(text, RU_ICAO)


@lru_cache(maxsize=65536)
def mvd(text: str) -> str:
    return translit(text, RU_MVD)


@lru_cache(maxsize=65536)
def bgn_ru(text: str) -> str:
    return translit(text, RU_MVD, RU_BGN_INITIAL)


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Given:
    ua: str
    ru: str
    ru_alt: tuple[str, ...]
    sex: str
    dim_ua: tuple[str, ...]
    dim_ru: tuple[str, ...]
    latin: tuple[str, ...]


# ua;ru[|alt];sex;UA diminutives;RU diminutives;weight born<=2012;weight born>=2013;
# weight among Russian children;conventional Latin spellings
GIVEN_SPEC = """
Олександр;Александр;M;Сашко,Саша,Олесь,Саня;Саша,Шура,Саня;9;8;8;Alexander,Olexandr,Oleksander
Олексій;Алексей;M;Олекса,Льоша,Альоша;Лёша,Алёша;5;3;4;Alexey,Alexei,Oleksiy,Olexiy
Андрій;Андрей;M;Андрійко,Андрюша;Андрюша;5;4;4;Andrew,Andriy,Andrey
Артем;Артём|Артем;M;Тьома,Артемко;Тёма,Артёмка;6;9;8;Artyom,Artiom,Artjom
Максим;Максим;M;Макс,Максимко;Макс,Максимка;7;8;6;Maxim,Maksim
Дмитро;Дмитрий;M;Діма,Дмитрик;Дима,Митя;7;5;6;Dmitry,Dmitriy,Dmytro
Микола;Николай;M;Коля,Миколка;Коля;3;2;2;Nikolai,Nicholas
Михайло;Михаил;M;Міша,Михась;Миша;4;5;7;Mikhail,Michael,Mykhaylo
Іван;Иван;M;Іванко,Ваня;Ваня;4;5;7;Ivan,Iwan
Владислав;Владислав;M;Влад,Владик;Влад,Владик;7;3;2;Vladislav,Wladyslaw
Богдан;Богдан;M;Бодя;Бодя;5;4;1;Bogdan
Назар;Назар;M;Назарко;Назарчик;4;4;0.5;
Матвій;Матвей;M;Матвійко,Мотя;Матвейка,Мотя;1;7;7;Matvey,Matvei,Matthew,Matviy
Марк;Марк;M;Марик;Марик;1;4;5;Marc
Данило;Даниил|Данила;M;Даня,Данилко;Даня;4;5;5;Daniil,Daniel,Danilo
Денис;Денис;M;Дениско;Дениска;4;2;2;Denis
Тимофій;Тимофей;M;Тимко,Тима;Тима,Тимоша;1;5;6;Timofey,Timofei,Tymofiy
Кирило;Кирилл;M;Кирилко;Кирюша;4;4;6;Kirill,Cyril,Kyrilo
Ілля;Илья;M;Ілько,Іллюша;Илюша;3;4;5;Ilya,Ilia,Illya
Єгор;Егор;M;Єгорко,Гоша;Егорка,Гоша;3;4;6;Yegor,Egor,Iegor
Ярослав;Ярослав;M;Ярик,Славко;Ярик,Слава;3;3;2;Iaroslav,Jaroslav
Володимир;Владимир;M;Вова,Володя;Вова,Володя;3;2;3;Vladimir,Volodimir
Сергій;Сергей;M;Сергійко;Серёжа;3;1;2;Sergey,Sergei,Serhiy
Юрій;Юрий;M;Юрко,Юра;Юра;2;1;1;Yuriy,Yuri,Yury
Віктор;Виктор;M;Вітя;Витя;2;1;1;Victor
Василь;Василий;M;Вася,Василько;Вася;1;1;1;Vasily,Vasiliy
Петро;Пётр;M;Петрик,Петя;Петя;1;1;1;Petr,Pyotr,Peter
Павло;Павел;M;Павлик,Паша;Паша,Павлик;2;1;2;Pavel,Paul
Роман;Роман;M;Ромко,Рома;Рома;4;3;3;
Олег;Олег;M;Олежик;Олежка;2;1;1;Oleg
Ігор;Игорь;M;Ігорчик;Игорёк;1;0.5;1;Igor
Євген;Евгений;M;Женя;Женя;3;1;1;Evgeniy,Evgeny,Eugene,Yevgen
Віталій;Виталий;M;Віталік;Виталик;2;1;1;Vitaliy,Vitaly
Вадим;Вадим;M;Вадик;Вадик;2;1;1;
Валерій;Валерий;M;Валера;Валера;1;0.5;0.5;Valeriy,Valery
Георгій;Георгий;M;Жора;Гоша;1;1;2;Georgiy,George
Степан;Степан;M;Стьопа;Стёпа;1;2;3;
Тарас;Тарас;M;Тарасик;Тарасик;2;1;0.2;
Захар;Захар;M;Захарко;Захарка;1;3;3;Zahar
Давид;Давид;M;Давидко;Давидик;1;3;2;
Арсеній;Арсений;M;Арсен,Сеня;Арсюша,Сеня;1;3;5;Arseniy,Arseny
Антон;Антон;M;Антось,Тоша;Антоша;3;2;2;
Анатолій;Анатолий;M;Толя;Толик;1;0.3;0.5;Anatoliy
Гліб;Глеб;M;Глібко;Глебушка;2;2;3;Gleb
В'ячеслав;Вячеслав;M;Слава,Славік;Слава;2;1;1;Vyacheslav,Viacheslav
Костянтин;Константин;M;Костя,Костик;Костя;2;1;2;Konstantin,Constantine
Лев;Лев;M;Левко;Лёва;0.5;2;5;Leo
Микита;Никита;M;Микитка;Никитка;4;3;5;Nikita
Нікіта;Никита;M;Нікітка;Никитка;2;1;0;Nikita
Ростислав;Ростислав;M;Ростик;Ростик;2;2;1;Rostislav
Руслан;Руслан;M;Русик;Руслик;2;1;1;
Святослав;Святослав;M;Святик,Свят;Слава;1;3;2;Svyatoslav
Станіслав;Станислав;M;Стас;Стасик;2;1;1;Stanislav
Тимур;Тимур;M;Тимурчик;Тимурчик;1;2;2;Timur
Пилип;Филипп;M;Пилипко;Филя;0.5;1;1;Filipp,Philip
Яків;Яков;M;Яша;Яша;0.5;1;2;Yakov,Jacob
Родіон;Родион;M;Родя;Родя;0.5;1;1;Rodion
Мирон;Мирон;M;Мирончик;Мироша;0.5;2;2;Miron
Савелій;Савелий;M;Сава;Савушка;0.5;2;3;Saveliy,Savely
Платон;Платон;M;Тоша;Платоша;0.3;2;3;
Олесь;Олесь;M;Лесь;Олесик;1;1;0;Oles
Юхим;Ефим|Юхим;M;Юхимко;Фима;0.3;0.5;1;Efim,Yefim
Гнат;Игнат;M;Гнатко;Игнаша;0.2;0.5;1;Ignat
Єлисей;Елисей;M;Єлисейко;Елисейка;0.2;1;2;Elisey,Yelisei
Дем'ян;Демьян;M;Дем'янко;Дёма;0.5;1.5;2;Demyan,Demian
Ян;Ян;M;Янчик;Янчик;0.5;1;1;Jan
Семен;Семён|Семен;M;Сеня;Сёма;0.5;1;2;Semyon,Semen
Федір;Фёдор|Федор;M;Федько,Федя;Федя;0.5;1.5;3;Fedor,Fyodor
Всеволод;Всеволод;M;Сева;Сева;0.3;1;2;
Мирослав;Мирослав;M;Мирось,Мирко;Мирик;1;1;0.5;Miroslav
Тихон;Тихон;M;Тихончик;Тиша;0.2;1;2;
Анна;Анна;F;Аня,Ануся;Аня,Анечка;5;6;7;Anne,Hanna
Ганна;Анна;F;Ганнуся,Ганя;Аня;0.5;0.5;0;Anna
Софія;София|Софья;F;Соня,Софійка;Соня,Софа;6;9;9;Sofia,Sophia,Sofiya
Марія;Мария;F;Марійка,Маруся,Маша;Маша,Маруся;4;7;7;Maria,Mariya,Mary
Вікторія;Виктория;F;Віка;Вика;7;4;4;Victoria,Viktoriya
Анастасія;Анастасия;F;Настя,Настуся;Настя,Ася;8;4;4;Anastasia,Anastasiya
Дарина;Дарина|Дарья;F;Даринка,Даша;Даша;6;3;1;Darina
Дар'я;Дарья;F;Даша,Дарка;Даша;4;2;5;Daria,Darya,Dariya
Поліна;Полина;F;Поля,Полінка;Поля;4;4;5;Polina
Соломія;Соломия;F;Соля,Соломійка;Соля;1;4;0.2;Solomiya
Єва;Ева;F;Євочка;Евочка;1;5;5;Eva
Злата;Злата;F;Златка;Златочка;1;5;2;
Катерина;Екатерина;F;Катруся,Катя;Катя,Катюша;4;2;3;Ekaterina,Yekaterina,Catherine
Мілана;Милана;F;Міла;Мила;2;4;4;Milana
Вероніка;Вероника;F;Ніка;Ника;3;4;4;Veronica
Аліна;Алина;F;Аля,Алінка;Аля;4;2;2;Alina
Аліса;Алиса;F;Аліска;Алиска;1;4;6;Alisa,Alice
Олександра;Александра;F;Саша,Леся;Саша,Шура;3;3;3;Alexandra,Olexandra
Кіра;Кира;F;Кіруся;Кируша;1;3;3;Kira
Аріна;Арина;F;Ариша;Ариша;2;3;3;Arina
Ангеліна;Ангелина;F;Геля,Ліна;Геля;3;1;1;Angelina
Валерія;Валерия;F;Лера;Лера;4;2;3;Valeria,Valeriya
Юлія;Юлия;F;Юля;Юля;4;1;1;Julia,Yulia,Yuliya
Олена;Елена;F;Оленка,Лєна;Лена;1;0.5;1;Elena,Helen,Yelena
Альона;Алёна|Алена;F;Альонка;Алёнка;2;0.5;0.5;Alena,Alyona
Ольга;Ольга;F;Оля;Оля;1;0.5;0.5;Olga
Ірина;Ирина;F;Іра,Іринка;Ира;1;0.5;0.5;Irina
Оксана;Оксана;F;Оксанка;Ксюша;1;0.3;0.2;
Тетяна;Татьяна;F;Таня;Таня;1;0.3;0.5;Tatiana,Tatyana
Надія;Надежда;F;Надя;Надя;1;0.5;0.5;Nadiya,Nadezhda
Марина;Марина;F;Маринка;Мариша;1;0.3;0.5;
Яна;Яна;F;Янка;Яночка;3;1;1;Iana
Ксенія;Ксения;F;Ксюша;Ксюша;3;2;3;Ksenia,Xenia
Олеся;Олеся;F;Леся;Леся;2;0.5;0.5;Olesya
Єлизавета;Елизавета;F;Ліза;Лиза;2;3;4;Elizaveta,Elizabeth
Христина;Кристина|Христина;F;Христя;Кристя;3;1;1;Christina,Kristina
Діана;Диана;F;Діанка;Дианочка;3;1;1;Diana
Богдана;Богдана;F;Дана;Дана;2;2;0.2;Bogdana
Ярослава;Ярослава;F;Яся;Яся;1;2;1;Jaroslava
Мирослава;Мирослава;F;Мирося;Мира;1;3;1;Miroslava
Василина;Василиса|Василина;F;Василинка;Вася;0.5;2;0;Vasilisa
Василиса;Василиса;F;Василинка;Вася;0;0;4;Vasilisa
Варвара;Варвара;F;Варя;Варя;0.5;2;4;Barbara
Уляна;Ульяна;F;Уля;Уля;1;2;3;Ulyana
Мар'яна;Марьяна|Марианна;F;Мар'янка;Марьянка;2;1;0.5;Maryana
Карина;Карина;F;Каринка;Каринка;2;1;1;
Маргарита;Маргарита;F;Рита;Рита;1;1;2;
Емілія;Эмилия;F;Міля;Миля;0.3;2;2;Emilia
Амелія;Амелия;F;Амелька;Амелька;0.1;2;1;Amelia
Стефанія;Стефания;F;Стефа;Стеша;0.5;2;1;Stefania,Stephanie
Таїсія;Таисия;F;Тая;Тася;0.5;2;3;Taisiya,Taisia
Евеліна;Эвелина;F;Евелінка;Эвелинка;1;2;2;Evelina
Лілія;Лилия;F;Ліля;Лиля;1;0.5;0.5;Liliya
Євгенія;Евгения;F;Женя;Женя;2;1;1;Evgenia,Eugenia
Ілона;Илона;F;Ілонка;Илоночка;1;0.3;0.3;
Каміла;Камила|Камилла;F;Міла;Мила;1;2;2;Camila
Владислава;Владислава;F;Влада;Влада;1;1;1;Vladislava
Віталіна;Виталина;F;Віта;Вита;1;0.5;0.3;
"""


def _parse_given() -> tuple[list[Given], dict[str, list[tuple[Given, float, float, float]]]]:
    allg: list[Given] = []
    by_sex: dict[str, list[tuple[Given, float, float, float]]] = {"M": [], "F": []}
    for line in GIVEN_SPEC.strip().splitlines():
        ua, ru, sex, dua, dru, w_old, w_young, w_ru, lat = line.split(";")
        forms = ru.split("|")
        g = Given(
            ua=ua,
            ru=forms[0],
            ru_alt=tuple(forms[1:]),
            sex=sex,
            dim_ua=tuple(x for x in dua.split(",") if x),
            dim_ru=tuple(x for x in dru.split(",") if x),
            latin=tuple(x for x in lat.split(",") if x),
        )
        allg.append(g)
        by_sex[sex].append((g, float(w_old), float(w_young), float(w_ru)))
    return allg, by_sex


GIVENS, _GIVEN_BY_SEX = _parse_given()
GIVEN_OLD = {s: Picker([(g, wo) for g, wo, _, _ in v]) for s, v in _GIVEN_BY_SEX.items()}
GIVEN_YOUNG = {s: Picker([(g, wy) for g, _, wy, _ in v]) for s, v in _GIVEN_BY_SEX.items()}
GIVEN_RU = {s: Picker([(g, wr) for g, _, _, wr in v]) for s, v in _GIVEN_BY_SEX.items()}


@dataclass(frozen=True, slots=True)
class Father:
    ua: str
    ru: str
    pua_m: str
    pua_f: str
    pru_m: str
    pru_f: str


# adult man's name UA;RU;UA patronymic m/f;RU patronymic m/f;weight UA;weight RU
FATHER_SPEC = """
Олександр;Александр;Олександрович;Олександрівна;Александрович;Александровна;10;10
Сергій;Сергей;Сергійович;Сергіївна;Сергеевич;Сергеевна;9;10
Андрій;Андрей;Андрійович;Андріївна;Андреевич;Андреевна;8;8
Юрій;Юрий;Юрійович;Юріївна;Юрьевич;Юрьевна;5;4
Олексій;Алексей;Олексійович;Олексіївна;Алексеевич;Алексеевна;6;7
Дмитро;Дмитрий;Дмитрович;Дмитрівна;Дмитриевич;Дмитриевна;6;8
Володимир;Владимир;Володимирович;Володимирівна;Владимирович;Владимировна;6;6
Віктор;Виктор;Вікторович;Вікторівна;Викторович;Викторовна;4;3
Микола;Николай;Миколайович;Миколаївна;Николаевич;Николаевна;5;4
Іван;Иван;Іванович;Іванівна;Иванович;Ивановна;4;4
Василь;Василий;Васильович;Василівна;Васильевич;Васильевна;3;2
Віталій;Виталий;Віталійович;Віталіївна;Витальевич;Витальевна;4;3
Ігор;Игорь;Ігорович;Ігорівна;Игоревич;Игоревна;4;4
Олег;Олег;Олегович;Олегівна;Олегович;Олеговна;4;4
Роман;Роман;Романович;Романівна;Романович;Романовна;4;4
Євген;Евгений;Євгенович;Євгенівна;Евгеньевич;Евгеньевна;5;5
Михайло;Михаил;Михайлович;Михайлівна;Михайлович;Михайловна;4;5
Петро;Пётр;Петрович;Петрівна;Петрович;Петровна;2;2
Павло;Павел;Павлович;Павлівна;Павлович;Павловна;3;4
Анатолій;Анатолий;Анатолійович;Анатоліївна;Анатольевич;Анатольевна;2;2
Валерій;Валерий;Валерійович;Валеріївна;Валерьевич;Валерьевна;2;2
Вадим;Вадим;Вадимович;Вадимівна;Вадимович;Вадимовна;3;3
Руслан;Руслан;Русланович;Русланівна;Русланович;Руслановна;3;3
Денис;Денис;Денисович;Денисівна;Денисович;Денисовна;3;4
Максим;Максим;Максимович;Максимівна;Максимович;Максимовна;3;5
Артем;Артём;Артемович;Артемівна;Артёмович;Артёмовна;2;3
Богдан;Богдан;Богданович;Богданівна;Богданович;Богдановна;2;0.3
Ярослав;Ярослав;Ярославович;Ярославівна;Ярославович;Ярославовна;2;1
Григорій;Григорий;Григорович;Григорівна;Григорьевич;Григорьевна;1;1
Геннадій;Геннадий;Геннадійович;Геннадіївна;Геннадьевич;Геннадьевна;2;2
Костянтин;Константин;Костянтинович;Костянтинівна;Константинович;Константиновна;3;4
Степан;Степан;Степанович;Степанівна;Степанович;Степановна;1;1
Тарас;Тарас;Тарасович;Тарасівна;Тарасович;Тарасовна;1;0.1
Едуард;Эдуард;Едуардович;Едуардівна;Эдуардович;Эдуардовна;1;1
В'ячеслав;Вячеслав;В'ячеславович;В'ячеславівна;Вячеславович;Вячеславовна;2;3
Станіслав;Станислав;Станіславович;Станіславівна;Станиславович;Станиславовна;2;2
Леонід;Леонид;Леонідович;Леонідівна;Леонидович;Леонидовна;1;1
Ілля;Илья;Ілліч;Іллівна;Ильич;Ильинична;1;2
Яків;Яков;Якович;Яківна;Яковлевич;Яковлевна;0.5;0.5
Пилип;Филипп;Пилипович;Пилипівна;Филиппович;Филипповна;0.3;0.5
Антон;Антон;Антонович;Антонівна;Антонович;Антоновна;2;3
Кирило;Кирилл;Кирилович;Кирилівна;Кириллович;Кирилловна;1;2
Артур;Артур;Артурович;Артурівна;Артурович;Артуровна;1;2
Владислав;Владислав;Владиславович;Владиславівна;Владиславович;Владиславовна;2;2
"""


def _parse_fathers() -> tuple[Picker[Father], Picker[Father]]:
    ua: list[tuple[Father, float]] = []
    ru: list[tuple[Father, float]] = []
    for line in FATHER_SPEC.strip().splitlines():
        a, b, c, d, e, f, w_ua, w_ru = line.split(";")
        fa = Father(a, b, c, d, e, f)
        ua.append((fa, float(w_ua)))
        ru.append((fa, float(w_ru)))
    return Picker(ua), Picker(ru)


FATHER_UA, FATHER_RU = _parse_fathers()

# adult women (mothers): UA/RU, weight; grandmothers separately
MOTHER_SPEC = (
    "Олена/Елена/8 Наталія/Наталья/8 Ірина/Ирина/7 Тетяна/Татьяна/6 Оксана/Оксана/6 "
    "Юлія/Юлия/7 Світлана/Светлана/5 Ольга/Ольга/6 Анна/Анна/5 Марина/Марина/5 "
    "Людмила/Людмила/2 Катерина/Екатерина/5 Вікторія/Виктория/5 Яна/Яна/3 Інна/Инна/3 "
    "Анастасія/Анастасия/4 Алла/Алла/2 Галина/Галина/2 Надія/Надежда/2 Марія/Мария/3 "
    "Лілія/Лилия/2 Валентина/Валентина/1 Лариса/Лариса/2 Олександра/Александра/2 "
    "Євгенія/Евгения/2 Альона/Алёна/3 Дар'я/Дарья/2 Ксенія/Ксения/2 Христина/Кристина/2 "
    "Віра/Вера/1"
)
GRANNY_SPEC = (
    "Галина/Галина/6 Валентина/Валентина/6 Ніна/Нина/5 Любов/Любовь/5 Людмила/Людмила/6 "
    "Тамара/Тамара/4 Раїса/Раиса/3 Надія/Надежда/4 Зінаїда/Зинаида/2 Віра/Вера/3 "
    "Лідія/Лидия/3 Тетяна/Татьяна/4 Ольга/Ольга/4 Наталія/Наталья/4"
)


def _women(spec: str) -> Picker[tuple[str, str]]:
    pairs: list[tuple[tuple[str, str], float]] = []
    for item in spec.split():
        ua, ru, w = item.split("/")
        pairs.append(((ua, ru), float(w)))
    return Picker(pairs)


MOTHERS = _women(MOTHER_SPEC)
GRANNIES = _women(GRANNY_SPEC)


@dataclass(frozen=True, slots=True)
class Surname:
    ua_m: str
    ua_f: str
    ru_m: str
    ru_f: str
    mech_m: str
    mech_f: str


def ru_mech(ua: str) -> str:
    """Letter-for-letter russification as a Russian clerk types it (no etymology)."""
    s = ua
    for a, b in (
        ("ський", "ский"),
        ("цький", "цкий"),
        ("зький", "зкий"),
        ("ська", "ская"),
        ("цька", "цкая"),
        ("зька", "зкая"),
    ):
        if s.endswith(a):
            s = s[: -len(a)] + b
            break
    out = []
    for ch in s:
        out.append(_MECH.get(ch, ch))
    s = "".join(out)
    if s.endswith("ць"):
        s = s[:-1]
    return s


_MECH = {
    "і": "и",
    "І": "И",
    "ї": "и",
    "Ї": "И",
    "є": "е",
    "Є": "Е",
    "ґ": "г",
    "Ґ": "Г",
    "'": "ь",
    "’": "ь",
    "ʼ": "ь",
}


def _feminine(m: str, kind: str, lang: str) -> str:
    if kind == "o":
        return m + "а"
    if m.endswith(("ський", "цький", "зький", "ский", "цкий", "зкий")):
        return m[:-2] + ("а" if lang == "ua" else "ая")
    if kind == "a":
        if lang == "ua":
            return m[:-2] + "а"
        if m.endswith("ий") and m[-3] not in "кгхчшщж":
            return m[:-2] + "яя"
        return m[:-2] + "ая"
    return m


# ua[:w_ua:w_ru[:ru override[:kind]]]; kind n = invariable, a = adjectival, o = Russian type
SURNAME_SPEC = """
Мельник:10:1.5 Шевченко:10:1.5 Коваленко:9:1.5 Бойко:8:1.2 Бондаренко:8:1.2 Ткаченко:7:1.2
Кравченко:7:1.2 Ковальчук:7:0.8 Коваль:6:0.8 Олійник:6:0.4 Шевчук:6:0.6 Поліщук:5:0.4
Іваненко:5:0.6 Ткачук:5:0.5 Савченко:5:0.9 Бондар:5:0.5 Марченко:5:0.8 Руденко:5:0.8
Мороз:5:0.8 Лисенко:5:0.8:Лысенко Петренко:5:0.8 Клименко:5:0.6 Павленко:5:0.6
Кравчук:5:0.5 Кузьменко:4:0.6 Пономаренко:4:0.6 Савчук:4:0.4 Василенко:4:0.6
Левченко:4:0.6 Харченко:4:0.6 Сидоренко:4:0.6 Карпенко:4:0.5 Гаврилюк:4:0.3
Мартинюк:4:0.3 Литвиненко:4:0.8 Романенко:4:0.6 Костенко:4:0.6 Мельничук:4:0.4
Романюк:4:0.3 Лук'яненко:3:0.5 Гончаренко:3:0.5 Литвин:3:0.5 Кушнір:3:0.3
Приходько:3:0.6 Тарасенко:3:0.5 Юрченко:3:0.5 Нестеренко:3:0.5 Дяченко:3:0.5
Зайченко:3:0.4 Гнатюк:3:0.2 Кириленко:3:0.5 Онищенко:3:0.4 Панченко:3:0.5 Федоренко:3:0.5
Власенко:3:0.5 Коломієць:3:0.4 Білик:3:0.3:Белик Білоус:2:0.3:Белоус Чорновол:2:0.2:Черновол
Чорний:2:0.3:Черный:a Білий:2:0.3:Белый:a Сірий:1:0.1:Серый:a Рибак:3:0.5:Рыбак
Дмитренко:3:0.5 Тимошенко:3:0.6 Остапенко:3:0.4 Яковенко:3:0.5 Назаренко:3:0.5
Демченко:3:0.6 Кравець:3:0.4 Швець:3:0.5 Гуменюк:2:0.2 Захарченко:3:0.5 Мазур:3:0.3
Степаненко:2:0.4 Пилипенко:2:0.3:Филипенко Головко:2:0.5 Ковальський:2:0.3 Вишневський:2:0.6
Заславський:1:0.2 Маковецький:1:0.1 Згурський:1:0.05 Ярошенко:2:0.4 Стельмах:2:0.2
Гордієнко:2:0.4 Сергієнко:2:0.4 Андрієнко:2:0.4 Ющенко:1:0.2 Кучер:2:0.4 Дорошенко:2:0.4
Король:2:0.5 Лозинський:1:0.3 Березовський:2:0.6 Савицький:2:0.5 Заїка:1:0.2 Їжак:0.5:0.05
Єрмоленко:2:0.3 Петрів:1:0.05 Бабій:1:0.1 Гончар:2:0.4 Чумак:2:0.4 Козак:2:0.5
Грищенко:2:0.4 Вакуленко:2:0.3 Осадчий:2:0.3:Осадчий:a Білоцерківець:0.5:0.02:Белоцерковец
Кіт:0.5:0.1:Кит Головня:1:0.2 Прокопенко:2:0.5 Гриценко:2:0.4 Кучеренко:2:0.4 Бабенко:2:0.4
Шаповал:2:0.3 Соколенко:1:0.1 Чорноморець:1:0.1:Черноморец Лисиця:1:0.1:Лисица
Кривенко:1:0.2 Журавель:1:0.2 Гребенюк:2:0.3 Мірошниченко:3:0.6 Бережний:1:0.2:Бережной:a
Задорожний:2:0.3:Задорожный:a Полтавець:1:0.1 Сидорчук:2:0.2 Семенюк:2:0.2 Антонюк:2:0.2
Фесенко:1:0.2 Чуприна:1:0.1 Скиба:1:0.2 Гайдамака:0.5:0.1 Лемешко:1:0.1 Пасічник:1:0.1
Білоконь:1:0.1:Белоконь Зінченко:2:0.5 Щербина:2:0.5 Гетьман:1:0.2 Коновал:1:0.2
Іванов:5:9:Иванов:o Кузнєцов:4:8:Кузнецов:o Попов:4:8:Попов:o Смирнов:3:10:Смирнов:o
Соколов:3:6:Соколов:o Волков:3:6:Волков:o Петров:3:7:Петров:o Морозов:3:5:Морозов:o
Новиков:3:5:Новиков:o Васильєв:2:5:Васильев:o Федоров:2:5:Фёдоров:o Ковальов:2:4:Ковалёв:o
Соловйов:1.5:4:Соловьёв:o Алексєєв:2:4:Алексеев:o Зайцев:2:4:Зайцев:o Павлов:2:5:Павлов:o
Семенов:2:5:Семёнов:o Макаров:2:4:Макаров:o Орлов:2:4:Орлов:o Лебедєв:2:4:Лебедев:o
Медведєв:1:3:Медведев:o Нікітін:2:4:Никитин:o Ільїн:1:3:Ильин:o Сорокін:2:4:Сорокин:o
Бєлов:1:3:Белов:o Гусєв:1:3:Гусев:o Тарасов:1:3:Тарасов:o Жуков:1:3:Жуков:o
Карпов:1:3:Карпов:o Фролов:1:3:Фролов:o Баранов:1:3:Баранов:o Мартинов:1:3:Мартынов:o
Захаров:1:3:Захаров:o Романов:1:3:Романов:o Гончаров:1:3:Гончаров:o Корольов:1:3:Королёв:o
Михайлов:0:6:Михайлов:o Кузьмин:0:4:Кузьмин:o Виноградов:0:4:Виноградов:o
Миронов:0:4:Миронов:o Крылов:0:3:Крылов:o Куликов:0:3:Куликов:o Власов:0:3:Власов:o
Мельников:0:3:Мельников:o Денисов:0:3:Денисов:o Гаврилов:0:3:Гаврилов:o
Тихонов:0:3:Тихонов:o Казаков:0:3:Казаков:o Афанасьев:0:3:Афанасьев:o Данилов:0:3:Данилов:o
Савельев:0:3:Савельев:o Тимофеев:0:3:Тимофеев:o Фомин:0:3:Фомин:o Чернов:0:3:Чернов:o
Абрамов:0:3:Абрамов:o Ефимов:0:3:Ефимов:o Щербаков:0:3:Щербаков:o Назаров:0:3:Назаров:o
Калинин:0:3:Калинин:o Исаев:0:3:Исаев:o Быков:0:3:Быков:o Маслов:0:3:Маслов:o
Родионов:0:3:Родионов:o Коновалов:0:3:Коновалов:o Лазарев:0:3:Лазарев:o
Воронин:0:3:Воронин:o Климов:0:3:Климов:o Филатов:0:3:Филатов:o Голубев:0:3:Голубев:o
Прохоров:0:3:Прохоров:o Наумов:0:3:Наумов:o Журавлёв:0:3:Журавлёв:o Леонов:0:3:Леонов:o
Соболев:0:3:Соболев:o Ермаков:0:3:Ермаков:o Колесников:0:3:Колесников:o
Емельянов:0:3:Емельянов:o Котов:0:3:Котов:o Гришин:0:3:Гришин:o Архипов:0:3:Архипов:o
Громов:0:3:Громов:o Кириллов:0:3:Кириллов:o Малышев:0:3:Малышев:o Панов:0:3:Панов:o
Моисеев:0:2:Моисеев:o Румянцев:0:2:Румянцев:o Акимов:0:2:Акимов:o Бирюков:0:2:Бирюков:o
Горбунов:0:2:Горбунов:o Галкин:0:2:Галкин:o Лукьянов:0:2:Лукьянов:o Юдин:0:2:Юдин:o
Белоусов:0:2:Белоусов:o Нестеров:0:2:Нестеров:o Симонов:0:2:Симонов:o Князев:0:2:Князев:o
Цветков:0:2:Цветков:o Левин:0:2:Левин:o Воронцов:0:2:Воронцов:o Аксёнов:0:2:Аксёнов:o
Мальцев:0:2:Мальцев:o Логинов:0:2:Логинов:o Горшков:0:2:Горшков:o Савин:0:2:Савин:o
Краснов:0:2:Краснов:o Демидов:0:2:Демидов:o Рыбаков:0:2:Рыбаков:o Плотников:0:2:Плотников:o
Хохлов:0:2:Хохлов:o Жданов:0:2:Жданов:o Сафонов:0:2:Сафонов:o Щукин:0:2:Щукин:o
Мухаметшин:0:1:Мухаметшин:o Гарипов:0:1:Гарипов:o Алиев:0:1.5:Алиев:o Магомедов:0:1.5:Магомедов:o
"""


def _parse_surnames() -> tuple[Picker[Surname], Picker[Surname], Picker[Surname]]:
    ua_n: list[tuple[Surname, float]] = []
    ua_o: list[tuple[Surname, float]] = []
    ru: list[tuple[Surname, float]] = []
    for item in SURNAME_SPEC.split():
        parts = item.split(":")
        ua_m = parts[0]
        w_ua, w_ru = float(parts[1]), float(parts[2])
        ru_m = parts[3] if len(parts) > 3 else ru_mech(ua_m)
        kind = parts[4] if len(parts) > 4 else "n"
        if kind == "n" and ua_m.endswith(("ський", "цький", "зький")):
            kind = "a"
        ua_f = _feminine(ua_m, kind, "ua")
        s = Surname(
            ua_m=ua_m,
            ua_f=ua_f,
            ru_m=ru_m,
            ru_f=_feminine(ru_m, kind, "ru"),
            mech_m=ru_mech(ua_m),
            mech_f=ru_mech(ua_f),
        )
        (ua_o if kind == "o" else ua_n).append((s, w_ua))
        ru.append((s, w_ru))
    return Picker(ua_n), Picker(ua_o), Picker(ru)


SURNAME_UA, SURNAME_UA_RUTYPE, SURNAME_RU = _parse_surnames()


# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    key: str
    ua_full: str
    ua_short: str
    ru_full: str
    ru_short: str
    ru_occ: tuple[str, ...]
    lat: tuple[str, ...]


# key;UA full;RU full;Latin forms (|)[;UA short;RU short when not derived]
REGION_SPEC = """
DN;Донецька область;Донецкая область;Donetsk Oblast|Donetska oblast|Donetsk region
LH;Луганська область;Луганская область;Luhansk Oblast|Luhanska oblast|Lugansk region
ZP;Запорізька область;Запорожская область;Zaporizhzhia Oblast|Zaporizka oblast|Zaporozhye region
KS;Херсонська область;Херсонская область;Kherson Oblast|Khersonska oblast
KH;Харківська область;Харьковская область;Kharkiv Oblast|Kharkivska oblast|Kharkov region
CR;Автономна Республіка Крим;Республика Крым;Crimea|Autonomous Republic of Crimea;АР Крим;Крым
SV;м. Севастополь;г. Севастополь;Sevastopol;Севастополь;Севастополь
MK;Миколаївська область;Николаевская область;Mykolaiv Oblast|Mykolaivska oblast
DP;Дніпропетровська область;Днепропетровская область;Dnipropetrovsk Oblast|Dnipropetrovska oblast
KR;Кіровоградська область;Кировоградская область;Kirovohrad Oblast|Kirovohradska oblast
KV;м. Київ;г. Киев;Kyiv|Kyiv City;Київ;Киев
OD;Одеська область;Одесская область;Odesa Oblast|Odeska oblast|Odessa region
SM;Сумська область;Сумская область;Sumy Oblast|Sumska oblast
CH;Чернігівська область;Черниговская область;Chernihiv Oblast|Chernihivska oblast
PL;Полтавська область;Полтавская область;Poltava Oblast|Poltavska oblast
ROS;Ростовська область;Ростовская область;Rostov Oblast
MOS;Московська область;Московская область;Moscow Oblast
MSK;м. Москва;г. Москва;Moscow;Москва;Москва
SPB;м. Санкт-Петербург;г. Санкт-Петербург;Saint Petersburg;Санкт-Петербург;Санкт-Петербург
LEN;Ленінградська область;Ленинградская область;Leningrad Oblast
KDA;Краснодарський край;Краснодарский край;Krasnodar Krai
TUL;Тульська область;Тульская область;Tula Oblast
ORE;Оренбурзька область;Оренбургская область;Orenburg Oblast
KRS;Курська область;Курская область;Kursk Oblast
BEL;Бєлгородська область;Белгородская область;Belgorod Oblast
VOR;Воронезька область;Воронежская область;Voronezh Oblast
NIZ;Нижньогородська область;Нижегородская область;Nizhny Novgorod Oblast
TAT;Республіка Татарстан;Республика Татарстан;Tatarstan;Татарстан;Татарстан
SAM;Самарська область;Самарская область;Samara Oblast
SAR;Саратовська область;Саратовская область;Saratov Oblast
VGG;Волгоградська область;Волгоградская область;Volgograd Oblast
PNZ;Пензенська область;Пензенская область;Penza Oblast
BA;Республіка Башкортостан;Республика Башкортостан;Bashkortostan;Башкортостан;Башкирия
SVE;Свердловська область;Свердловская область;Sverdlovsk Oblast
CHE;Челябінська область;Челябинская область;Chelyabinsk Oblast
TYU;Тюменська область;Тюменская область;Tyumen Oblast
OMS;Омська область;Омская область;Omsk Oblast
NVS;Новосибірська область;Новосибирская область;Novosibirsk Oblast
KYA;Красноярський край;Красноярский край;Krasnoyarsk Krai
IRK;Іркутська область;Иркутская область;Irkutsk Oblast
KHA;Хабаровський край;Хабаровский край;Khabarovsk Krai
PRI;Приморський край;Приморский край;Primorsky Krai
MUR;Мурманська область;Мурманская область;Murmansk Oblast
ARK;Архангельська область;Архангельская область;Arkhangelsk Oblast
VLG;Вологодська область;Вологодская область;Vologda Oblast
KOS;Костромська область;Костромская область;Kostroma Oblast
YAR;Ярославська область;Ярославская область;Yaroslavl Oblast
KLU;Калузька область;Калужская область;Kaluga Oblast
BRY;Брянська область;Брянская область;Bryansk Oblast
SMO;Смоленська область;Смоленская область;Smolensk Oblast
KIR;Кіровська область;Кировская область;Kirov Oblast
PER;Пермський край;Пермский край;Perm Krai
UD;Удмуртська Республіка;Удмуртская Республика;Udmurtia;Удмуртія;Удмуртия
CU;Чуваська Республіка;Чувашская Республика;Chuvashia;Чувашія;Чувашия
ULY;Ульяновська область;Ульяновская область;Ulyanovsk Oblast
AST;Астраханська область;Астраханская область;Astrakhan Oblast
CE;Чеченська Республіка;Чеченская Республика;Chechnya;Чечня;Чечня
DA;Республіка Дагестан;Республика Дагестан;Dagestan;Дагестан;Дагестан
STA;Ставропольський край;Ставропольский край;Stavropol Krai
KB;Кабардино-Балкарія;Кабардино-Балкарская Республика;Kabardino-Balkaria;Кабардино-Балкарія;КБР
LIP;Липецька область;Липецкая область;Lipetsk Oblast
TAM;Тамбовська область;Тамбовская область;Tambov Oblast
RYA;Рязанська область;Рязанская область;Ryazan Oblast
ORL;Орловська область;Орловская область;Oryol Oblast
PSK;Псковська область;Псковская область;Pskov Oblast
"""
# what the occupying side writes instead of the oblast
REGION_OCC = {
    "DN": ("ДНР", "Донецкая Народная Республика", "ДНР (Россия)"),
    "LH": ("ЛНР", "Луганская Народная Республика", "ЛНР"),
    "ZP": ("Запорожская область (РФ)",),
    "KS": ("Херсонская область (РФ)",),
    "CR": ("Республика Крым",),
    "SV": ("г. Севастополь",),
}


def _short(full: str, ru: bool) -> str:
    return (
        full.replace("область", "обл.").replace("край", "кр.")
        if ru
        else full.replace("область", "обл.")
    )


def _parse_regions() -> dict[str, Region]:
    out: dict[str, Region] = {}
    for line in REGION_SPEC.strip().splitlines():
        key, uf, rf, lat, *shorts = line.split(";")
        us, rs = shorts if shorts else (_short(uf, False), _short(rf, True))
        out[key] = Region(key, uf, us, rf, rs, REGION_OCC.get(key, ()), tuple(lat.split("|")))
    return out


REGIONS = _parse_regions()
# Russian region keys for places in occupied territory, as the Russian side names them
OCC_REGION = {"DN": "DN", "LH": "LH", "ZP": "ZP", "KS": "KS", "CR": "CR", "SV": "SV"}


@dataclass(frozen=True, slots=True)
class Place:
    ua: str
    ua_old: str
    ru: str
    ru_old: str
    region: str
    kind: str  # m = city, s = urban-type settlement, v = village
    lat_ua: str
    lat_ru: str
    occ2014: bool
    russian: bool


# UA;old UA (pre-2016);RU;old RU / occupation;oblast;kind;weight;flag (o = occupied 2014)
UA_PLACE_SPEC = """
Маріуполь;;Мариуполь;;DN;m;12;
Донецьк;;Донецк;;DN;m;4;o
Макіївка;;Макеевка;;DN;m;2.5;o
Горлівка;;Горловка;;DN;m;2.5;o
Краматорськ;;Краматорск;;DN;m;4;
Слов'янськ;;Славянск;;DN;m;3;
Бахмут;Артемівськ;Бахмут;Артёмовск;DN;m;5;
Покровськ;Красноармійськ;Покровск;Красноармейск;DN;m;3;
Торецьк;Дзержинськ;Торецк;Дзержинск;DN;m;2;
Мирноград;Димитров;Мирноград;Димитров;DN;m;1.5;
Волноваха;;Волноваха;;DN;m;3;
Новоазовськ;;Новоазовск;;DN;m;1.5;o
Мангуш;Першотравневе;Мангуш;Первомайское;DN;s;1.5;
Кальміуське;Комсомольське;Кальмиусское;Комсомольское;DN;s;1;o
Сартана;;Сартана;;DN;s;1;
Авдіївка;;Авдеевка;;DN;m;2;
Вугледар;;Угледар;;DN;m;1;
Мар'їнка;;Марьинка;;DN;m;1.5;
Лиман;Красний Лиман;Лиман;Красный Лиман;DN;m;1.5;
Сіверськ;;Северск;;DN;m;1;
Костянтинівка;;Константиновка;;DN;m;2;
Дружківка;;Дружковка;;DN;m;1;
Докучаєвськ;;Докучаевск;;DN;m;1;o
Ясинувата;;Ясиноватая;;DN;m;1;o
Єнакієве;;Енакиево;;DN;m;1;o
Чистякове;Торез;Чистяково;Торез;DN;m;1;o
Хрестівка;Кіровське;Крестовка;Кировское;DN;m;0.5;o
Бойківське;Тельманове;Бойковское;Тельманово;DN;s;0.5;o
Старобешеве;;Старобешево;;DN;s;0.5;o
Микільське;Володарське;Никольское;Володарское;DN;s;0.8;
Курахове;;Курахово;;DN;m;1;
Селидове;;Селидово;;DN;m;1;
Соледар;;Соледар;;DN;m;1;
Світлодарськ;;Светлодарск;;DN;m;0.5;
Урзуф;;Урзуф;;DN;v;0.4;
Старий Крим;;Старый Крым;;DN;v;0.4;
Сіверськодонецьк;Сєвєродонецьк;Северодонецк;;LH;m;5;
Лисичанськ;;Лисичанск;;LH;m;4;
Рубіжне;;Рубежное;;LH;m;2;
Луганськ;;Луганск;;LH;m;3;o
Алчевськ;;Алчевск;;LH;m;2;o
Кадіївка;Стаханов;Кадиевка;Стаханов;LH;m;2;o
Довжанськ;Свердловськ;Довжанск;Свердловск;LH;m;1;o
Сорокине;Краснодон;Сорокино;Краснодон;LH;m;1;o
Хрустальний;Красний Луч;Хрустальный;Красный Луч;LH;m;1;o
Голубівка;Кіровськ;Голубовка;Кировск;LH;m;0.5;o
Первомайськ;;Первомайск;;LH;m;0.8;o
Старобільськ;;Старобельск;;LH;m;2;
Сватове;;Сватово;;LH;m;1.5;
Кремінна;;Кременная;;LH;m;1.5;
Попасна;;Попасная;;LH;m;1;
Щастя;;Счастье;;LH;m;1;
Ровеньки;;Ровеньки;;LH;m;1;o
Антрацит;;Антрацит;;LH;m;1;o
Брянка;;Брянка;;LH;m;0.5;o
Новоайдар;;Новоайдар;;LH;s;0.5;
Біловодськ;;Беловодск;;LH;s;0.5;
Марківка;;Марковка;;LH;s;0.3;
Мелітополь;;Мелитополь;;ZP;m;6;
Бердянськ;;Бердянск;;ZP;m;4;
Енергодар;;Энергодар;;ZP;m;3;
Василівка;;Васильевка;;ZP;m;2;
Токмак;;Токмак;;ZP;m;2;
Пологи;;Пологи;;ZP;m;1.5;
Якимівка;;Акимовка;;ZP;s;1;
Кам'янка-Дніпровська;;Каменка-Днепровская;;ZP;m;1;
Приморськ;;Приморск;;ZP;m;1;
Михайлівка;;Михайловка;;ZP;s;1;
Запоріжжя;;Запорожье;;ZP;m;4;
Оріхів;;Орехов;;ZP;m;1;
Гуляйполе;;Гуляйполе;;ZP;m;1;
Дніпрорудне;;Днепрорудное;;ZP;m;0.7;
Молочанськ;;Молочанск;;ZP;m;0.5;
Херсон;;Херсон;;KS;m;9;
Нова Каховка;;Новая Каховка;;KS;m;3;
Каховка;;Каховка;;KS;m;2;
Олешки;Цюрупинськ;Алешки;Цюрупинск;KS;m;3;
Гола Пристань;;Голая Пристань;;KS;m;2;
Генічеськ;;Геническ;;KS;m;2;
Скадовськ;;Скадовск;;KS;m;2;
Берислав;;Берислав;Бериславль;KS;m;1.5;
Чаплинка;;Чаплинка;;KS;s;1;
Велика Олександрівка;;Великая Александровка;;KS;s;1;
Нижні Сірогози;;Нижние Серогозы;;KS;s;0.5;
Іванівка;;Ивановка;;KS;s;0.5;
Харків;;Харьков;;KH;m;4;
Ізюм;;Изюм;;KH;m;3;
Куп'янськ;;Купянск;;KH;m;3;
Балаклія;;Балаклея;;KH;m;2;
Вовчанськ;;Волчанск;;KH;m;2;
Чугуїв;;Чугуев;;KH;m;1;
Борова;;Боровая;;KH;s;1;
Лозова;;Лозовая;;KH;m;1;
Великий Бурлук;;Великий Бурлук;;KH;s;0.5;
Сімферополь;;Симферополь;;CR;m;3;o
Керч;;Керчь;;CR;m;1.5;o
Євпаторія;;Евпатория;;CR;m;1.5;o
Феодосія;;Феодосия;;CR;m;1;o
Ялта;;Ялта;;CR;m;1;o
Джанкой;;Джанкой;;CR;m;1;o
Армянськ;;Армянск;;CR;m;0.5;o
Яни Капу;Красноперекопськ;Красноперекопск;;CR;m;0.5;o
Бахчисарай;;Бахчисарай;;CR;m;0.5;o
Севастополь;;Севастополь;;SV;m;1;o
Миколаїв;;Николаев;;MK;m;4;
Снігурівка;;Снигирёвка;;MK;m;1.5;
Очаків;;Очаков;;MK;m;1;
Вознесенськ;;Вознесенск;;MK;m;0.5;
Первомайськ;;Первомайск;;MK;m;0.5;
Баштанка;;Баштанка;;MK;m;0.5;
Новий Буг;;Новый Буг;;MK;m;0.3;
Дніпро;Дніпропетровськ;Днепр;Днепропетровск;DP;m;2;
Кам'янське;Дніпродзержинськ;Каменское;Днепродзержинск;DP;m;0.5;
Нікополь;;Никополь;;DP;m;0.7;
Кропивницький;Кіровоград;Кропивницкий;Кировоград;KR;m;0.7;
Київ;;Киев;;KV;m;1;
Одеса;;Одесса;;OD;m;0.7;
Подільськ;Котовськ;Подольск;Котовск;OD;m;0.3;
Ізмаїл;;Измаил;;OD;m;0.2;
Суми;;Сумы;;SM;m;0.5;
Чернігів;;Чернигов;;CH;m;0.5;
Горішні Плавні;Комсомольськ;Горишние Плавни;Комсомольск;PL;m;0.2;
"""

# RU;UA spelling;Latin;region;weight as place of stay;weight as birthplace of Russian children
RU_PLACE_SPEC = """
Таганрог;Таганрог;Taganrog;ROS;8;2
Ростов-на-Дону;Ростов-на-Дону;Rostov-on-Don;ROS;8;5
Новочеркасск;Новочеркаськ;Novocherkassk;ROS;2;1
Шахты;Шахти;Shakhty;ROS;2;1
Каменск-Шахтинский;Каменськ-Шахтинський;Kamensk-Shakhtinsky;ROS;1;0.5
Москва;Москва;Moscow;MSK;6;14
Подольск;Подольськ;Podolsk;MOS;3;3
Химки;Хімки;Khimki;MOS;1;2
Балашиха;Балашиха;Balashikha;MOS;1;2
Коломна;Коломна;Kolomna;MOS;1;1
Сергиев Посад;Сергієв Посад;Sergiev Posad;MOS;1;1
Санкт-Петербург;Санкт-Петербург;Saint Petersburg;SPB;2;9
Гатчина;Гатчина;Gatchina;LEN;0.3;0.5
Кировск;Кіровськ;Kirovsk;LEN;0.1;0.3
Краснодар;Краснодар;Krasnodar;KDA;4;5
Анапа;Анапа;Anapa;KDA;4;1
Ейск;Єйськ;Yeysk;KDA;2;1
Новороссийск;Новоросійськ;Novorossiysk;KDA;2;1.5
Геленджик;Геленджик;Gelendzhik;KDA;1;0.5
Сочи;Сочі;Sochi;KDA;1;1.5
Тула;Тула;Tula;TUL;2;2
Новомосковск;Новомосковськ;Novomoskovsk;TUL;0.5;0.5
Оренбург;Оренбург;Orenburg;ORE;1;2
Орск;Орськ;Orsk;ORE;0.5;0.5
Курск;Курськ;Kursk;KRS;2;1.5
Белгород;Бєлгород;Belgorod;BEL;3;2
Воронеж;Воронеж;Voronezh;VOR;3;3
Нижний Новгород;Нижній Новгород;Nizhny Novgorod;NIZ;2;3
Казань;Казань;Kazan;TAT;1;4
Самара;Самара;Samara;SAM;1;3
Саратов;Саратов;Saratov;SAR;1;2
Волгоград;Волгоград;Volgograd;VGG;1;3
Пенза;Пенза;Penza;PNZ;2;1
Уфа;Уфа;Ufa;BA;0.5;3
Екатеринбург;Єкатеринбург;Yekaterinburg;SVE;0.5;4
Челябинск;Челябінськ;Chelyabinsk;CHE;0.5;3
Тюмень;Тюмень;Tyumen;TYU;1;2
Омск;Омськ;Omsk;OMS;0.5;2
Новосибирск;Новосибірськ;Novosibirsk;NVS;0.5;4
Красноярск;Красноярськ;Krasnoyarsk;KYA;0.3;3
Иркутск;Іркутськ;Irkutsk;IRK;0.3;2
Хабаровск;Хабаровськ;Khabarovsk;KHA;0.3;2
Владивосток;Владивосток;Vladivostok;PRI;0.3;2
Мурманск;Мурманськ;Murmansk;MUR;1;1
Архангельск;Архангельськ;Arkhangelsk;ARK;0.5;1
Вологда;Вологда;Vologda;VLG;1;1
Кострома;Кострома;Kostroma;KOS;1;1
Ярославль;Ярославль;Yaroslavl;YAR;1;2
Калуга;Калуга;Kaluga;KLU;1;1
Брянск;Брянськ;Bryansk;BRY;1;1
Смоленск;Смоленськ;Smolensk;SMO;1;1
Киров;Кіров;Kirov;KIR;0.5;1
Пермь;Перм;Perm;PER;0.3;2.5
Ижевск;Іжевськ;Izhevsk;UD;0.3;1.5
Чебоксары;Чебоксари;Cheboksary;CU;0.5;1
Ульяновск;Ульяновськ;Ulyanovsk;ULY;0.3;1.5
Астрахань;Астрахань;Astrakhan;AST;0.5;1
Грозный;Грозний;Grozny;CE;0.5;1.5
Махачкала;Махачкала;Makhachkala;DA;0.3;2
Ставрополь;Ставрополь;Stavropol;STA;1;2
Пятигорск;П'ятигорськ;Pyatigorsk;STA;0.5;1
Нальчик;Нальчик;Nalchik;KB;0.3;1
Липецк;Липецьк;Lipetsk;LIP;1;1.5
Тамбов;Тамбов;Tambov;TAM;1;1
Рязань;Рязань;Ryazan;RYA;1;1.5
Орёл;Орел;Oryol;ORL;1;1
Псков;Псков;Pskov;PSK;0.5;0.5
Донецк;Донецьк;Donetsk;DN;0;0
Макеевка;Макіївка;Makeevka;DN;0;0
Луганск;Луганськ;Lugansk;LH;0;0
Евпатория;Євпаторія;Yevpatoria;CR;2;0
Симферополь;Сімферополь;Simferopol;CR;1;0
Алушта;Алушта;Alushta;CR;1;0
Скадовск;Скадовськ;Skadovsk;KS;0;0
Геническ;Генічеськ;Genichesk;KS;0;0
Мелитополь;Мелітополь;Melitopol;ZP;0;0
"""

LATIN_PLACE_OVERRIDE = {
    "Киев": "Kiev",
    "Одесса": "Odessa",
    "Харьков": "Kharkov",
    "Николаев": "Nikolaev",
    "Запорожье": "Zaporozhye",
    "Луганск": "Lugansk",
    "Днепр": "Dnepr",
}


def _parse_places() -> tuple[dict[str, Picker[Place]], list[Place], dict[str, Place]]:
    by_ob: dict[str, list[tuple[Place, float]]] = {}
    allp: list[Place] = []
    for line in UA_PLACE_SPEC.strip().splitlines():
        ua, ua_old, ru, ru_old, ob, kind, w, flag = line.split(";")
        p = Place(
            ua=ua,
            ua_old=ua_old,
            ru=ru,
            ru_old=ru_old,
            region=ob,
            kind=kind,
            lat_ua=kmu(ua),
            lat_ru=LATIN_PLACE_OVERRIDE.get(ru, mvd(ru)),
            occ2014=flag == "o",
            russian=False,
        )
        by_ob.setdefault(ob, []).append((p, float(w)))
        allp.append(p)
    ru_places: dict[str, Place] = {}
    for line in RU_PLACE_SPEC.strip().splitlines():
        ru, ua, lat, reg, _, _ = line.split(";")
        ru_places[ru] = Place(
            ua=ua,
            ua_old="",
            ru=ru,
            ru_old="",
            region=reg,
            kind="m",
            lat_ua=lat,
            lat_ru=lat,
            occ2014=reg in OCC_REGION,
            russian=reg not in OCC_REGION,
        )
    return {k: Picker(v) for k, v in by_ob.items()}, allp, ru_places


PLACES_BY_OB, UA_PLACES, RU_PLACES = _parse_places()


def _ru_pickers() -> tuple[Picker[Place], Picker[Place]]:
    held: list[tuple[Place, float]] = []
    born: list[tuple[Place, float]] = []
    for line in RU_PLACE_SPEC.strip().splitlines():
        ru, _, _, _, w_held, w_born = line.split(";")
        held.append((RU_PLACES[ru], float(w_held)))
        born.append((RU_PLACES[ru], float(w_born)))
    return Picker(held), Picker(born)


RU_HELD, RU_BORN = _ru_pickers()
LOCAL_HELD = {
    "DN": ("Донецк", "Донецк", "Макеевка"),
    "LH": ("Луганск",),
    "KS": ("Скадовск", "Геническ", "Евпатория", "Симферополь"),
    "ZP": ("Мелитополь", "Евпатория"),
    "CR": ("Евпатория", "Симферополь", "Алушта"),
    "SV": ("Евпатория", "Симферополь"),
}
RETURN_PLACES = (
    ("Kyiv", 6),
    ("Sumy", 2),
    ("Zaporizhzhia", 3),
    ("Mykolaiv", 2),
    ("Odesa", 1.5),
    ("Kharkiv", 2),
    ("Dnipro", 2),
    ("Lviv", 1),
    ("Kherson", 1.5),
)
RETURN_PLACE = Picker(RETURN_PLACES)

ORIGIN_WORLD = Picker(
    [
        ("DN", 36),
        ("LH", 12),
        ("KS", 15),
        ("ZP", 12),
        ("KH", 11),
        ("CR", 3),
        ("SV", 1),
        ("MK", 4),
        ("DP", 1.5),
        ("KR", 0.5),
        ("KV", 1),
        ("OD", 0.8),
        ("SM", 0.8),
        ("CH", 0.8),
        ("PL", 0.4),
    ]
)
ORIGIN_INST = Picker(
    [("DN", 30), ("LH", 15), ("KS", 25), ("ZP", 12), ("KH", 10), ("CR", 3), ("MK", 3), ("DP", 2)]
)
ORIGIN_DNR = Picker([("DN", 55), ("LH", 35), ("ZP", 4), ("KS", 3), ("KH", 3)])
RUTYPE_SHARE = {"DN": 0.3, "LH": 0.32, "CR": 0.45, "SV": 0.5, "KH": 0.2, "ZP": 0.18, "KS": 0.12}
RU_SPEAKING = {"DN": 0.65, "LH": 0.65, "CR": 0.8, "SV": 0.85, "KH": 0.45, "ZP": 0.4, "KS": 0.35}

# --------------------------------------------------------------------------------------------
# Institutions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Inst:
    ua: str
    ru: str
    region: str
    kind: str  # b = baby home (0-4), s = boarding school (6-17), m = mixed (2-17)


# oblast, kind (b = baby home 0-4, s = boarding school 6-17, m = mixed), UA name, RU name
INST_TABLE = (
    (
        "DN",
        "s",
        "Маріупольська загальноосвітня школа-інтернат № 1",
        "Мариупольская общеобразовательная школа-интернат № 1",
    ),
    ("DN", "b", "Краматорський обласний будинок дитини", "Краматорский областной дом ребёнка"),
    (
        "DN",
        "m",
        "Слов'янський центр соціально-психологічної реабілітації дітей",
        "Славянский центр социально-психологической реабилитации детей",
    ),
    ("DN", "s", "Торецька спеціальна школа-інтернат", "Дзержинская специальная школа-интернат"),
    ("DN", "m", "Покровський дитячий будинок «Надія»", "Красноармейский детский дом «Надежда»"),
    (
        "DN",
        "s",
        "Бахмутський навчально-реабілітаційний центр",
        "Артёмовский учебно-реабилитационный центр",
    ),
    ("DN", "s", "Волноваська санаторна школа-інтернат", "Волновахская санаторная школа-интернат"),
    (
        "DN",
        "m",
        "Донецький обласний дитячий будинок «Зірочка»",
        "Донецкий республиканский детский дом «Звёздочка»",
    ),
    ("DN", "b", "Маріупольський міський будинок дитини", "Мариупольский городской дом ребёнка"),
    (
        "LH",
        "b",
        "Сіверськодонецький обласний будинок дитини",
        "Северодонецкий областной дом ребёнка",
    ),
    (
        "LH",
        "s",
        "Лисичанська загальноосвітня школа-інтернат № 2",
        "Лисичанская общеобразовательная школа-интернат № 2",
    ),
    ("LH", "m", "Старобільський дитячий будинок-інтернат", "Старобельский детский дом-интернат"),
    (
        "LH",
        "m",
        "Рубіжанський центр соціальної підтримки дітей",
        "Рубежанский центр социальной поддержки детей",
    ),
    (
        "LH",
        "s",
        "Луганська спеціалізована школа-інтернат «Світанок»",
        "Луганская специализированная школа-интернат «Рассвет»",
    ),
    ("KS", "b", "Херсонський обласний будинок дитини", "Херсонский областной дом ребёнка"),
    ("KS", "m", "Олешківський дитячий будинок-інтернат", "Алешкинский детский дом-интернат"),
    ("KS", "s", "Херсонська обласна школа-інтернат № 3", "Херсонская областная школа-интернат № 3"),
    (
        "KS",
        "s",
        "Голопристанська спеціальна школа-інтернат",
        "Голопристанская специальная школа-интернат",
    ),
    ("KS", "m", "Генічеський притулок для дітей", "Генический приют для детей"),
    (
        "KS",
        "m",
        "Скадовський центр реабілітації «Сонечко»",
        "Скадовский реабилитационный центр «Солнышко»",
    ),
    ("ZP", "m", "Мелітопольський дитячий будинок «Казка»", "Мелитопольский детский дом «Сказка»"),
    ("ZP", "s", "Бердянська спеціальна школа-інтернат", "Бердянская специальная школа-интернат"),
    ("ZP", "b", "Запорізький обласний будинок дитини", "Запорожский областной дом ребёнка"),
    (
        "ZP",
        "m",
        "Енергодарський центр соціальних служб для дітей",
        "Энергодарский центр социальных служб для детей",
    ),
    (
        "ZP",
        "s",
        "Василівська загальноосвітня школа-інтернат",
        "Васильевская общеобразовательная школа-интернат",
    ),
    (
        "KH",
        "s",
        "Ізюмська загальноосвітня школа-інтернат",
        "Изюмская общеобразовательная школа-интернат",
    ),
    ("KH", "m", "Куп'янський обласний дитячий будинок", "Купянский областной детский дом"),
    ("KH", "b", "Харківський обласний будинок дитини № 1", "Харьковский областной дом ребёнка № 1"),
    (
        "KH",
        "m",
        "Балаклійський центр соціально-психологічної реабілітації",
        "Балаклейский центр социально-психологической реабилитации",
    ),
    (
        "CR",
        "b",
        "Сімферопольський будинок дитини «Ластівка»",
        "Симферопольский дом ребёнка «Ласточка»",
    ),
    (
        "CR",
        "s",
        "Євпаторійська санаторна школа-інтернат",
        "Евпаторийская санаторная школа-интернат",
    ),
    ("MK", "b", "Миколаївський обласний будинок дитини", "Николаевский областной дом ребёнка"),
    ("MK", "s", "Снігурівська школа-інтернат", "Снигирёвская школа-интернат"),
    ("DP", "m", "Дніпровський дитячий будинок № 4", "Днепропетровский детский дом № 4"),
    ("DP", "b", "Кропивницький обласний будинок дитини", "Кировоградский областной дом ребёнка"),
)


def _parse_insts() -> dict[str, list[Inst]]:
    out: dict[str, list[Inst]] = {}
    for ob, kind, ua, ru in INST_TABLE:
        out.setdefault(ob, []).append(Inst(ua, ru, ob, kind))
    return out


INSTS = _parse_insts()

HELD_TEMPLATES = (
    ("Центр помощи детям № {n}", "Центр допомоги дітям № {n}", 3),
    (
        "Социально-реабилитационный центр для несовершеннолетних «{ru}»",
        "Соціально-реабілітаційний центр для неповнолітніх «{ua}»",
        3,
    ),
    ("Детский оздоровительный лагерь «{ru}»", "Дитячий оздоровчий табір «{ua}»", 2),
    (
        "Центр содействия семейному воспитанию «{ru}»",
        "Центр сприяння сімейному вихованню «{ua}»",
        2,
    ),
    ("Специализированный дом ребёнка № {n}", "Спеціалізований будинок дитини № {n}", 1.5),
    ("Кадетская школа-интернат № {n}", "Кадетська школа-інтернат № {n}", 1),
    ("Санаторий «{ru}»", "Санаторій «{ua}»", 1),
    ("Детский дом-интернат «{ru}»", "Дитячий будинок-інтернат «{ua}»", 1.5),
)
CAMP_TEMPLATES = (
    ("Детский оздоровительный лагерь «{ru}»", "Дитячий оздоровчий табір «{ua}»", 4),
    ("Санаторий «{ru}»", "Санаторій «{ua}»", 2),
    ("ДОЛ «{ru}»", "ДОТ «{ua}»", 1),
)
HELD_NAMES = (
    ("Радуга", "Веселка"),
    ("Солнышко", "Сонечко"),
    ("Надежда", "Надія"),
    ("Лучистый", "Променистий"),
    ("Дружба", "Дружба"),
    ("Орлёнок", "Орлятко"),
    ("Берёзка", "Берізка"),
    ("Ласточка", "Ластівка"),
    ("Юность", "Юність"),
    ("Звёздочка", "Зірочка"),
    ("Теремок", "Теремок"),
    ("Чайка", "Чайка"),
    ("Маяк", "Маяк"),
    ("Ромашка", "Ромашка"),
    ("Родничок", "Джерельце"),
    ("Алые паруса", "Червоні вітрила"),
    ("Созвездие", "Сузір'я"),
    ("Морская звезда", "Морська зірка"),
)


@dataclass(frozen=True, slots=True)
class Held:
    ru: str
    ua: str
    town: Place


def make_held(rng: random.Random, templates: Sequence[tuple[str, str, float]], town: Place) -> Held:
    tpl = Picker([((a, b), w) for a, b, w in templates])(rng)
    n = rng.randint(1, 14)
    ru_name, ua_name = HELD_NAMES[rng.randrange(len(HELD_NAMES))]
    ru = tpl[0].format(n=n, ru=ru_name) + ", г. " + town.ru
    ua = tpl[1].format(n=n, ua=ua_name) + ", м. " + town.ua
    return Held(ru, ua, town)


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

Guardian = tuple[str, str, Surname, bool, Father]  # given UA, given RU, surname, female, patr.


class Kid:
    """One child as the world knows it (or, for ``new``, the identity given in Russia)."""

    __slots__ = (
        "accompanied",
        "dob",
        "event",
        "father",
        "given",
        "guardians",
        "held",
        "held_inst",
        "inst",
        "native_ru",
        "new",
        "pid",
        "place",
        "ret_date",
        "ru_speaking",
        "sex",
        "surname",
    )

    def __init__(self, pid: str, sex: str, given: Given, surname: Surname, father: Father) -> None:
        self.pid = pid
        self.sex = sex
        self.given = given
        self.surname = surname
        self.father = father
        self.dob = FIRST_DOB
        self.place: Place = UA_PLACES[0]
        self.inst: Inst | None = None
        self.guardians: list[Guardian] = []
        self.ru_speaking = False
        self.native_ru = False
        self.accompanied = False
        self.event = WAR
        self.held: Place = RU_PLACES["Таганрог"]
        self.held_inst: Held | None = None
        self.new: Kid | None = None
        self.ret_date: date | None = None

    def fam_ua(self) -> str:
        return self.surname.ua_f if self.sex == "F" else self.surname.ua_m

    def fam_ru(self) -> str:
        return self.surname.ru_f if self.sex == "F" else self.surname.ru_m

    def fam_mech(self) -> str:
        return self.surname.mech_f if self.sex == "F" else self.surname.mech_m

    def patr_ua(self) -> str:
        return self.father.pua_f if self.sex == "F" else self.father.pua_m

    def patr_ru(self) -> str:
        return self.father.pru_f if self.sex == "F" else self.father.pru_m


def rand_date(rng: random.Random, start: date, end: date) -> date:
    span = (end - start).days
    if span <= 0:
        return start
    return start + timedelta(days=rng.randrange(span + 1))


def later(rng: random.Random, start: date, lo: int, hi: int, end: date) -> date:
    """``start`` plus lo..hi days, drawn again below ``end`` when it would pass it."""
    d = start + timedelta(days=rng.randint(lo, hi))
    if d <= end:
        return d
    first = start + timedelta(days=lo)
    return rand_date(rng, first, end) if first < end else end - timedelta(days=rng.randrange(30))


def age_at(dob: date, when: date) -> int:
    return when.year - dob.year - ((when.month, when.day) < (dob.month, dob.day))


EVENT_WINDOWS: dict[str, list[tuple[date, date, float]]] = {
    "DN": [
        (date(2022, 3, 1), date(2022, 6, 30), 60),
        (date(2022, 7, 1), date(2023, 12, 31), 30),
        (date(2024, 1, 1), END_EVENTS, 10),
    ],
    "LH": [(date(2022, 2, 20), date(2022, 9, 30), 70), (date(2022, 10, 1), END_EVENTS, 30)],
    "KS": [(date(2022, 3, 1), date(2022, 11, 10), 85), (date(2022, 11, 11), END_EVENTS, 15)],
    "ZP": [(date(2022, 3, 1), date(2023, 6, 30), 70), (date(2023, 7, 1), END_EVENTS, 30)],
    "KH": [(date(2022, 3, 1), date(2022, 9, 15), 90), (date(2022, 9, 16), END_EVENTS, 10)],
    "MK": [(date(2022, 3, 1), date(2022, 11, 15), 90), (date(2022, 11, 16), END_EVENTS, 10)],
}
DEFAULT_WINDOW = [(date(2022, 3, 1), END_EVENTS, 1.0)]
EVENT_PICK = {k: Picker([((a, b), w) for a, b, w in v]) for k, v in EVENT_WINDOWS.items()}
DEFAULT_EVENT = Picker([((a, b), w) for a, b, w in DEFAULT_WINDOW])


def event_date(rng: random.Random, ob: str) -> date:
    a, b = EVENT_PICK.get(ob, DEFAULT_EVENT)(rng)
    return rand_date(rng, a, b)


AGE_FAMILY = Picker(
    [(a, w) for a, w in enumerate((3, 5, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 5, 5, 4))]
)
GAP = Picker([(1, 2), (2, 4), (3, 4), (4, 3), (5, 2), (6, 1), (7, 1)])
FAMILY_SIZE = Picker([(1, 45), (2, 34), (3, 14), (4, 5), (5, 2)])
INST_GROUP = Picker([(1, 70), (2, 20), (3, 8), (4, 2)])


def held_place(rng: random.Random, ob: str) -> Place:
    local = LOCAL_HELD.get(ob)
    if local and rng.random() < 0.3:
        return RU_PLACES[local[rng.randrange(len(local))]]
    return RU_HELD(rng)


def pick_given(rng: random.Random, sex: str, dob: date, taken: list[Given], ru: bool) -> Given:
    picker = GIVEN_RU[sex] if ru else (GIVEN_OLD[sex] if dob.year <= 2012 else GIVEN_YOUNG[sex])
    g = picker(rng)
    for _ in range(6):
        if g not in taken:
            break
        g = picker(rng)
    return g


def birth_dates(rng: random.Random, size: int, event: date, ages: Picker[int]) -> list[date]:
    """Birth dates (eldest first) for ``size`` siblings; ~6 % of younger ones are twins.

    Ages are redrawn until the eldest is born in 2005 or later, which truncates the age
    distribution instead of piling the oldest children onto 1 January 2005.
    """
    gaps = []
    for _ in range(size - 1):
        gaps.append(0 if rng.random() < 0.06 else GAP(rng))
    while sum(gaps) > 15:
        i = max(range(len(gaps)), key=lambda j: gaps[j])
        gaps[i] -= 1
    span = sum(gaps)
    latest = min(event - timedelta(days=10), LAST_DOB)
    out: list[date] = []
    for attempt in range(16):
        youngest = ages(rng) if attempt < 15 else 0
        if youngest + span > 17:
            continue
        out = []
        age = youngest + span
        base_days = rng.randrange(1, 365)
        for i in range(size):
            if i > 0:
                age -= gaps[i - 1]
                if gaps[i - 1] > 0:
                    base_days = rng.randrange(1, 365)
            d = event - timedelta(days=age * 365 + base_days)
            if d > latest:
                d = latest - timedelta(days=rng.randrange(60))
            out.append(d)
        if out[0] >= FIRST_DOB:
            return out
    return [max(d, FIRST_DOB + timedelta(days=rng.randrange(90))) for d in out]


class PidGen:
    def __init__(self, prefix: str, width: int) -> None:
        self.prefix = prefix
        self.width = width
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"{self.prefix}{self.n:0{self.width}d}"


def family_guardians(
    rng: random.Random, surname: Surname, father: Father, ru: bool
) -> list[Guardian]:
    out: list[Guardian] = []
    if rng.random() < 0.93:
        mu, mr = MOTHERS(rng)
        ms = surname if rng.random() < 0.82 else (SURNAME_RU if ru else SURNAME_UA)(rng)
        out.append((mu, mr, ms, True, FATHER_UA(rng)))
    if rng.random() < 0.7:
        out.append((father.ua, father.ru, surname, False, FATHER_UA(rng)))
    if rng.random() < 0.12 or not out:
        gu, gr = GRANNIES(rng)
        gs = surname if rng.random() < 0.6 else SURNAME_UA(rng)
        out.append((gu, gr, gs, True, FATHER_UA(rng)))
    return out


def ua_unit(
    rng: random.Random,
    pid: Callable[[], str],
    size: int,
    ob: str,
    inst: Inst | None,
    state: WorldState,
) -> list[Kid]:
    """A family or an institutional sibling group from Ukraine."""
    place = PLACES_BY_OB[ob](rng)
    rutype = RUTYPE_SHARE.get(ob, 0.07)
    surname = (SURNAME_UA_RUTYPE if rng.random() < rutype else SURNAME_UA)(rng)
    father = FATHER_UA(rng)
    ru_speaking = rng.random() < RU_SPEAKING.get(ob, 0.15)
    if inst is not None:
        event = state.inst_event(rng, inst)
        if inst.kind == "b":
            ages = AGE_BABY
            size = min(size, 2)
        elif inst.kind == "s":
            ages = AGE_SCHOOL
        else:
            ages = AGE_MIXED
    else:
        event = event_date(rng, ob)
        ages = AGE_FAMILY
    dobs = birth_dates(rng, size, event, ages)
    if inst is None:
        guardians = family_guardians(rng, surname, father, ru_speaking)
        accompanied = rng.random() < 0.72
        held = held_place(rng, ob)
    else:
        guardians = []
        if rng.random() < 0.18:
            mu, mr = MOTHERS(rng)
            guardians.append((mu, mr, surname, True, FATHER_UA(rng)))
        accompanied = False
        held = state.inst_held(rng, inst).town
    kids: list[Kid] = []
    taken: list[Given] = []
    for dob in dobs:
        sex = "M" if rng.random() < 0.515 else "F"
        g = pick_given(rng, sex, dob, taken, False)
        taken.append(g)
        k = Kid(pid(), sex, g, surname, father)
        k.dob = dob
        k.place = place if rng.random() < 0.85 else PLACES_BY_OB[ob](rng)
        if rng.random() < 0.05:
            k.place = PLACES_BY_OB[ORIGIN_WORLD(rng)](rng)
        k.inst = inst
        k.guardians = guardians
        k.ru_speaking = ru_speaking
        k.accompanied = accompanied
        k.event = event
        k.held = held
        if inst is not None:
            k.held_inst = state.inst_held(rng, inst)
            k.held = k.held_inst.town
        elif not accompanied and 6 <= age_at(dob, event) <= 16:
            k.held_inst = state.camp(rng)
            k.held = k.held_inst.town
        kids.append(k)
    return kids


AGE_BABY = Picker([(0, 5), (1, 5), (2, 3), (3, 2), (4, 1)])
AGE_SCHOOL = Picker([(a, 1.0) for a in range(6, 18)])
AGE_MIXED = Picker([(a, 1.0 if a > 3 else 0.5) for a in range(1, 18)])


def ru_unit(
    rng: random.Random, pid: Callable[[], str], size: int, state: WorldState, in_care: bool
) -> list[Kid]:
    """Russian-born children (a sibling group) as the Russian side lists them."""
    town = RU_BORN(rng)
    surname = SURNAME_RU(rng)
    father = FATHER_RU(rng)
    event = rand_date(rng, date(2022, 6, 1), END_REPORTS)
    ages = AGE_MIXED if in_care else AGE_FAMILY
    dobs = birth_dates(rng, size, event, ages)
    guardians: list[Guardian] = []
    if not in_care:
        mu, mr = MOTHERS(rng)
        guardians.append((mu, mr, surname, True, FATHER_RU(rng)))
    held_inst = state.ru_home(rng, town) if in_care else None
    kids: list[Kid] = []
    taken: list[Given] = []
    for dob in dobs:
        sex = "M" if rng.random() < 0.515 else "F"
        g = pick_given(rng, sex, dob, taken, True)
        taken.append(g)
        k = Kid(pid(), sex, g, surname, father)
        k.dob = dob
        k.place = town
        k.native_ru = True
        k.ru_speaking = True
        k.guardians = guardians
        k.event = event
        k.held = town if held_inst is None else held_inst.town
        k.held_inst = held_inst
        kids.append(k)
    return kids


class WorldState:
    """Shared, lazily filled mappings: institution → evacuation date and receiving place."""

    def __init__(self) -> None:
        self._inst_event: dict[str, date] = {}
        self._inst_held: dict[str, list[Held]] = {}
        self._camps: list[Held] = []
        self._homes: dict[str, list[Held]] = {}

    def inst_event(self, rng: random.Random, inst: Inst) -> date:
        d = self._inst_event.get(inst.ua)
        if d is None:
            d = event_date(rng, inst.region)
            self._inst_event[inst.ua] = d
        if rng.random() < 0.7:
            return d + timedelta(days=rng.randint(-3, 3))
        return event_date(rng, inst.region)

    def inst_held(self, rng: random.Random, inst: Inst) -> Held:
        lst = self._inst_held.get(inst.ua)
        if lst is None:
            lst = [make_held(rng, HELD_TEMPLATES, held_place(rng, inst.region)) for _ in range(3)]
            self._inst_held[inst.ua] = lst
        r = rng.random()
        return lst[0] if r < 0.6 else lst[1] if r < 0.85 else lst[2]

    def camp(self, rng: random.Random) -> Held:
        if len(self._camps) < 60:
            town = RU_HELD(rng) if rng.random() < 0.6 else RU_PLACES["Евпатория"]
            self._camps.append(make_held(rng, CAMP_TEMPLATES, town))
            return self._camps[-1]
        return self._camps[rng.randrange(len(self._camps))]

    def ru_home(self, rng: random.Random, town: Place) -> Held:
        lst = self._homes.setdefault(town.ru, [])
        if len(lst) < 4 and (not lst or rng.random() < 0.3):
            lst.append(make_held(rng, HELD_TEMPLATES, town))
            return lst[-1]
        return lst[rng.randrange(len(lst))]


# --------------------------------------------------------------------------------------------
# The world
# --------------------------------------------------------------------------------------------


@dataclass
class World:
    kids: list[Kid]
    units: list[list[Kid]]
    inst_units: list[bool]
    renamed_units: list[bool]


def build_world(rng: random.Random, n: int, state: WorldState) -> World:
    pid = PidGen("W", 6)
    units: list[list[Kid]] = []
    inst_flags: list[bool] = []
    count = 0
    inst_share = rng.uniform(0.17, 0.22)
    p_inst_unit = inst_share * 1.83 / (1.3 * (1 - inst_share) + inst_share * 1.83)
    while count < n:
        if rng.random() < p_inst_unit:
            ob = ORIGIN_INST(rng)
            options = INSTS.get(ob) or INSTS["DN"]
            inst = options[rng.randrange(len(options))]
            size = INST_GROUP(rng)
        else:
            ob = ORIGIN_WORLD(rng)
            inst = None
            size = FAMILY_SIZE(rng)
        size = min(size, n - count)
        unit = ua_unit(rng, pid, size, ob, inst, state)
        units.append(unit)
        inst_flags.append(inst is not None)
        count += len(unit)
    renamed = assign_renames(rng, units, inst_flags, n)
    assign_returns(rng, units, inst_flags, renamed)
    kids = [k for u in units for k in u]
    return World(kids, units, inst_flags, renamed)


def rename_weight(unit: list[Kid], inst: bool) -> float:
    youngest = min(age_at(k.dob, k.event) for k in unit)
    if inst:
        if youngest < 3:
            return 14.0
        if youngest < 6:
            return 8.0
        if youngest < 10:
            return 3.0
        return 0.6 if youngest < 14 else 0.05
    if unit[0].accompanied:
        return 0.02
    return 1.0 if youngest < 6 else 0.1


def assign_renames(
    rng: random.Random, units: list[list[Kid]], inst_flags: list[bool], n: int
) -> list[bool]:
    target = round(n * rng.uniform(0.025, 0.035))
    keyed = []
    for i, u in enumerate(units):
        w = rename_weight(u, inst_flags[i])
        keyed.append((rng.random() ** (1.0 / w), i))
    keyed.sort(reverse=True)
    flags = [False] * len(units)
    done = 0
    for _, i in keyed:
        if done >= target:
            break
        if done + len(units[i]) > target + 2:
            continue
        rename_unit(rng, units[i])
        flags[i] = True
        done += len(units[i])
    return flags


def rename_unit(rng: random.Random, unit: list[Kid]) -> None:
    """Give a sibling group a new Russian identity (new names, birthplace, guardians)."""
    surname = SURNAME_RU(rng)
    father = FATHER_RU(rng)
    town = RU_BORN(rng)
    home = town if rng.random() < 0.8 else RU_BORN(rng)
    last_event = max(k.event for k in unit)
    when = later(rng, last_event, 90, 600, date(2024, 12, 20))
    mu, mr = MOTHERS(rng)
    guardians: list[Guardian] = [(father.ua, father.ru, surname, False, FATHER_RU(rng))]
    if rng.random() < 0.85:
        guardians.insert(0, (mu, mr, surname, True, FATHER_RU(rng)))
    keep_inst = rng.random() < 0.3
    taken: list[Given] = []
    for k in unit:
        older = age_at(k.dob, when) >= 12
        if rng.random() < (0.75 if older else 0.3) and k.given not in taken:
            g = k.given
        else:
            g = GIVEN_RU[k.sex](rng)
            for _ in range(8):
                if g.ru != k.given.ru and g not in taken:
                    break
                g = GIVEN_RU[k.sex](rng)
        taken.append(g)
        new = Kid(k.pid, k.sex, g, surname, father)
        dob = k.dob
        if age_at(dob, when) < 1 and rng.random() < 0.5:
            dob = dob + timedelta(days=rng.choice((-1, 1)) * rng.randint(7, 85))
            dob = min(dob, when - timedelta(days=5))
        new.dob = dob
        new.place = town
        new.native_ru = True
        new.ru_speaking = True
        new.inst = k.inst if keep_inst else None
        new.guardians = guardians
        new.accompanied = True
        new.event = when
        new.held = home
        k.new = new


def assign_returns(
    rng: random.Random, units: list[list[Kid]], inst_flags: list[bool], renamed: list[bool]
) -> None:
    for i, u in enumerate(units):
        if renamed[i]:
            p = 0.03
        elif inst_flags[i]:
            p = 0.05
        elif u[0].accompanied:
            p = 0.07
        else:
            p = 0.2
        if rng.random() >= p:
            continue
        when = later(rng, u[0].event, 45, 900, END_REPORTS)
        for k in u:
            if len(u) == 1 or rng.random() < 0.88:
                k.ret_date = when


# --------------------------------------------------------------------------------------------
# Noise
# --------------------------------------------------------------------------------------------

HOMOGLYPH = {
    "а": "a",
    "е": "e",
    "о": "o",
    "і": "i",
    "с": "c",
    "р": "p",
    "х": "x",
    "у": "y",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "І": "I",
}
CONFUSE = {
    "е": "и",
    "и": "е",
    "і": "и",
    "о": "а",
    "а": "о",
    "я": "а",
    "т": "д",
    "д": "т",
    "с": "з",
    "з": "с",
    "ш": "щ",
    "щ": "ш",
    "к": "г",
    "г": "к",
    "н": "м",
    "м": "н",
    "л": "д",
    "й": "и",
    "ю": "у",
    "є": "е",
    "ї": "і",
    "ё": "е",
    "ы": "и",
    "в": "б",
    "e": "i",
    "i": "y",
    "y": "i",
    "o": "a",
    "a": "o",
    "k": "h",
    "s": "z",
    "z": "s",
    "v": "w",
    "n": "m",
}
CYR_LETTERS = "абвгдежзиклмнопрстуфхцчшщ"
LAT_LETTERS = "abcdefghiklmnoprstuvyz"


def typo(rng: random.Random, s: str) -> str:
    n = len(s)
    if n < 3:
        return s
    i = rng.randrange(1, n)
    c = s[i]
    if not c.isalpha():
        return s
    r = rng.random()
    if r < 0.3:
        return s[:i] + s[i + 1 :]
    if r < 0.5:
        return s[:i] + c + s[i:]
    if r < 0.8:
        lo = c.lower()
        rep = CONFUSE.get(lo)
        if rep is None:
            letters = LAT_LETTERS if lo in LAT_LETTERS else CYR_LETTERS
            rep = letters[rng.randrange(len(letters))]
        if c != lo:
            rep = rep.upper()
        return s[:i] + rep + s[i + 1 :]
    return s[: i - 1] + c + s[i - 1] + s[i + 1 :]


def homoglyph(rng: random.Random, s: str) -> str:
    spots = [i for i, c in enumerate(s) if c in HOMOGLYPH]
    if not spots:
        return s
    chosen = [spots[rng.randrange(len(spots))]]
    if len(spots) > 2 and rng.random() < 0.25:
        extra = spots[rng.randrange(len(spots))]
        if extra != chosen[0]:
            chosen.append(extra)
    chars = list(s)
    for i in chosen:
        chars[i] = HOMOGLYPH[chars[i]]
    return "".join(chars)


def spaced(rng: random.Random, s: str) -> str:
    r = rng.random()
    if " " in s and r < 0.4:
        return s.replace(" ", "  ", 1)
    if r < 0.7:
        return s + " "
    return " " + s


def nz(rng: random.Random, s: str, pt: float, ph: float, ps: float) -> str:
    """Typo with probability pt, a Latin look-alike with ph, stray spaces with ps."""
    if not s:
        return s
    r = rng.random()
    if r < pt:
        return typo(rng, s)
    r -= pt
    if r < ph:
        return homoglyph(rng, s)
    r -= ph
    if r < ps:
        return spaced(rng, s)
    return s


APOS_REG = Picker([("ʼ", 4), ("'", 4), ("’", 2)])
APOS_INFORMAL = Picker([("'", 5), ("’", 2), ("`", 1.5), ("ʼ", 0.5), ("", 1)])


def apos(rng: random.Random, s: str, pick: Picker[str]) -> str:
    if "'" in s:
        return s.replace("'", pick(rng))
    return s


def yo(rng: random.Random, s: str, keep: float) -> str:
    if "ё" in s and rng.random() >= keep:
        return s.replace("ё", "е")
    return s


def days_in_month(y: int, m: int) -> int:
    if m == 12:
        return 31
    return (date(y, m + 1, 1) - timedelta(days=1)).day


def dstr(rng: random.Random, d: date, style: str, pswap: float, pdigit: float, pyear: float) -> str:
    """Render a date in a style (iso, dmy, ym, y) after optional corruption."""
    y, m, dd = d.year, d.month, d.day
    r = rng.random()
    if r < pswap:
        if dd <= 12 and dd != m:
            m, dd = dd, m
    elif r < pswap + pdigit:
        which = rng.random()
        if which < 0.6:
            dd = int(f"{dd:02d}"[0] + str(rng.randrange(10)))
            dd = min(max(dd, 1), 28) if dd != d.day else (dd % 28) + 1
        elif which < 0.8:
            m = rng.randint(1, 12)
        else:
            y = y - 1 if y % 10 else y + 1
    elif r < pswap + pdigit + pyear:
        y += 1 if rng.random() < 0.5 else -1
    dd = min(dd, days_in_month(y, m))
    if style == "iso":
        return f"{y:04d}-{m:02d}-{dd:02d}"
    if style == "dmy":
        return f"{dd:02d}.{m:02d}.{y:04d}"
    if style == "ym":
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}"


def iso(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def dmy(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


SexCodes = Picker[tuple[str, str]]


def sex_code(rng: random.Random, sex: str, codes: SexCodes, missing: float) -> str:
    if rng.random() < missing:
        return ""
    if rng.random() < 0.002:
        sex = "F" if sex == "M" else "M"
    male, female = codes(rng)
    return male if sex == "M" else female


SEX_REG = Picker([(("ч", "ж"), 55), (("M", "F"), 45)])
SEX_FAM = Picker(
    [(("м", "ж"), 40), (("ч", "ж"), 25), (("male", "female"), 8), (("M", "F"), 20), (("m", "f"), 3)]
)
SEX_OSINT = Picker([(("M", "F"), 45), (("м", "ж"), 40), (("male", "female"), 15)])
SEX_KONTR = Picker([(("м", "ж"), 70), (("M", "F"), 25), (("М", "Ж"), 5)])
SEX_ADOPT = Picker([(("м", "ж"), 65), (("M", "F"), 35)])
SEX_RET = Picker([(("M", "F"), 80), (("male", "female"), 17), (("m", "f"), 3)])

PREFIX_UA = {"m": "м. ", "s": "смт ", "v": "с. "}
PREFIX_RU = {"m": "г. ", "s": "пгт ", "v": "с. "}


def place_ua(rng: random.Random, p: Place, dob: date, prefix: float) -> str:
    name = p.ua
    if p.ua_old and dob.year < 2016 and rng.random() < 0.35:
        name = p.ua_old
    if rng.random() < prefix:
        name = PREFIX_UA[p.kind] + name
    return name


def place_ru(rng: random.Random, p: Place, soviet: float, prefix: float) -> str:
    name = p.ru_old if p.ru_old and rng.random() < soviet else p.ru
    if rng.random() < prefix:
        name = PREFIX_RU[p.kind] + name
    return name


def place_lat(rng: random.Random, p: Place) -> str:
    return p.lat_ua if rng.random() < 0.7 else p.lat_ru


def region_ua(rng: random.Random, key: str) -> str:
    reg = REGIONS[key]
    return reg.ua_full if rng.random() < 0.6 else reg.ua_short


def region_ru(rng: random.Random, key: str, occ: float) -> str:
    reg = REGIONS[key]
    if reg.ru_occ and rng.random() < occ:
        return reg.ru_occ[rng.randrange(len(reg.ru_occ))]
    return reg.ru_full if rng.random() < 0.6 else reg.ru_short


def region_lat(rng: random.Random, key: str) -> str:
    lat = REGIONS[key].lat
    return lat[rng.randrange(len(lat))]


def person_ua(rng: random.Random, g: Guardian, formal: bool) -> str:
    given, _, s, female, fa = g
    fam = s.ua_f if female else s.ua_m
    if formal:
        patr = fa.pua_f if female else fa.pua_m
        return f"{fam} {given} {patr}"
    return f"{given} {fam}"


def person_ru(rng: random.Random, g: Guardian, formal: bool, native: bool) -> str:
    _, given, s, female, fa = g
    if native or rng.random() < 0.7:
        fam = s.ru_f if female else s.ru_m
    else:
        fam = s.mech_f if female else s.mech_m
    if formal:
        patr = fa.pru_f if female else fa.pru_m
        return f"{fam} {given} {patr}"
    return f"{given} {fam}"


def person_lat(rng: random.Random, g: Guardian) -> str:
    given, _, s, female, _ = g
    return f"{kmu(given)} {kmu(s.ua_f if female else s.ua_m)}"


# --------------------------------------------------------------------------------------------
# Source renderers (shared by the world's children and the unrelated ones)
# --------------------------------------------------------------------------------------------

Row = list[str]

NOTES_REG = (
    "депортовано під час евакуації закладу",
    "вивезено разом з матір'ю",
    "місцеперебування невідоме",
    "за інформацією Нацполіції",
    "дані уточнюються",
    "заява батька",
    "примусово переміщено",
    "перебуває у прийомній сім'ї (РФ)",
    "вивезено через фільтраційний табір",
    "за даними ювенальної превенції",
    "звернення через гарячу лінію",
)
NOTES_FAM_ANY = (
    "останній зв'язок по телефону",
    "вывезли вместе с бабушкой",
    "документи залишились вдома",
    "телефон не відповідає",
    "мама в полоні",
    "вивезли під час «евакуації»",
    "связи нет с весны",
)
NOTES_FAM = {
    "M": (
        *NOTES_FAM_ANY,
        "шукаю сина",
        "шукаємо онука",
        "ищем сына",
        "поїхав у табір і не повернувся",
        "уехал в лагерь и не вернулся",
    ),
    "F": (
        *NOTES_FAM_ANY,
        "шукаю доньку",
        "шукаємо онуку",
        "ищем дочь",
        "поїхала у табір і не повернулася",
        "была в лагере, не вернули",
    ),
}
NOTES_OSINT = (
    "фото в Telegram-каналі",
    "пост в Telegram",
    "VK: фотоальбом лагеря",
    "видео местного ТВ",
    "photo from camp report",
    "на фото з табору",
    "группа детей из Херсона",
    "репортаж о «новогодних ёлках»",
    "пост в Одноклассниках",
    "сюжет регионального канала",
    "social media post",
)
NOTES_KDNR = (
    "эвакуирован",
    "сопровождение: законный представитель",
    "временно размещён",
    "передан под опеку",
    "прибыл организованной группой",
    "документы отсутствуют",
    "направлен на оздоровление",
)
NOTES_KRF = (
    "передан в приёмную семью",
    "находится в СРЦН",
    "гражданство РФ получено",
    "воссоединён с родственниками",
    "оформлена опека",
    "находится под надзором органов опеки",
    "направлен в учреждение",
)
NOTES_RET = (
    "Returned via Qatar mediation",
    "reunited with mother",
    "reunited with grandmother",
    "returned via Belarus",
    "returned with volunteers",
    "returned through the Sumy crossing",
    "family reunification",
    "returned by legal representative",
)
ADOPT_FORMS = ("опека", "усыновление", "приёмная семья", "попечительство")
ADOPT_HEALTH = ("I", "II", "III", "IV", "V")


def _note(rng: random.Random, pool: Sequence[str], p: float) -> str:
    return pool[rng.randrange(len(pool))] if rng.random() < p else ""


def _dim(rng: random.Random, forms: tuple[str, ...], full: str) -> str:
    return forms[rng.randrange(len(forms))] if forms else full


def r_registry(rng: random.Random, k: Kid, dup: bool) -> Row:
    pt, ph = (0.05, 0.02) if dup else (0.025, 0.01)
    g = k.given.ua if rng.random() > 0.03 else k.given.ru
    g = nz(rng, apos(rng, g, APOS_REG), pt, ph, 0.005)
    fam = nz(rng, apos(rng, k.fam_ua(), APOS_REG), pt, ph, 0.005)
    if rng.random() < 0.02:
        fam = fam.upper()
    patr = nz(rng, apos(rng, k.patr_ua(), APOS_REG), pt, ph, 0) if rng.random() > 0.08 else ""
    sex = sex_code(rng, k.sex, SEX_REG, 0.02)
    age = ""
    if rng.random() < 0.025:
        dob = ""
        age = str(age_at(k.dob, k.event))
    else:
        dob = dstr(rng, k.dob, "iso" if rng.random() < 0.65 else "dmy", 0.01, 0.01, 0.005)
    bp = apos(rng, place_ua(rng, k.place, k.dob, 0.15), APOS_REG) if rng.random() > 0.13 else ""
    br = region_ua(rng, k.place.region) if rng.random() > 0.1 else ""
    lkp = ""
    if rng.random() > 0.25:
        lkp = apos(rng, k.held.ua, APOS_REG)
        if k.held.russian:
            r = rng.random()
            lkp = lkp + " (РФ)" if r < 0.3 else lkp + ", Росія" if r < 0.4 else lkp
    lkd = ""
    if rng.random() > 0.15 or age:
        lkd = iso(k.event) if rng.random() < 0.75 else dmy(k.event)
    inst = ""
    if k.inst is not None and rng.random() < 0.9:
        inst = apos(rng, k.inst.ua, APOS_REG)
    elif k.held_inst is not None and rng.random() < 0.12:
        inst = k.held_inst.ua
    guard = ""
    if k.guardians and rng.random() < 0.7:
        formal = rng.random() < 0.5
        guard = "; ".join(apos(rng, person_ua(rng, x, formal), APOS_REG) for x in k.guardians)
    return [
        "",
        g,
        fam,
        patr,
        sex,
        dob,
        bp,
        br,
        lkp,
        lkd,
        inst,
        guard,
        "",
        age,
        _note(rng, NOTES_REG, 0.35),
    ]


class FamCtx:
    __slots__ = ("date", "detail", "lang", "reporter")

    def __init__(self, rng: random.Random, unit: list[Kid], ru_speaking: bool) -> None:
        k0 = unit[0]
        self.lang = "ru" if (ru_speaking != (rng.random() < 0.2)) else "ua"
        start = k0.event + timedelta(days=3)
        self.date = rand_date(rng, start, min(start + timedelta(days=500), END_REPORTS))
        self.detail = rng.random()
        self.reporter = ""
        if k0.guardians and rng.random() < 0.6:
            g = k0.guardians[rng.randrange(len(k0.guardians))]
            if self.lang == "ua":
                self.reporter = person_ua(rng, g, rng.random() < 0.3)
            else:
                self.reporter = person_ru(rng, g, rng.random() < 0.3, k0.native_ru)


DOB_FAM = Picker([("full", 50), ("ym", 17), ("y", 15), ("", 18)])


def r_family(rng: random.Random, k: Kid, ctx: FamCtx) -> Row:
    ru = ctx.lang == "ru"
    if ru:
        g = _dim(rng, k.given.dim_ru, k.given.ru) if rng.random() < 0.3 else k.given.ru
        r = rng.random()
        fam = k.fam_mech() if r < 0.5 else k.fam_ru() if r < 0.9 else k.fam_ua()
        fam = yo(rng, fam, 0.5)
        g = yo(rng, g, 0.5)
    else:
        g = _dim(rng, k.given.dim_ua, k.given.ua) if rng.random() < 0.3 else k.given.ua
        fam = k.fam_ua()
    g = nz(rng, apos(rng, g, APOS_INFORMAL), 0.05, 0.015, 0.01)
    if rng.random() < 0.02:
        g = g.lower()
    fam = nz(rng, apos(rng, fam, APOS_INFORMAL), 0.06, 0.015, 0.01) if rng.random() > 0.03 else ""
    patr = ""
    if rng.random() < 0.3:
        patr = k.patr_ru() if ru else apos(rng, k.patr_ua(), APOS_INFORMAL)
        patr = nz(rng, patr, 0.05, 0.01, 0)
    sex = sex_code(rng, k.sex, SEX_FAM, 0.3)
    style = DOB_FAM(rng)
    lkd_date = ctx.date
    age = ""
    if style == "full":
        dob = dstr(rng, k.dob, "iso" if rng.random() < 0.5 else "dmy", 0.025, 0.02, 0.025)
    elif style:
        dob = dstr(rng, k.dob, style, 0, 0.01, 0.03)
    else:
        dob = ""
    if style != "full" and (rng.random() < 0.6 or not dob):
        a = age_at(k.dob, lkd_date)
        if rng.random() < 0.1:
            a = max(0, a + (1 if rng.random() < 0.5 else -1))
        age = str(a)
    bp = ""
    if rng.random() < 0.35 + 0.3 * ctx.detail:
        bp = place_ru(rng, k.place, 0.15, 0.1) if ru else place_ua(rng, k.place, k.dob, 0.1)
        bp = nz(rng, apos(rng, bp, APOS_INFORMAL), 0.03, 0.01, 0.01)
    br = ""
    if rng.random() < 0.35:
        br = region_ru(rng, k.place.region, 0.05) if ru else region_ua(rng, k.place.region)
    lkp = ""
    r = rng.random()
    if r < 0.45:
        lkp = k.held.ru if ru else k.held.ua
    elif r < 0.75:
        lkp = place_ru(rng, k.place, 0.1, 0.05) if ru else place_ua(rng, k.place, k.dob, 0.05)
    lkp = apos(rng, lkp, APOS_INFORMAL)
    lkd = ""
    if age or rng.random() < 0.7:
        lkd = iso(lkd_date) if rng.random() < 0.6 else dmy(lkd_date)
    inst = ""
    if k.inst is not None and rng.random() < 0.5:
        inst = k.inst.ru if ru else apos(rng, k.inst.ua, APOS_INFORMAL)
    elif k.held_inst is not None and rng.random() < 0.3:
        inst = k.held_inst.ru if ru else k.held_inst.ua
    guard = ctx.reporter if rng.random() < 0.9 else ""
    return [
        "",
        g,
        fam,
        patr,
        sex,
        dob,
        bp,
        br,
        lkp,
        lkd,
        inst,
        guard,
        "",
        age,
        _note(rng, NOTES_FAM[k.sex], 0.5),
    ]


class OsintCtx:
    __slots__ = ("date", "inst", "lang", "latin", "place")

    def __init__(self, rng: random.Random, k: Kid) -> None:
        self.latin = rng.random() < 0.15
        self.lang = "ru" if rng.random() < 0.55 else "ua"
        start = k.event + timedelta(days=7)
        self.date = rand_date(rng, start, min(start + timedelta(days=700), END_REPORTS))
        self.place = k.held
        self.inst = k.held_inst


def latin_given(rng: random.Random, g: Given, p_kmu: float) -> str:
    r = rng.random()
    if r < p_kmu:
        return kmu(g.ua)
    r = (r - p_kmu) / (1 - p_kmu)
    if r < 0.08:
        return pass2007(g.ua)
    if r < 0.3:
        return icao(g.ru)
    if r < 0.45:
        return mvd(g.ru)
    if r < 0.52:
        return bgn_ru(g.ru)
    if r < 0.6:
        return ua_generic(g.ua)
    if g.latin:
        return g.latin[rng.randrange(len(g.latin))]
    return kmu(g.ua)


def latin_surname(rng: random.Random, k: Kid, p_kmu: float) -> str:
    r = rng.random()
    if r < p_kmu:
        return kmu(k.fam_ua())
    r = (r - p_kmu) / (1 - p_kmu)
    if r < 0.3:
        return icao(k.fam_ru())
    if r < 0.55:
        return mvd(k.fam_ru())
    if r < 0.75:
        return pass2007(k.fam_ua())
    return ua_generic(k.fam_ua())


def r_osint(rng: random.Random, k: Kid, ctx: OsintCtx) -> Row:
    ru = ctx.lang == "ru"
    if ctx.latin:
        g = latin_given(rng, k.given, 0.45)
        if rng.random() < 0.2:
            g = mvd(_dim(rng, k.given.dim_ru, k.given.ru))
    elif rng.random() < 0.42:
        g = _dim(rng, k.given.dim_ru, k.given.ru) if ru else _dim(rng, k.given.dim_ua, k.given.ua)
    else:
        g = k.given.ru if ru else k.given.ua
    g = nz(rng, apos(rng, yo(rng, g, 0.5), APOS_INFORMAL), 0.03, 0.02 if not ctx.latin else 0, 0.01)
    r = rng.random()
    fam = ""
    if r >= 0.5:
        if ctx.latin:
            full = latin_surname(rng, k, 0.5)
        else:
            full = yo(rng, k.fam_ru(), 0.5) if ru else k.fam_ua()
        fam = full[0] + "." if r < 0.72 else nz(rng, apos(rng, full, APOS_INFORMAL), 0.04, 0.01, 0)
    patr = (k.patr_ru() if ru else k.patr_ua()) if (not ctx.latin and rng.random() < 0.03) else ""
    sex = sex_code(rng, k.sex, SEX_OSINT, 0.55)
    dob = ""
    r = rng.random()
    if r < 0.08:
        dob = dstr(rng, k.dob, "y", 0, 0, 0.2)
    elif r < 0.11:
        dob = dstr(rng, k.dob, "iso", 0.02, 0.02, 0.02)
    age = ""
    if r >= 0.11 or rng.random() < 0.5:
        a = age_at(k.dob, ctx.date)
        e = rng.random()
        if e < 0.2:
            a += 1 if rng.random() < 0.5 else -1
        elif e < 0.25:
            a += 2 if rng.random() < 0.5 else -2
        age = str(max(a, 0))
    bp = ""
    if rng.random() < 0.12:
        if ctx.latin:
            bp = place_lat(rng, k.place)
        else:
            bp = place_ru(rng, k.place, 0.2, 0) if ru else place_ua(rng, k.place, k.dob, 0)
    br = ""
    if rng.random() < 0.15:
        if ctx.latin:
            br = region_lat(rng, k.place.region)
        else:
            br = region_ru(rng, k.place.region, 0.3) if ru else region_ua(rng, k.place.region)
    lkp = ""
    if rng.random() < 0.9:
        p = ctx.place
        lkp = p.lat_ru if ctx.latin else (p.ru if ru else p.ua)
    lkd = iso(ctx.date) if rng.random() < 0.85 else dmy(ctx.date)
    inst = ""
    if ctx.inst is not None and rng.random() < 0.5:
        inst = ctx.inst.ru if (ru or ctx.latin) else ctx.inst.ua
    return [
        "",
        g,
        fam,
        patr,
        sex,
        dob,
        bp,
        br,
        apos(rng, lkp, APOS_INFORMAL),
        lkd,
        inst,
        "",
        "",
        age,
        _note(rng, NOTES_OSINT, 0.6),
    ]


class KontrCtx:
    __slots__ = ("date", "dmy", "upper")

    def __init__(self, rng: random.Random, k: Kid, upper: float, dmy_share: float) -> None:
        self.upper = rng.random() < upper
        self.dmy = rng.random() < dmy_share
        start = k.event
        self.date = rand_date(rng, start, min(start + timedelta(days=240), END_REPORTS))


def ru_given(rng: random.Random, k: Kid, p_ua: float) -> str:
    g = k.given
    if k.native_ru:
        return g.ru
    r = rng.random()
    if r < p_ua:
        return g.ua.replace("і", "i") if rng.random() < 0.5 else g.ua
    if g.ru_alt and r < p_ua + 0.05:
        return g.ru_alt[0]
    return g.ru


def ru_family_name(rng: random.Random, k: Kid) -> str:
    if k.native_ru:
        return k.fam_ru()
    r = rng.random()
    if r < 0.6:
        return k.fam_ru()
    if r < 0.88:
        return k.fam_mech()
    return k.fam_ua()


def r_kontr(rng: random.Random, k: Kid, ctx: KontrCtx, federal: bool) -> Row:
    """Counterpart lists: ``federal`` is the Russian list, otherwise the DPR/LPR one."""
    g = nz(rng, yo(rng, ru_given(rng, k, 0.08), 0.6), 0.03, 0.03, 0.01)
    fam = nz(rng, yo(rng, ru_family_name(rng, k), 0.6), 0.035, 0.03, 0.01)
    if ctx.upper:
        fam = fam.upper()
    patr = k.patr_ru() if rng.random() < 0.9 else ""
    patr = nz(rng, yo(rng, patr, 0.6), 0.03, 0.02, 0)
    sex = sex_code(rng, k.sex, SEX_KONTR, 0.05)
    dob = ""
    if rng.random() > 0.03:
        style = "dmy" if ctx.dmy or rng.random() < 0.1 else "iso"
        dob = dstr(rng, k.dob, style, 0.02, 0.015, 0.01)
    bp = ""
    if rng.random() < 0.88:
        bp = place_ru(rng, k.place, 0.55 if not federal else 0.35, 0.2)
    br = ""
    if rng.random() < 0.85:
        if k.place.russian:
            br = region_ru(rng, k.place.region, 0)
        else:
            br = region_ru(rng, k.place.region, 0.7 if not federal else 0.5)
    lkp = ""
    if rng.random() < 0.85:
        lkp = "г. " + k.held.ru if rng.random() < 0.3 else k.held.ru
        if rng.random() < 0.3:
            lkp += ", " + region_ru(rng, k.held.region, 0.5)
    lkd = ""
    if rng.random() < 0.8:
        lkd = dmy(ctx.date) if ctx.dmy else iso(ctx.date)
    inst = ""
    if k.inst is not None and rng.random() < (0.8 if not federal else 0.5):
        inst = k.inst.ru
    elif k.held_inst is not None and rng.random() < (0.4 if not federal else 0.6):
        inst = k.held_inst.ru
    guard = ""
    if k.guardians and (k.accompanied or k.native_ru) and rng.random() < 0.45:
        formal = rng.random() < 0.7
        guard = "; ".join(person_ru(rng, x, formal, k.native_ru) for x in k.guardians)
    notes = _note(rng, NOTES_KRF if federal else NOTES_KDNR, 0.3)
    return [
        "",
        g,
        fam,
        patr,
        sex,
        dob,
        bp,
        br,
        lkp,
        lkd,
        inst,
        guard,
        "",
        "",
        notes,
    ]


def r_adopt(rng: random.Random, k: Kid, when: date, siblings: bool) -> Row:
    g = k.given.ru if (k.native_ru or rng.random() < 0.85) else k.given.ua.replace("і", "и")
    g = nz(rng, yo(rng, g, 0.7), 0.01, 0.005, 0)
    fam = ""
    if rng.random() < 0.95:
        fam = ru_family_name(rng, k)[0] + "."
    sex = sex_code(rng, k.sex, SEX_ADOPT, 0)
    dob = dstr(rng, k.dob, "ym" if rng.random() < 0.92 else "y", 0, 0.005, 0.005)
    lkp = region_ru(rng, k.held.region, 0.3) if rng.random() < 0.95 else ""
    lkd = iso(when) if rng.random() < 0.7 else ""
    age = str(age_at(k.dob, when)) if lkd and rng.random() < 0.1 else ""
    parts = [f"Анкета № {rng.randint(10000, 999999)}"]
    if rng.random() < 0.7:
        parts.append("форма устройства: " + ADOPT_FORMS[rng.randrange(len(ADOPT_FORMS))])
    if rng.random() < 0.5:
        parts.append("группа здоровья: " + ADOPT_HEALTH[rng.randrange(len(ADOPT_HEALTH))])
    if siblings and rng.random() < 0.8:
        parts.append("есть братья/сёстры")
    inst = ""
    if k.inst is not None and rng.random() < 0.15:
        inst = k.inst.ru
    elif k.held_inst is not None and rng.random() < 0.06:
        inst = k.held_inst.ru
    return ["", g, fam, "", sex, dob, "", "", lkp, lkd, inst, "", "", age, "; ".join(parts)]


class RetCtx:
    __slots__ = ("p_kmu", "upper")

    def __init__(self, rng: random.Random) -> None:
        self.p_kmu = 0.8 if rng.random() < 0.75 else 0.3
        self.upper = rng.random() < 0.3


def r_return(rng: random.Random, k: Kid, ctx: RetCtx, when: date) -> Row:
    g = nz(rng, latin_given(rng, k.given, ctx.p_kmu), 0.02, 0, 0.005)
    fam = nz(rng, latin_surname(rng, k, min(0.95, ctx.p_kmu + 0.1)), 0.03, 0, 0.005)
    if ctx.upper:
        fam = fam.upper()
        if rng.random() < 0.5:
            g = g.upper()
    patr = kmu(k.patr_ua()) if rng.random() < 0.35 else ""
    sex = sex_code(rng, k.sex, SEX_RET, 0.05)
    dob = ""
    if rng.random() > 0.05:
        dob = dstr(rng, k.dob, "iso" if rng.random() < 0.55 else "dmy", 0.015, 0.01, 0.005)
    bp = place_lat(rng, k.place) if rng.random() < 0.6 else ""
    br = region_lat(rng, k.place.region) if rng.random() < 0.5 else ""
    lkp = RETURN_PLACE(rng) if rng.random() < 0.8 else ""
    guard = ""
    if k.guardians and rng.random() < 0.4:
        guard = person_lat(rng, k.guardians[0])
    return [
        "",
        g,
        fam,
        patr,
        sex,
        dob,
        bp,
        br,
        lkp,
        iso(when),
        "",
        guard,
        "",
        "",
        _note(rng, NOTES_RET, 0.5),
    ]


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

# One record of a block: the row, the person, whether it shows a new identity, and whether the
# row lists its siblings (the other rows of the block).
Entry = tuple[Row, str, bool, bool]
Block = list[Entry]


@dataclass(frozen=True)
class SourceSpec:
    key: str
    file: str
    kind: str
    description: str
    id_format: str
    unrelated_share: float


SOURCES = (
    SourceSpec(
        "nrdd",
        "nrdd.csv",
        "official_registry",
        "Ukrainian national registry of deported and displaced children (Ukrainian Cyrillic)",
        "UA-{:07d}",
        0.03,
    ),
    SourceSpec(
        "zvernennia",
        "zvernennia.csv",
        "family_report",
        "Reports by relatives to the search hotline, in Ukrainian or Russian",
        "Z{:06d}",
        0.06,
    ),
    SourceSpec(
        "osint_tg",
        "osint_tg.csv",
        "osint",
        "Volunteer-collected sightings from Telegram, VK and local TV",
        "tg-{:06d}",
        0.095,
    ),
    SourceSpec(
        "kontr_dnr",
        "kontr_dnr.csv",
        "counterpart_list",
        "Lists of 'evacuated' children handed over by DPR/LPR occupation authorities",
        "{:d}",
        0.20,
    ),
    SourceSpec(
        "kontr_rf",
        "kontr_rf.csv",
        "counterpart_list",
        "Russian federal list of children 'placed' with families or in institutions",
        "RF/{:06d}",
        0.21,
    ),
    SourceSpec(
        "rf_placement",
        "rf_placement.csv",
        "adoption_database",
        "Scrape of a Russian child-placement database (initial of surname, birth month)",
        "ANK-{:07d}",
        0.40,
    ),
    SourceSpec(
        "povernennia",
        "povernennia.csv",
        "return_list",
        "Children returned to Ukraine, Latin-script list from mediation channels",
        "RET-{:05d}",
        0.005,
    ),
)


class RowWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SourceWriter:
    """Writes one source, interleaving the world's blocks at random among unrelated ones."""

    def __init__(
        self,
        spec: SourceSpec,
        out_dir: Path,
        world_blocks: list[Block],
        unrelated: int,
        rng: random.Random,
        truth: RowWriter,
        renamed: RowWriter,
    ) -> None:
        self.spec = spec
        self.handle: TextIO = (out_dir / spec.file).open("w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.handle, lineterminator="\n")
        self.csv.writerow(COLUMNS)
        self.world = world_blocks
        self.wi = 0
        self.w_left = sum(len(b) for b in world_blocks)
        self.u_left = unrelated
        self.rng = rng
        self.truth = truth
        self.renamed = renamed
        self.rows = 0

    def _emit(self, block: Block) -> None:
        fmt = self.spec.id_format
        ids = [fmt.format(self.rows + i + 1) for i in range(len(block))]
        self.rows += len(block)
        for (row, pid, new_identity, sibs), rid in zip(block, ids, strict=True):
            row[0] = rid
            if sibs and len(block) > 1:
                row[SIBS] = ";".join(x for x in ids if x != rid)
            self.csv.writerow(row)
            self.truth.writerow((self.spec.key, rid, pid))
            if new_identity:
                self.renamed.writerow((self.spec.key, rid))

    def add(self, block: Block) -> None:
        rng = self.rng
        while (
            self.wi < len(self.world) and rng.random() * (self.w_left + self.u_left) < self.w_left
        ):
            b = self.world[self.wi]
            self.wi += 1
            self.w_left -= len(b)
            self._emit(b)
        self.u_left -= len(block)
        self._emit(block)

    def close(self) -> None:
        while self.wi < len(self.world):
            self._emit(self.world[self.wi])
            self.wi += 1
        self.handle.close()


# --------------------------------------------------------------------------------------------
# Which records the world's children leave
# --------------------------------------------------------------------------------------------

FAMILY_REPORTS = Picker([(1, 75), (2, 19), (3, 6)])
SIGHTINGS = Picker([(1, 70), (2, 22), (3, 8)])


def registry_p(k: Kid) -> float:
    if k.place.region in ("CR", "SV"):
        return 0.5
    if k.place.occ2014:
        return 0.6
    return 0.9 if k.inst is not None else 0.86


def kdnr_p(k: Kid) -> float:
    ob = k.place.region
    if ob in ("DN", "LH"):
        return 0.7 if k.place.occ2014 else 0.5
    if ob in ("ZP", "KS"):
        return 0.2
    if ob == "KH":
        return 0.1
    return 0.05


def world_registry(rng: random.Random, unit: list[Kid], out: list[Block]) -> None:
    present = [k for k in unit if rng.random() < registry_p(k)]
    if present:
        out.append(
            [(r_registry(rng, k, False), k.pid, False, rng.random() < 0.85) for k in present]
        )
    for k in present:
        if rng.random() < 0.012:
            out.append([(r_registry(rng, k, True), k.pid, False, False)])


def world_family(rng: random.Random, unit: list[Kid], inst: bool, out: list[Block]) -> None:
    if inst:
        if rng.random() >= 0.12:
            return
        n = 1
    else:
        if rng.random() >= (0.5 if not unit[0].accompanied else 0.42):
            return
        n = FAMILY_REPORTS(rng)
    for _ in range(n):
        ctx = FamCtx(rng, unit, unit[0].ru_speaking)
        covered = [k for k in unit if rng.random() < 0.88] or [unit[rng.randrange(len(unit))]]
        sib = rng.random() < 0.7
        out.append([(r_family(rng, k, ctx), k.pid, False, sib) for k in covered])


def world_osint(rng: random.Random, unit: list[Kid], inst: bool, out: list[Block]) -> None:
    p = 0.33 if inst else 0.2
    if len(unit) > 1 and rng.random() < 0.6 * p:
        ctx = OsintCtx(rng, unit[0])
        sib = rng.random() < 0.2
        out.append([(r_osint(rng, k, ctx), k.pid, False, sib) for k in unit])
        return
    for k in unit:
        if rng.random() >= p:
            continue
        for _ in range(SIGHTINGS(rng)):
            ctx = OsintCtx(rng, k)
            out.append([(r_osint(rng, k, ctx), k.pid, False, False)])


def world_kdnr(rng: random.Random, unit: list[Kid], out: list[Block]) -> None:
    if rng.random() >= kdnr_p(unit[0]):
        return
    present = [k for k in unit if rng.random() < 0.92]
    if present:
        ctx = KontrCtx(rng, present[0], 0.35, 0.9)
        sib = rng.random() < 0.75
        out.append([(r_kontr(rng, k, ctx, False), k.pid, False, sib) for k in present])


def world_krf(
    rng: random.Random, unit: list[Kid], inst: bool, renamed: bool, out: list[Block]
) -> None:
    if renamed:
        if rng.random() < 0.5:
            news = [k.new for k in unit if k.new is not None]
            ctx = KontrCtx(rng, news[0], 0.25, 0.6)
            sib = rng.random() < 0.9
            out.append([(r_kontr(rng, k, ctx, True), k.pid, True, sib) for k in news])
        if rng.random() < 0.12:
            ctx = KontrCtx(rng, unit[0], 0.25, 0.6)
            out.append([(r_kontr(rng, k, ctx, True), k.pid, False, True) for k in unit])
        return
    if rng.random() >= (0.4 if inst else 0.28):
        return
    present = [k for k in unit if rng.random() < 0.9]
    if present:
        ctx = KontrCtx(rng, present[0], 0.25, 0.6)
        sib = rng.random() < 0.7
        out.append([(r_kontr(rng, k, ctx, True), k.pid, False, sib) for k in present])


def world_adopt(
    rng: random.Random, unit: list[Kid], inst: bool, renamed: bool, out: list[Block]
) -> None:
    if renamed:
        if rng.random() >= 0.85:
            return
        news = [k.new for k in unit if k.new is not None]
        when = rand_date(rng, news[0].event, min(news[0].event + timedelta(days=300), END_REPORTS))
        many = len(news) > 1
        out.append([(r_adopt(rng, k, when, many), k.pid, True, True) for k in news])
        return
    if rng.random() >= (0.12 if inst else 0.012):
        return
    when = rand_date(rng, unit[0].event, min(unit[0].event + timedelta(days=500), END_REPORTS))
    many = len(unit) > 1
    out.append([(r_adopt(rng, k, when, many), k.pid, False, True) for k in unit])


def world_returns(rng: random.Random, unit: list[Kid], out: list[Block]) -> None:
    back = [k for k in unit if k.ret_date is not None and rng.random() < 0.92]
    if back:
        ctx = RetCtx(rng)
        sib = rng.random() < 0.6
        out.append(
            [(r_return(rng, k, ctx, k.ret_date or END_REPORTS), k.pid, False, sib) for k in back]
        )


def world_blocks(rng: random.Random, world: World) -> dict[str, list[Block]]:
    out: dict[str, list[Block]] = {s.key: [] for s in SOURCES}
    for unit, inst, renamed in zip(world.units, world.inst_units, world.renamed_units, strict=True):
        before = {key: len(blocks) for key, blocks in out.items()}
        world_registry(rng, unit, out["nrdd"])
        world_family(rng, unit, inst, out["zvernennia"])
        world_osint(rng, unit, inst, out["osint_tg"])
        world_kdnr(rng, unit, out["kontr_dnr"])
        world_krf(rng, unit, inst, renamed, out["kontr_rf"])
        world_adopt(rng, unit, inst, renamed, out["rf_placement"])
        world_returns(rng, unit, out["povernennia"])
        seen = {e[1] for key, blocks in out.items() for b in blocks[before[key] :] for e in b}
        unseen = [k for k in unit if k.pid not in seen]
        if unseen:  # a child nobody recorded would be invisible: the registry has it after all
            out["nrdd"].append([(r_registry(rng, k, False), k.pid, False, True) for k in unseen])
    for blocks in out.values():
        rng.shuffle(blocks)
    return out


# --------------------------------------------------------------------------------------------
# Unrelated children
# --------------------------------------------------------------------------------------------

SECOND_SOURCE = {
    "rf_placement": Picker(
        [("kontr_rf", 55), ("kontr_dnr", 20), ("rf_placement", 10), ("osint_tg", 15)]
    ),
    "kontr_rf": Picker([("rf_placement", 45), ("kontr_dnr", 35), ("osint_tg", 20)]),
    "kontr_dnr": Picker([("kontr_rf", 45), ("rf_placement", 25), ("osint_tg", 15), ("nrdd", 15)]),
    "zvernennia": Picker([("osint_tg", 40), ("zvernennia", 30), ("nrdd", 30)]),
    "osint_tg": Picker([("zvernennia", 40), ("osint_tg", 30), ("kontr_rf", 30)]),
    "nrdd": Picker([("zvernennia", 50), ("kontr_dnr", 30), ("povernennia", 20)]),
    "povernennia": Picker([("nrdd", 60), ("zvernennia", 40)]),
}
GROUP_SIZE = {
    "rf_placement": (0.3, Picker([(2, 60), (3, 28), (4, 10), (5, 2)])),
    "kontr_rf": (0.3, Picker([(2, 60), (3, 30), (4, 10)])),
    "kontr_dnr": (0.3, Picker([(2, 60), (3, 30), (4, 10)])),
    "zvernennia": (0.4, Picker([(2, 70), (3, 25), (4, 5)])),
    "nrdd": (0.3, Picker([(2, 65), (3, 28), (4, 7)])),
    "osint_tg": (0.05, Picker([(2, 1)])),
    "povernennia": (0.35, Picker([(2, 75), (3, 25)])),
}
RU_BORN_SHARE = {"rf_placement": 0.78, "kontr_rf": 0.55}


class Unrelated:
    """Generates the unrelated children and sends their records to the writers."""

    def __init__(
        self,
        rng: random.Random,
        world: World,
        writers: dict[str, SourceWriter],
        capacity: dict[str, int],
        state: WorldState,
    ) -> None:
        self.rng = rng
        self.world = world
        self.writers = writers
        self.cap = capacity
        self.state = state
        self.pid = PidGen("U", 7)
        self.renamed_kids = [k.new for k in world.kids if k.new is not None]

    def run(self) -> None:
        rng = self.rng
        keys = [s.key for s in SOURCES]
        while True:
            weights = [self.cap[k] for k in keys]
            total = sum(weights)
            if total <= 0:
                break
            x = rng.random() * total
            src = keys[-1]
            for key, w in zip(keys, weights, strict=True):
                if x < w:
                    src = key
                    break
                x -= w
            self.one_group(src)

    def one_group(self, src: str) -> None:
        rng = self.rng
        p_group, sizes = GROUP_SIZE[src]
        size = sizes(rng) if rng.random() < p_group else 1
        size = max(1, min(size, self.cap[src]))
        if rng.random() < RU_BORN_SHARE.get(src, 0.0):
            kids = ru_unit(rng, self.pid, size, self.state, src == "rf_placement")
        else:
            ob = ORIGIN_DNR(rng) if src == "kontr_dnr" else ORIGIN_WORLD(rng)
            inst = None
            if rng.random() < (0.35 if src in ("rf_placement", "kontr_rf") else 0.12):
                options = INSTS.get(ob)
                if options:
                    inst = options[rng.randrange(len(options))]
            kids = ua_unit(rng, self.pid, size, ob, inst, self.state)
        self.namesakes(kids, src)
        self.emit(src, kids)
        if rng.random() < 0.06:
            second = SECOND_SOURCE[src](rng)
            ukrainian_only = ("nrdd", "zvernennia", "povernennia", "kontr_dnr")
            if kids[0].native_ru and second in ukrainian_only:
                return
            if self.cap[second] > 0:
                sub = kids[: self.cap[second]]
                self.emit(second, sub)

    def namesakes(self, kids: list[Kid], src: str) -> None:
        rng = self.rng
        if not self.world.kids or rng.random() >= 0.1:
            return
        w = self.world.kids[rng.randrange(len(self.world.kids))]
        if src in ("rf_placement", "kontr_rf") and self.renamed_kids and rng.random() < 0.25:
            w = self.renamed_kids[rng.randrange(len(self.renamed_kids))]
        r = rng.random()
        k = kids[0]
        if r < 0.55:
            for x in kids:
                x.surname = w.surname
        elif r < 0.8:
            k.dob = w.dob
        elif r < 0.95:
            k.sex, k.given, k.surname = w.sex, w.given, w.surname
            if k.dob == w.dob:
                k.dob = k.dob - timedelta(days=rng.randint(30, 900))
            if k.dob < FIRST_DOB:
                k.dob = w.dob + timedelta(days=rng.randint(30, 300))
        else:
            k.sex, k.given, k.dob = w.sex, w.given, w.dob
        for x in kids:  # a borrowed birth date may fall after the unrelated child's event
            if x.event <= x.dob:
                x.event = min(x.dob + timedelta(days=rng.randint(30, 400)), END_EVENTS)
                x.dob = min(x.dob, x.event - timedelta(days=1))

    def emit(self, src: str, kids: list[Kid]) -> None:
        rng = self.rng
        block: Block
        if src == "nrdd":
            sib = rng.random() < 0.85
            block = [(r_registry(rng, k, False), k.pid, False, sib) for k in kids]
        elif src == "zvernennia":
            ctx = FamCtx(rng, kids, kids[0].ru_speaking)
            sib = rng.random() < 0.7
            block = [(r_family(rng, k, ctx), k.pid, False, sib) for k in kids]
        elif src == "osint_tg":
            octx = OsintCtx(rng, kids[0])
            block = [(r_osint(rng, k, octx), k.pid, False, False) for k in kids]
        elif src in ("kontr_dnr", "kontr_rf"):
            federal = src == "kontr_rf"
            kctx = KontrCtx(rng, kids[0], 0.25 if federal else 0.35, 0.6 if federal else 0.9)
            sib = rng.random() < 0.75
            block = [(r_kontr(rng, k, kctx, federal), k.pid, False, sib) for k in kids]
        elif src == "rf_placement":
            e = kids[0].event
            when = rand_date(rng, e, min(e + timedelta(days=400), END_REPORTS))
            many = len(kids) > 1
            block = [(r_adopt(rng, k, when, many), k.pid, False, True) for k in kids]
        else:
            rctx = RetCtx(rng)
            when = later(rng, kids[0].event, 45, 900, END_REPORTS)
            sib = rng.random() < 0.6
            block = [(r_return(rng, k, rctx, when), k.pid, False, sib) for k in kids]
        self.cap[src] -= len(block)
        self.writers[src].add(block)


def allocate(m: int) -> dict[str, int]:
    shares = [s.unrelated_share for s in SOURCES]
    total = sum(shares)
    counts = [int(m * x / total) for x in shares]
    counts[-2] += m - sum(counts)  # remainder to the placement database
    return {s.key: c for s, c in zip(SOURCES, counts, strict=True)}


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def generate(out_dir: Path, n: int, m: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    state = WorldState()
    world = build_world(rng, n, state)
    blocks = world_blocks(rng, world)
    capacity = allocate(m)
    merge_rng = random.Random(seed * 7919 + 17)
    with (
        (out_dir / "truth.csv").open("w", encoding="utf-8", newline="") as tf,
        (out_dir / "renamed.csv").open("w", encoding="utf-8", newline="") as rf,
    ):
        truth = csv.writer(tf, lineterminator="\n")
        truth.writerow(("source", "record_id", "person_id"))
        renamed = csv.writer(rf, lineterminator="\n")
        renamed.writerow(("source", "record_id"))
        writers = {
            s.key: SourceWriter(
                s, out_dir, blocks[s.key], capacity[s.key], merge_rng, truth, renamed
            )
            for s in SOURCES
        }
        Unrelated(rng, world, writers, dict(capacity), state).run()
        for w in writers.values():
            w.close()
    rows = {k: w.rows for k, w in writers.items()}
    manifest = {
        "generator": "bench/third_world.py",
        "seed": seed,
        "children": n,
        "unrelated": m,
        "sources": [
            {
                "file": s.file,
                "source": s.key,
                "kind": s.kind,
                "description": s.description,
                "rows": rows[s.key],
            }
            for s in SOURCES
        ],
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, help="directory to write the world into")
    parser.add_argument("--children", type=int, default=20000, help="world children (N)")
    parser.add_argument("--unrelated", type=int, default=200000, help="unrelated records (M)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.children < 1 or args.unrelated < 0:
        parser.error("--children must be at least 1 and --unrelated not negative")
    t0 = time.perf_counter()
    rows = generate(args.out_dir, args.children, args.unrelated, args.seed)
    secs = time.perf_counter() - t0
    parts = " ".join(f"{k}={v}" for k, v in rows.items())
    print(f"third_world: {parts} total={sum(rows.values())} seconds={secs:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
