"""Rows as received -> normalised records, through a mapping (the canonical layout by default).

This is the hot loop of an import (a million rows should take seconds), so each field's
normaliser is looked up once per layout, and each field keeps a bounded cache from a value as
received to its normalised form: names, places, dates and sexes repeat a great deal.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any, NamedTuple

from ridni.errors import Invalid
from ridni.ingest.mapping import CANONICAL, Mapping
from ridni.ingest.models import CANONICAL_FIELDS
from ridni.ingest.normalise import (
    clean_list,
    clean_text,
    parse_age,
    parse_date,
    parse_sex,
)
from ridni.ingest.readers import Row, cell_text

FIELD_INDEX = {name: index for index, name in enumerate(CANONICAL_FIELDS)}
RECORD_ID = FIELD_INDEX["record_id"]
# The widths of the registry's columns: a longer value is refused, never cut.
MAX_LENGTH = dict.fromkeys(("record_id", "given_name", "family_name", "patronymic"), 200)
MAX_LENGTH |= dict.fromkeys(("birth_place", "birth_region", "last_known_place"), 300)
# Fields whose values are nearly all different: caching them would only cost memory.
_UNCACHED = frozenset({"record_id", "notes", "sibling_ids"})
CACHE_ENTRIES = 20_000  # per field; bounds memory whatever the file's size
_HASH_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
# Part of every raw hash: change it whenever normalisation changes what it makes of a value,
# so that the next re-import reads every row again instead of trusting unchanged raw rows.
NORMALISE_VERSION = "1"

Normaliser = Callable[[str], Any]


class Record(NamedTuple):
    """One row, normalised. ``values`` follow ``CANONICAL_FIELDS``; ``raw_json`` is the row
    exactly as received, as JSON (a tuple, so that chunks of records travel cheaply between
    processes)."""

    line_no: int
    values: tuple[Any, ...]
    extra: dict[str, str] | None
    raw_json: str
    content_hash: str
    raw_hash: str  # see RowConverter.raw_hash

    @property
    def record_id(self) -> str:
        return self.values[RECORD_ID]  # type: ignore[no-any-return]

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(CANONICAL_FIELDS, self.values, strict=True))


def _json_encoder() -> Callable[[Any], str]:
    """A compact UTF-8 JSON encoder; the C encoder called directly skips json's per-call setup."""
    slow = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    if c_make_encoder is None:  # pragma: no cover - CPython always has it
        return slow.encode
    fast = c_make_encoder(None, slow.default, encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(fast(value, 0))


encode_json = _json_encoder()


def content_hash(values: Sequence[Any], extra: dict[str, Any] | None) -> str:
    """A fingerprint of the normalised values and the extra columns (not of the raw row)."""
    parts = ["" if value is None else str(value) for value in values]
    if extra:
        parts.append(_HASH_JSON.encode(extra))
    return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


def _loose(name: str) -> str:
    return re.sub(r"[\s_\-]+", "_", name.strip().casefold())


class _Field(NamedTuple):
    # A tuple, unpacked in the hot loop: cheaper than attribute lookups per field.
    index: int  # in CANONICAL_FIELDS
    key: int | str  # where the row holds it: a position (list rows) or a name (dict rows)
    normalise: Normaliser
    cache: dict[str, Any] | None
    column: str  # the file's name for it, for error messages


@dataclass(slots=True)
class _Plan:
    fields: list[_Field]
    extra: list[tuple[int | str, str]]  # (key, column) of the columns kept as extra
    template: list[Any]  # constants in place, None elsewhere
    json_prefixes: list[str]  # '"column":' for each position (list rows)
    hasher: Any  # sha1 already fed with the layout's fingerprint; copied for each raw hash
    record_id: _Field | None


class RowConverter:
    """Converts the rows of one file; create one per import (it holds the caches)."""

    def __init__(self, mapping: Mapping = CANONICAL, *, file: str) -> None:
        self.mapping = mapping
        self.file = file
        self._normalisers = {name: self._normaliser(name) for name in CANONICAL_FIELDS}
        self._caches: dict[str, dict[str, Any]] = {
            name: {} for name in CANONICAL_FIELDS if name not in _UNCACHED
        }
        self._template = self._constants()
        self._plans: dict[tuple[str, ...], _Plan] = {}
        self._fixed: _Plan | None = None  # the header's plan, when rows share one header
        fingerprint = NORMALISE_VERSION + _HASH_JSON.encode(mapping.spec())
        self._hasher = hashlib.sha1(fingerprint.encode(), usedforsecurity=False)

    # --- layout ---------------------------------------------------------------------------

    def check_columns(self, columns: Sequence[str]) -> None:
        """Check a header against the mapping; raise Invalid naming line 1 and the column.

        Afterwards rows are lists in the header's order (CSV, XLSX)."""
        plan = self._fixed = self._make_plan(tuple(columns), line=1, by_position=True)
        keys = {column.strip() for column in columns}
        for column in self.mapping.columns:
            if column not in keys:
                raise Invalid(
                    f"the mapping names column {column!r}, which the file does not have",
                    file=self.file,
                    line=1,
                    field=column,
                )
        if not any(field.index == RECORD_ID for field in plan.fields):
            raise Invalid(
                "no record_id column: the header is missing or wrong "
                f"(expected columns such as {', '.join(CANONICAL_FIELDS[:5])}…)",
                file=self.file,
                line=1,
                field="record_id",
            )

    def _plan(self, keys: tuple[str, ...], line: int) -> _Plan:
        plan = self._plans.get(keys)
        if plan is None:
            plan = self._plans[keys] = self._make_plan(keys, line)
        return plan

    def _make_plan(self, keys: tuple[str, ...], line: int, by_position: bool = False) -> _Plan:
        fields: list[_Field] = []
        extra: list[tuple[int | str, str]] = []
        fed_by: dict[str, str] = {}
        for position, key in enumerate(keys):
            where = position if by_position else key
            name = self.mapping.target(key.strip())
            if name is None:
                self._refuse_near_miss(key, line)
                extra.append((where, key))
                continue
            if not name:
                continue  # dropped by the mapping; the raw row still keeps it
            if name in fed_by or name in self.mapping.constants:
                other = fed_by.get(name, "a constant of the mapping")
                raise Invalid(
                    f"both {other!r} and {key!r} give {name}",
                    file=self.file,
                    line=line,
                    field=key,
                )
            fed_by[name] = key
            normalise = self._normalisers[name]
            cache = self._caches.get(name)
            fields.append(_Field(FIELD_INDEX[name], where, normalise, cache, key))
        prefixes = [encode_basestring(key) + ":" for key in keys] if by_position else []
        hasher = self._hasher.copy()
        if by_position:  # list rows are hashed without their column names: add them once
            hasher.update("\x1e".join(keys).encode())
        id_field = next((f for f in fields if f.index == RECORD_ID), None)
        return _Plan(fields, extra, self._template, prefixes, hasher, id_field)

    def _refuse_near_miss(self, key: str, line: int) -> None:
        loose = _loose(key)
        if loose in FIELD_INDEX:
            raise Invalid(
                f"column {key!r} looks like {loose!r}: name it exactly {loose!r} or use a mapping",
                file=self.file,
                line=line,
                field=key,
            )

    def _constants(self) -> list[Any]:
        template: list[Any] = [None] * len(CANONICAL_FIELDS)
        for name, text in self.mapping.constants.items():
            try:
                template[FIELD_INDEX[name]] = self._normalisers[name](text)
            except Invalid as exc:
                where = f"constants.{name}"
                raise Invalid(exc.message, file=self.mapping.name, field=where) from None
        return template

    def _normaliser(self, name: str) -> Normaliser:
        base = _base_normaliser(name, self.mapping.date_formats)
        limit = MAX_LENGTH.get(name)
        value_map = self.mapping.values.get(name)
        if limit is not None:
            base = _limited(base, limit)
        if value_map:
            return _mapped(base, value_map)
        return base

    # --- rows -----------------------------------------------------------------------------

    def convert(self, line_no: int, raw: Row | list[str]) -> Record | list[Invalid]:
        """A record, or every problem of the row (each naming file, line and field).

        A row is a list in the header's order (after ``check_columns``) or a dict of its own
        keys (JSON Lines)."""
        if type(raw) is list:
            plan = self._fixed
            assert plan is not None, "check_columns first"
            get = raw.__getitem__
        else:
            try:
                plan = self._plan(tuple(raw), line_no)
            except Invalid as exc:
                return [exc]
            get = raw.get  # type: ignore[union-attr]
        values = plan.template.copy()
        errors: list[Invalid] | None = None
        for index, key, normalise, cache, column in plan.fields:
            text = get(key)
            if type(text) is not str:
                text = "" if text is None else cell_text(text)
            if not text:
                continue
            value = cache.get(text, _MISSING) if cache is not None else _MISSING
            if value is _MISSING:
                try:
                    value = normalise(text)
                except Invalid as exc:
                    errors = errors or []
                    errors.append(Invalid(exc.message, file=self.file, line=line_no, field=column))
                    continue
                if cache is not None and len(cache) < CACHE_ENTRIES:
                    cache[text] = value
            values[index] = value
        if values[RECORD_ID] is None:
            errors = errors or []
            errors.append(
                Invalid("record_id is missing", file=self.file, line=line_no, field="record_id")
            )
        if errors:
            return errors
        extra = _extra(get, plan.extra) if plan.extra else None
        row = tuple(values)
        digest = content_hash(row, extra)
        if type(raw) is list:
            # The raw row's JSON straight from the header's encoded names: no dict per row.
            pairs = [
                prefix + encode_basestring(text)
                for prefix, text in zip(plan.json_prefixes, raw, strict=True)
            ]
            raw_json = "{" + ",".join(pairs) + "}"
            raw_hash = _raw_hash(plan, "\x1f".join(raw))
        else:
            raw_json = encode_json(raw)
            raw_hash = _raw_hash(plan, raw_json)
        # tuple.__new__ directly: a named tuple's own constructor is Python code.
        return _new_record(Record, (line_no, row, extra, raw_json, digest, raw_hash))

    def key(self, line_no: int, raw: Row | list[str]) -> tuple[int, str, str] | list[Invalid]:
        """(line, record_id, raw hash) of a row, reading nothing else: what a re-import needs
        to tell the rows that may have changed from those received exactly as before."""
        if type(raw) is list:
            plan = self._fixed
            assert plan is not None, "check_columns first"
            text = raw[plan.record_id.key] if plan.record_id else None  # type: ignore[index]
            hashed = "\x1f".join(raw)
        else:
            try:
                plan = self._plan(tuple(raw), line_no)
            except Invalid as exc:
                return [exc]
            text = raw.get(plan.record_id.key) if plan.record_id else None  # type: ignore[union-attr]
            hashed = encode_json(raw)
        if type(text) is not str:
            text = "" if text is None else cell_text(text)
        try:
            record_id = plan.record_id.normalise(text) if text and plan.record_id else None
        except Invalid as exc:
            field = plan.record_id.column if plan.record_id else "record_id"
            return [Invalid(exc.message, file=self.file, line=line_no, field=field)]
        if record_id is None:
            return [Invalid("record_id is missing", file=self.file, line=line_no,
                            field="record_id")]  # fmt: skip
        return (line_no, record_id, _raw_hash(plan, hashed))


def _raw_hash(plan: _Plan, text: str) -> str:
    """A fingerprint of a row exactly as received, under this layout and normalisation: equal
    raw hashes mean equal records, so a re-import need not normalise the row again."""
    hasher = plan.hasher.copy()
    hasher.update(text.encode())
    return hasher.hexdigest()  # type: ignore[no-any-return]


def _extra(get: Callable[[Any], Any], keys: list[tuple[int | str, str]]) -> dict[str, str] | None:
    extra = {}
    for key, column in keys:
        value = get(key)
        text = clean_text(value if type(value) is str else cell_text(value))
        if text is not None:
            extra[column.strip()] = text
    return extra or None


_MISSING = object()
_new_record = tuple.__new__


def _base_normaliser(name: str, formats: tuple[str, ...]) -> Normaliser:
    if name in ("birth_date", "last_known_date"):
        return lambda text: parse_date(text, formats)
    if name == "sex":
        return parse_sex
    if name == "age":
        return parse_age
    if name == "guardian_names":
        return lambda text: clean_list(text, "; ")
    if name == "sibling_ids":
        return lambda text: clean_list(text, ";")
    return clean_text


def _limited(normalise: Normaliser, limit: int) -> Normaliser:
    def limited(text: str) -> Any:
        value = normalise(text)
        if value is not None and len(value) > limit:
            raise Invalid(f"longer than {limit} characters ({len(value)})")
        return value

    return limited


def _mapped(normalise: Normaliser, value_map: dict[str, str]) -> Normaliser:
    folded = {clean_text(source) or "": target for source, target in value_map.items()}
    folded |= {key.casefold(): target for key, target in folded.items()}

    def mapped(text: str) -> Any:
        value = clean_text(text) or ""
        replaced = folded.get(value, folded.get(value.casefold(), text))
        return normalise(replaced)

    return mapped
