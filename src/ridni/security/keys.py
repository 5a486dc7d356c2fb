"""The key that signs sessions' CSRF tokens and second-factor tickets.

Taken from ``RIDNI_SECRET_KEY``; otherwise generated once into ``<data_dir>/secret_key`` (mode
600) so a demo needs no setup and nothing secret is ever in the repository.
"""

from __future__ import annotations

import os
import secrets as _random
from pathlib import Path

from ridni.config import Settings

_FILE_NAME = "secret_key"


def secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / _FILE_NAME
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = _random.token_urlsafe(48)
    # O_EXCL: if two processes start at once, one creates the file and the other reads it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key
