"""Explanations in words: each comparison's contribution to a link's match weight, labelled
with the model's level and a strength a caseworker can read. Pure: models are dicts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ridni.linkage import labels
from ridni.linkage.store import load_model, renamed_model_path

MARKER = "_model"  # key in a link's contributions naming the model that scored it
RENAMED = "renamed"  # its value for the name-free model's links (possible renamings)
# A comparison that sets the starting point of a kind of pair rather than weighing evidence
# (the name-free model's, see ``renamed._set_tiers``): shown as part of the starting point.
PAIR_KIND = "pair_kind"


@dataclass(frozen=True)
class Step:
    comparison: str
    description: str
    level: str
    bits: float
    missing: bool = False  # the comparison's "nothing to compare" level

    @property
    def strength(self) -> str:
        return strength_words(self.bits, missing=self.missing)

    def words(self, lang: str = "en") -> tuple[str, str, str]:
        """(comparison, level, strength) in ``lang`` ('en' or 'uk')."""
        return (
            labels.comparison_title(self.comparison, lang),
            labels.level_text(self.level, lang),
            labels.strength_text(self.strength, lang),
        )


@dataclass(frozen=True)
class Explanation:
    record_a: int
    record_b: int
    prior_bits: float
    steps: list[Step]
    match_weight: float
    match_probability: float
    model_version: str
    # What the reviewers' decisions so far make of this weight (main model, once fitted).
    calibrated_probability: float | None = None
    calibration_decisions: int = 0
    # For a pair across the two sides that the main model scored: the name-free model's view,
    # as a possible renaming (``renamed.score_pair``).
    renaming: Explanation | None = None


def strength_words(bits: float, *, missing: bool = False) -> str:
    if missing:
        return "no evidence"
    for floor, words in (
        (10, "very strong evidence for"),
        (5, "strong evidence for"),
        (1, "evidence for"),
        (-1, "little evidence either way"),
        (-5, "evidence against"),
        (-10, "strong evidence against"),
    ):
        if bits >= floor:
            return words
    return "very strong evidence against"


def prior_bits(model: dict[str, Any]) -> float:
    lam = model["probability_two_random_records_match"]
    return math.log2(lam / (1 - lam))


def describe(
    contributions: dict[str, list[float]], model: dict[str, Any]
) -> tuple[float, list[Step]]:
    """Turn stored contributions ({comparison: [gamma, bits]}) into the starting point and
    labelled steps."""
    if contributions.get(MARKER) == RENAMED:
        model = load_model(renamed_model_path()) or model
    start = prior_bits(model)
    steps = []
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        gamma, bits = contributions.get(name, [-1, 0.0])
        if name == PAIR_KIND:
            start += float(bits)
            continue
        steps.append(
            Step(
                name,
                comparison.get("comparison_description", name),
                _label(comparison, gamma),
                float(bits),
                missing=gamma == -1,
            )
        )
    return start, steps


def _label(comparison: dict[str, Any], gamma: float) -> str:
    """The label of the level Splink numbers ``gamma`` (-1 = the null level)."""
    levels = comparison["comparison_levels"]
    for position, level in enumerate(levels):
        value = -1 if level.get("is_null_level") else len(levels) - 1 - position
        if value == gamma:
            return level.get("label_for_charts", str(gamma))
    return str(gamma)
