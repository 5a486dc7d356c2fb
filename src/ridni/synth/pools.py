"""Name pools: given names by birth year and sex, fathers' names with their patronymics.

Nothing here comes from real people. Given names are the research TSV's rows with Zipf-like
weights (the TSV lists names roughly by popularity) tilted by era. Surnames: ``surnames``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ridni.synth.weighted import Weighted, zipf_weights

FIRST_BIRTH_YEAR = 2005
LAST_BIRTH_YEAR = 2023


@dataclass(frozen=True, slots=True)
class GivenName:
    ukrainian: str
    russian: tuple[str, ...]  # primary form first
    sex: str
    diminutives_ua: tuple[str, ...]
    diminutives_ru: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FatherName:
    """A father's name in both languages with the patronymics it gives (m, f)."""

    ukrainian: str
    russian: str
    patronymic_ua: tuple[str, str]
    patronymic_ru: tuple[str, str]


def _words(text: str) -> list[str]:
    return text.split()


# Names rarely given to children born after 2005 but common among their parents.
_ADULT_NAMES = frozenset(
    _words("""
Анатолій Геннадій Аркадій Борис Валерій Вадим Віктор Володимир Василь Григорій Едуард Ігор
Леонід Олег Сергій Юрій Віталій Петро Веніамін Любомир Зиновій Панас Хома Омелян Юхим Гнат
Алла Валентина Віра Галина Жанна Зінаїда Інна Лариса Людмила Любов Надія Наталія Наталя Ніна
Ольга Оксана Раїса Світлана Тамара Тетяна Фаїна Ельвіра Неля Леся Лідія Зоя Майя Ірина Олена
Марина Юлія Антоніна
""")
)
# Names that rose in the 2010s and 2020s (MoJ rankings quoted in names.md §3).
_NEW_NAMES = frozenset(
    _words("""
Матвій Марк Тимофій Давид Лев Макар Платон Захар Михайло Іван Данило Назар Богдан Ярослав
Святослав Мирон Арсеній Лука Злата Єва Мілана Соломія Аліса Амелія Софія Марія Варвара Емілія
Василина Стефанія Агата Ярина Кіра Мирослава Ангеліна Поліна Мія Аделіна Меланія
""")
)
# Names near the top of the rankings all through 2005–2023.
_EVERGREEN_NAMES = frozenset(
    _words("""
Олександр Максим Артем Дмитро Анна Софія Марія Анастасія
""")
)
# Names at their peak for children born 2005–2012.
_OLDER_CHILD_NAMES = frozenset(
    _words("""
Владислав Денис Євген Віталій Руслан Роман Нікіта Микита Ілля Кирило Данило Андрій Анастасія
Дарина Вікторія Юлія Катерина Аліна Христина Валерія Карина Діана Олександра Яна Альона Ірина
Дар'я Ксенія Вероніка
""")
)


