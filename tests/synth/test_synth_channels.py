"""The corruption channels on their own: spelling rules, romanisation, typos, dates, rates."""

from __future__ import annotations

import random
from datetime import date

import pytest

from ridni.synth import corrupt, pools, surnames, translit
from ridni.synth.places import birthplaces, extract_katottg_settlements, podilsk
from ridni.synth.rates import Rates
from ridni.synth.render import Render
from ridni.synth.russify import russify_place, russify_surname, ukrainian_spelling
from ridni.synth.weighted import Weighted

ZERO_NOISE = Rates(
    typo=0,
    typo_registry=0,
    homoglyph=0,
    apostrophe_variant=0,
    yo_as_e=0,
    missing_field=0,
    day_month_swap=0,
    digit_error=0,
    year_off_by_one=0,
    partial_date=0,
)


@pytest.mark.parametrize(
    ("ukrainian", "russian"),
    [
        ("Поліщук", "Полищук"),
        ("Згурський", "Згурский"),
        ("Згурська", "Згурская"),
        ("Коломієць", "Коломиец"),
        ("Бабій", "Бабий"),
        ("Лисенко", "Лысенко"),
        ("Соловйов", "Соловьёв"),
        ("Ковальов", "Ковалёв"),
        ("Лук'яненко", "Лукьяненко"),
        ("Їжак", "Ижак"),
        ("Єрмоленко", "Ермоленко"),
        ("Чорновол", "Черновол"),
        ("Петрів", "Петрив"),
        ("Шевченко", "Шевченко"),
        ("Ковальчук", "Ковальчук"),
        ("Білоус", "Белоус"),
        ("Кравець", "Кравец"),
        ("Чорний", "Черный"),
    ],
)
def test_surname_russification_follows_the_letter_rules(ukrainian: str, russian: str) -> None:
    assert russify_surname(ukrainian) == russian


def test_russification_variants_without_yo_or_etymological_e() -> None:
    assert russify_surname("Соловйов", yo=False) == "Соловьев"
    assert russify_surname("Білик", etymological_e=False) == "Билик"
    assert russify_surname("КОВАЛЬОВА", yo=False) == "КОВАЛЕВА"


@pytest.mark.parametrize(
    ("russian", "ukrainian"),
    [
        ("Королёв", "Корольов"),
        ("Соловьёв", "Соловйов"),
        ("Васильев", "Васильєв"),
        ("Иванов", "Іванов"),
        ("Никитин", "Никитін"),
        ("Фёдоров", "Федоров"),
        ("Крылов", "Крилов"),
    ],
)
def test_russian_surnames_in_ukrainian_spelling(russian: str, ukrainian: str) -> None:
    assert ukrainian_spelling(russian) == ukrainian


@pytest.mark.parametrize(
    ("ukrainian", "russian"),
    [
        ("Михайлівка", "Михайловка"),
        ("Миколаївка", "Николаевка"),
        ("Нова Каховка", "Новая Каховка"),
        ("Мирне", "Мирное"),
        ("Мар’ївка", "Марьевка"),
        ("Новоазовськ", "Новоазовск"),
    ],
)
def test_place_russification(ukrainian: str, russian: str) -> None:
    assert russify_place(ukrainian) == russian


@pytest.mark.parametrize(
    ("text", "system", "latin"),
    [
        ("Юлія Згурська", "ua_kmu2010", "Yuliia Zghurska"),
        ("Євгенія", "ua_passport2007", "Ievgeniia"),
        ("Мар'яна", "ua_bgn1965", "Mar'yana"),
        ("Ковальчук", "ua_polish", "Kowalczuk"),
        ("Дмитро Євгенія", "ua_unidecode", "Dmitro Ievgeniia"),
        ("ЛУК'ЯНЕНКО", "ua_kmu2010", "LUKIANENKO"),
        ("Юлия", "ru_icao", "Iuliia"),
        ("Цой", "ru_gost2006", "Tcoi"),
        ("Юлия Андрей", "ru_mvd310", "Yuliya Andrey"),
        ("Ксения Ковальчук", "ru_soviet_french", "Xeniia Kovaltchouk"),
        ("Соловьёв", "ru_bgn", "Solov’yëv"),
        ("Евгений Алексей", "ru_german", "Jewgeni Alexej"),
    ],
)
def test_romanisation_systems(text: str, system: str, latin: str) -> None:
    assert translit.romanise(text, system) == latin


def test_document_system_depends_on_the_era() -> None:
    rng = random.Random(1)
    born_2005 = [
        translit.document_system(rng, date(2005, 1, 1), russian_document=False) for _ in range(500)
    ]
    assert {"ua_kmu2010", "ua_passport2007"} == set(born_2005)
    born_2015 = {
        translit.document_system(rng, date(2015, 1, 1), russian_document=True) for _ in range(200)
    }
    assert born_2015 == {"ru_icao"}


