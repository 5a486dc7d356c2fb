"""The REST API: ``/api/v1``. Bearer tokens only; the same services, rules and audit as pages."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

from ridni.web.deps import api_actor

# Every operation needs a token (so the OpenAPI schema shows the bearer scheme on each).
router = APIRouter(prefix="/api/v1", dependencies=[])

for _name in ("me", "registry", "sources", "audit", "casework", "negotiation", "linkage"):
    router.include_router(import_module(f"ridni.web.routes.api_v1.{_name}").router)

__all__ = ["api_actor", "router"]
