"""The secret key: from the environment, else generated once into the data directory (0600)."""

from __future__ import annotations

import stat
from pathlib import Path

from ridni.config import Settings
from ridni.security.keys import secret_key


def test_generated_once_with_private_mode(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var", secret_key=None)
    first = secret_key(settings)
    assert len(first) >= 48
    path = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key(settings) == first


def test_environment_wins(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var", secret_key="from-the-environment")
    assert secret_key(settings) == "from-the-environment"
    assert not (tmp_path / "var" / "secret_key").exists()
