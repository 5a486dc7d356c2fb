"""Property-based fuzzing of the REST API from its own OpenAPI schema: no input makes a 5xx.

Runs in-process through the ASGI app (no server), as an administrator so every code path is
reachable, with a bounded number of examples per operation. (Schemathesis' own pytest plugin
does not load under pytest 9, so its strategies are driven with Hypothesis directly.)
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from webworld import World

from ridni.config import Settings
from ridni.db.engine import make_engine
from ridni.web.app import create_app

MAX_EXAMPLES = 30


def _labels() -> list[str]:
    app = create_app(
        Settings(database_url="sqlite://", secret_key="x", link_after_import=False),
        engine=make_engine("sqlite://"),
    )
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    return sorted(op.ok().label for op in schema.get_all_operations())


@pytest.mark.slow
@pytest.mark.parametrize(
    "mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
)
@pytest.mark.parametrize("label", _labels())
def test_api_never_answers_with_a_server_error(
    app: FastAPI, world: World, label: str, mode: schemathesis.GenerationMode
) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operation = schema.find_operation_by_label(label)
    assert operation is not None
    headers = {"Authorization": f"Bearer {world.tokens['admin']}"}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def fuzz(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            case.method,
            case.formatted_path,
            case.query,
            response.text[:300],
        )

    fuzz()


def test_schema_is_valid_openapi(app: FastAPI) -> None:
    document = app.openapi()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert "/api/v1/search" in paths and "/api/v1/persons/{person_id}" in paths
    for methods in paths.values():  # every operation declares the bearer scheme
        for op in methods.values():
            assert op.get("security"), op.get("operationId")
