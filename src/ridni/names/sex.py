"""Sex values as records write them."""

from __future__ import annotations

__all__ = ["normalise_sex"]

_SEX = {
    "m": "M", "male": "M", "man": "M", "boy": "M", "ч": "M", "чол": "M", "чоловіча": "M",
    "чоловік": "M", "хлопчик": "M", "м": "M", "муж": "M", "мужской": "M", "мальчик": "M",
    "f": "F", "female": "F", "woman": "F", "girl": "F", "ж": "F", "жін": "F", "жіноча": "F",
    "жінка": "F", "дівчинка": "F", "жен": "F", "женский": "F", "девочка": "F", "w": "F",
}  # fmt: skip


def normalise_sex(value: str | None) -> str | None:
    """ "M", "F" or None, from M/F and the local forms (ч, м, ж, male, female, …)."""
    if not value:
        return None
    return _SEX.get(value.strip().strip(".").lower())
