"""Accuracy of a clustering against a ground truth: pairwise precision, recall and F1, and the
figures that matter for negotiation (Ukrainian-side ↔ Russian-side links, renamed children).

Pure: takes mappings, returns numbers. Used by the benchmark and the tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from itertools import combinations

Ref = tuple[str, str]  # (source, record_id)

UA_SIDE = {"official_registry", "family_report", "return_list"}
RU_SIDE = {"counterpart_list", "adoption_database"}


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    ua_ru_pair_recall: float
    ua_ru_pairs: int
    renamed_pair_recall: float
    renamed_pairs: int
    renamed_children: int
    renamed_children_found: float
    children_both_sides: int
    children_both_sides_connected: float
    # Renamed pairs by the kind of source that shows the new identity: {kind: [pairs, recall]}.
    renamed_by_kind: dict[str, list[float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def _pairs(groups: Mapping[str, list[Ref]]) -> set[tuple[Ref, Ref]]:
    out: set[tuple[Ref, Ref]] = set()
    for members in groups.values():
        if len(members) > 1:
            out.update(combinations(sorted(members), 2))
    return out


def _group(assignment: Mapping[Ref, str]) -> dict[str, list[Ref]]:
    groups: dict[str, list[Ref]] = defaultdict(list)
    for ref, group in assignment.items():
        groups[group].append(ref)
    return groups


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def score(
    truth: Mapping[Ref, str],
    predicted: Mapping[Ref, str],
    kinds: Mapping[str, str],
    renamed: Iterable[Ref] = (),
) -> Scores:
    """``truth`` and ``predicted`` map each record to a person; ``kinds`` maps source → kind;
    ``renamed`` lists the records that carry a new identity."""
    refs = [r for r in truth if r in predicted]
    truth_groups = _group({r: truth[r] for r in refs})
    true_pairs = _pairs(truth_groups)
    pred_pairs = _pairs(_group({r: predicted[r] for r in refs}))
    hits = len(true_pairs & pred_pairs)
    precision = _ratio(hits, len(pred_pairs))
    recall = _ratio(hits, len(true_pairs))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def cross(a: Ref, b: Ref) -> bool:
        ka, kb = kinds.get(a[0]), kinds.get(b[0])
        return (ka in UA_SIDE and kb in RU_SIDE) or (ka in RU_SIDE and kb in UA_SIDE)

    ua_ru = [p for p in true_pairs if cross(*p)]
    ua_ru_hits = sum(1 for p in ua_ru if p in pred_pairs)
    renamed_set = set(renamed)
    renamed_pairs = [p for p in ua_ru if p[0] in renamed_set or p[1] in renamed_set]
    renamed_hits = sum(1 for p in renamed_pairs if p in pred_pairs)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in renamed_pairs:
        new = p[0] if p[0] in renamed_set else p[1]
        counts = by_kind[kinds.get(new[0], "other")]
        counts[0] += 1
        counts[1] += p in pred_pairs
    both, connected = _both_sides(truth_groups, predicted, kinds)
    renamed_children, renamed_found = _renamed_children(truth_groups, predicted, kinds, renamed_set)
    return Scores(
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        true_pairs=len(true_pairs),
        predicted_pairs=len(pred_pairs),
        ua_ru_pair_recall=round(_ratio(ua_ru_hits, len(ua_ru)), 4),
        ua_ru_pairs=len(ua_ru),
        renamed_pair_recall=round(_ratio(renamed_hits, len(renamed_pairs)), 4),
        renamed_pairs=len(renamed_pairs),
        renamed_children=renamed_children,
        renamed_children_found=round(_ratio(renamed_found, renamed_children), 4),
        children_both_sides=both,
        children_both_sides_connected=round(_ratio(connected, both), 4),
        renamed_by_kind={k: [n, round(_ratio(h, n), 4)] for k, (n, h) in sorted(by_kind.items())},
    )


def _renamed_children(
    truth_groups: Mapping[str, list[Ref]],
    predicted: Mapping[Ref, str],
    kinds: Mapping[str, str],
    renamed: set[Ref],
) -> tuple[int, int]:
    """Renamed children with a Ukrainian-side record, and how many of them have a record of the
    new identity in one predicted person with a Ukrainian-side record."""
    total = found = 0
    for members in truth_groups.values():
        new = {predicted[r] for r in members if r in renamed}
        ua = {predicted[r] for r in members if r not in renamed and kinds.get(r[0]) in UA_SIDE}
        if new and ua:
            total += 1
            found += bool(new & ua)
    return total, found


def _both_sides(
    truth_groups: Mapping[str, list[Ref]], predicted: Mapping[Ref, str], kinds: Mapping[str, str]
) -> tuple[int, int]:
    """Children with records on both sides, and how many of them have a Ukrainian-side and a
    Russian-side record in one predicted person."""
    both = connected = 0
    for members in truth_groups.values():
        ua = {predicted[r] for r in members if kinds.get(r[0]) in UA_SIDE}
        ru = {predicted[r] for r in members if kinds.get(r[0]) in RU_SIDE}
        if ua and ru:
            both += 1
            connected += bool(ua & ru)
    return both, connected


# Probability bands for reliability tables: the review band's usual edges and the certain end.
BANDS = (0.0, 0.2, 0.5, 0.8, 0.9, 0.99, 1.0)


@dataclass(frozen=True)
class Reliability:
    """How often the pairs the model put in one probability band were true matches."""

    low: float
    high: float
    pairs: int
    mean_predicted: float
    true_share: float


def reliability(
    observations: Iterable[tuple[float, bool]], edges: tuple[float, ...] = BANDS
) -> list[Reliability]:
    """Bands of (predicted probability, was it a match) with the observed share of matches:
    a calibrated model's ``true_share`` is close to its ``mean_predicted``. The last band
    includes probability 1."""
    sums: dict[int, list[float]] = {}
    for probability, matched in observations:
        band = next(
            (i for i in range(len(edges) - 1) if probability < edges[i + 1]), len(edges) - 2
        )
        cell = sums.setdefault(band, [0, 0.0, 0])
        cell[0] += 1
        cell[1] += probability
        cell[2] += matched
    return [
        Reliability(edges[i], edges[i + 1], int(n), round(total / n, 3), round(hits / n, 3))
        for i, (n, total, hits) in sorted(sums.items())
    ]
