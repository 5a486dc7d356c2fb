"""What a list says about each child, and the frozen document with its hash. Pure.

Each disclosable value is taken from the child's records in a fixed order of trust: names, birth
and family from the Ukrainian side (the official registry first), where the child is held from the
case (else the Russian side), the other side's spelling from Russian-side records. A row is then
cut down to the channel's fields; the frozen document holds nothing else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ridni.cases.sides import side_of

FORMAT = "ridni-list/1"

# Which kinds of source to trust first for the child's own data.
KIND_ORDER = (
    "official_registry",
    "return_list",
    "family_report",
    "osint",
    "other",
    "counterpart_list",
    "adoption_database",
)


@dataclass(frozen=True)
class ChildRecord:
    kind: str
    given_name: str | None = None
    family_name: str | None = None
    patronymic: str | None = None
    sex: str | None = None
    birth_date: str | None = None
    birth_place: str | None = None
    birth_region: str | None = None
    last_known_place: str | None = None
    institution: str | None = None
    guardian_names: str | None = None


@dataclass(frozen=True)
class Child:
    case_id: int
    person_id: int
    location: str | None
    records: tuple[ChildRecord, ...]
    sibling_persons: frozenset[int] = field(default_factory=frozenset)


def _ordered(records: Iterable[ChildRecord]) -> list[ChildRecord]:
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    return sorted(records, key=lambda r: rank.get(r.kind, len(rank)))


def _first(records: Sequence[ChildRecord], attribute: str) -> str:
    for record in records:
        value = getattr(record, attribute)
        if value not in (None, ""):
            return str(value)
    return ""


def _distinct(values: Iterable[str]) -> str:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return "; ".join(seen)


def full_name(record: ChildRecord) -> str:
    return " ".join(p for p in (record.family_name, record.given_name, record.patronymic) if p)


def child_values(child: Child) -> dict[str, str]:
    """Every disclosable value of the child except ``ref`` and ``siblings`` (list-dependent)."""
    records = _ordered(child.records)
    russian = [r for r in records if side_of(r.kind) == "ru"]
    return {
        "family_name": _first(records, "family_name"),
        "given_name": _first(records, "given_name"),
        "patronymic": _first(records, "patronymic"),
        "birth_date": _first(records, "birth_date"),
        "sex": _first(records, "sex"),
        "birth_place": _first(records, "birth_place"),
        "region": _first(records, "birth_region"),
        "names_other_side": _distinct(full_name(r) for r in russian),
        "held_place": (child.location or "").strip() or _first(russian, "last_known_place"),
        "institution": _first(russian, "institution") or _first(records, "institution"),
        "guardians": _distinct(r.guardian_names or "" for r in records if side_of(r.kind) == "ua"),
    }


def age_on(birth_date: str, today: date) -> int | None:
    """Age in whole years; a partial date ('2012', '2012-05') counts from its first day."""
    if not birth_date:
        return None
    parts = birth_date.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
    except ValueError:
        return None
    return today.year - year - ((today.month, today.day) < (month, day))


def matches(
    child: Child,
    *,
    region: str | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    institution: str | None = None,
    today: date,
) -> bool:
    """Whether the child fits a draft's filters (substring, case-insensitive, any record)."""
    if region:
        wanted = region.casefold()
        places = [r.birth_region or "" for r in child.records] + [
            r.birth_place or "" for r in child.records
        ]
        if not any(wanted in p.casefold() for p in places):
            return False
    if institution:
        wanted = institution.casefold()
        places = [r.institution or "" for r in child.records] + [child.location or ""]
        if not any(wanted in p.casefold() for p in places):
            return False
    if min_age is not None or max_age is not None:
        age = age_on(child_values(child)["birth_date"], today)
        if age is None:
            return False
        if (min_age is not None and age < min_age) or (max_age is not None and age > max_age):
            return False
    return True


def sibling_text(refs_and_names: Iterable[tuple[str, str]]) -> str:
    return "; ".join(f"{ref} {name}".strip() for ref, name in refs_and_names)


def project(values: Mapping[str, str], fields: Sequence[str]) -> dict[str, str]:
    """The row as the channel may see it: exactly ``fields``, nothing else."""
    return {key: values.get(key, "") or "" for key in fields}


def document(
    *,
    list_id: int,
    list_name: str,
    channel_id: int,
    channel_name: str,
    version: int,
    fields: Sequence[str],
    rows: Sequence[Mapping[str, str]],
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "list": {"id": list_id, "name": list_name},
        "channel": {"id": channel_id, "name": channel_name},
        "version": version,
        "fields": list(fields),
        "rows": [dict(r) for r in rows],
    }


def canonical_json(content: Mapping[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def content_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a version's document."""
    return hashlib.sha256(canonical_json(content)).hexdigest()


def rows_hash(content: Mapping[str, Any], rows: Sequence[Mapping[str, str]]) -> str:
    """The hash the document would have with ``rows`` (to check an exported file's rows)."""
    return content_hash({**content, "rows": [dict(r) for r in rows]})
