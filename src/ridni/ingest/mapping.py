"""Mapping files: how a source's own layout becomes the canonical person-record format.

A mapping is a small TOML file (see docs/ingest.md)::

    [columns]            # the file's column -> a canonical field ("" drops the column)
    "Прізвище" = "family_name"
    [constants]          # a value for every row
    birth_region = "Херсонська область"
    [dates]
    formats = ["%d/%m/%Y", "%m/%Y", "%Y"]
    [values.sex]         # the file's value -> the value to read instead
    "1" = "M"
    [options]
    full_version = false # records missing from this file are not withdrawn

Without a mapping, the canonical layout is read as it is (``CANONICAL``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ridni.errors import Invalid
from ridni.ingest.models import CANONICAL_FIELDS

_SECTIONS = ("columns", "constants", "dates", "values", "options")
_OPTIONS = {"full_version": bool, "encoding": str, "delimiter": str, "sheet": str}
_ENCODINGS = ("utf-8", "utf-8-sig", "cp1251")
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Mapping:
    """A source layout. ``columns`` only lists renames: canonical column names map to themselves."""

    name: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    date_formats: tuple[str, ...] = ()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    full_version: bool | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    def target(self, column: str) -> str | None:
        """The canonical field a file column feeds; '' when dropped; None when it is extra."""
        if column in self.columns:
            return self.columns[column]
        return column if column in CANONICAL_FIELDS else None

    def spec(self) -> dict[str, Any]:
        """The mapping as plain data, stored with each batch."""
        return {
            "columns": self.columns,
            "constants": self.constants,
            "dates": {"formats": list(self.date_formats)},
            "values": self.values,
            "options": {
                key: value
                for key, value in (
                    ("full_version", self.full_version),
                    ("encoding", self.encoding),
                    ("delimiter", self.delimiter),
                    ("sheet", self.sheet),
                )
                if value is not None
            },
        }


CANONICAL = Mapping()


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file; any problem raises Invalid naming the file and key."""
    path = Path(path)
    file = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Invalid("mapping file not found", file=file) from None
    except UnicodeDecodeError:
        raise Invalid("a mapping file must be UTF-8", file=file) from None
    except tomllib.TOMLDecodeError as exc:
        raise Invalid(f"not valid TOML: {exc}", file=file) from None
    for section in data:
        if section not in _SECTIONS:
            raise Invalid(f"unknown section [{section}]", file=file, field=section)
    return Mapping(
        name=path.name,
        columns=_columns(data.get("columns", {}), file),
        constants=_constants(data.get("constants", {}), file),
        date_formats=_date_formats(data.get("dates", {}), file),
        values=_values(data.get("values", {}), file),
        **_options(data.get("options", {}), file),
    )


def _table(data: Any, name: str, file: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise Invalid(f"[{name}] must be a table", file=file, field=name)
    return data


def _field_name(name: str, where: str, file: str) -> str:
    if name not in CANONICAL_FIELDS:
        raise Invalid(
            f"{name!r} is not a canonical field ({', '.join(CANONICAL_FIELDS)})",
            file=file,
            field=where,
        )
    return name


def _columns(data: Any, file: str) -> dict[str, str]:
    columns: dict[str, str] = {}
    fed_by: dict[str, str] = {}
    for column, target in _table(data, "columns", file).items():
        where = f"columns.{column}"
        if not isinstance(target, str):
            raise Invalid("a column maps to a field name (a string)", file=file, field=where)
        if target:
            _field_name(target, where, file)
            if target in fed_by:
                raise Invalid(
                    f"both {fed_by[target]!r} and {column!r} map to {target!r}",
                    file=file,
                    field=where,
                )
            fed_by[target] = column
        columns[column] = target
    return columns


def _constants(data: Any, file: str) -> dict[str, str]:
    constants: dict[str, str] = {}
    for name, value in _table(data, "constants", file).items():
        where = f"constants.{name}"
        _field_name(name, where, file)
        if name == "record_id":
            raise Invalid("record_id cannot be a constant", file=file, field=where)
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise Invalid("a constant is a string or a whole number", file=file, field=where)
        constants[name] = str(value)
    return constants


def _date_formats(data: Any, file: str) -> tuple[str, ...]:
    table = _table(data, "dates", file)
    for key in table:
        if key != "formats":
            raise Invalid(f"unknown key {key!r} in [dates]", file=file, field=f"dates.{key}")
    formats = table.get("formats", [])
    if not isinstance(formats, list) or not all(isinstance(f, str) and "%" in f for f in formats):
        raise Invalid(
            'formats is a list of strptime formats such as ["%d/%m/%Y", "%Y"]',
            file=file,
            field="dates.formats",
        )
    return tuple(formats)


def _values(data: Any, file: str) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    for name, table in _table(data, "values", file).items():
        where = f"values.{name}"
        _field_name(name, where, file)
        table = _table(table, where, file)
        if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in table.values()):
            raise Invalid("each value maps to a string", file=file, field=where)
        values[name] = {str(source): str(target) for source, target in table.items()}
    return values


def _options(data: Any, file: str) -> dict[str, Any]:
    options = _table(data, "options", file)
    for key, value in options.items():
        where = f"options.{key}"
        if key not in _OPTIONS:
            raise Invalid(f"unknown option {key!r}", file=file, field=where)
        if not isinstance(value, _OPTIONS[key]):
            raise Invalid(f"{key} must be a {_OPTIONS[key].__name__}", file=file, field=where)
    if options.get("encoding", "utf-8").lower() not in _ENCODINGS:
        message = f"encoding is one of {', '.join(_ENCODINGS)}"
        raise Invalid(message, file=file, field="options.encoding")
    if options.get("delimiter", ",") not in _DELIMITERS:
        raise Invalid("delimiter is one of , ; | or a tab", file=file, field="options.delimiter")
    if "encoding" in options:
        options = options | {"encoding": options["encoding"].lower()}
    return options
