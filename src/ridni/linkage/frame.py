"""The linkage frame: one row per live source record with every column the model reads.

Features come from ``record_features`` (computed once per record version by ``features``);
sibling signatures are assembled here in DuckDB, because they join a record to its siblings.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session

from ridni.db.bulk import bulk_insert
from ridni.db.sqlite_arrow import ArrowReader, typed_first_row
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.features import FEATURES_VERSION, record_features
from ridni.linkage.models import RecordFeatures

Progress = Callable[[int, int], None]

_FEATURE_FIELDS = (
    "given_name",
    "family_name",
    "patronymic",
    "sex",
    "birth_date",
    "birth_place",
    "birth_region",
    "last_known_place",
    "last_known_date",
    "institution",
    "guardian_names",
    "age",
)
_BATCH = 20_000


_FEATURE_COLUMNS = tuple(c.name for c in RecordFeatures.__table__.columns)


def _feature_values(fields: dict[str, str | None], kind: str) -> tuple[object, ...]:
    """``record_features`` in the table's column order, after the record's key."""
    features = record_features(fields, kind)
    return tuple(features[name] for name in _FEATURE_COLUMNS[1:])


def stale_feature_count(session: Session) -> int:
    return session.execute(
        text(f"SELECT count(*) FROM ({_STALE_SQL}) s"), _stale_params()
    ).scalar_one()


_STALE_SQL = """
    SELECT r.id FROM source_records r
    LEFT JOIN record_features f ON f.record_pk = r.id
    WHERE f.record_pk IS NULL OR f.names_version <> :version
