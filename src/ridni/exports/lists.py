"""Frozen list versions as files for the other side: CSV, XLSX and a bilingual PDF.

Every file is made from the version's stored document only, so it holds exactly the channel's
fields. Before anything is written the document is checked against its SHA-256 (a version altered
in the database is refused); CSV and XLSX files are read back and their rows hashed again, so a
file that does not say what the hash says never leaves. The hash is printed on every PDF page.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from ridni.errors import Conflict, Invalid
from ridni.exports.safety import safe_cell, unescape_cell
from ridni.lists import content as docs
from ridni.lists.fields import BY_KEY, FIELDS
from ridni.lists.models import ListVersion
from ridni.lists.service import get_version
from ridni.names.romanise import romanise_uk
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import require

FORMATS = ("pdf", "csv", "xlsx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LABEL_TO_KEY = {f.label: f.key for f in FIELDS}


@dataclass(frozen=True)
class ExportFile:
    name: str
    media_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def export_version(
    *, session: Session, actor: Actor, list_id: int, number: int, fmt: str
) -> ExportFile:
    """The frozen version as a file; the export is recorded in the audit log."""
    require(actor, "list.export")
    if fmt not in FORMATS:
        raise Invalid(f"format must be one of {', '.join(FORMATS)}", field="format")
    version = get_version(session=session, actor=actor, list_id=list_id, number=number)
    check_version(version)
    data = RENDERERS[fmt](version)
    if fmt in READERS:
        _check_file(version, READERS[fmt](data))
    name = f"ridni-list-{list_id}-v{number}-{version.content_hash[:12]}.{fmt}"
    exported = ExportFile(name, MEDIA_TYPES[fmt], data)
    audit.record(
        session,
        actor,
        "list.export",
        object_type="list",
        object_id=list_id,
        details={
            "version": number,
            "format": fmt,
            "hash": version.content_hash,
            "file_sha256": exported.sha256,
            "rows": version.n_entries,
        },
    )
    return exported


def check_version(version: ListVersion) -> None:
    """Refuse a version whose stored document no longer has its hash."""
    if docs.content_hash(version.content) != version.content_hash:
        raise Conflict(
            f"list version {version.id} does not match its hash {version.content_hash[:12]}…: "
            "it was altered after freezing; nothing is exported"
        )


def _check_file(version: ListVersion, read: tuple[list[str], list[dict[str, str]]]) -> None:
    fields, rows = read
    if (
        fields != version.content["fields"]
        or docs.rows_hash(version.content, rows) != version.content_hash
    ):
        raise Conflict("the exported file does not match the version's hash; nothing is exported")


def _fields(version: ListVersion) -> list[str]:
    return list(version.content["fields"])


def _cells(version: ListVersion) -> list[list[str]]:
    fields = _fields(version)
    return [[safe_cell(row.get(k, "")) for k in fields] for row in version.content["rows"]]


# --- CSV ---------------------------------------------------------------------------------------


def to_csv(version: ListVersion) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read Cyrillic correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([BY_KEY[k].label for k in _fields(version)])
    writer.writerows(_cells(version))
    return buffer.getvalue().encode("utf-8-sig")


def read_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """(field keys, rows) of a CSV written by :func:`to_csv`, values unescaped."""
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return _unlabel(table)


def _unlabel(table: Sequence[Sequence[str]]) -> tuple[list[str], list[dict[str, str]]]:
    header, body = list(table[0]), table[1:]
    unknown = [h for h in header if h not in LABEL_TO_KEY]
    if unknown:
        raise Invalid(f"unknown columns {unknown}", field="header")
    keys = [LABEL_TO_KEY[h] for h in header]
    rows = [{k: unescape_cell(v) for k, v in zip(keys, row, strict=True)} for row in body]
    return keys, rows


# --- XLSX --------------------------------------------------------------------------------------


def to_xlsx(version: ListVersion) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Список · List"
    fields = _fields(version)
    sheet.append([BY_KEY[k].label for k in fields])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _cells(version):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in row])
    sheet.freeze_panes = "A2"
    for index, key in enumerate(fields):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = _width(key)
    about = book.create_sheet("Про список · About")
    for label, value in _about(version):
        about.append([label, safe_cell(value)])
    about.column_dimensions["A"].width = 34
    about.column_dimensions["B"].width = 70
    frozen = _aware(version.frozen_at).replace(tzinfo=None)
    book.properties.creator = "ridni"
    book.properties.created = book.properties.modified = frozen
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _width(key: str) -> int:
    return {"ref": 12, "birth_date": 14, "sex": 8}.get(key, 26)


def read_xlsx(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    table = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    return _unlabel(table)


# --- PDF ---------------------------------------------------------------------------------------

PDF_CSS = """
@page { size: A4; margin: 16mm 12mm 18mm 12mm;
  @top-left { content: "ridni · %(title)s"; font-size: 7pt; color: #444; }
  @top-right { content: "%(version)s"; font-size: 7pt; color: #444; }
  @bottom-left { content: "SHA-256 %(hash)s"; font-size: 6.5pt; font-family: 'DejaVu Sans Mono'; }
  @bottom-right { content: "Сторінка / Page " counter(page) " з / of " counter(pages);
    font-size: 7pt; } }
body { font-family: 'DejaVu Sans'; font-size: 8pt; line-height: 1.3; }
h1 { font-size: 13pt; margin: 0 0 2mm; }
.meta { margin: 0 0 3mm; }
.meta p { margin: 0; }
.fields { margin: 0 0 3mm; color: #333; }
.e { margin: 0; padding: 1.2pt 0; border-top: 0.4pt solid #bbb; }
"""


def to_pdf(version: ListVersion) -> bytes:
    from weasyprint import HTML

    return HTML(string=pdf_html(version)).write_pdf()


def pdf_html(version: ListVersion) -> str:
    content = version.content
    escape = html.escape
    css = PDF_CSS % {
        "title": _css_string(content["list"]["name"]),
        "version": _css_string(f"Версія / Version {content['version']}"),
        "hash": version.content_hash,
    }
    meta = "".join(
        f"<p>{escape(label)}: {escape(str(value))}</p>" for label, value in _about(version)
    )
    fields = " · ".join(BY_KEY[k].label for k in content["fields"])
    legend = "; ".join(
        f"{BY_KEY[k].short} — {BY_KEY[k].label}" for k in content["fields"] if BY_KEY[k].short
    )
    # One text run per child: WeasyPrint lays out thousands of rows quickly this way (a table
    # cell per value costs ~1 ms each), see docs/cases.md.
    entries = "".join(
        f'<p class="e">{escape(_entry_text(i, row, content["fields"]))}</p>'
        for i, row in enumerate(content["rows"], start=1)
    )
    return (
        f'<!doctype html><html lang="uk"><head><meta charset="utf-8"><style>{css}</style>'
        f"<title>{escape(content['list']['name'])}</title></head><body>"
        "<h1>Список дітей · List of children</h1>"
        f'<div class="meta">{meta}</div><p class="fields">Поля / Fields: {escape(fields)}</p>'
        f'<p class="fields">Скорочення / Abbreviations: {escape(legend)}</p>'
        f"{entries}</body></html>"
    )


NAME_KEYS = ("family_name", "given_name", "patronymic")


def _entry_text(number: int, row: dict[str, str], fields: Sequence[str]) -> str:
    parts = [f"{number}. {row.get('ref', '')}"]
    name = " ".join(row[k] for k in NAME_KEYS if k in fields and row.get(k))
    if name:
        latin = romanise_uk(name)
        parts.append(name if latin == name else f"{name} ({latin})")
    for key in fields:
        if key in NAME_KEYS or key == "ref" or not row.get(key):
            continue
        parts.append(f"{BY_KEY[key].short} {row[key]}")
    return " · ".join(parts)


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _about(version: ListVersion) -> list[tuple[str, Any]]:
    content = version.content
    return [
        ("Список / List", f"{content['list']['name']} (№ {content['list']['id']})"),
        ("Канал / Channel", content["channel"]["name"]),
        ("Версія / Version", content["version"]),
        ("Дітей / Children", len(content["rows"])),
        (
            "Заморожено / Frozen",
            f"{_aware(version.frozen_at):%Y-%m-%d %H:%M} UTC, {version.frozen_by}",
        ),
        ("SHA-256", version.content_hash),
    ]


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


RENDERERS: dict[str, Callable[[ListVersion], bytes]] = {
    "pdf": to_pdf,
    "csv": to_csv,
    "xlsx": to_xlsx,
}
READERS: dict[str, Callable[[bytes], tuple[list[str], list[dict[str, str]]]]] = {
    "csv": read_csv,
    "xlsx": read_xlsx,
}
