"""Linking after an import from the API, end to end, on a linked benchmark registry.

A real server (uvicorn, in this process) takes a file of new records through
``POST /api/v1/imports``; the import is committed, the server starts ``ridni link --new-only``,
and this script polls ``GET /api/v1/imports/{id}`` until no new record waits. It reports the
import's request time, the time until every new record is linked, how the server answered
other requests meanwhile, and how many new records joined the person of the record they copy.
Run on a copy of a benchmark's registry (it is changed):

    cp -r bench/out/ours/ridni.db bench/out/ours/var /tmp/lai/
    .venv/bin/python bench/link_after_import.py --world bench/out/ours/world \\
        --db sqlite:////tmp/lai/ridni.db --data-dir /tmp/lai/var --size 1000
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import select

from linkage_bench import new_batch
from ridni.config import Settings
from ridni.db.engine import make_engine, session_scope
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.models import PersonRecord
from ridni.security import accounts, tokens
from ridni.security.actors import SYSTEM
from ridni.web.app import create_app

SOURCE = "api_sightings"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _token(db_url: str) -> str:
    with session_scope(make_engine(db_url)) as session:
        accounts.create_organisation(session=session, actor=SYSTEM, name="Bench bureau")
        accounts.create_user(
            session=session,
            actor=SYSTEM,
            username="bench",
            role="caseworker",
            organisation="Bench bureau",
            password="a long enough bench password",
        )
        _, token = tokens.create_token(session=session, actor=SYSTEM, username="bench", name="b")
    return token


def _serve(settings: Settings) -> tuple[uvicorn.Server, str]:
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def _joined_their_copies(db_url: str, origins: Path) -> float:
    """Share of the new records in the person of the record each copies."""
    rows = [line.split(",") for line in origins.read_text(encoding="utf-8").splitlines()]
    with session_scope(make_engine(db_url)) as session:
        person = dict(
            session.execute(
                select(Source.name + ":" + SourceRecord.record_id, PersonRecord.person_id)
                .select_from(SourceRecord)
                .join(Source, Source.id == SourceRecord.source_id)
                .join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
            ).all()
        )
    same = sum(person.get(f"{SOURCE}:{new}") == person.get(f"{s}:{r}") for new, s, r in rows)
    return round(same / len(rows), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, required=True)
    parser.add_argument("--db", required=True, help="A linked registry (a copy: it is changed).")
    parser.add_argument("--data-dir", type=Path, required=True, help="Its linkage models.")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    out = args.data_dir.parent
    batch = new_batch(args.world, out, args.size, args.seed)
    settings = Settings(
        database_url=args.db,
        data_dir=args.data_dir,
        environment="production",
        secret_key="bench-secret-key-not-for-production",
        link_after_import=True,
    )
    token = _token(args.db)
    server, base = _serve(settings)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=600) as api:
        started = time.monotonic()
        created = api.post(
            "/api/v1/imports",
            data={"source": SOURCE, "kind": "osint"},
            files={"file": (batch.name, batch.read_bytes(), "text/csv")},
        )
        created.raise_for_status()
        imported = time.monotonic() - started
        batch_id = created.json()["batch_id"]
        latencies: list[float] = []
        while True:
            asked = time.monotonic()
            state = api.get(f"/api/v1/imports/{batch_id}").json()
            latencies.append(time.monotonic() - asked)
            if state["new_records_waiting"] == 0:
                break
            time.sleep(0.5)
        linked = time.monotonic() - started
    server.should_exit = True
    result = {
        "new_records": created.json()["n_new"],
        "import_request_s": round(imported, 2),
        "linked_after_s": round(linked, 2),
        "polls": len(latencies),
        "poll_latency_median_ms": round(statistics.median(latencies) * 1000, 1),
        "poll_latency_max_ms": round(max(latencies) * 1000, 1),
        "joined_the_person_of_their_copy": _joined_their_copies(
            args.db, out / "new_batch_origins.csv"
        ),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