"""


def _stale_params() -> dict[str, object]:
    return {"version": FEATURES_VERSION}


def without_current_features(session: Session, record_pks: list[int]) -> list[int]:
    """Those of ``record_pks`` whose features are missing or of another version."""
    current: set[int] = set()
    for start in range(0, len(record_pks), _BATCH):
        current.update(
            session.scalars(
                select(RecordFeatures.record_pk).where(
                    RecordFeatures.record_pk.in_(record_pks[start : start + _BATCH]),
                    RecordFeatures.names_version == FEATURES_VERSION,
                )
            )
        )
    return [pk for pk in record_pks if pk not in current]


# From this many records, features are computed by a pool of worker processes (one per core)
# while this process reads the next batch and writes the last: on a million records that halves
# the step. Below it, starting the pool costs more than it saves.
PARALLEL_FROM = 100_000
_IN_FLIGHT = 3  # batches handed to the workers ahead of the one being written
_MAX_WORKERS = 4  # the writes, in this process, set the pace beyond that


def refresh_features(
    session: Session,
    record_pks: list[int] | None = None,
    progress: Progress | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> int:
    """Compute features of the given records, or of every record lacking current ones."""
    if record_pks is None:
        record_pks = list(session.execute(text(_STALE_SQL), _stale_params()).scalars())
    total = len(record_pks)
    chunks = [record_pks[start : start + _BATCH] for start in range(0, total, _BATCH)]
    done = 0
    with _workers(total >= parallel_from) as pool:
        for chunk, values in _computed(session, chunks, pool):
            session.execute(delete(RecordFeatures).where(RecordFeatures.record_pk.in_(chunk)))
            # Raw executemany / COPY: the ORM's bulk insert splits rows by which keys are None
            # and ran a statement per few rows (two thirds of the time on a million records).
            bulk_insert(session, RecordFeatures.__tablename__, _FEATURE_COLUMNS, values)
            done += len(chunk)
            if progress:
                progress(done, total)
    return total


def _computed(
    session: Session, chunks: list[list[int]], pool: Any
) -> Iterator[tuple[list[int], list[tuple[Any, ...]]]]:
    """Each chunk with its feature rows, in order; with a pool, up to ``_IN_FLIGHT`` chunks are
    being computed while the caller writes the one before."""
    if pool is None:
        for chunk in chunks:
            yield chunk, _features_of(_feature_inputs(session, chunk))
        return
    in_flight: deque[tuple[list[int], Any]] = deque()
    for position, chunk in enumerate(chunks):
        rows = _feature_inputs(session, chunk)
        in_flight.append((chunk, pool.apply_async(_features_of, (rows,))))
        while in_flight and (len(in_flight) > _IN_FLIGHT or position == len(chunks) - 1):
            ready, job = in_flight.popleft()
            yield ready, job.get()


@contextmanager
def _workers(wanted: bool) -> Iterator[Any]:
    """A pool of forked workers (they inherit the name tables already loaded), or None."""
    if not wanted or (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods():
        yield None
        return
    with mp.get_context("fork").Pool(min(os.cpu_count() or 1, _MAX_WORKERS)) as pool:
        yield pool


def _feature_inputs(session: Session, chunk: list[int]) -> list[tuple[Any, ...]]:
    return [
        tuple(row)
        for row in session.execute(
            select(
                SourceRecord.id, Source.kind, *(getattr(SourceRecord, f) for f in _FEATURE_FIELDS)
            )
            .join(Source, Source.id == SourceRecord.source_id)
            .where(SourceRecord.id.in_(chunk))
        )
    ]


def _features_of(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [
        (row[0], *_feature_values(dict(zip(_FEATURE_FIELDS, row[2:], strict=True)), row[1]))
        for row in rows
    ]


# A record whose sex a reviewer marked wrong (its latest verdict, ``linkage.decisions``) is
# linked with the other sex while it still gives the sex marked wrong. Verdicts are few; the
# join is an index probe per record.
_FRAME_QUERY = """
    SELECT r.id, s.name, s.kind, r.record_id, r.sibling_ids, f.side, f.given_key, f.given_keys,
           f.given_latin, f.family_key, f.family_initial, f.patronymic_key,
           CASE WHEN w.sex = f.sex AND f.sex = 'M' THEN 'F'
                WHEN w.sex = f.sex AND f.sex = 'F' THEN 'M' ELSE f.sex END, f.birth_year,
           f.birth_month, f.birth_day, f.age_birth_year, f.age_born_from, f.age_born_to,
           f.birth_place_key, f.birth_place_name, f.region_key, f.last_place_key,
           f.last_region_key, f.institution_key, f.guardian_keys, r.given_name, r.family_name,
           r.birth_date
    FROM source_records r
    JOIN sources s ON s.id = r.source_id
    JOIN record_features f ON f.record_pk = r.id
    LEFT JOIN (
        SELECT d.record_pk, d.sex FROM sex_decisions d
        WHERE d.verdict = 'wrong'
          AND d.id = (SELECT max(x.id) FROM sex_decisions x WHERE x.record_pk = d.record_pk)
    ) w ON w.record_pk = r.id
    WHERE r.withdrawn = :no {extra}
"""
_FRAME_NAMES = [
    "unique_id",
    "source",
    "kind",
    "record_id",
    "sibling_ids",
    "side",
    "given_key",
    "given_keys_text",
    "given_latin",
    "family_key",
    "family_initial",
    "patronymic_key",
    "sex",
    "birth_year",
    "birth_month",
    "birth_day",
    "age_birth_year",
    "age_born_from",
    "age_born_to",
    "birth_place_key",
    "birth_place_name",
    "region_key",
    "last_place_key",
    "last_region_key",
    "institution_key",
    "guardian_keys_text",
    "given_name",
    "family_name",
    "birth_date",
]
_INT_COLUMNS = {
    "unique_id",
    "birth_year",
    "birth_month",
    "birth_day",
    "age_birth_year",
    "age_born_from",
    "age_born_to",
}
_FRAME_SCHEMA = pa.schema(
    [(name, pa.int64() if name in _INT_COLUMNS else pa.string()) for name in _FRAME_NAMES]
)


def _fetch_batches(engine: Engine, extra_sql: str, params: dict) -> Iterator[pa.RecordBatch]:
    """Stream registry rows straight from the driver's cursor into Arrow batches."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        sql = _FRAME_QUERY.format(extra=extra_sql)
        bound = {"no": False, **params}
        if engine.dialect.name == "sqlite":
            cursor.execute(sql, bound)
        else:
            cursor.execute(sql.replace(":no", "%(no)s").replace(":since", "%(since)s"), bound)
        while rows := cursor.fetchmany(50_000):
            columns = list(zip(*rows, strict=True))
            yield pa.RecordBatch.from_arrays(
                [pa.array(col, type=_FRAME_SCHEMA.field(i).type) for i, col in enumerate(columns)],
                schema=_FRAME_SCHEMA,
            )
    finally:
        raw.close()


