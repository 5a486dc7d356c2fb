"""Normalisation keeps what was said: dates keep their precision, sex from every local form."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ridni.errors import Invalid
from ridni.ingest.normalise import (
    MAX_YEAR,
    MIN_YEAR,
    clean_list,
    clean_text,
    parse_age,
    parse_date,
    parse_sex,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014-03-09", "2014-03-09"),
        ("09.03.2014", "2014-03-09"),
        ("9.3.2014", "2014-03-09"),
        ("09/03/2014", "2014-03-09"),
        ("2014-03", "2014-03"),
        ("03.2014", "2014-03"),
        ("2014", "2014"),
        (" 2014 ", "2014"),
        ("00.03.2014", "2014-03"),
        ("XX.03.2014", "2014-03"),
        ("??.??.2014", "2014"),
        ("2014-00-00", "2014"),
        ("2014-03-09T00:00:00", "2014-03-09"),
        ("09. 03. 2014", "2014-03-09"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_date_reads_full_and_partial_dates(text: str | None, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["31.02.2014", "2014-13", "13.13.2014", "15.00.2014", "1850", "2150-01-01", "yesterday",
     "2014-03-09T10:20:00", "20140309", "9/3/14"],
)  # fmt: skip
def test_parse_date_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(Invalid):
        parse_date(text)


def test_mapping_formats_replace_the_dotted_forms_and_keep_their_precision() -> None:
    assert parse_date("03/09/2014", ["%m/%d/%Y"]) == "2014-03-09"
    assert parse_date("9 March 2014", ["%d %B %Y"]) == "2014-03-09"
    assert parse_date("03/2014", ["%m/%Y"]) == "2014-03"
    assert parse_date("2014", ["%m/%d/%Y"]) == "2014"  # ISO forms are never ambiguous
    with pytest.raises(Invalid):
        parse_date("09.03.2014", ["%m/%d/%Y"])  # the mapping said which dotted form to read


_DAYS = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))
_DATE_LIKE = st.one_of(st.text(max_size=30), st.text(alphabet="0123456789.-/ xX?T:Z+", max_size=22))


@given(_DAYS, st.sampled_from(["iso", "dotted", "month", "year", "dotted_month"]))
def test_parse_date_preserves_precision_and_never_invents(day: date, form: str) -> None:
    text, expected = {
        "iso": (day.isoformat(), day.isoformat()),
        "dotted": (day.strftime("%d.%m.%Y"), day.isoformat()),
        "month": (day.strftime("%Y-%m"), day.strftime("%Y-%m")),
        "dotted_month": (day.strftime("%m.%Y"), day.strftime("%Y-%m")),
        "year": (day.strftime("%Y"), day.strftime("%Y")),
    }[form]
    assert parse_date(text) == expected


@given(_DATE_LIKE)
def test_parse_date_never_fails_other_than_invalid_and_invents_no_digits(text: str) -> None:
    try:
        result = parse_date(text)
    except Invalid:
        return
    if result is None:
        assert clean_text(text) is None
        return
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", result)
    # Every part of the result was written in the input (a year stays a year).
    digits = re.findall(r"\d+", text)
    for part in result.split("-"):
        assert any(int(part) == int(written) for written in digits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M", "M"), ("m", "M"), ("male", "M"), ("Male", "M"), ("ч", "M"), ("Ч", "M"),
        ("м", "M"), ("чол", "M"), ("чол.", "M"), ("чоловіча", "M"), ("муж", "M"),
        ("мужской", "M"), ("хлопчик", "M"), ("мальчик", "M"), ("boy", "M"),
        ("F", "F"), ("f", "F"), ("female", "F"), ("ж", "F"), ("Ж", "F"), ("жін", "F"),
        ("жін.", "F"), ("жіноча", "F"), ("жен", "F"), ("женский", "F"), ("дівчинка", "F"),
        ("девочка", "F"), ("girl", "F"),
        ("", None), (" ", None), ("?", None), ("невідомо", None), ("unknown", None),
        (None, None),
    ],
)  # fmt: skip
def test_parse_sex_reads_every_local_form(text: str | None, expected: str | None) -> None:
    assert parse_sex(text) == expected


@given(st.text(max_size=20))
def test_parse_sex_returns_m_f_none_or_refuses(text: str) -> None:
    try:
        assert parse_sex(text) in ("M", "F", None)
    except Invalid as exc:
        assert "sex" in exc.message


@given(st.sampled_from(["M", "F", "ч", "ж", "male", "female", "чол", "жін"]), st.text(" \t"))
def test_parse_sex_ignores_case_and_surrounding_space(form: str, space: str) -> None:
    assert parse_sex(space + form.upper() + space) == parse_sex(form)


def test_clean_text_composes_and_collapses_whitespace() -> None:
    decomposed = unicodedata.normalize("NFD", "Йосип Ївга")
    assert decomposed != "Йосип Ївга"
    assert clean_text(f"  {decomposed}\u00a0\t\n ") == "Йосип Ївга"
    assert clean_text("\u2003 \n") is None
    assert clean_text("") is None


@given(st.text())
def test_clean_text_is_idempotent_nfc_and_trimmed(text: str) -> None:
    cleaned = clean_text(text)
    if cleaned is None:
        assert not text.strip() or not "".join(text.split())
        return
    assert clean_text(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned


def test_parse_age_and_lists() -> None:
    assert parse_age("11") == 11
    assert parse_age("11.0") == 11
    assert parse_age("") is None
    for bad in ("eleven", "-3", "11.5", "500"):
        with pytest.raises(Invalid):
            parse_age(bad)
    assert clean_list(" Марія  Тест ;; Іван Тест; ", "; ") == "Марія Тест; Іван Тест"
    assert clean_list(";", ";") is None
