"""The REST API's documentation, rendered here from the OpenAPI schema (no CDN-hosted UI)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ridni.web.rendering import render

router = APIRouter(include_in_schema=False)


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "type": p.get("schema", {}).get("type")
                    or "/".join(x.get("type", "") for x in p.get("schema", {}).get("anyOf", [])),
                }
                for p in op.get("parameters", [])
            ]
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "name": op.get("operationId", ""),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "has_body": "requestBody" in op,
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return ops


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    schema = request.app.openapi()
    return render(
        request,
        "apidocs/page.html",
        {
            "ops": operations(schema),
            "version": schema["info"]["version"],
            "auth_header": "Authorization: Bearer ridni_…",
            "schema_url": request.app.openapi_url,
        },
    )
