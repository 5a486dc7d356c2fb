"""Web load benchmark on loopback: search latency and 50 concurrent users browsing and searching.

Starts the app (``uvicorn ridni.web.asgi:app``, as ``ridni serve`` does) on a free
127.0.0.1 port against ``--db`` (a registry already filled with
``ridni synth`` + ``ridni import-world``), creates a benchmark user, and measures:

1. search: ``--searches`` queries one after another through ``/api/v1/search`` — the HTTP round
   trip and the service time the API reports (``elapsed_ms``), p50/p95/p99;
2. browsing: ``--users`` threads for ``--seconds``, each logged in with its own session, each
   looping dashboard → search → person page → record page with ``--think`` seconds between
   pages (people read what they open), recording every page's latency and every error.

Queries are built from random records of the registry in the forms people type: Ukrainian or
Russian given name and surname, a surname and a birth year, a diminutive-free Latin spelling and a
place. Loopback only: the script refuses any other host.

    .venv/bin/python bench/web_load.py --db postgresql+psycopg://postgres@127.0.0.1:5432/ridni_bench
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import func, select, text

from ridni.db.engine import make_engine, session_scope
from ridni.ingest.models import SourceRecord
from ridni.security import accounts, tokens
from ridni.security.actors import SYSTEM
from ridni.security.models import Organisation, User

BENCH_USER = "bench_load"
BENCH_PASSWORD = "bench load password 1"
LOGIN_SECONDS = 45  # time for every simulated user to log in before the measured window


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _summary(values: list[float]) -> str:
    return (
        f"n={len(values)} p50={_percentile(values, 50):.1f} ms "
        f"p95={_percentile(values, 95):.1f} ms "
        f"p99={_percentile(values, 99):.1f} ms max={max(values, default=float('nan')):.1f} ms"
    )


# --- setup -------------------------------------------------------------------------------------


def bench_username(i: int) -> str:
    return f"{BENCH_USER}_{i:03d}"


def prepare(db_url: str, n_queries: int, seed: int, users: int = 1) -> tuple[str, list[str]]:
    """Benchmark users (caseworkers; one per simulated user, as in real life), an API token,
    and queries from random records."""
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        if not session.scalar(select(Organisation).where(Organisation.name == "Benchmark")):
            accounts.create_organisation(session=session, actor=SYSTEM, name="Benchmark")
        for name in [BENCH_USER] + [bench_username(i) for i in range(users)]:
            _ensure_user(session, name)
        _, token = tokens.create_token(
            session=session, actor=SYSTEM, username=BENCH_USER, name="bench", days=1
        )
        queries = _queries(session, n_queries, seed)
    engine.dispose()
    return token, queries


def _ensure_user(session, username: str) -> None:  # type: ignore[no-untyped-def]
    if session.scalar(select(User).where(User.username == username)):
        accounts.reset_password(
            session=session, actor=SYSTEM, username=username, password=BENCH_PASSWORD
        )
    else:
        accounts.create_user(
            session=session,
            actor=SYSTEM,
            username=username,
            role="caseworker",
            organisation="Benchmark",
            password=BENCH_PASSWORD,
        )


def _queries(session, n: int, seed: int) -> list[str]:  # type: ignore[no-untyped-def]
    top = session.scalar(select(func.max(SourceRecord.id))) or 0
    rng = random.Random(seed)
    picks = sorted({rng.randint(1, top) for _ in range(n * 3)})
    rows = session.execute(
        select(
            SourceRecord.given_name,
            SourceRecord.family_name,
            SourceRecord.birth_date,
            SourceRecord.birth_place,
        ).where(SourceRecord.id.in_(picks))
    ).all()
    forms = []
    for given, family, born, place in rows:
        year = (born or "")[:4]
        options = [
            " ".join(p for p in (given, family) if p),
            " ".join(p for p in (family, year) if p),
            " ".join(p for p in (given, family, year) if p),
            " ".join(p for p in (given, place) if p),
        ]
        forms.append(rng.choice([o for o in options if o.strip()] or ["2014"]))
    rng.shuffle(forms)
    return forms[:n]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str


def start_server(db_url: str, workers: int, data_dir: Path) -> Server:
    port = _free_port()
    env = {**os.environ, "RIDNI_DATABASE_URL": db_url, "RIDNI_DATA_DIR": str(data_dir)}
    # uvicorn on ridni.web.asgi (what `ridni serve --workers N` runs), without importing the
    # whole CLI into every worker.
    command = [sys.executable, "-m", "uvicorn", "ridni.web.asgi:app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                return Server(process, url)
        except httpx.HTTPError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("the server did not start")


# --- phase 1: search ---------------------------------------------------------------------------


def bench_search(url: str, token: str, queries: list[str]) -> tuple[list[float], list[float], int]:
    http_ms, service_ms, errors = [], [], 0
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        for q in queries[:5]:  # warm the caches and the connection pool
            client.get("/api/v1/search", params={"q": q})
        for q in queries:
            started = time.perf_counter()
            response = client.get("/api/v1/search", params={"q": q})
            http_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors += 1
                continue
            service_ms.append(response.json()["elapsed_ms"])
    return http_ms, service_ms, errors


# --- phase 2: browsing -------------------------------------------------------------------------


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    server: dict[str, list[float]] = field(default_factory=dict)  # from Server-Timing
    errors: list[str] = field(default_factory=list)

    def add(self, page: str, ms: float) -> None:
        with self.lock:
            self.latencies.setdefault(page, []).append(ms)

    def add_server(self, page: str, ms: float | None) -> None:
        if ms is not None:
            with self.lock:
                self.server.setdefault(page, []).append(ms)

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


_PERSON = re.compile(r'href="/persons/(\d+)"')
_RECORD = re.compile(r'href="/records/(\d+)"')
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _browse(
    url: str, queries: list[str], window: tuple[float, float], think: float, tally: Tally, seed: int
) -> None:
    """Log in, wait for the measured window to open, then browse until it closes."""
    start, stop = window
    rng = random.Random(seed)
    # Browsers treat loopback as secure, but httpx does not send Secure cookies over http: the
    # session and CSRF cookies are carried by hand.
    with httpx.Client(base_url=url, timeout=30, follow_redirects=False) as client:
        login_page = client.get("/login")
        csrf_cookie = login_page.cookies.get("ridni_csrf")
        token = _CSRF.search(login_page.text).group(1)  # type: ignore[union-attr]
        response = client.post(
            "/login",
            data={
                "username": bench_username(seed),
                "password": BENCH_PASSWORD,
                "csrf_token": token,
            },
            cookies={"ridni_csrf": csrf_cookie},
        )
        cookies = {
            "ridni_csrf": csrf_cookie or "",
            "ridni_session": response.cookies.get("ridni_session", ""),
        }
        if response.status_code != 303 or not cookies["ridni_session"]:
            tally.fail(f"login failed: {response.status_code}")
            return
        # Logging in (argon2) is not what is measured; everyone starts together after it, with
        # a random offset within one think time so that users are not in step.
        time.sleep(max(0.0, start - time.time()) + rng.uniform(0, think))
        while time.time() < stop:
            _visit(client, cookies, "dashboard", "/", tally)
            time.sleep(think * rng.uniform(0.5, 1.5))
            html = _visit(
                client, cookies, "search", "/search", tally, params={"q": rng.choice(queries)}
            )
            persons = _PERSON.findall(html or "")
            records = _RECORD.findall(html or "")
            time.sleep(think * rng.uniform(0.5, 1.5))
            if persons:
                page = _visit(client, cookies, "person", f"/persons/{rng.choice(persons)}", tally)
                records = _RECORD.findall(page or "") or records
                time.sleep(think * rng.uniform(0.5, 1.5))
            if records:
                _visit(client, cookies, "record", f"/records/{rng.choice(records)}", tally)
                time.sleep(think * rng.uniform(0.5, 1.5))


def _visit(
    client: httpx.Client,
    cookies: dict[str, str],
    page: str,
    path: str,
    tally: Tally,
    params: dict[str, str] | None = None,
) -> str | None:
    started = time.perf_counter()
    try:
        response = client.get(path, params=params, cookies=cookies)
    except httpx.HTTPError as exc:
        tally.fail(f"{path}: {exc!r}")
        return None
    tally.add(page, (time.perf_counter() - started) * 1000)
    tally.add_server(page, _server_ms(response))
    if response.status_code != 200:
        tally.fail(f"{path}: HTTP {response.status_code}")
        return None
    return response.text


def _server_ms(response: httpx.Response) -> float | None:
    match = re.search(r"dur=([0-9.]+)", response.headers.get("server-timing", ""))
    return float(match.group(1)) if match else None


Job = tuple[str, list[str], tuple[float, float], float, list[int]]


def _browse_group(job: Job) -> tuple[dict, dict, list]:  # type: ignore[type-arg]
    url, queries, window, think, user_ids = job
    tally = Tally()
    threads = [
        threading.Thread(target=_browse, args=(url, queries, window, think, tally, i), daemon=True)
        for i in user_ids
    ]
    for t in threads:
        t.start()
        time.sleep(0.05)
    for t in threads:
        t.join(timeout=window[1] - time.time() + 60)
    return tally.latencies, tally.server, tally.errors


def bench_browsing(
    url: str, queries: list[str], users: int, seconds: float, think: float, processes: int
) -> Tally:
    """``users`` simulated users, spread over ``processes`` client processes so that the client's
    own interpreter lock does not add to the measured latency."""
    start = time.time() + LOGIN_SECONDS
    window = (start, start + seconds)
    groups = [list(range(users))[i::processes] for i in range(processes)]
    jobs = [(url, queries, window, think, group) for group in groups if group]
    tally = Tally()
    with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
        for latencies, server, errors in pool.map(_browse_group, jobs):
            for page, values in latencies.items():
                tally.latencies.setdefault(page, []).extend(values)
            for page, values in server.items():
                tally.server.setdefault(page, []).extend(values)
            tally.errors.extend(errors)
    return tally


# --- main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="URL of a filled registry (PostgreSQL)")
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between a user's pages"
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--processes", type=int, default=5, help="client processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--data-dir", default="var/bench", help="where the server keeps its secret key"
    )
    args = parser.parse_args()
    if args.users > 200 or args.seconds > 600:
        parser.error("bounded benchmark: at most 200 users for 600 s")

    engine = make_engine(args.db)
    with engine.connect() as conn:
        n_records = conn.execute(text("SELECT count(*) FROM source_records")).scalar()
    engine.dispose()
    token, queries = prepare(args.db, args.searches, args.seed, users=args.users)
    print(f"registry: {n_records:,} records; {len(queries)} queries, e.g. {queries[:3]}")
    server = start_server(args.db, args.workers, Path(args.data_dir))
    try:
        http_ms, service_ms, errors = bench_search(server.url, token, queries)
        print(f"search, HTTP round trip:  {_summary(http_ms)}; errors {errors}")
        print(f"search, service time:     {_summary(service_ms)}")
        tally = bench_browsing(
            server.url, queries, args.users, args.seconds, args.think, args.processes
        )
        every = [ms for values in tally.latencies.values() for ms in values]
        every_server = [ms for values in tally.server.values() for ms in values]
        print(
            f"browsing, {args.users} users × {args.seconds:.0f} s, think {args.think} s, "
            f"{args.workers} workers:"
        )
        for page, values in sorted(tally.latencies.items()):
            print(f"  {page:<10} client {_summary(values)}")
            print(f"  {'':<10} server {_summary(tally.server.get(page, []))}")
        print(
            f"  all pages  {_summary(every)}; {len(every) / args.seconds:.1f} pages/s; "
            f"errors {len(tally.errors)}"
        )
        print(f"  all pages, server time: {_summary(every_server)}")
        for message in tally.errors[:10]:
            print(f"    error: {message}")
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)


if __name__ == "__main__":
    main()