def _damerau_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = sorted((a, b), key=len)
    return len(long_) - len(short) == 1 and any(
        long_[:i] + long_[i + 1 :] == short for i in range(len(long_))
    )


def test_a_typo_is_one_edit() -> None:
    rng = random.Random(3)
    for name in ("Коваленко", "Oleksandr", "Полищук", "Їжакевич") * 200:
        assert _damerau_one(name, corrupt.typo(name, rng))


def test_a_homoglyph_swaps_exactly_one_letter_for_its_look_alike() -> None:
    rng = random.Random(4)
    changed = corrupt.homoglyph("Олена", rng)
    assert changed != "Олена" and len(changed) == 5
    assert sum(a != b for a, b in zip(changed, "Олена", strict=True)) == 1
    assert corrupt.script_of(corrupt.homoglyph("Kovalenko", rng)) == "latin"


def test_date_channels() -> None:
    rng = random.Random(5)
    assert corrupt.swap_day_month(date(2014, 3, 9)) == date(2014, 9, 3)
    assert corrupt.swap_day_month(date(2014, 3, 19)) == date(2014, 3, 19)
    for _ in range(300):
        wrong = corrupt.digit_error(date(2014, 3, 9), rng)
        assert sum(a != b for a, b in zip(wrong.isoformat(), "2014-03-09", strict=True)) == 1
    assert abs(corrupt.year_off_by_one(date(2016, 2, 29), rng).year - 2016) == 1
    assert corrupt.format_date(date(2014, 3, 9), style="dmy") == "09.03.2014"
    assert corrupt.format_date(date(2014, 3, 9), style="dmy", precision="month") == "2014-03"


@pytest.mark.parametrize(
    "channel", ["day_month_swap", "digit_error", "year_off_by_one", "partial_date"]
)
def test_date_rates_are_respected(channel: str) -> None:
    rate = 0.3
    render = Render(random.Random(6), ZERO_NOISE.with_overrides(**{channel: rate}))
    born = date(2012, 5, 3)  # day ≤ 12: a swap is always visible
    written = [render.birth_date(born, style="iso") for _ in range(6000)]
    changed = sum(w != born.isoformat() for w in written) / len(written)
    assert changed == pytest.approx(rate, abs=0.025)


def test_name_noise_rates_are_respected() -> None:
    render = Render(random.Random(7), ZERO_NOISE.with_overrides(homoglyph=0.2))
    noisy = [render.noisy("Олена", typo_rate=0.0) != "Олена" for _ in range(5000)]
    assert sum(noisy) / len(noisy) == pytest.approx(0.2, abs=0.02)
    render = Render(random.Random(8), ZERO_NOISE.with_overrides(apostrophe_variant=0.5))
    varied = [render.noisy("Мар'яна", typo_rate=0.0) != "Мар'яна" for _ in range(5000)]
    # None of the six variants is the plain apostrophe itself: every draw shows.
    assert sum(varied) / len(varied) == pytest.approx(0.5, abs=0.03)


def test_given_name_pools_shift_with_the_birth_year() -> None:
    by_name = {n.ukrainian: n for n in pools.given_names()}
    pools_by_year = pools.child_given_pools()
    assert pools_by_year[("M", 2022)].share(by_name["Матвій"]) > 2 * pools_by_year[
        ("M", 2006)
    ].share(by_name["Матвій"])
    assert pools_by_year[("F", 2010)].share(by_name["Людмила"]) < 0.002


def test_surname_pool_has_thousands_with_real_frequent_ones_on_top() -> None:
    pool = surnames.ukrainian_surnames()
    assert len(pool) > 2000
    by_form = {s.ua[0]: s for s in pool.items}
    assert pool.share(by_form["Мельник"]) > 10 * pool.share(pool.items[-1])
    assert by_form["Згурський"].ua == ("Згурський", "Згурська")


def test_weighted_pick_follows_the_weights() -> None:
    weighted = Weighted(["a", "b"], [3.0, 1.0])
    rng = random.Random(9)
    picks = [weighted.pick(rng) for _ in range(8000)]
    assert picks.count("a") / len(picks) == pytest.approx(0.75, abs=0.02)


def test_birthplaces_hold_the_tsv_and_hundreds_of_katottg_settlements() -> None:
    places = birthplaces()
    assert len(places) > 500
    by_name = {p.ua: p for p in places.items}
    assert by_name["Бахмут"].soviet_ru == "Артёмовск"
    assert podilsk().ru[0] == "Подольск"  # the homonym of the town near Moscow


def test_the_bundled_settlement_list_matches_the_codifier() -> None:
    import csv
    from importlib import resources

    text = resources.files("ridni.data").joinpath("katottg_settlements.tsv").read_text("utf-8")
    bundled = [tuple(row) for row in csv.reader(text.splitlines()[1:], delimiter="\t")]
    assert bundled == extract_katottg_settlements()