# From this many records (the highest record id: no count needed) a link reads its frame through
# a child process: below it, the child's start-up (about a second) costs more than it saves.
READER_FROM = 100_000


def with_listed_siblings(session: Session, pks: list[int]) -> list[int]:
    """``pks`` and the records their sources list as their siblings."""
    wanted: dict[int, set[str]] = {}
    for start in range(0, len(pks), 20_000):
        # Integer keys written into the statement: binding tens of thousands of parameters
        # cost more than the lookup itself.
        listed = ", ".join(str(int(pk)) for pk in pks[start : start + 20_000])
        for source, sibs in session.execute(
            text(
                "SELECT source_id, sibling_ids FROM source_records "
                f"WHERE id IN ({listed}) AND sibling_ids IS NOT NULL"
            )
        ):
            wanted.setdefault(source, set()).update(x.strip() for x in sibs.split(";") if x.strip())
    found = set(pks)
    for source, ids in wanted.items():  # one source at a time: the (source, record_id) index
        ordered = sorted(ids)
        for start in range(0, len(ordered), 5_000):
            found.update(
                session.scalars(
                    select(SourceRecord.id).where(
                        SourceRecord.source_id == source,
                        SourceRecord.record_id.in_(ordered[start : start + 5_000]),
                    )
                )
            )
    return sorted(found)


def arrow_reader(engine: Engine, *, least: int = 0) -> ArrowReader | None:
    """For a registry in a SQLite file holding at least ``least`` records, a child process that
    will read the frame's rows into Arrow (``db.sqlite_arrow``), started now so that its
    start-up overlaps the caller's work; None otherwise."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return None
    if least:
        with engine.connect() as conn:
            highest = conn.execute(text("SELECT max(id) FROM source_records")).scalar()
        if (highest or 0) < least:
            return None
    return ArrowReader(database)


def _reader_query(extra_sql: str) -> str:
    query = _FRAME_QUERY.format(extra=extra_sql).replace(":no", "0")
    return f"{typed_first_row(_FRAME_SCHEMA)} UNION ALL {query}"


def load_registry(
    con: duckdb.DuckDBPyConnection,
    engine: Engine,
    table: str = "registry",
    pks: list[int] | None = None,
    reader: ArrowReader | None = None,
) -> int:
    """Copy the live records (or only ``pks``) with their features into DuckDB ``table``,
    through ``reader`` when given (and able), else through the database driver's cursor."""
    extra = f"AND r.id IN ({', '.join(str(int(pk)) for pk in pks)})" if pks is not None else ""
    arrow = reader.read(_reader_query(extra), _FRAME_SCHEMA) if reader is not None else None
    if arrow is not None:
        arrow = arrow.filter(pc.not_equal(arrow["unique_id"], -1))  # the typed first row
    if arrow is None:
        batches = list(_fetch_batches(engine, extra, {}))
        arrow = pa.Table.from_batches(batches, schema=_FRAME_SCHEMA)
    con.register("_registry_arrow", arrow)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _registry_arrow")
    con.unregister("_registry_arrow")
    return arrow.num_rows


