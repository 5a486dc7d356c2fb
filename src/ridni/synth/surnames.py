"""Surname pools: a few thousand Ukrainian surnames, Russian surnames, and Russian ones in
Ukrainian spelling.

Ukrainian surnames are composed from real stems and suffixes, with the most frequent real
surnames (names.md §3: Мельник, Шевченко, Коваленко, Бойко…) weighted far above the rest so that
common-name collisions happen as they do in reality. Nothing here comes from real people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from ridni.synth.russify import russify_surname, ukrainian_spelling
from ridni.synth.weighted import Weighted, zipf_weights


@dataclass(frozen=True, slots=True)
class Surname:
    """A surname's masculine and feminine forms in Ukrainian spelling; for surnames of Russian
    origin (Кузнєцов) also the Russian original, which Russian-language records use."""

    ua: tuple[str, str]
    russian_origin: tuple[str, str] | None = None

    def ua_form(self, sex: str) -> str:
        return self.ua[1] if sex == "F" else self.ua[0]

    def ru_form(self, sex: str, *, etymological_e: bool = True, yo: bool = True) -> str:
        if self.russian_origin:
            form = self.russian_origin[1] if sex == "F" else self.russian_origin[0]
            return form if yo else form.replace("ё", "е")
        return _russified(self.ua_form(sex), etymological_e, yo)


@lru_cache(maxsize=65536)
def _russified(surname: str, etymological_e: bool, yo: bool) -> str:
    return russify_surname(surname, etymological_e=etymological_e, yo=yo)


# --- Ukrainian surnames --------------------------------------------------------------------------
# The most frequent surnames with approximate holders in thousands (names.md §3 for the first ten).
_FREQUENT_UA = """
Мельник 108 Шевченко 106 Коваленко 89 Бойко 83 Бондаренко 80 Ткаченко 77 Кравченко 75
Ковальчук 72 Коваль 68 Олійник 65 Шевчук 62 Поліщук 60 Лисенко 56 Ткачук 55 Савченко 54
Руденко 52 Марченко 52 Петренко 50 Мороз 50 Клименко 48 Павленко 48 Кравчук 47 Кузьменко 46
Пономаренко 45 Савчук 44 Василенко 43 Левченко 42 Харченко 42 Карпенко 40 Мельниченко 40
Сидоренко 39 Литвиненко 39 Романенко 38 Гончаренко 38 Бондар 38 Мазур 37 Кушнір 37
Антонюк 36 Мартинюк 36 Романюк 35 Костенко 35 Зінченко 34 Панченко 34 Тимошенко 33 Гнатюк 33
Приходько 33 Кириленко 32 Яковенко 32 Нестеренко 31 Лук'яненко 30 Білоус 28 Ковальов 22
Соловйов 20 Чорновол 12 Білик 18 Коломієць 20 Кравець 24 Петрів 9 Бабій 10 Чорний 15
"""
# Roots that take the productive suffixes; the suffixes they take are chosen by sound (below).
_ROOTS = """
Петр Іван Павл Степан Остап Данил Мирон Тарас Кирил Гнат Антон Денис Клим Сидор Федор Семен
Тимош Лук'ян Гаврил Захар Назар Роман Карп Михайл Олекс Прокоп Хом Юхим Ярош Богдан Ігнат
Дем'ян Мартин Максим Онищ Пилип Стах Устим Харитон Якуб Адам Артем Борис Вакул Григор Давид
Євтух Єрмол Йосип Кондрат Лаврин Макар Нестер Осип Панас Потап Трохим Філ Явор Марк Юр Грин
Гончар Бондар Кушнір Ткач Шевч Коваль Мельнич Пасічн Паламар Писар Дяч Сторож Чумак Козак
Пушкар Ковтун Шинкар Тесл Столяр Слюсар Токар Вівчар Гуцал Кухар Боднар Скляр Римар Кобзар
Дудар Сотник Гетьман Шаповал Лимар Рибал Бортн Швед Литвин Волош Турч Греч Ляш Москал
Вовк Лис Сокол Ворон Голуб Дуб Граб Ясен Калин Малин Сич Кулик Сорок Чиж Гус Лебед Сом Щук
Окун Медвед Бик Баран Цап Кот Жук Комар Гарбуз Руд Біл Чорн Сив Довг Глух Крив Куц Худ Весел
Тих Гриц Кучер Зайч Кузьм Левч Харч Марч Кравч Бойч Демч Панч Зінч Тимч Савч Дем Луц Мац Гайд
Бабич Дід Сір Горб Лоз Дорош Ярм Вернидуб Ковбас Мисн Шост Кир Сав Олеш Михн
Андрух Бабан Бакал Балаб Бараб Басар Бахмач Безуг Бережн Білан Бобр Богач Божен Борис
Бурлак Валь Варав Вареник Ващ Верес Вершин Вітер Возн Волик Галан Галич Гапон Гарас
Гаврищ Гайов Гелет Герас Гирич Гладун Гнид Голик Головач Гонт Горбан Горобч Гречан Гриб Гуз
Гул Гурин Дацен Дворн Дзюб Довбуш Доман Дорожн Дроб Дуд Дудник Жежер Жовн Жур Завгород Зарич
Зубар Іщен Калаш Камен Капин Карас Кашпур Кирич Кисел Клепач Ключ Коваш Ковпак Козуб Колом
Кондр Копач Коржан Корн Косар Костир Котляр Кошов Кравц Кривош Крут Кулин Купр Курил Лагод Левад
Лелек Литош Лукаш Лупан Люб Мазан Маків Малан Манж Марус Мартиш Масл Матюх Медун Мирош Мисюр
Могил Мороз Моц Наум Невмер Несен Ничипор Новик Ожог Омел Опанас Оріх Осад Охрім Палій Панас
Панк Паш Перепел Підгор Пінч Плах Погор Покотил Полтав Попел Пташ Пугач Радч Рибч
Рогоз Рябок Савран Сагайд Самійл Свирид Северин Семчиш Сердюк Сидор Скорик
Скрип Слив Смик Соб Сович Стадн Стець Сухар Таран Твердох Терещ Тимох Товст Трощ
Тур Угрин Устич Фед Харків Хижн Цибул Чепур Черняв Чуприн Шамрай Шаров Шпак Шуб Щерб
"""
_STANDALONE_UA = """
Мороз Мазур Ткач Гончар Вовк Сокол Ворона Горобець Соловей Заєць Білий Сивий Козак Дяк Паламар
Кучер Швець Стрілець Кривоніс Довгопол Вернигора Непийвода Задорожний Підгорний Загородній
Заїка Ковтун Галушка Гуцал Шаповал Стельмах Головатий Головань Сорока Скиба Щербина Щербак
Мовчан Кваша Рева Хмара Сич Пугач Кулик Чайка Грицай Лобода Гарбуз Цибуля Капуста Бурлака
Дробот Нагорний Лозовий Деркач Пустовойт Король Осадчий Куліш Собко Гузій Рябоконь Колісник
Гордієнко Мирошниченко Нечипоренко Терещенко Прокопенко Єрмоленко Ярошенко Дорошенко Онищенко
Гавриленко Максименко Юрченко Тимченко Вакуленко Яценко Ющенко Грищенкоо Бабенко
Мисник Кривенко Гребенюк Гуменюк Цимбалюк Стельмащук Пасічник Скрипник Рибак Лисак Вишняк
Литвак Козачок Циганок Мацько Рудько Сірко Дідух Левко Гнидюк Шкурко Жовнір Білан Сеник
"""
_SKY_UA = """
Вишневський Ковальський Левицький Савицький Висоцький Вербицький Яворський Ружицький Новицький
Липовецький Завадський Соколовський Кравецький Сосновський Ольшевський Бережецький Заболотський
Томашевський Островський Рудницький Кульчицький Тарнавський Біловецький Маковецький Згурський
Дубровський Костецький Підгорецький Глинський Гуменський Борисенко Ярмолинський Слободянюк
"""
_VOWELS = set("аеєиіїоуюяь'")


def _attach(root: str, suffix: str) -> str:
    if root.endswith("ь"):
        if suffix[0] in "аеиіоуюяє":
            return root + suffix if suffix.startswith("ов") else root[:-1] + suffix
        return root + suffix
    if root.endswith("й") and suffix.startswith("е"):
        return root[:-1] + "є" + suffix[1:]
    return root + suffix


_SOFTENED = {"к": "ч", "г": "ж", "х": "ш"}


def _suffixes_for(root: str) -> list[str]:
    """The productive suffixes a root takes, by its last sounds (Петрук, Мартинюк, Іванчук)."""
    last = root[-1]
    if last in _SOFTENED:
        # Жук → Жученко, Андрух → Андрушенко; -кук, -кишин do not occur.
        return []
    if last == "й":
        return ["енко", "чук"]
    single_final_consonant = len(root) >= 3 and root[-2] in _VOWELS and last not in _VOWELS
    suffixes = ["енко", "юк" if last in "нлтдсзь" else "ук"]
    if single_final_consonant and last not in "чшщжь":
        suffixes += ["чук", "ко"]
        if last in "нлрвмтдсз":
            suffixes.append("ець")
    if last != "ь":
        suffixes += ["ишин", "ик"]
    if single_final_consonant and last not in "чшщж" and len(root) >= 4:
        suffixes += ["ів", "ович"]
    return suffixes


def _softened_enko(root: str) -> list[str]:
    last = root[-1]
    return [root[:-1] + _SOFTENED[last] + "енко", root] if last in _SOFTENED else []


def _ua_feminine(masculine: str) -> str:
    """Ukrainian feminine forms: adjectival and -ов/-ьов surnames change, -енко, -ук do not."""
    if masculine.endswith(("ський", "цький", "зький")):
        return masculine[:-2] + "а"
    if masculine.endswith("ній"):
        return masculine[:-2] + "я"
    if masculine.endswith("ий") and len(masculine) > 3:
        return masculine[:-2] + "а"
    if masculine.endswith(("ов", "ев", "єв")):
        return masculine + "а"
    return masculine


def _composed_ua_surnames() -> list[str]:
    names: list[str] = []
    for root in _ROOTS.split():
        names.extend(_attach(root, suffix) for suffix in _suffixes_for(root))
        names.extend(_softened_enko(root))
    names.extend(_STANDALONE_UA.split())
    names.extend(_SKY_UA.split())
    return names


@lru_cache(maxsize=1)
def ukrainian_surnames() -> Weighted[Surname]:
    """A few thousand Ukrainian surnames: the frequent ones first, then a Zipf tail."""
    words = _FREQUENT_UA.split()
    frequent = dict(zip(words[::2], (float(w) for w in words[1::2]), strict=True))
    tail = sorted(set(_composed_ua_surnames()) - set(frequent))
    # A fixed shuffle (not the world's seed) so the tail's ranks do not follow the alphabet.
    random.Random("ridni-ua-surnames").shuffle(tail)
    # The tail continues the frequent list's ranks (it starts below the rarest frequent name)
    # and is scaled so that the frequent names hold about 10% of families: roughly what the top
    # sixty hold in eastern Ukraine once the pool's long tail is cut off.
    tail_weights = zipf_weights(len(tail), exponent=1.0, offset=150)
    scale = sum(frequent.values()) * 9.0 / sum(tail_weights)
    items = [Surname((n, _ua_feminine(n))) for n in [*frequent, *tail]]
    weights = list(frequent.values()) + [w * scale for w in tail_weights]
    return Weighted(items, weights)


# --- Russian surnames ----------------------------------------------------------------------------
_RU_SURNAMES = """
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
Белоусов Нестеров Симонов Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов Аксёнов
Мальцев Логинов Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Дёмин
Хохлов Жданов Руднев Кононов Горбачёв Шестаков Зуев Блинов Волков Кравцов Лапин Лобанов
Мухин Носков Ситников Субботин Суханов Фадеев Широков Шубин Щукин Яшин Гордеев Зиновьев
"""


def russian_feminine(masculine: str) -> str:
    for ending, fem in (
        ("ский", "ская"),
        ("цкий", "цкая"),
        ("ой", "ая"),
        ("ий", "ая"),
        ("ов", "ова"),
        ("ев", "ева"),
        ("ёв", "ёва"),
        ("ин", "ина"),
        ("ын", "ына"),
    ):
        if masculine.endswith(ending):
            return masculine[: -len(ending)] + fem
    return masculine


@lru_cache(maxsize=1)
def russian_surnames() -> Weighted[tuple[str, str]]:
    """Russian surnames (masculine, feminine) for Russian children and adoptive families."""
    names = list(dict.fromkeys(_RU_SURNAMES.split()))
    return Weighted(
        [(n, russian_feminine(n)) for n in names],
        zipf_weights(len(names), exponent=0.9, offset=15),
    )


@lru_cache(maxsize=1)
def russian_origin_ua_surnames() -> Weighted[Surname]:
    """Surnames of Russian origin as Ukrainian passports spell them (Кузнецов, Корольов)."""
    names = list(dict.fromkeys(_RU_SURNAMES.split()))
    items = [
        Surname(
            (ukrainian_spelling(n), ukrainian_spelling(russian_feminine(n))),
            (n, russian_feminine(n)),
        )
        for n in names
    ]
    # Flatter than in Russia: only ~200 names stand for a long-tailed population.
    return Weighted(items, zipf_weights(len(items), exponent=0.7, offset=30))
