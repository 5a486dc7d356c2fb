"""``ridni users``, ``orgs`` and ``tokens``: accounts from the shell (as the audited system)."""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from ridni.commands.output import LiveConsole
from ridni.db.engine import session_scope
from ridni.security import accounts, tokens, totp
from ridni.security.actors import ROLES, SYSTEM

console = LiveConsole()
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
orgs_app = typer.Typer(
    help="Organisations (users belong to one; partners see their own).", no_args_is_help=True
)
tokens_app = typer.Typer(help="REST API tokens.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(orgs_app, name="orgs")
    app.add_typer(tokens_app, name="tokens")


def _read_password(from_stdin: bool) -> str | None:
    if not from_stdin:
        return None
    return sys.stdin.readline().rstrip("\n")


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Login name, without spaces."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    org: str = typer.Option(..., "--org", help="The user's organisation (see `ridni orgs list`)."),
    name: str = typer.Option(None, "--name", help="Display name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (else generate)."
    ),
) -> None:
    """Create a user; prints the generated password once unless one is given on stdin."""
    given = _read_password(password_stdin)
    with session_scope() as session:
        user, password = accounts.create_user(
            session=session,
            actor=SYSTEM,
            username=username,
            role=role,
            organisation=org,
            password=given,
            display_name=name,
        )
        console.print(f"User [bold]{user.username}[/] ({role}, {org}) created.")
    if given is None:
        console.print(f"Password (shown once): [bold]{password}[/]", highlight=False)


@users_app.command("disable")
def users_disable(username: str) -> None:
    """Disable a user; their sessions end and their tokens stop working."""
    with session_scope() as session:
        accounts.set_disabled(session=session, actor=SYSTEM, username=username, disabled=True)
    console.print(f"User [bold]{username}[/] disabled.")


@users_app.command("enable")
def users_enable(username: str) -> None:
    """Enable a disabled user again."""
    with session_scope() as session:
        accounts.set_disabled(session=session, actor=SYSTEM, username=username, disabled=False)
    console.print(f"User [bold]{username}[/] enabled.")


@users_app.command("reset")
def users_reset(
    username: str,
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the new password from stdin."
    ),
) -> None:
    """Set a new password (generated unless given on stdin); ends the user's sessions."""
    given = _read_password(password_stdin)
    with session_scope() as session:
        _, password = accounts.reset_password(
            session=session, actor=SYSTEM, username=username, password=given
        )
    console.print(f"Password of [bold]{username}[/] reset.")
    if given is None:
        console.print(f"New password (shown once): [bold]{password}[/]", highlight=False)


@users_app.command("totp")
def users_totp(
    username: str,
    off: bool = typer.Option(False, "--off", help="Remove the second factor instead."),
) -> None:
    """Set up (or remove) a TOTP second factor; prints the secret and its otpauth:// URI."""
    with session_scope() as session:
        if off:
            accounts.disable_totp(session=session, actor=SYSTEM, username=username)
            console.print(f"Second factor of [bold]{username}[/] removed.")
            return
        secret = accounts.set_totp(session=session, actor=SYSTEM, username=username)
    console.print(
        f"TOTP secret of [bold]{username}[/] (shown once): [bold]{secret}[/]", highlight=False
    )
    console.print(totp.provisioning_uri(secret, username), highlight=False, soft_wrap=True)


@users_app.command("list")
def users_list() -> None:
    """Every user with role, organisation and state."""
    with session_scope() as session:
        rows = accounts.list_users(session=session, actor=SYSTEM)
        table = Table("user", "name", "role", "organisation", "state", "2FA", "last login")
        for u, o in rows:
            table.add_row(
                u.username,
                u.display_name or "",
                u.role,
                o.name,
                "disabled" if u.disabled else "active",
                "yes" if u.totp_secret else "",
                u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "",
            )
    console.print(table)


@orgs_app.command("add")
def orgs_add(
    name: str,
    description: str = typer.Option(None, "--description", help="What the organisation is."),
) -> None:
    """Create an organisation."""
    with session_scope() as session:
        accounts.create_organisation(
            session=session, actor=SYSTEM, name=name, description=description
        )
    console.print(f"Organisation [bold]{name}[/] created.")


@orgs_app.command("list")
def orgs_list() -> None:
    """Every organisation."""
    with session_scope() as session:
        table = Table("id", "organisation", "description")
        for o in accounts.list_organisations(session=session, actor=SYSTEM):
            table.add_row(str(o.id), o.name, o.description or "")
    console.print(table)


@tokens_app.command("create")
def tokens_create(
    username: str = typer.Argument(..., help="Whose token (it acts with at most their rights)."),
    name: str = typer.Option("cli", "--name", help="What the token is for."),
    role: str = typer.Option(
        None, "--role", help="A narrower role than the user's (default: theirs)."
    ),
    days: int = typer.Option(tokens.DEFAULT_DAYS, "--days", help="Days until it expires."),
) -> None:
    """Create an API token; prints it once."""
    with session_scope() as session:
        row, plaintext = tokens.create_token(
            session=session, actor=SYSTEM, username=username, name=name, role=role, days=days
        )
        console.print(
            f"Token [bold]{row.prefix}[/] for {username} ({row.role}), "
            f"expires {row.expires_at:%Y-%m-%d}."
        )
    console.print(f"Token (shown once): [bold]{plaintext}[/]", highlight=False, soft_wrap=True)


@tokens_app.command("revoke")
def tokens_revoke(
    prefix: str = typer.Argument(..., help="The token's prefix (see `ridni tokens list`)."),
) -> None:
    """Revoke a token at once."""
    with session_scope() as session:
        tokens.revoke_token(session=session, actor=SYSTEM, prefix=prefix)
    console.print(f"Token [bold]{prefix}[/] revoked.")


@tokens_app.command("list")
def tokens_list(
    username: str = typer.Option(None, "--user", help="Only this user's tokens."),
) -> None:
    """Tokens (never their secrets)."""
    with session_scope() as session:
        table = Table("prefix", "name", "user", "role", "expires", "last used", "state")
        for t, u in tokens.list_tokens(session=session, actor=SYSTEM, username=username):
            table.add_row(
                t.prefix,
                t.name,
                u.username,
                t.role,
                f"{t.expires_at:%Y-%m-%d}",
                f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "",
                "revoked" if t.revoked_at else "active",
            )
    console.print(table)