def _read_tsv(name: str) -> list[dict[str, str]]:
    text = resources.files("ridni.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def _split_diminutives(raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The TSV mixes Ukrainian and Russian diminutives; letters unique to one script tell them."""
    ua, ru = [], []
    for word in filter(None, raw.split("|")):
        if any(ch in word for ch in "іїєґ'"):
            ua.append(word)
        elif any(ch in word for ch in "ёыэъ"):
            ru.append(word)
        else:
            ua.append(word)
            ru.append(word)
    return tuple(ua), tuple(ru)


@lru_cache(maxsize=1)
def given_names() -> tuple[GivenName, ...]:
    names = []
    for row in _read_tsv("ua_ru_given_names.tsv"):
        ua_dims, ru_dims = _split_diminutives(row["diminutives"])
        names.append(
            GivenName(
                ukrainian=row["ukrainian"],
                russian=tuple(row["russian"].split("|")),
                sex=row["sex"],
                diminutives_ua=ua_dims,
                diminutives_ru=ru_dims,
            )
        )
    return tuple(names)


def _child_weight(name: GivenName, rank: int, year: int) -> float:
    weight = 1.0 / (rank + 5) ** 0.95
    recent = (year - FIRST_BIRTH_YEAR) / (LAST_BIRTH_YEAR - FIRST_BIRTH_YEAR)
    if name.ukrainian in _ADULT_NAMES:
        weight *= 0.04
    if name.ukrainian in _EVERGREEN_NAMES:
        weight *= 2.0
    if name.ukrainian in _NEW_NAMES:
        weight *= 1.0 + 3.0 * recent
    if name.ukrainian in _OLDER_CHILD_NAMES:
        weight *= 1.0 + 3.0 * (1.0 - recent)
    return weight


@lru_cache(maxsize=1)
def child_given_pools() -> dict[tuple[str, int], Weighted[GivenName]]:
    """Given names of children by (sex, birth year)."""
    pools: dict[tuple[str, int], Weighted[GivenName]] = {}
    for sex in ("M", "F"):
        names = [n for n in given_names() if n.sex == sex]
        for year in range(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR + 1):
            weights = [_child_weight(n, rank, year) for rank, n in enumerate(names)]
            pools[(sex, year)] = Weighted(names, weights)
    return pools


_MOTHERS = (
    "Олена 10 Наталія 9 Тетяна 8 Ольга 8 Ірина 8 Світлана 7 Оксана 7 Юлія 7 Марина 5 Людмила 4 "
    "Галина 3 Надія 3 Анна 5 Катерина 5 Вікторія 5 Яна 3 Інна 3 Лариса 2 Алла 2 Валентина 1.5 "
    "Любов 1.5 Віра 1 Ганна 1.5 Марія 3 Анастасія 3 Альона 3 Олеся 2 Тамара 0.7 Жанна 1 Лілія 1.5 "
    "Дар'я 1.5 Христина 2 Євгенія 2 Ксенія 1.5 Аліна 2 Валерія 1 Карина 1"
)


@lru_cache(maxsize=1)
def mother_pool() -> Weighted[GivenName]:
    by_name = {n.ukrainian: n for n in given_names()}
    words = _MOTHERS.split()
    return Weighted([by_name[w] for w in words[::2]], [float(w) for w in words[1::2]])


# (Ukrainian, weight, Russian, patronymic UA m/f, patronymic RU m/f) — hand-checked against
# names.md §3 (Андрійович→Андреевич, Миколайович→Николаевич, Ілліч→Ильич, Пилипович→Филиппович).
_FATHERS = """
Олександр 10 Александр Олександрович Олександрівна Александрович Александровна
Сергій 9 Сергей Сергійович Сергіївна Сергеевич Сергеевна
Андрій 8 Андрей Андрійович Андріївна Андреевич Андреевна
Володимир 6 Владимир Володимирович Володимирівна Владимирович Владимировна
Олег 5 Олег Олегович Олегівна Олегович Олеговна
Ігор 5 Игорь Ігорович Ігорівна Игоревич Игоревна
Віктор 5 Виктор Вікторович Вікторівна Викторович Викторовна
Юрій 5 Юрий Юрійович Юріївна Юрьевич Юрьевна
Дмитро 5 Дмитрий Дмитрович Дмитрівна Дмитриевич Дмитриевна
Віталій 4 Виталий Віталійович Віталіївна Витальевич Витальевна
Василь 4 Василий Васильович Василівна Васильевич Васильевна
Микола 4 Николай Миколайович Миколаївна Николаевич Николаевна
Іван 3 Иван Іванович Іванівна Иванович Ивановна
Михайло 4 Михаил Михайлович Михайлівна Михайлович Михайловна
Роман 4 Роман Романович Романівна Романович Романовна
Вадим 3 Вадим Вадимович Вадимівна Вадимович Вадимовна
Євген 4 Евгений Євгенович Євгенівна Евгеньевич Евгеньевна
Анатолій 2 Анатолий Анатолійович Анатоліївна Анатольевич Анатольевна
Валерій 2 Валерий Валерійович Валеріївна Валерьевич Валерьевна
Руслан 3 Руслан Русланович Русланівна Русланович Руслановна
Павло 3 Павел Павлович Павлівна Павлович Павловна
Олексій 4 Алексей Олексійович Олексіївна Алексеевич Алексеевна
Геннадій 1.5 Геннадий Геннадійович Геннадіївна Геннадьевич Геннадьевна
Петро 2 Пётр Петрович Петрівна Петрович Петровна
Ярослав 1.5 Ярослав Ярославович Ярославівна Ярославович Ярославовна
Максим 2 Максим Максимович Максимівна Максимович Максимовна
Денис 2.5 Денис Денисович Денисівна Денисович Денисовна
Костянтин 2 Константин Костянтинович Костянтинівна Константинович Константиновна
Станіслав 1.5 Станислав Станіславович Станіславівна Станиславович Станиславовна
Артем 1.5 Артём Артемович Артемівна Артёмович Артёмовна
Богдан 1.5 Богдан Богданович Богданівна Богданович Богдановна
Тарас 1 Тарас Тарасович Тарасівна Тарасович Тарасовна
Григорій 1 Григорий Григорович Григорівна Григорьевич Григорьевна
Леонід 1 Леонид Леонідович Леонідівна Леонидович Леонидовна
Степан 0.7 Степан Степанович Степанівна Степанович Степановна
Борис 0.7 Борис Борисович Борисівна Борисович Борисовна
Едуард 1 Эдуард Едуардович Едуардівна Эдуардович Эдуардовна
Яків 0.4 Яков Якович Яківна Яковлевич Яковлевна
Ілля 0.6 Илья Ілліч Іллівна Ильич Ильинична
Пилип 0.3 Филипп Пилипович Пилипівна Филиппович Филипповна
Йосип 0.2 Иосиф Йосипович Йосипівна Иосифович Иосифовна
В'ячеслав 1.5 Вячеслав В'ячеславович В'ячеславівна Вячеславович Вячеславовна
Федір 0.5 Фёдор Федорович Федорівна Фёдорович Фёдоровна
"""


@lru_cache(maxsize=1)
def father_pool() -> Weighted[FatherName]:
    fathers, weights = [], []
    for line in filter(None, _FATHERS.strip().splitlines()):
        ua, weight, ru, pua_m, pua_f, pru_m, pru_f = line.split()
        fathers.append(FatherName(ua, ru, (pua_m, pua_f), (pru_m, pru_f)))
        weights.append(float(weight))
    return Weighted(fathers, weights)


# --- Russian given names for Russian children and for renamed children --------------------------
_RU_BOYS = _words("""
Александр Максим Артём Михаил Иван Дмитрий Даниил Кирилл Матвей Тимофей Егор Никита Илья
Алексей Андрей Марк Роман Лев Владимир Арсений Фёдор Ярослав Степан Сергей Денис Глеб
Владислав Евгений Павел Богдан Константин Николай Захар Макар Тимур Мирон Платон Давид Вадим
Григорий Георгий Семён Савелий Елисей Всеволод Виктор Антон Игорь Олег Святослав Леонид Назар
Руслан Вячеслав Станислав Ян Адам Демид Родион Филипп Тихон
""")
_RU_GIRLS = _words("""
Анастасия Мария Анна Виктория Полина Елизавета Екатерина Дарья Софья София Алиса Ксения
Александра Варвара Валерия Вероника Арина Ева Василиса Милана Алёна Ульяна Кира Маргарита
Злата Ангелина Есения Таисия Юлия Диана Алина Ольга Татьяна Кристина Ирина Надежда Мирослава
Амелия Стефания Агата Вера Любовь Олеся Карина Яна Евгения Эвелина Серафима Камилла Марина
Ярослава Милена Арина
""")


@lru_cache(maxsize=1)
def russian_given_pools() -> dict[str, Weighted[str]]:
    return {
        "M": Weighted(_RU_BOYS, zipf_weights(len(_RU_BOYS), exponent=1.0, offset=3)),
        "F": Weighted(_RU_GIRLS, zipf_weights(len(_RU_GIRLS), exponent=1.0, offset=3)),
    }


@lru_cache(maxsize=1)
def russian_father_pool() -> Weighted[FatherName]:
    """Adoptive and Russian fathers: the same table, Russian-era weights."""
    fathers = father_pool().items
    weights = [
        0.2 if f.ukrainian in ("Тарас", "Богдан", "Ярослав", "Пилип") else 1.0 for f in fathers
    ]
    return Weighted(fathers, weights)
