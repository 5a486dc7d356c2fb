"""patronymic: the father's name class and the sex, in any script."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ridni.names import given_name, patronymic

FATHERS = {
    "ivan": "Іванович Іванівна Иванович Ивановна Ivanovych Ivanivna Ivanovich Ivanovna",
    "andrii": "Андрійович Андріївна Андреевич Андреевна Andriiovych Andriyovych Andreevich",
    "mykola": "Миколайович Миколаївна Николаевич Николаевна Mykolaiovych Nikolaevich",
    "yurii": "Юрійович Юріївна Юрьевич Юрьевна Yuriiovych Yurevich Yuryevich",
    "yakiv": "Якович Яківна Яковлевич Яковлевна Yakovych Yakovlevich",
    "illia": "Ілліч Іллівна Ильич Ильинична Illich Ilyich",
    "pylyp": "Пилипович Пилипівна Филиппович Филипповна Pylypovych Filippovich",
    "panas": "Панасович Панасівна Афанасьевич Афанасьевна Afanasevich",
    "khoma": "Хомич Фомич Khomych Fomich",
    "yosyp": "Йосипович Иосифович Yosypovych Iosifovich",
    "hlib": "Глібович Глебович Hlibovych Glebovich",
    "serhii": "Сергійович Сергіївна Сергеевич Сергеевна Serhiiovych Sergeevich Sergeyevich",
    "oleksii": "Олексійович Алексеевич Oleksiiovych Alekseevich",
    "hryhorii": "Григорович Григорівна Григорьевич Григорьевна Hryhorovych Grigorevich",
    "dmytro": "Дмитрович Дмитрівна Дмитриевич Дмитриевна Dmytrovych Dmitrievich",
    "yevhen": "Євгенович Євгенівна Евгеньевич Евгеньевна Yevhenovych Evgenevich",
    "vasyl": "Васильович Василівна Васильевич Васильевна Vasylovych Vasilevich",
    "oleksandr": "Олександрович Олександрівна Александрович Александровна Aleksandrovich",
    "petro": "Петрович Петрівна Petrovych Petrovich",
    "pavlo": "Павлович Павлівна Pavlovych Pavlovich",
    "mykhailo": "Михайлович Михайлівна Михайловна Mykhailovych Mikhailovich",
    "fedir": "Федорович Федорівна Фёдорович Fedorovych Fyodorovich",
    "lev": "Львович Львівна Львовна Lvovich",
    "yukhym": "Юхимович Ефимович Yukhymovych Efimovich",
    "taras": "Тарасович Тарасівна Tarasovych",
}


@pytest.mark.parametrize(("father", "forms"), FATHERS.items())
def test_father_class(father: str, forms: str) -> None:
    assert given_name(given_name(father).canonical_uk).key == father
    for form in forms.split():
        assert patronymic(form).father_key == father, form


@pytest.mark.parametrize(
    ("form", "sex"),
    [
        ("Іванович", "M"), ("Ilyich", "M"), ("Ілліч", "M"), ("Фомич", "M"), ("Андреевич", "M"),
        ("Іванівна", "F"), ("Ивановна", "F"), ("Ильинична", "F"), ("Миколаївна", "F"),
        ("Serhiivna", "F"), ("Андріївна", "F"), ("Ivanovna", "F"),
    ],
)  # fmt: skip
def test_sex(form: str, sex: str) -> None:
    assert patronymic(form).sex == sex


def test_unknown_father_name_is_cut_to_its_stem() -> None:
    # Not in the curated table: the stem is looked up among all names, else kept as is.
    assert patronymic("Зурабович").father_key == "zurab"
    assert patronymic("Зурабович").sex == "M"
    assert patronymic("Квертинович").father_key == "kvertin"


def test_not_a_patronymic() -> None:
    found = patronymic("Коваленко")
    assert found.sex is None
    assert found.latin == "kovalenko"


def test_empty() -> None:
    assert patronymic(None).father_key is None
    assert patronymic("").sex is None


@given(st.text())
def test_never_crashes(text: str) -> None:
    found = patronymic(text)
    assert found.sex in (None, "M", "F")
    assert found.latin.isascii()


def test_names_translator_patronymics_keep_their_father() -> None:
    """Ukrainian patronymics and their Russian forms (names_translator's pool) agree."""
    from names_translator.dicts import default_dicts

    checked = agree = 0
    for ukrainian, russian in default_dicts().as_dict("patronymic").items():
        father = patronymic(ukrainian).father_key
        for form in russian:
            checked += 1
            agree += patronymic(form).father_key == father
    assert checked > 15_000
    assert agree / checked >= 0.97


def test_unknown_fathers_agree_across_languages() -> None:
    assert patronymic("Хутайович").father_key == patronymic("Хутаевич").father_key
