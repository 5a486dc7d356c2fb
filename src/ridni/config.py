"""Settings, each declared once with its default and its meaning.

Values come from the environment (prefix ``RIDNI_``), e.g. ``RIDNI_DATABASE_URL``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RIDNI_", extra="ignore")

    database_url: str = Field(
        "sqlite:///ridni.db",
        description="SQLAlchemy URL of the registry (SQLite by default; PostgreSQL supported).",
    )
    data_dir: Path = Field(
        Path("var"),
        description="Where ridni keeps its own files: linkage models, attachments, secrets.",
    )
    environment: str = Field(
        "production",
        description="'development' shows stack traces on error pages; anything else never does.",
    )
    secret_key: str | None = Field(
        None,
        description="Key signing sessions and CSRF tokens; generated into data_dir on first run.",
    )
    review_band_low: float = Field(
        0.3,
        description="Links scored at or above this match probability wait for a reviewer…",
    )
    review_band_high: float = Field(
        0.95,
        description="…and below this one (the uncertain band of the review queue).",
    )
    four_eyes: bool = Field(
        True,
        description="A child's identity counts as verified only when two different users "
        "confirmed it (or one recorded evidence and another verified).",
    )
    link_after_import: bool = Field(
        True,
        description="After an import from the web or the API, link its new records in a "
        "background process (`ridni link --new-only`), once a first full link has run.",
    )
    attachment_max_bytes: int = Field(
        10 * 1024 * 1024,
        description="Largest case attachment accepted, in bytes.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
