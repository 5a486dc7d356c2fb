"""Every room's models, imported so that Alembic and ``create_all`` see one metadata."""

from ridni.cases import models as cases_models
from ridni.db.base import Base
from ridni.ingest import models as ingest_models
from ridni.linkage import models as linkage_models
from ridni.lists import models as lists_models
from ridni.security import models as security_models

__all__ = [
    "Base",
    "cases_models",
    "ingest_models",
    "linkage_models",
    "lists_models",
    "security_models",
]
