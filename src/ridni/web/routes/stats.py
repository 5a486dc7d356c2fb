"""The statistics page: children by status, returns over time by channel (an SVG chart drawn
here, no script), open lists and their replies, cases per caseworker."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ridni.lists.stats import Stats, case_stats
from ridni.web.casework import add_nav
from ridni.web.deps import PageActor, SessionDep, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False, prefix="/stats")
add_nav("/stats", "nav.stats", "stats.view")

CHART_HEIGHT = 220
BAR_WIDTH = 36
GAP = 26
LEFT = 40
PALETTE = 6  # colour classes .series-0 … .series-5 in ridni.css


@dataclass(frozen=True)
class Segment:
    x: int
    y: float
    height: float
    series: int
    value: int
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    months: list[tuple[str, int]]  # (month, x of its label)
    segments: list[Segment]
    max_value: int
    channels: list[tuple[int, str]]


def month_range(months: list[str]) -> list[str]:
    """Every month from the first to the last, so that months without returns show as gaps."""
    if not months:
        return []
    year, month = map(int, months[0].split("-"))
    last = tuple(map(int, months[-1].split("-")))
    out = []
    while (year, month) <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def returns_chart(stats: Stats) -> Chart:
    """Stacked bars: one per month, one colour per channel; heights in proportion."""
    months, channels = month_range(stats.months), stats.channels
    counts = {(m, c): n for m, c, n in stats.returns}
    totals = {m: sum(counts.get((m, c), 0) for c in channels) for m in months}
    top = max(totals.values(), default=0) or 1
    scale = (CHART_HEIGHT - 40) / top
    segments, labels = [], []
    for i, month in enumerate(months):
        x = LEFT + i * (BAR_WIDTH + GAP)
        labels.append((month, x + BAR_WIDTH // 2))
        base = CHART_HEIGHT - 20
        for series, channel in enumerate(channels):
            value = counts.get((month, channel), 0)
            if value:
                height = value * scale
                base -= height
                segments.append(
                    Segment(x, round(base, 1), round(height, 1), series % PALETTE, value, channel)
                )
    width = LEFT + len(months) * (BAR_WIDTH + GAP) + 20
    return Chart(
        max(width, 300),
        CHART_HEIGHT,
        labels,
        segments,
        top,
        [(i % PALETTE, c) for i, c in enumerate(channels)],
    )


@router.get("", dependencies=[page_gate("stats.view")])
def stats_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    stats = case_stats(session=db, actor=actor)
    return render(request, "stats/page.html", {"stats": stats, "chart": returns_chart(stats)})
