"""Property tests of the importer: arbitrary bytes never crash it and never half-write; random
valid files import, re-import unchanged, and count their changes exactly."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from ridni.errors import Invalid
from ridni.ingest.models import CANONICAL_FIELDS

from .helpers import DATA, HEADER, run_import, snapshot

SAMPLE = (DATA / "canonical.csv").read_bytes()
_ID = st.from_regex(r"[A-Z]{1,3}-?[0-9]{1,3}", fullmatch=True)
_CELL = st.text(alphabet=st.sampled_from(list('Олесьжч ,;\t"\n\r.-0123456789MFx?\\=')), max_size=12)


# A canonical row whose free-text cells are awkward but whose typed cells are readable.
_GOOD_ROW = st.fixed_dictionaries(
    {name: _CELL for name in CANONICAL_FIELDS}
    | {
        "record_id": _ID,
        "sex": st.sampled_from(["", "M", "ж", "чол."]),
        "birth_date": st.sampled_from(["", "2014", "2014-03", "09.03.2014"]),
        "last_known_date": st.just(""),
        "age": st.sampled_from(["", "7"]),
    }
).map(lambda row: [row[name] for name in CANONICAL_FIELDS])


@st.composite
def near_csv(draw: st.DrawFn) -> bytes:
    """A header (canonical or not) and rows of awkward cells, in UTF-8 or cp1251; most rows
    have the header's width and an id, so that many files get as far as the database."""
    header = draw(st.sampled_from([HEADER, "record_id,sex,birth_date,notes", "id;name", ""]))
    width = len(header.split(","))
    row = st.one_of(
        st.tuples(_ID, st.lists(_CELL, min_size=width - 1, max_size=width - 1)).map(
            lambda parts: [parts[0], *parts[1]]
        ),
        st.lists(_CELL, max_size=width + 2),
        _GOOD_ROW if header == HEADER else st.lists(_CELL, min_size=width, max_size=width),
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerows(draw(st.lists(row, max_size=6)))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]))
    return (header + "\n" + buffer.getvalue()).encode(encoding, errors="ignore")


@st.composite
def mutated_sample(draw: st.DrawFn) -> bytes:
    """The good sample file with bytes replaced (often by delimiters and quotes), inserted or
    cut off."""
    data = bytearray(SAMPLE)
    byte = st.one_of(st.sampled_from(list(b',;"\n\r.-0x ')), st.integers(0, 255))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["replace", "insert", "truncate"]))
        if action == "replace":
            data[position] = draw(byte)
        elif action == "insert":
            data[position:position] = bytes(draw(st.lists(byte, min_size=1, max_size=4)))
        else:
            del data[position:]
            break
    return bytes(data)


ANY_FILE = st.one_of(st.binary(max_size=1500), near_csv(), mutated_sample())


def test_arbitrary_bytes_never_crash_and_never_half_write(engine: Engine, tmp_path: Path) -> None:
    examples = 120 if engine.dialect.name == "sqlite" else 40
    names = itertools.count()

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(content=ANY_FILE, suffix=st.sampled_from([".csv", ".jsonl", ".xlsx", ".txt"]))
    def imports_or_refuses(content: bytes, suffix: str) -> None:
        path = tmp_path / f"fuzz{next(names)}{suffix}"
        path.write_bytes(content)
        before = snapshot(engine)
        try:
            report = run_import(engine, path, source="fuzz", kind="osint", full_version=False)
        except Invalid as error:
            event("refused")
            assert error.file == str(path)
            assert snapshot(engine) == before
        else:
            assert report.rows_total > 0 and report.batch_id is not None
            event("imported")

    imports_or_refuses()


_NAME = st.sampled_from(["Олесь", "Олександр", "Александр", "Sasha", "Дарина", "Злата", ""])
_SEX = st.sampled_from(["M", "F", "ч", "ж", "чол", "жін", "male", "female", ""])
_DATE = st.one_of(
    st.just(""),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).flatmap(
        lambda d: st.sampled_from(
            [d.isoformat(), d.strftime("%d.%m.%Y"), d.strftime("%Y-%m"), d.strftime("%Y")]
        )
    ),
)
# Free text, line breaks included; NUL and other control characters make a file binary.
_NOTES = st.text(
    st.one_of(st.characters(exclude_categories=("Cc", "Cs")), st.just("\n")), max_size=20
)
_ROW = st.fixed_dictionaries(
    {
        "given_name": _NAME,
        "family_name": _NAME,
        "sex": _SEX,
        "birth_date": _DATE,
        "notes": _NOTES,
    }
)


def _write(path: Path, rows: dict[str, dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CANONICAL_FIELDS, restval="")
        writer.writeheader()
        for record_id, row in rows.items():
            writer.writerow({"record_id": record_id, **row})
    return path


def test_random_valid_files_import_reimport_and_count_changes(
    engine: Engine, tmp_path: Path
) -> None:
    examples = 30 if engine.dialect.name == "sqlite" else 12
    sources = itertools.count()

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(
        rows=st.dictionaries(
            st.from_regex(r"[A-Z]{2}-[0-9]{1,4}", fullmatch=True), _ROW, min_size=1, max_size=25
        ),
        data=st.data(),
    )
    def property_(rows: dict[str, dict[str, str]], data: st.DataObject) -> None:
        source = f"prop{next(sources)}"
        first = run_import(engine, _write(tmp_path / f"{source}.csv", rows), source=source)
        assert (first.n_new, first.rows_total) == (len(rows), len(rows))
        again = run_import(engine, tmp_path / f"{source}.csv", source=source)
        assert (again.n_unchanged, again.n_new, again.n_changed) == (len(rows), 0, 0)
        ids = sorted(rows)
        dropped = set(data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids) - 1)))
        kept = [i for i in ids if i not in dropped]
        edited = set(data.draw(st.lists(st.sampled_from(kept), unique=True))) if kept else set()
        version = {i: rows[i] | ({"notes": rows[i]["notes"] + " (ще)"} if i in edited else {})
                   for i in kept}  # fmt: skip
        version["NEW-1"] = {"given_name": "Марко"}
        second = run_import(engine, _write(tmp_path / f"{source}_v2.csv", version), source=source)
        assert (second.n_new, second.n_changed, second.n_withdrawn) == (1, len(edited),
                                                                        len(dropped))  # fmt: skip
        assert second.n_unchanged == len(kept) - len(edited)

    property_()
