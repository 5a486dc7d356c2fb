"""Exports of frozen versions: only the channel's fields in every format, formula-safe cells,
a bilingual PDF with Cyrillic text and the hash on every page, files that match the hash."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.errors import Forbidden, Invalid
from ridni.exports import lists as exports
from ridni.exports.safety import safe_cell, unescape_cell
from ridni.linkage.models import Person
from ridni.lists import content as docs
from ridni.lists import service as lists
from ridni.lists.channels import create_channel
from ridni.lists.fields import PRESETS
from ridni.security.actors import Actor
from ridni.security.models import AuditEvent

from .conftest import World, verified_case

# Values that only fields outside the narrow channel's policy hold.
SECRETS = ("Опікунка Секретна", "Заклад Таємний", "Таганрог", "Бахмут", "Донецька")


def _pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install -y poppler-utils")
    path = tmp_path / "list.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return [p for p in out.stdout.decode("utf-8").split("\f") if p.strip()]


def _xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


def _freeze(session: Session, users: dict[str, Actor], fields: tuple[str, ...], name: str) -> int:
    channel = create_channel(session=session, actor=users["admin"], name=name, fields=fields)
    result = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channel.id, name=f"Список {name}"
    )
    lists.freeze_list(session=session, actor=users["neg"], list_id=result.list.id)
    return result.list.id


def _secret_child(world: World) -> Person:
    person, ua, ru = world.child("Коваленко", "Олександр", "2012-03-04")
    ua.guardian_names = "Опікунка Секретна"
    ru.institution = "Заклад Таємний"
    return person


def test_safe_cell_round_trips() -> None:
    for value in ("=1+1", "+380", "-5", "@SUM(A1)", "\tx", "\rx", "'quoted", "'=x", "plain", ""):
        escaped = safe_cell(value)
        assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert unescape_cell(escaped) == value
    assert safe_cell("Олена") == "Олена" and safe_cell(None) == ""


def test_no_field_outside_the_policy_in_any_format(
    session: Session, world: World, users: dict[str, Actor], tmp_path: Path
) -> None:
    verified_case(session, users, _secret_child(world))
    list_id = _freeze(session, users, PRESETS["names_and_dates"], "Вузький")
    files = {
        fmt: exports.export_version(
            session=session, actor=users["neg"], list_id=list_id, number=1, fmt=fmt
        ).data
        for fmt in exports.FORMATS
    }
    texts = {
        "csv": files["csv"].decode("utf-8-sig"),
        "xlsx": _xlsx_text(files["xlsx"]),
        "pdf": "\n".join(_pdf_pages(files["pdf"], tmp_path)),
    }
    for fmt, body in texts.items():
        assert "Коваленко" in body and "2012-03-04" in body, fmt
        for secret in SECRETS:
            assert secret not in body, (fmt, secret)
        for label in ("Місце народження", "Батьки, опікуни", "Де перебуває", "Заклад /"):
            assert label not in body, (fmt, label)
    wide = _freeze(session, users, PRESETS["places_and_siblings"], "Широкий")
    csv_wide = exports.export_version(
        session=session, actor=users["neg"], list_id=wide, number=1, fmt="csv"
    ).data.decode("utf-8-sig")
    assert "Таганрог" in csv_wide and "Заклад Таємний" in csv_wide
    assert "Опікунка Секретна" not in csv_wide  # guardians are in neither policy


def test_formula_injection_is_neutralised(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    person, ua, _ = world.child('=HYPERLINK("http://evil.example")', "+380501234567", "2012-01-01")
    ua.patronymic = "@SUM(1+1)"
    verified_case(session, users, person)
    list_id = _freeze(session, users, PRESETS["names_and_dates"], "Formula")
    version = lists.get_version(session=session, actor=users["neg"], list_id=list_id, number=1)
    csv_data = exports.export_version(
        session=session, actor=users["neg"], list_id=list_id, number=1, fmt="csv"
    ).data
    line = csv_data.decode("utf-8-sig").splitlines()[1]
    assert "'=HYPERLINK" in line and ",'+380501234567," in line and "'@SUM" in line
    xlsx = exports.export_version(
        session=session, actor=users["neg"], list_id=list_id, number=1, fmt="xlsx"
    ).data
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    cells = [c for c in sheet[2]]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value[0] for c in cells[1:4]] == ["'", "'", "'"]
    for reader, data in ((exports.read_csv, csv_data), (exports.read_xlsx, xlsx)):
        fields, rows = reader(data)
        assert fields == version.content["fields"]
        assert rows == version.content["rows"]  # read back exactly, quotes removed
        assert docs.rows_hash(version.content, rows) == version.content_hash


def test_pdf_is_bilingual_cyrillic_with_the_hash_on_every_page(
    session: Session, world: World, users: dict[str, Actor], tmp_path: Path
) -> None:
    for i in range(70):
        verified_case(session, users, world.child(f"Ґудзенко-{i:02d}", "Їжачок", "2012-01-01")[0])
    list_id = _freeze(session, users, PRESETS["places_and_siblings"], "Багатосторінковий")
    version = lists.get_version(session=session, actor=users["neg"], list_id=list_id, number=1)
    pdf = exports.export_version(
        session=session, actor=users["neg"], list_id=list_id, number=1, fmt="pdf"
    )
    assert pdf.data.startswith(b"%PDF") and pdf.media_type == "application/pdf"
    pages = _pdf_pages(pdf.data, tmp_path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert version.content_hash in page.replace(" ", "").replace("\n", ""), number
        assert f"Сторінка / Page {number} з / of {len(pages)}" in page
    text = "\n".join(pages)
    assert "Ґудзенко-00 Їжачок Петрович" in text and "Ґудзенко-69" in text
    assert "(Gudzenko-00 Yizhachok Petrovych)" in text  # the Latin reading for the other side
    assert "Список дітей · List of children" in text and "Дата народження / Date of birth" in text


def test_a_frozen_list_exports_the_same_whatever_happens_later(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    person, ua, _ = world.child("Мельничук", "Ярема", "2012-01-01")
    verified_case(session, users, person)
    list_id = _freeze(session, users, PRESETS["names_and_dates"], "Stable")
    before = exports.export_version(
        session=session, actor=users["neg"], list_id=list_id, number=1, fmt="csv"
    )
    ua.given_name = "Інакше"  # the registry changes after the list was frozen
    session.flush()
    after = exports.export_version(
        session=session, actor=users["neg"], list_id=list_id, number=1, fmt="csv"
    )
    assert after.data == before.data and "Ярема" in after.data.decode("utf-8-sig")
    assert after.name == before.name and before.name.endswith(".csv")
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "list.export")).all()
    assert [e.details["file_sha256"] for e in events] == [before.sha256, after.sha256]


def test_who_may_export(session: Session, world: World, users: dict[str, Actor]) -> None:
    verified_case(session, users, world.child("Кушнір", "Ада", "2012-01-01")[0])
    list_id = _freeze(session, users, PRESETS["names_and_dates"], "Roles")
    for who in ("cw1", "rev1", "aud", "partner"):
        with pytest.raises(Forbidden):
            exports.export_version(
                session=session, actor=users[who], list_id=list_id, number=1, fmt="csv"
            )
    exports.export_version(
        session=session, actor=users["admin"], list_id=list_id, number=1, fmt="xlsx"
    )
    with pytest.raises(Invalid):
        exports.export_version(
            session=session, actor=users["neg"], list_id=list_id, number=1, fmt="docx"
        )
