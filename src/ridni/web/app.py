"""The web application: pages (server-rendered, htmx) and the REST API under ``/api/v1``."""

from __future__ import annotations

import logging
import traceback
import uuid
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from ridni import __version__
from ridni.config import Settings, get_settings
from ridni.db.engine import engine_for, session_scope
from ridni.errors import Conflict, Forbidden, Invalid, NotFound, RidniError
from ridni.security import audit
from ridni.security.throttle import Throttled
from ridni.web import routes
from ridni.web.deps import CsrfFailed, NotAuthenticated, csrf_protect
from ridni.web.middleware import SecurityHeaders
from ridni.web.rendering import render
from ridni.wiring import connect_rooms

log = logging.getLogger("ridni.web")
STATIC = Path(__file__).parent / "static"

API_DESCRIPTION = """The ridni registry over HTTP. Every call needs an API token
(`Authorization: Bearer ridni_…`, created with `ridni tokens create` or on the account page);
the token's role and organisation decide what it may do and see, exactly as on the pages, and
every search and view is recorded in the audit log."""


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, warm_up: bool = False
) -> FastAPI:
    """The application. ``warm_up`` counts the dashboard in the background at start (serving),
    so the first visitor does not wait for a count over the whole registry."""
    from ridni.security.keys import secret_key

    connect_rooms()
    settings = settings or get_settings()
    engine = engine or _web_engine(settings.database_url)
    app = FastAPI(
        title="ridni",
        version=__version__,
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN; /api/docs is rendered here instead
        redoc_url=None,
        dependencies=[Depends(csrf_protect)],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = sessionmaker(bind=engine, expire_on_commit=False)
    app.state.secret_key = secret_key(settings)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routes.all_routers():
        app.include_router(router)
    _add_error_handlers(app, development=settings.environment == "development")
    app.router.on_startup.append(_limit_threads)
    if warm_up:
        app.router.on_startup.append(lambda: _warm_up(app))
    return app


# Routes are sync and run in a thread pool. Python runs one thread at a time, so beyond a
# couple of threads per core more threads only lengthen every request (they take turns);
# requests beyond the limit wait in line instead, which keeps the slow tail short.
REQUEST_THREADS = 16


def _limit_threads() -> None:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS


def _warm_up(app: FastAPI) -> None:
    import threading

    from ridni.registry import stats
    from ridni.security.actors import SYSTEM

    def count() -> None:
        # The name and place tables load on first use (seconds); load them now, not during
        # the first visitors' searches.
        from ridni.registry.search import parse_query

        parse_query("Олександр Коваленко Маріуполь Артёмовск 2014")
        try:
            with app.state.session_factory() as session:
                stats.dashboard(session=session, actor=SYSTEM)
        except Exception:  # an empty or unmigrated database: the first visitor counts instead
            log.warning("dashboard warm-up failed", exc_info=True)

    threading.Thread(target=count, name="ridni-warm-up", daemon=True).start()


def _web_engine(url: str) -> Engine:
    """On PostgreSQL, a pool as large as the thread pool that serves requests (40), so that a
    burst of requests queues in the database, not on the pool; SQLite keeps its one writer."""
    if not url.startswith("postgresql"):
        return engine_for(url)
    return create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True, pool_timeout=20)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


STATUS_BY_ERROR: list[tuple[type[RidniError], int]] = [
    (Throttled, 429),
    (NotFound, 404),
    (Forbidden, 403),
    (Invalid, 422),
    (Conflict, 409),
]


def _add_error_handlers(app: FastAPI, *, development: bool) -> None:
    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, exc: NotAuthenticated) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": "a valid API token is required"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        if request.headers.get("HX-Request") == "true":
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)

    @app.exception_handler(RidniError)
    async def ridni_error(request: Request, exc: RidniError) -> Response:
        status = next((s for t, s in STATUS_BY_ERROR if isinstance(exc, t)), 400)
        if isinstance(exc, Forbidden) and not isinstance(exc, Throttled | CsrfFailed):
            _record_denial(request, exc)
        return _error_response(request, status, _public_message(exc, status))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_response(request, exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": _jsonable_errors(exc)}, status_code=422)
        return _error_response(request, 422, "invalid request")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        reference = uuid.uuid4().hex[:12]
        log.error(
            "unhandled error %s on %s %s", reference, request.method, request.url.path, exc_info=exc
        )
        trace = "".join(traceback.format_exception(exc)) if development else None
        return _error_response(request, 500, "internal error", reference=reference, trace=trace)


ERROR_PAGES = (400, 401, 403, 404, 405, 409, 413, 422, 429, 500)


def _public_message(exc: RidniError, status: int) -> str:
    # Not-found and forbidden say nothing about what exists; invalid input says what is wrong.
    if status in (422, 409, 429):
        return str(exc)
    return "not found" if status == 404 else "forbidden"


def _jsonable_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors()
    ]


def _error_response(
    request: Request,
    status: int,
    message: str,
    *,
    reference: str | None = None,
    trace: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _is_api(request):
        body: dict[str, object] = {"detail": message}
        if reference:
            body["reference"] = reference
        return JSONResponse(body, status_code=status, headers=headers)
    known = status if status in ERROR_PAGES else 400
    context = {
        "status": status,
        "message": message,
        "reference": reference,
        "trace": trace,
        "title_key": f"error.{known}",
        "text_key": f"error.{known}.text",
        "show_message": status in (409, 422, 429),
    }
    return render(request, "error.html", context, status_code=status, headers=headers)


def _record_denial(request: Request, exc: RidniError) -> None:
    """Refusals are audited in their own transaction: the request's own one is rolled back."""
    actor = getattr(request.state, "actor", None)
    try:
        with session_scope(request.app.state.engine) as session:
            audit.record(
                session,
                actor,
                "access.denied",
                details={"method": request.method, "path": request.url.path, "reason": str(exc)},
                address=request.client.host if request.client else None,
            )
    except Exception:  # never turn a 403 into a 500; the failure itself is logged
        log.exception("could not record a refusal")


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")
