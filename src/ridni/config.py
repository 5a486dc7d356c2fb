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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
