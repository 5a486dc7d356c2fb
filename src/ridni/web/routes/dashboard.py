"""The start page: counts by source and kind, with a bar chart drawn on the server (SVG)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ridni.registry import stats
from ridni.web.deps import PageActor, SessionDep
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False)

CHART_WIDTH = 640
BAR_HEIGHT = 26


def chart_bars(rows: list[tuple[str, int]]) -> list[dict[str, object]]:
    """Bar geometry for the SVG chart: label, value, y and width in pixels."""
    top = max((n for _, n in rows), default=0) or 1
    return [
        {"label": label, "value": n, "y": i * BAR_HEIGHT, "width": max(2, int(n / top * 400))}
        for i, (label, n) in enumerate(rows)
    ]


@router.get("/")
def dashboard_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    data = stats.dashboard(session=db, actor=actor)
    bars = chart_bars(data.by_kind)
    return render(
        request,
        "dashboard/page.html",
        {
            "data": data,
            "bars": bars,
            "chart_height": max(1, len(bars)) * BAR_HEIGHT,
            "chart_width": CHART_WIDTH,
        },
    )
