"""The generated data files are what their build scripts make from the sources today."""

from __future__ import annotations

import csv
import gzip
import io

import pytest

from ridni.names import build_gazetteer, build_names
from ridni.names.version import key_fingerprint


def _tsv(rows, header) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def test_given_names_and_patronymics_are_current() -> None:
    classes, curated = build_names.build_classes()
    given = _tsv(build_names.given_rows(classes), ("class_id", "sex", "rank", "form", "latin"))
    assert build_names.GIVEN_OUT.read_text(encoding="utf-8") == given, (
        "run: python -m ridni.names.build_names"
    )
    from ridni.names.keys import latin_key

    patronymics = _tsv(
        ((c, s, f, latin_key(f)) for c, s, f in build_names.build_patronymics(classes, curated)),
        ("class_id", "sex", "form", "latin"),
    )
    assert build_names.PATRONYMIC_OUT.read_text(encoding="utf-8") == patronymics


def test_gazetteer_was_built_by_this_latin_key() -> None:
    first_line = gzip.decompress(build_gazetteer.OUT.read_bytes()).decode().split("\n", 1)[0]
    assert first_line == f"# {key_fingerprint()}", "run: python -m ridni.names.build_gazetteer"


@pytest.mark.slow
def test_gazetteer_is_current(tmp_path) -> None:
    path = tmp_path / "gazetteer.tsv.gz"
    build_gazetteer.write(build_gazetteer.build(), path)
    assert path.read_bytes() == build_gazetteer.OUT.read_bytes(), (
        "run: python -m ridni.names.build_gazetteer"
    )


def test_stale_keys_are_recomputed(monkeypatch) -> None:
    """A data file built by another latin_key still answers right (re-keyed on load)."""
    from ridni.names import tables

    rows = [{"form": "Олександр", "latin": "stale"}, {"form": "Юлія", "latin": "stale"}]
    monkeypatch.setattr(tables, "_rows", lambda name: iter([dict(r) for r in rows]))
    fresh = list(tables.read_rows("any.tsv", "latin", "form"))
    assert [r["latin"] for r in fresh] == ["aleksandr", "iulia"]