# Siblings are named by record_id within the same source; a record's sibling signatures let the
# model see a family that survives renaming (same birth dates) and tell twins apart.
# Each record (b) joined to every sibling its source lists with it (s): ``sibling_ids`` are
# record ids of the same source.
_SIBLING_JOIN = """
    FROM (SELECT unique_id, source, unnest(string_split(sibling_ids, ';')) AS sib_id
          FROM {table} WHERE sibling_ids IS NOT NULL AND sibling_ids <> '') b
    JOIN {table} s ON s.source = b.source AND s.record_id = trim(b.sib_id)
    WHERE s.unique_id <> b.unique_id
"""

_FRAME_SQL = """
CREATE OR REPLACE TABLE {frame} AS
WITH base AS (
    SELECT *,
        CASE WHEN birth_day IS NOT NULL
             THEN lpad(birth_year::VARCHAR, 4, '0') || lpad(birth_month::VARCHAR, 2, '0')
                  || lpad(birth_day::VARCHAR, 2, '0') END AS dob_digits,
        CASE WHEN birth_day IS NOT NULL
             THEN date_diff('day', DATE '1970-01-01', make_date(birth_year, birth_month, birth_day))
             END AS dob_days,
        CASE WHEN birth_month IS NOT NULL
             THEN lpad(birth_year::VARCHAR, 4, '0') || lpad(birth_month::VARCHAR, 2, '0')
             END AS birth_ym
    FROM {registry}
),
sib AS (
    SELECT b.unique_id, s.dob_digits AS sib_dob, s.given_key AS sib_given,
        s.birth_year AS sib_year, s.birth_ym AS sib_ym, s.institution_key AS sib_inst
    {sibling_join}
),
sib_lists AS (
    SELECT unique_id,
        list_distinct(list(sib_dob) FILTER (WHERE sib_dob IS NOT NULL)) AS sibling_dobs,
        list_distinct(list(sib_given) FILTER (WHERE sib_given IS NOT NULL)) AS sibling_given,
        list_distinct(list(sib_dob || '|' || sib_given)
            FILTER (WHERE sib_dob IS NOT NULL AND sib_given IS NOT NULL)) AS sibling_sigs,
        -- What survives of a renamed sibling whose date was shifted or cut to a month.
        list_distinct(list(sib_year::VARCHAR) FILTER (WHERE sib_year IS NOT NULL)) AS sibling_years,
        list_distinct(list(sib_ym) FILTER (WHERE sib_ym IS NOT NULL)) AS sibling_months,
        list_distinct(list(sib_year::VARCHAR || '|' || sib_inst)
            FILTER (WHERE sib_year IS NOT NULL AND sib_inst IS NOT NULL)) AS sibling_year_insts
    FROM sib GROUP BY unique_id
)
SELECT
    base.unique_id, base.source, base.kind, coalesce(base.side, 'neutral') AS side,
    base.given_key,
    CASE WHEN given_keys_text IS NOT NULL THEN string_split(given_keys_text, ' ') END AS given_keys,
    base.given_latin, base.family_key, base.family_initial, base.patronymic_key, base.sex,
    {given_initials},
    base.birth_year, base.birth_month, base.birth_day, base.dob_days, base.dob_digits,
    base.birth_ym,
    -- Months since year 0: a month-only date (adoption databases) against a shifted one.
    base.birth_year * 12 + base.birth_month - 1 AS birth_months,
    base.age_birth_year, base.age_born_from, base.age_born_to,
    coalesce(base.birth_year, base.age_birth_year) AS year_key,
    -- An age at a date allows two birth years (11 in May 2024: born mid-2012 to mid-2013);
    -- year_key holds the later, this the earlier, so blocking meets a birth date in either.
    coalesce(base.birth_year,
        year(DATE '1970-01-01' + CAST(base.age_born_from AS INTEGER))) AS year_key_early,
    -- A day standing for a partial date (mid-month, mid-year), to compare it with an age.
    coalesce(base.dob_days, date_diff('day', DATE '1970-01-01',
        make_date(base.birth_year, coalesce(base.birth_month, 7), CASE WHEN base.birth_month
        IS NULL THEN 1 ELSE 15 END))) AS birth_days_est,
    base.birth_place_key, base.birth_place_name, base.region_key, base.last_place_key,
    base.last_region_key, base.institution_key,
    -- The institution without its number: a list may drop it ("Луганский республиканский дом
    -- ребёнка" for the oblast's "будинок дитини №1").
    nullif(array_to_string(list_filter(string_split(base.institution_key, ' '),
        lambda t: NOT regexp_full_match(t, '[0-9]+')), ' '), '') AS institution_base,
    CASE WHEN guardian_keys_text IS NOT NULL
         THEN string_split(guardian_keys_text, ' ') END AS guardian_keys,
    -- The guardians' given names alone (a key is "family.given"), for records whose children
    -- share a family name: the guardian's family name then mostly repeats it.
    CASE WHEN guardian_keys_text IS NOT NULL THEN list_transform(
        string_split(guardian_keys_text, ' '), lambda k: split_part(k, '.', 2))
    END AS guardian_given,
    CASE WHEN base.dob_digits IS NOT NULL AND base.given_key IS NOT NULL
         THEN [base.dob_digits || '|' || base.given_key] END AS self_sigs,
    CASE WHEN len(sl.sibling_sigs) > 0 THEN sl.sibling_sigs END AS sibling_sigs,
    CASE WHEN len(sl.sibling_dobs) > 0 THEN sl.sibling_dobs END AS sibling_dobs,
    CASE WHEN len(sl.sibling_given) > 0 THEN sl.sibling_given END AS sibling_given,
    CASE WHEN len(sl.sibling_years) > 0 THEN sl.sibling_years END AS sibling_years,
    CASE WHEN len(sl.sibling_months) > 0 THEN sl.sibling_months END AS sibling_months,
    CASE WHEN len(sl.sibling_year_insts) > 0 THEN sl.sibling_year_insts END AS sibling_year_insts
FROM base LEFT JOIN sib_lists sl USING (unique_id)
"""


