"""A fast weighted choice: one ``random()`` and a bisection, no per-call allocation."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Items with weights; ``pick`` draws one in proportion to its weight."""

    __slots__ = ("_cumulative", "_total", "items")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("need as many weights as items, and at least one item")
        self.items = list(items)
        self._cumulative = list(accumulate(weights))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        index = bisect_right(self._cumulative, rng.random() * self._total)
        return self.items[min(index, len(self.items) - 1)]

    def share(self, item: T) -> float:
        """The probability of ``item`` (used by tests and docs, not on the hot path)."""
        previous = 0.0
        for candidate, cumulative in zip(self.items, self._cumulative, strict=True):
            if candidate == item:
                return (cumulative - previous) / self._total
            previous = cumulative
        return 0.0

    def __len__(self) -> int:
        return len(self.items)


def zipf_weights(count: int, *, exponent: float, offset: float) -> list[float]:
    """Weights that fall as ``1 / (rank + offset) ** exponent``: few common, many rare."""
    return [1.0 / (rank + offset) ** exponent for rank in range(count)]
