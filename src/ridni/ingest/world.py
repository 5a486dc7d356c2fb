"""The manifest of a synthetic world (``ridni synth``): which files to import, in which order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ridni.errors import Invalid

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ManifestEntry:
    file: Path
    source: str
    kind: str
    description: str | None
    rows: int | None


def read_manifest(directory: str | Path) -> list[ManifestEntry]:
    """The files of ``directory/manifest.json`` (its ``sources`` list), in order."""
    path = Path(directory) / MANIFEST
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Invalid(
            "no manifest.json (is this a directory made by `ridni synth`?)", file=name
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Invalid(f"not a valid manifest: {exc}", file=name) from None
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, list) or not sources:
        raise Invalid("the manifest lists no sources", file=name, field="sources")
    return [_entry(path.parent, item, number, name) for number, item in enumerate(sources)]


def _entry(directory: Path, item: object, number: int, name: str) -> ManifestEntry:
    where = f"sources[{number}]"
    if not isinstance(item, dict):
        raise Invalid("each source is an object", file=name, field=where)
    for key in ("file", "source", "kind"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise Invalid(f"missing {key!r}", file=name, field=f"{where}.{key}")
    rows = item.get("rows")
    return ManifestEntry(
        file=directory / item["file"],
        source=item["source"],
        kind=item["kind"],
        description=item.get("description"),
        rows=rows if isinstance(rows, int) else None,
    )