def listed_sibling_pairs(
    con: duckdb.DuckDBPyConnection, registry: str = "registry"
) -> list[tuple[int, int]]:
    """Pairs of records that a source lists as siblings of each other: never one child,
    whether or not the model ever compared them."""
    rows = con.execute(
        "SELECT DISTINCT least(b.unique_id, s.unique_id), greatest(b.unique_id, s.unique_id) "
        + _SIBLING_JOIN.format(table=registry)
    ).fetchall()
    return [(int(a), int(b)) for a, b in rows]


def given_initials_sql(column: str) -> str:
    """A given name's first letter, and its first two letters in order (so that two swapped at
    the start meet), for the blocking rule that lets one record mistype the name
    (``model._SurnameAndYear``): columns of their own, so the rule is equalities only."""
    first_two = f"[substr({column}, 1, 1), substr({column}, 2, 1)]"
    return f"left({column}, 1) AS given_first, list_sort({first_two})::VARCHAR AS given_head"


def build_frame(
    con: duckdb.DuckDBPyConnection, registry: str = "registry", frame: str = "frame"
) -> None:
    con.execute(
        _FRAME_SQL.format(
            frame=frame,
            registry=registry,
            sibling_join=_SIBLING_JOIN.format(table="base"),
            given_initials=given_initials_sql("base.given_latin"),
        )
    )


# Imports bigger than this leave their features to the next `ridni link`, which computes every
# missing one: a million-record import stays a fast bulk path.
HOOK_LIMIT = 50_000


def features_after_import(session: Session, batch_id: int, record_pks: list[int]) -> None:
    """After-import hook: keys for the records a batch created or changed. A bigger batch drops
    the keys its changed records had, so that the next run computes them again (it computes
    every missing one); a new record has none to drop."""
    del batch_id
    if 0 < len(record_pks) <= HOOK_LIMIT:
        refresh_features(session, list(record_pks))
        return
    for start in range(0, len(record_pks), _BATCH):
        chunk = list(record_pks[start : start + _BATCH])
        session.execute(delete(RecordFeatures).where(RecordFeatures.record_pk.in_(chunk)))
