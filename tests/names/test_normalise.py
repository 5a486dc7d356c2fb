"""clean and detect_script."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ridni.names import clean, detect_script


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("К.", "К"),
        ("(Саша)", "Саша"),
        ("Sasha,", "Sasha"),
        ("«Київ»", "Київ"),
        ('"Ivan"', "Ivan"),
        ("–Бахмут–", "Бахмут"),
        ("  Олександр   Іванович  ", "Олександр Іванович"),
        ("Олександр (Саша)", "Олександр (Саша)"),
        # every apostrophe form becomes '
        ("Мар’яна", "Мар'яна"),
        ("Марʼяна", "Мар'яна"),
        ("Мар`яна", "Мар'яна"),
        ("Марʹяна", "Мар'яна"),
        ("Мар′яна", "Мар'яна"),
        ("Мар‘яна", "Мар'яна"),
        ('Мар"яна', "Мар'яна"),
        # look-alike letters folded into the word's majority script
        ("Oлександр", "Олександр"),  # Latin O
        ("Олекcандр", "Олександр"),  # Latin c
        ("Iван", "Іван"),  # Latin I
        ("Sаsha", "Sasha"),  # Cyrillic а
        ("Kоvalenko", "Kovalenko"),  # Cyrillic о
        ("ОЛEКСАНДР", "ОЛЕКСАНДР"),  # Latin E in capitals
        ("Коваленко Kovalenko", "Коваленко Kovalenko"),  # whole words keep their script
        # NFKC and invisible characters
        ("Ｏｌｅｈ", "Oleh"),
        ("Оле\u00adксандр", "Олександр"),
        ("Ivano‑Frankivsk", "Ivano-Frankivsk"),
    ],
)
def test_clean(raw: str | None, expected: str) -> None:
    assert clean(raw) == expected


def test_clean_keeps_case() -> None:
    assert clean("КОВАЛЕНКО") == "КОВАЛЕНКО"
    assert clean("коваленко") == "коваленко"


@settings(max_examples=400)
@given(st.text())
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@settings(max_examples=200)
@given(st.text(alphabet="абвгґдеєжзиіїйклмнопрстуфхцчшщьюяabcdehikmopxy '’()-.,", max_size=30))
def test_clean_is_idempotent_on_name_like_text(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert once == once.strip()
    assert "  " not in once


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Олександр", "cyrillic"),  # nothing in it is only Ukrainian or only Russian
        ("Андрій", "uk"),
        ("Їжак", "uk"),
        ("Євгенія", "uk"),
        ("Ґалаґан", "uk"),
        ("Мар'яна", "uk"),
        ("Льоша", "uk"),
        ("Згурський", "uk"),
        ("Юлия Ивановна Соловьёва", "ru"),
        ("Наталья", "ru"),
        ("Васильев", "ru"),
        ("Рыбак", "ru"),
        ("Эдуард", "ru"),
        ("Подъезд", "ru"),
        ("Згурский", "ru"),
        ("Иван", "cyrillic"),
        ("Коваленко", "cyrillic"),
        ("Oleksandr", "latin"),
        ("Kowalczuk", "latin"),
        ("Olena Коваленко", "mixed"),
        ("Oлександр", "cyrillic"),  # a Latin O typed inside is not "mixed"
        ("", "empty"),
        (None, "empty"),
        ("123 ...", "empty"),
        ("Андрій Юрьевич", "cyrillic"),  # signals of both languages
    ],
)
def test_detect_script(text: str | None, script: str) -> None:
    assert detect_script(text) == script


@given(st.text())
def test_detect_script_never_crashes(text: str) -> None:
    assert detect_script(text) in {"uk", "ru", "cyrillic", "latin", "mixed", "empty"}
