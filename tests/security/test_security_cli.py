"""``ridni users / orgs / tokens / audit / demo-users`` from the shell."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from ridni.cli import app
from ridni.commands.audit import ChainBroken
from ridni.security import passwords


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


def _run(db_url: str, *args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["--db", db_url, *args], input=stdin)


def test_accounts_from_the_shell(db_url: str, engine: Engine) -> None:
    assert _run(db_url, "orgs", "add", "Ridni").exit_code == 0
    added = _run(
        db_url,
        "users",
        "add",
        "olena",
        "--role",
        "caseworker",
        "--org",
        "Ridni",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    generated = _run(db_url, "users", "add", "petro", "--role", "auditor", "--org", "Ridni")
    assert "Password (shown once)" in generated.output
    listed = _run(db_url, "users", "list")
    assert "olena" in listed.output and "petro" in listed.output
    token = _run(db_url, "tokens", "create", "olena", "--name", "ci")
    assert "ridni_" in token.output
    prefix = token.output.split("Token ")[1].split()[0]
    assert _run(db_url, "tokens", "revoke", prefix).exit_code == 0
    assert "revoked" in _run(db_url, "tokens", "list").output
    assert _run(db_url, "users", "disable", "olena").exit_code == 0
    assert _run(db_url, "users", "reset", "petro").exit_code == 0
    assert "TOTP secret" in _run(db_url, "users", "totp", "petro").output
    bad = _run(db_url, "users", "add", "x", "--role", "boss", "--org", "Ridni")
    assert bad.exit_code != 0 and "unknown role" in str(bad.exception)


def test_demo_users_prints_working_logins(db_url: str) -> None:
    result = _run(db_url, "demo-users")
    assert result.exit_code == 0
    for role in ("admin", "caseworker", "reviewer", "negotiator", "auditor", "partner"):
        assert role in result.output
    again = _run(db_url, "demo-users")  # re-running resets the passwords instead of failing
    assert again.exit_code == 0


def test_audit_verify_names_the_tampered_row(db_url: str, engine: Engine) -> None:
    _run(db_url, "orgs", "add", "Ridni")
    _run(db_url, "orgs", "add", "Other")
    _run(db_url, "orgs", "add", "Third")
    ok = _run(db_url, "audit", "verify")
    assert ok.exit_code == 0 and "3 events verified" in ok.output
    assert "audit.verify" in _run(db_url, "audit", "list", "--action", "audit.verify").output
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2"))
    broken = _run(db_url, "audit", "verify")
    assert isinstance(broken.exception, ChainBroken)
    assert "event 2 was altered" in str(broken.exception)
