"""Ukrainian and English: same keys, no untranslated text in templates, local date formats."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from webclient import Browser
from webworld import World

from ridni.web import i18n

TEMPLATES = Path(i18n.__file__).parent / "templates"


def test_both_catalogues_have_the_same_keys() -> None:
    uk = json.loads((i18n.LOCALES / "uk.json").read_text(encoding="utf-8"))
    en = json.loads((i18n.LOCALES / "en.json").read_text(encoding="utf-8"))
    assert set(uk) == set(en)
    assert all(v.strip() for v in [*uk.values(), *en.values()])
    for key in uk:  # the same placeholders in both languages
        assert set(re.findall(r"{(\w+)}", uk[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def _visible_text(template: str) -> str:
    text = re.sub(r"{#.*?#}", " ", template, flags=re.S)
    text = re.sub(r"{%.*?%}", " ", text, flags=re.S)
    text = re.sub(r"{{.*?}}", " ", text, flags=re.S)
    text = re.sub(r"<script.*?</script>", " ", text, flags=re.S)
    text = re.sub(r"<svg.*?</svg>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    return text


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_hold_no_untranslated_text(path: Path) -> None:
    leftovers = re.findall(r"[^\W\d_]{2,}", _visible_text(path.read_text(encoding="utf-8")))
    assert not leftovers, f"put these words in the catalogues: {leftovers}"


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_every_key_used_in_templates_exists(path: Path) -> None:
    keys = set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    keys = {k for k in keys if not k.endswith(".")}  # prefixes of keys built at run time
    missing = keys - set(i18n.catalogue("en"))
    assert not missing


def test_dates_in_local_formats() -> None:
    assert i18n.format_date("2014-03-09", "uk") == "09.03.2014"
    assert i18n.format_date("2014-03-09", "en") == "9 March 2014"
    assert i18n.format_date("2014-03", "uk") == "березень 2014"
    assert i18n.format_date("2014-03", "en") == "March 2014"
    assert i18n.format_date("2014", "uk") == "2014"
    assert (
        i18n.format_datetime(datetime(2024, 1, 5, 10, 0, tzinfo=UTC), "uk") == "05.01.2024 12:00:00"
    )
    assert i18n.format_number(1234567, "uk") == "1\u202f234\u202f567"
    assert i18n.format_number(1234567, "en") == "1,234,567"


def test_language_is_chosen_from_cookie_then_browser() -> None:
    assert i18n.pick_language("en", "uk") == "en"
    assert i18n.pick_language(None, "en-GB,en;q=0.9") == "en"
    assert i18n.pick_language(None, "ru-RU") == "uk"
    assert i18n.pick_language("xx", None) == "uk"


def test_switching_language(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b: Browser = browser_for("caseworker")
    assert "Пошук дитини" in b.get("/search").text
    response = b.post("/language", {"lang": "en", "next": "/search"})
    assert response.status_code == 303 and response.headers["location"] == "/search"
    page = b.get(f"/persons/{world.persons['oleksandr']}").text
    assert '<html lang="en">' in page and "Why these records are one child" in page
    assert "9 March 2014" in page
    b.post("/language", {"lang": "uk", "next": "/"})
    assert "09.03.2014" in b.get(f"/persons/{world.persons['oleksandr']}").text
