"""Calibrated match probabilities, re-fitted from the reviewers' decisions.

The model's probability comes from its match weight (log2 of the odds, prior included), and it is
over-confident where the comparisons are not independent (a family's shared surname, birthplace
and guardians) and where one prior serves very different pairs. Reviewers' decisions are the only
ground truth a registry has: a logistic curve of the weight, fitted to them, says what a weight
has meant so far. It starts from the model's own curve (slope ln 2, intercept 0) and is pulled
towards it, so that a few decisions move it a little and many move it far.

Pure: no database, no files. ``ridni.cases.review.recalibrate`` feeds it and stores the result.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ridni.errors import Invalid

MIN_EACH = 10  # confirmed and rejected decisions needed, at least, of each
# How strongly the curve is held to the model's own (a prior of so many pseudo-decisions' worth).
SHRINK = 1.0
_IDENTITY_SLOPE = math.log(2)  # the model's own curve: p = 1 / (1 + 2^-weight)


@dataclass(frozen=True)
class Calibration:
    slope: float  # natural log-odds per bit of match weight
    intercept: float
    decisions: int
    confirmed: int
    model: str  # fingerprint of the trained model the weights came from

    def probability(self, weight: float) -> float:
        return _sigmoid(self.slope * weight + self.intercept)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        fields = ("slope", "intercept", "decisions", "confirmed", "model")
        return cls(**{name: data[name] for name in fields})


def fingerprint(model: dict[str, Any]) -> str:
    """A trained model's identity: retraining under the same version name changes it."""
    return hashlib.sha256(json.dumps(model, sort_keys=True).encode()).hexdigest()[:16]


def fit(observations: Sequence[tuple[float, bool]], model: str) -> Calibration:
    """The logistic curve of the match weight that best explains the decisions ((weight,
    confirmed) pairs), held towards the model's own curve by ``SHRINK``."""
    confirmed = sum(1 for _, yes in observations if yes)
    rejected = len(observations) - confirmed
    if confirmed < MIN_EACH or rejected < MIN_EACH:
        raise Invalid(
            f"calibration needs at least {MIN_EACH} confirmed and {MIN_EACH} rejected decisions "
            f"on scored links; there are {confirmed} and {rejected}",
            field="decisions",
        )
    slope, intercept = _newton(observations)
    if slope <= 0:
        raise Invalid(
            "the reviewers' decisions do not rise with the model's match weight: a calibration "
            "would turn the scores upside down; look at the decisions and the model first",
            field="decisions",
        )
    return Calibration(slope, intercept, len(observations), confirmed, model)


def _newton(observations: Sequence[tuple[float, bool]]) -> tuple[float, float]:
    """Maximum a posteriori (slope, intercept): logistic likelihood plus a Gaussian pull of
    weight ``SHRINK`` towards (ln 2, 0). Two parameters: Newton's method in closed form, each
    step halved until it lowers the loss (a full step can overshoot where decisions separate)."""
    slope, intercept = _IDENTITY_SLOPE, 0.0
    loss = _loss(observations, slope, intercept)
    for _ in range(100):
        g_s = SHRINK * (slope - _IDENTITY_SLOPE)
        g_i = SHRINK * intercept
        h_ss, h_si, h_ii = SHRINK, 0.0, SHRINK  # the pull's curvature: no cross term
        for weight, yes in observations:
            p = _sigmoid(slope * weight + intercept)
            residual = p - (1.0 if yes else 0.0)
            g_s += residual * weight
            g_i += residual
            curvature = p * (1 - p)
            h_ss += curvature * weight * weight
            h_si += curvature * weight
            h_ii += curvature
        det = h_ss * h_ii - h_si * h_si  # > 0: the pull makes the loss strictly convex
        step_s = (h_ii * g_s - h_si * g_i) / det
        step_i = (h_ss * g_i - h_si * g_s) / det
        scale = 1.0
        while scale > 1e-6:
            new_s, new_i = slope - scale * step_s, intercept - scale * step_i
            new_loss = _loss(observations, new_s, new_i)
            if new_loss <= loss:
                break
            scale /= 2
        else:
            break
        converged = loss - new_loss < 1e-12
        slope, intercept, loss = new_s, new_i, new_loss
        if converged:
            break
    return slope, intercept


def _loss(observations: Sequence[tuple[float, bool]], slope: float, intercept: float) -> float:
    pull = SHRINK / 2 * ((slope - _IDENTITY_SLOPE) ** 2 + intercept**2)
    return pull + sum(
        _log1p_exp(-(slope * w + intercept) if yes else slope * w + intercept)
        for w, yes in observations
    )


def _log1p_exp(x: float) -> float:
    """log(1 + e^x) without overflow: the log-loss of a decision the curve gives e^-x odds."""
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
