"""Every room's models, imported so that Alembic and ``create_all`` see one metadata."""

from ridni.db.base import Base
from ridni.ingest import models as ingest_models
from ridni.linkage import models as linkage_models

__all__ = ["Base", "ingest_models", "linkage_models"]
