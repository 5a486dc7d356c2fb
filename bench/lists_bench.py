"""Cases and lists at scale: draft + freeze a list of N verified children and export its PDF,
and the review page's latency with its explanation.

    .venv/bin/python bench/lists_bench.py                       # SQLite in a temporary directory
    .venv/bin/python bench/lists_bench.py --db postgresql+psycopg://postgres@127.0.0.1:5432/bench

The registry is written directly (synthetic children, each with a registry record and a
counterpart-list record in one person, a case already at 'identity verified', every tenth child
with a sibling), so the timing covers exactly the services being measured.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

GIVEN = [
    "Олександр",
    "Марія",
    "Іван",
    "Софія",
    "Андрій",
    "Анна",
    "Дмитро",
    "Вікторія",
    "Максим",
    "Ганна",
    "Богдан",
    "Ірина",
    "Тарас",
    "Олена",
    "Юрій",
    "Катерина",
]
FAMILY = [
    "Коваленко",
    "Бондаренко",
    "Ткаченко",
    "Кравченко",
    "Шевчук",
    "Поліщук",
    "Мельник",
    "Бойко",
    "Ковальчук",
    "Савченко",
    "Руденко",
    "Мороз",
    "Лисенко",
    "Марченко",
]
PLACES = ["Бахмут", "Маріуполь", "Херсон", "Мелітополь", "Сєвєродонецьк", "Ізюм", "Куп'янськ"]
REGIONS = ["Донецька область", "Запорізька область", "Херсонська область", "Луганська область"]
HELD = ["Таганрог", "Ростов-на-Дону", "Москва", "Краснодар", "Новосибірськ", "Курськ"]


def _engine(url: str) -> Engine:
    import ridni.db.models  # noqa: F401
    from ridni.db.base import Base
    from ridni.db.engine import make_engine

    engine = make_engine(url)
    Base.metadata.create_all(engine)
    return engine


def build(engine: Engine, n: int, links_in_band: int) -> dict[str, int]:
    """N verified children (two records, one person, one case each) and uncertain links."""
    from ridni.cases.models import Case, CaseTransition
    from ridni.db.base import utcnow
    from ridni.ingest.models import ImportBatch, Source, SourceRecord
    from ridni.linkage.models import Link, LinkageRun, Person, PersonRecord

    now = utcnow()
    with Session(engine) as s, s.begin():
        ids = {}
        for name, kind in (("registry", "official_registry"), ("counterpart", "counterpart_list")):
            source = s.execute(
                insert(Source).values(name=name, kind=kind).returning(Source.id)
            ).scalar_one()
            batch = s.execute(
                insert(ImportBatch)
                .values(
                    source_id=source,
                    file_name=f"{name}.csv",
                    file_size=1,
                    sha256="0" * 64,
                    file_format="csv",
                    imported_by="bench",
                )
                .returning(ImportBatch.id)
            ).scalar_one()
            ids[name], ids[f"{name}_batch"] = source, batch
        run = s.execute(
            insert(LinkageRun)
            .values(
                engine="duckdb",
                model_version="bench",
                mode="full",
                threshold=0.9,
                started_by="bench",
            )
            .returning(LinkageRun.id)
        ).scalar_one()
        records, persons, members, links, cases, moves = [], [], [], [], [], []
        for i in range(n):
            given, family = GIVEN[i % len(GIVEN)], f"{FAMILY[i % len(FAMILY)]}-{i}"
            birth = f"{2008 + i % 14}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            sibling = (
                f"ua-{i + 1}"
                if i % 10 == 0 and i + 1 < n
                else (f"ua-{i - 1}" if i % 10 == 1 else None)
            )
            ua_pk, ru_pk, person = 2 * i + 1, 2 * i + 2, i + 1
            for pk, side, source in ((ua_pk, "ua", "registry"), (ru_pk, "ru", "counterpart")):
                records.append(
                    {
                        "id": pk,
                        "source_id": ids[source],
                        "record_id": f"{side}-{i}",
                        "given_name": given,
                        "family_name": family,
                        "patronymic": "Петрович",
                        "sex": "M" if i % 2 else "F",
                        "birth_date": birth,
                        "birth_place": PLACES[i % len(PLACES)],
                        "birth_region": REGIONS[i % len(REGIONS)],
                        "last_known_place": HELD[i % len(HELD)]
                        if side == "ru"
                        else PLACES[i % len(PLACES)],
                        "institution": f"Дитячий будинок №{i % 40}" if side == "ru" else None,
                        "guardian_names": f"Марія {family}" if side == "ua" else None,
                        "sibling_ids": sibling if side == "ua" else None,
                        "raw": {"record_id": f"{side}-{i}"},
                        "content_hash": "0" * 40,
                        "first_batch_id": ids[f"{source}_batch"],
                        "last_batch_id": ids[f"{source}_batch"],
                    }
                )
                members.append({"record_pk": pk, "person_id": person, "run_id": run})
            persons.append(
                {
                    "id": person,
                    "status": "active",
                    "display_name": f"{family} {given}",
                    "birth_date": birth,
                    "n_records": 2,
                    "run_id": run,
                }
            )
            links.append(
                {
                    "record_a": ua_pk,
                    "record_b": ru_pk,
                    "run_id": run,
                    "match_weight": 12.0,
                    "match_probability": 0.99,
                    "in_cluster": True,
                    "contributions": {"given_name": [3, 6.0], "family_name": [4, 9.0]},
                }
            )
            cases.append(
                {
                    "id": person,
                    "person_id": person,
                    "status": "identity_verified",
                    "opened_by": "bench",
                    "location": HELD[i % len(HELD)],
                    "opened_at": now,
                    "updated_at": now,
                }
            )
            moves.append(
                {
                    "case_id": person,
                    "from_status": "located",
                    "to_status": "identity_verified",
                    "reason": "bench",
                    "actor": "bench",
                    "at": now,
                }
            )
        for j in range(links_in_band):  # uncertain cross-side pairs between different children
            a, b = 2 * (j % n) + 1, 2 * ((j * 7 + 3) % n) + 2
            if a // 2 != b // 2:
                links.append(
                    {
                        "record_a": min(a, b),
                        "record_b": max(a, b),
                        "run_id": run,
                        "match_weight": 1.0,
                        "match_probability": 0.3 + (j % 60) / 100,
                        "in_cluster": False,
                        "contributions": {"given_name": [3, 6.0], "family_name": [1, -2.0]},
                    }
                )
        seen, unique = set(), []
        for link in links:
            if (link["record_a"], link["record_b"]) not in seen:
                seen.add((link["record_a"], link["record_b"]))
                unique.append(link)
        for model, rows in (
            (SourceRecord, records),
            (Person, persons),
            (PersonRecord, members),
            (Link, unique),
            (Case, cases),
            (CaseTransition, moves),
        ):
            for start in range(0, len(rows), 5000):
                s.execute(insert(model), rows[start : start + 5000])
        if engine.dialect.name == "postgresql":
            for table in ("source_records", "persons", "cases"):
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    return {"links": len(unique)}


def bench_list(engine: Engine, out: Path) -> dict[str, float]:
    from ridni.exports.lists import export_version
    from ridni.lists import service
    from ridni.lists.channels import create_channel
    from ridni.lists.fields import PRESETS
    from ridni.security.actors import Actor

    negotiator = Actor(username="bench-negotiator", role="negotiator")
    admin = Actor(username="bench-admin", role="admin")
    times: dict[str, float] = {}
    start, cpu = time.perf_counter(), time.process_time()
    with Session(engine) as s, s.begin():
        channel = create_channel(
            session=s, actor=admin, name="Bench mediator", fields=PRESETS["places_and_siblings"]
        )
        t = time.perf_counter()
        draft = service.draft_list(
            session=s, actor=negotiator, channel_id=channel.id, name="Bench list"
        )
        list_id = draft.list.id
        times["draft"] = time.perf_counter() - t
        t = time.perf_counter()
        version = service.freeze_list(session=s, actor=negotiator, list_id=list_id)
        times["freeze"] = time.perf_counter() - t
        times["children"] = version.n_entries
    with Session(engine) as s, s.begin():
        t = time.perf_counter()
        pdf = export_version(session=s, actor=negotiator, list_id=list_id, number=1, fmt="pdf")
        times["pdf"] = time.perf_counter() - t
        for fmt in ("csv", "xlsx"):
            t = time.perf_counter()
            export_version(session=s, actor=negotiator, list_id=list_id, number=1, fmt=fmt)
            times[fmt] = time.perf_counter() - t
    times["total"] = time.perf_counter() - start - times["csv"] - times["xlsx"]
    times["cpu"] = time.process_time() - cpu  # this process's CPU time, CSV and XLSX included
    out.write_bytes(pdf.data)
    times["pdf_bytes"] = len(pdf.data)
    return times


def bench_review_page(engine: Engine, url: str, data_dir: Path, repeat: int) -> dict[str, float]:
    from fastapi.testclient import TestClient

    from ridni.config import Settings, get_settings
    from ridni.linkage.model import MODEL_VERSION
    from ridni.linkage.service import save_model
    from ridni.security import accounts
    from ridni.security.actors import SYSTEM
    from ridni.web.app import create_app

    os.environ["RIDNI_DATA_DIR"] = str(data_dir)
    get_settings.cache_clear()

    def levels(top: int) -> list[dict[str, object]]:
        null = {"is_null_level": True, "label_for_charts": "missing"}
        return [null, *({"label_for_charts": f"level {g}"} for g in range(top, -1, -1))]

    save_model(
        {
            "ridni_model_version": MODEL_VERSION,
            "probability_two_random_records_match": 1e-4,
            "comparisons": [
                {"output_column_name": "given_name", "comparison_levels": levels(3)},
                {"output_column_name": "family_name", "comparison_levels": levels(4)},
            ],
        }
    )
    with Session(engine) as s, s.begin():
        org = accounts.create_organisation(session=s, actor=SYSTEM, name="Bench")
        accounts.create_user(
            session=s,
            actor=SYSTEM,
            username="bench-reviewer",
            role="reviewer",
            organisation=org.name,
            password="bench password 123",
        )
        pair = s.execute(
            text(
                "SELECT record_a, record_b FROM links WHERE match_probability < 0.95 "
                "ORDER BY id LIMIT 1"
            )
        ).one()
    app = create_app(
        Settings(database_url=url, data_dir=data_dir, secret_key="bench-" * 8), engine=engine
    )
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    client.post(
        "/login",
        data={"username": "bench-reviewer", "password": "bench password 123", "csrf_token": token},
    )
    result = {}
    for name, path in (("pair", f"/review/pairs/{pair[0]}/{pair[1]}"), ("queue", "/review")):
        client.get(path)  # warm: templates compiled, model read
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.text[:300]
        result[f"{name}_median_ms"] = statistics.median(samples)
        result[f"{name}_p95_ms"] = sorted(samples)[int(0.95 * (len(samples) - 1))]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--children", type=int, default=5000)
    parser.add_argument("--links", type=int, default=20000, help="uncertain links in the queue")
    parser.add_argument("--db", help="URL of an empty database (default: SQLite in a temp dir)")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ridni-lists-bench-"))
    url = args.db or f"sqlite:///{work / 'bench.db'}"
    engine = _engine(url)
    t = time.perf_counter()
    built = build(engine, args.children, args.links)
    print(
        f"built {args.children:,} verified children and {built['links']:,} links in "
        f"{time.perf_counter() - t:.1f} s ({engine.dialect.name}, {date.today()})"
    )
    got = bench_list(engine, work / "list.pdf")
    children = int(got["children"])
    print(f"{children:,} children: draft {got['draft']:.2f} s · freeze {got['freeze']:.2f} s")
    print(f"PDF {got['pdf']:.2f} s ({got['pdf_bytes'] / 1e6:.1f} MB) · total {got['total']:.2f} s")
    print(f"CSV {got['csv']:.2f} s · XLSX {got['xlsx']:.2f} s · CPU time, all {got['cpu']:.2f} s")
    page = bench_review_page(engine, url, work / "var", args.repeat)
    for name in ("pair", "queue"):
        median, p95 = page[f"{name}_median_ms"], page[f"{name}_p95_ms"]
        print(f"review {name} page: median {median:.1f} ms, p95 {p95:.1f} ms")
    print(f"files in {work} · load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
