"""``ridni serve`` and ``ridni demo-users``."""

from __future__ import annotations

import typer
from sqlalchemy import select

from ridni.commands.output import LiveConsole
from ridni.config import get_settings
from ridni.db.engine import session_scope
from ridni.security import accounts
from ridni.security.actors import SYSTEM
from ridni.security.models import Organisation, User

console = LiveConsole()

DEMO_ORGANISATION = "Ridni (demo)"
DEMO_PARTNER = "Partner NGO (demo)"
DEMO_USERS = (
    ("admin", "admin", DEMO_ORGANISATION),
    ("caseworker", "caseworker", DEMO_ORGANISATION),
    ("reviewer", "reviewer", DEMO_ORGANISATION),
    ("negotiator", "negotiator", DEMO_ORGANISATION),
    ("auditor", "auditor", DEMO_ORGANISATION),
    ("partner", "partner", DEMO_PARTNER),
)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("demo-users")(demo_users)


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, help="Worker processes (PostgreSQL only; SQLite needs 1)."),
) -> None:
    """Serve the web application and the REST API."""
    import uvicorn

    settings = get_settings()
    console.print(f"Serving ridni on [bold]http://{host}:{port}/[/]  (API docs: /api/docs)")
    if workers > 1:
        uvicorn.run(
            "ridni.web.asgi:app",
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            proxy_headers=False,
        )
        return
    from ridni.web.app import create_app

    uvicorn.run(
        create_app(settings, warm_up=True),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
    )


def demo_users() -> None:
    """Create the demo organisations and one user per role; print their passwords once.

    Users that exist already get a new password, so the printed logins always work.
    """
    with session_scope() as session:
        for name in (DEMO_ORGANISATION, DEMO_PARTNER):
            if not session.scalar(select(Organisation).where(Organisation.name == name)):
                accounts.create_organisation(session=session, actor=SYSTEM, name=name)
        logins = []
        for username, role, org in DEMO_USERS:
            if session.scalar(select(User).where(User.username == username)):
                _, password = accounts.reset_password(
                    session=session, actor=SYSTEM, username=username
                )
            else:
                _, password = accounts.create_user(
                    session=session, actor=SYSTEM, username=username, role=role, organisation=org
                )
            logins.append((username, role, password))
    console.print("[bold]Demo logins[/] (passwords shown once):")
    for username, role, password in logins:
        console.print(f"  {username:<11} {role:<11} {password}", highlight=False)
