"""Import benchmark: a million canonical records into SQLite and PostgreSQL.

For each database: a first import into an empty registry, then a re-import of the same,
unchanged file. Each step runs in its own process, so its peak memory (this process plus the
reader process) is its own. Results are printed as a table and, with --docs, appended to
docs/benchmarks.md.

    .venv/bin/python bench/import_bench.py --rows 1000000 \
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres --docs

The file comes from bench/canonical_file.py (one source, values varied like real ones); with
``--data synth`` the records come instead from a synthetic world (``ridni.synth``, several
source files of about ``--rows`` records in all), imported file by file.

Only ``ridni.ingest`` is loaded: after-import hooks of other rooms (linkage features) are not
registered, so the numbers are the importer's own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BENCH_DB = "ridni_import_bench"


def _step(url: str, files: list[tuple[str, str, str]]) -> dict[str, float]:
    """One measured step (in a fresh process): import ``files`` (path, source, kind) in order."""
    from ridni.db.engine import make_engine, session_scope
    from ridni.ingest.service import import_file
    from ridni.security.actors import SYSTEM

    engine = make_engine(url)
    started = time.perf_counter()
    totals = {"rows": 0, "new": 0, "unchanged": 0, "changed": 0}
    for path, source, kind in files:
        with session_scope(engine) as session:
            report = import_file(session=session, actor=SYSTEM, path=path, source=source,
                                 kind=kind)  # fmt: skip
        totals["rows"] += report.rows_total
        totals["new"] += report.n_new
        totals["unchanged"] += report.n_unchanged
        totals["changed"] += report.n_changed
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": round(seconds, 1), "rss_mb": round(own), "reader_rss_mb": round(children),
            **totals}  # fmt: skip


def _run_step(url: str, files: list[tuple[str, str, str]]) -> dict[str, float]:
    command = [sys.executable, __file__, "_step", url, json.dumps(files)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"step failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _fresh_sqlite(path: Path) -> str:
    import ridni.db.models  # noqa: F401  (every table, as in production)
    from ridni.db.base import Base
    from ridni.db.engine import make_engine

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    return url


def _fresh_postgres(admin_url: str) -> str:
    import ridni.db.models  # noqa: F401
    from ridni.db.base import Base
    from ridni.db.engine import make_engine

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    admin.dispose()
    url = make_url(admin_url).set(database=BENCH_DB).render_as_string(hide_password=False)
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    return url


def _files(data: str, rows: int, seed: int) -> list[tuple[str, str, str]]:
    OUT.mkdir(parents=True, exist_ok=True)
    if data == "canonical":
        sys.path.insert(0, str(ROOT / "bench"))
        from canonical_file import write_canonical

        path = OUT / f"canonical_{rows}_{seed}.csv"
        if not path.exists():
            write_canonical(path, rows, seed)
        return [(str(path), "bench_registry", "official_registry")]
    from ridni.ingest.world import read_manifest
    from ridni.synth.world import generate_world

    directory = OUT / f"world_{rows}_{seed}"
    if not (directory / "manifest.json").exists():
        # 20,000 children give about 47,000 records; unrelated children one record each.
        children = min(20_000, max(rows // 50, 10))
        unrelated = max(rows - children * 47 // 20, 10)
        generate_world(directory, children=children, unrelated=unrelated, seed=seed)
    return [(str(e.file), e.source, e.kind) for e in read_manifest(directory)]


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark ridni import on SQLite and PostgreSQL")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", choices=("canonical", "synth"), default="canonical")
    parser.add_argument("--postgres", help="admin URL; the benchmark creates its own database")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--docs", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args()
    files = _files(args.data, args.rows, args.seed)
    size = sum(Path(path).stat().st_size for path, _, _ in files)
    results: list[tuple[str, str, dict[str, float]]] = []
    targets = [] if args.skip_sqlite else [("SQLite", lambda: _fresh_sqlite(OUT / "bench.db"))]
    if args.postgres:
        targets.append(("PostgreSQL", lambda: _fresh_postgres(args.postgres)))
    for name, fresh in targets:
        url = fresh()
        for step in ("first import", "re-import, unchanged"):
            result = _run_step(url, files)
            results.append((name, step, result))
            print(f"{name:10} {step:22} {result}", flush=True)
    if args.docs:
        _append_docs(args, files, size, results)


_INTRO = (
    "`bench/import_bench.py`: a first import into an empty registry, then a re-import of the "
    "same file (nothing changes). Each step is a fresh process; peak RSS is the importer's and "
    "its reader process's (files of 16 MB or more are parsed by a reader process while the "
    "importer writes). Only the importer is loaded: other rooms' after-import hooks (linkage "
    "features) are not included."
)


def _append_docs(args, files, size, results) -> None:  # type: ignore[no-untyped-def]
    docs = ROOT / "docs" / "benchmarks.md"
    existing = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n"
    lines = [] if "\n## import\n" in existing else ["", "## import", "", _INTRO]
    postgres = " --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    command = (
        f".venv/bin/python bench/import_bench.py --rows {args.rows} --data {args.data}"
        + (postgres if args.postgres else "")
        + " --docs"
    )
    lines += [
        "",
        f"### {args.rows:,} {args.data} records ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average "
        f"{os.getloadavg()[0]:.1f} at the end; {len(files)} file(s), {size / 1e6:.0f} MB.",
        "",
        "| database | step | rows | new | unchanged | seconds | peak RSS importer "
        "| peak RSS reader |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, step, r in results:
        lines.append(
            f"| {name} | {step} | {r['rows']:,} | {r['new']:,} | {r['unchanged']:,} | "
            f"{r['seconds']} | {r['rss_mb']} MB | {r['reader_rss_mb']} MB |"
        )
    with docs.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_step":
        print(json.dumps(_step(sys.argv[2], [tuple(f) for f in json.loads(sys.argv[3])])))
    else:
        main()
