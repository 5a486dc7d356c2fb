from __future__ import annotations

from ridni.linkage.evaluate import score

KINDS = {"reg": "official_registry", "ru": "counterpart_list", "osint": "osint"}


def test_perfect_clustering_scores_one() -> None:
    truth = {("reg", "1"): "a", ("ru", "9"): "a", ("osint", "5"): "a", ("reg", "2"): "b"}
    s = score(truth, {r: "p" + t for r, t in truth.items()}, KINDS)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.true_pairs == 3 and s.ua_ru_pairs == 1 and s.children_both_sides == 1


def test_missed_and_wrong_pairs() -> None:
    truth = {("reg", "1"): "a", ("ru", "9"): "a", ("reg", "2"): "b", ("ru", "8"): "c"}
    predicted = {("reg", "1"): "x", ("ru", "9"): "y", ("reg", "2"): "z", ("ru", "8"): "z"}
    s = score(truth, predicted, KINDS, renamed=[("ru", "9")])
    assert s.precision == 0.0 and s.recall == 0.0 and s.f1 == 0.0
    assert s.ua_ru_pair_recall == 0.0 and s.renamed_pairs == 1
    assert s.children_both_sides_connected == 0.0


def test_partial_recall() -> None:
    truth = {("reg", "1"): "a", ("ru", "9"): "a", ("osint", "3"): "a"}
    predicted = {("reg", "1"): "x", ("ru", "9"): "x", ("osint", "3"): "y"}
    s = score(truth, predicted, KINDS)
    assert s.precision == 1.0 and round(s.recall, 3) == 0.333
    assert s.ua_ru_pair_recall == 1.0 and s.children_both_sides_connected == 1.0


def test_reliability_bands_count_the_observed_share() -> None:
    from ridni.linkage.evaluate import reliability

    observations = [(0.95, True), (0.93, False), (0.999, True), (1.0, True), (0.3, False)]
    bands = {(b.low, b.high): b for b in reliability(observations)}
    assert bands[(0.9, 0.99)].pairs == 2 and bands[(0.9, 0.99)].true_share == 0.5
    assert bands[(0.9, 0.99)].mean_predicted == 0.94
    assert bands[(0.99, 1.0)].pairs == 2 and bands[(0.99, 1.0)].true_share == 1.0
    assert bands[(0.2, 0.5)].true_share == 0.0
    assert sum(b.pairs for b in bands.values()) == len(observations)
    assert reliability([]) == []
