"""Re-fitting match probabilities to reviewers' decisions (pure logic)."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ridni.errors import Invalid
from ridni.linkage.calibration import Calibration, fingerprint, fit


def _decisions(slope: float, intercept: float, n: int, seed: int = 1) -> list[tuple[float, bool]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        weight = rng.uniform(-10, 20)
        p = 1 / (1 + math.exp(-(slope * weight + intercept)))
        out.append((weight, rng.random() < p))
    return out


def test_many_decisions_recover_the_curve_they_came_from() -> None:
    fitted = fit(_decisions(0.3, -1.0, 5000), "m")
    assert fitted.slope == pytest.approx(0.3, abs=0.03)
    assert fitted.intercept == pytest.approx(-1.0, abs=0.15)
    assert (fitted.decisions, fitted.model) == (5000, "m")


def test_decisions_that_agree_with_the_model_leave_it_as_it_was() -> None:
    # The model's own curve: p = 1 / (1 + 2^-weight); decisions drawn from it.
    fitted = fit(_decisions(math.log(2), 0.0, 4000, seed=3), "m")
    for weight in (-5.0, 0.0, 3.0, 8.0):
        assert fitted.probability(weight) == pytest.approx(1 / (1 + 2**-weight), abs=0.05)


def test_an_over_confident_band_is_brought_down() -> None:
    # Pairs the model gives 0.95 (4.25 bits) are confirmed half the time.
    weight_95 = math.log2(19)
    decisions = [(weight_95, True), (weight_95, False)] * 20
    decisions += [(12.0, True)] * 20 + [(-4.0, False)] * 20
    fitted = fit(decisions, "m")
    assert fitted.probability(weight_95) == pytest.approx(0.5, abs=0.1)
    assert fitted.probability(12.0) > 0.95 and fitted.probability(-4.0) < 0.05


def test_too_few_decisions_of_either_kind_is_an_error_that_says_how_many() -> None:
    with pytest.raises(Invalid, match="there are 12 and 3"):
        fit([(5.0, True)] * 12 + [(-5.0, False)] * 3, "m")


@given(st.lists(st.tuples(st.floats(-30, 30), st.booleans()), min_size=20, max_size=60))
def test_the_fitted_curve_is_a_probability_and_never_falls_with_the_weight(
    decisions: list[tuple[float, bool]],
) -> None:
    try:
        fitted = fit(decisions, "m")
    except Invalid:  # too few of one kind, or decisions that fall as the weight rises
        return
    values = [fitted.probability(w) for w in range(-40, 41, 4)]
    assert all(0.0 <= v <= 1.0 and math.isfinite(v) for v in values)
    assert values == sorted(values)


def test_decisions_that_contradict_the_scores_are_refused() -> None:
    with pytest.raises(Invalid, match="upside down"):
        fit([(10.0, False)] * 15 + [(-10.0, True)] * 15, "m")


def test_a_calibration_survives_its_file_and_knows_its_model() -> None:
    fitted = Calibration(0.5, -0.2, 40, 20, fingerprint({"a": 1}))
    assert Calibration.from_dict(fitted.as_dict()) == fitted
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
