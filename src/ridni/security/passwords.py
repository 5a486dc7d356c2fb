"""Password hashing (argon2id) and generated passwords."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ridni.errors import Invalid

MIN_LENGTH = 12
_hasher = PasswordHasher()
# Verified against when the account does not exist, so that a miss costs as much as a hit and
# response times do not tell which usernames exist.
_DUMMY_HASH = _hasher.hash("not a real password, never matches")


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise Invalid(f"a password needs at least {MIN_LENGTH} characters", field="password")


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def generate_password() -> str:
    """A random password for new accounts and resets: 20 URL-safe characters (~120 bits)."""
    return secrets.token_urlsafe(15)
