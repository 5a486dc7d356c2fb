"""Optional TOTP second factor (RFC 6238, 30-second steps, ±1 step of clock drift)."""

from __future__ import annotations

import pyotp

ISSUER = "ridni"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def verify_code(secret: str, code: str | None) -> bool:
    if not code:
        return False
    code = code.strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return False
    return pyotp.TOTP(secret).verify(code, valid_window=1)


def current_code(secret: str) -> str:
    """The code an authenticator shows now (for tests and the CLI's enrolment check)."""
    return pyotp.TOTP(secret).now()
