"""The life of a case, as a pure state machine: statuses, allowed moves and their guards.

A case follows one child from the first report to closing::

    reported → located → identity_verified → on_list → return_agreed → returned → follow_up → closed
                                                      └──────────────→ returned

and may be closed early from any open status with a closing reason. Every move needs a reason;
each guard is a pure function over :class:`Facts` (what the database knows about the child) and
the :class:`Move` asked for, and answers with the conditions not yet met (empty = allowed).
Nothing here touches a database, so every guard is tested in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

STATUSES = (
    "reported",
    "located",
    "identity_verified",
    "on_list",
    "return_agreed",
    "returned",
    "follow_up",
    "closed",
)
OPEN_STATUSES = STATUSES[:-1]

# Why a case was closed. 'reintegrated' ends the normal path after follow-up; the others end a
# case early.
CLOSING_REASONS = (
    "reintegrated",
    "came_of_age_in_ukraine",
    "found_not_deported",
    "deceased",
    "duplicate",
)

# The statuses each closing reason may close from.
_BEFORE_RETURN = ("reported", "located", "identity_verified", "on_list", "return_agreed")
CLOSING_FROM: dict[str, tuple[str, ...]] = {
    "reintegrated": ("follow_up",),
    "came_of_age_in_ukraine": _BEFORE_RETURN,
    "found_not_deported": _BEFORE_RETURN,
    "deceased": OPEN_STATUSES,
    "duplicate": OPEN_STATUSES,
}

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "reported": ("located", "closed"),
    "located": ("identity_verified", "closed"),
    "identity_verified": ("on_list", "closed"),
    "on_list": ("return_agreed", "returned", "closed"),
    "return_agreed": ("returned", "closed"),
    "returned": ("follow_up", "closed"),
    "follow_up": ("closed",),
    "closed": (),
}

# Reply outcomes (from the other side) that show the child was found there.
FOUND_OUTCOMES = frozenset({"found", "returned"})
MAX_REASON = 2000


@dataclass(frozen=True)
class PairConfirmation:
    """A pair of one Ukrainian-side and one Russian-side record of the child whose latest
    decision is 'confirm', with every user who confirmed it since it was last rejected."""

    record_a: int
    record_b: int
    confirmed_by: frozenset[str]


@dataclass(frozen=True)
class Facts:
    """What is known about the child when a move is asked for."""

    actor: str
    case_id: int | None = None
    location: str | None = None
    cross_confirmations: tuple[PairConfirmation, ...] = ()
    # Users who recorded evidence of the child's identity (documents, official confirmation).
    evidence_by: tuple[str, ...] = ()
    four_eyes: bool = True
    frozen_list_versions: int = 0
    reply_outcomes: frozenset[str] = frozenset()
    channel_ids: frozenset[int] = frozenset()
    today: date = field(default_factory=date.today)


@dataclass(frozen=True)
class Move:
    to: str
    reason: str
    closing_reason: str | None = None
    return_date: date | None = None
    return_channel: int | None = None
    duplicate_of: int | None = None


@dataclass(frozen=True)
class Unmet:
    """A condition a move needs. ``code`` is stable (tests, translations); ``message`` says it."""

    code: str
    message: str


def allowed_moves(status: str) -> tuple[str, ...]:
    if status not in TRANSITIONS:
        raise ValueError(f"unknown status {status!r}")
    return TRANSITIONS[status]


def closing_reasons_from(status: str) -> tuple[str, ...]:
    return tuple(r for r in CLOSING_REASONS if status in CLOSING_FROM[r])


def check(status: str, move: Move, facts: Facts) -> list[Unmet]:
    """The unmet conditions of moving a case in ``status`` as ``move`` asks (empty = allowed)."""
    if move.to not in STATUSES:
        return [Unmet("unknown_status", f"unknown status {move.to!r}")]
    if move.to not in allowed_moves(status):
        return [Unmet("not_allowed", f"a case cannot move from {status} to {move.to}")]
    unmet = _reason_unmet(move.reason)
    unmet += GUARDS[move.to](status, move, facts)
    return unmet


def _reason_unmet(reason: str) -> list[Unmet]:
    text = (reason or "").strip()
    if not text:
        return [Unmet("reason_missing", "every move needs a reason")]
    if len(text) > MAX_REASON:
        return [Unmet("reason_too_long", f"the reason is longer than {MAX_REASON} characters")]
    return []


def _located(status: str, move: Move, facts: Facts) -> list[Unmet]:
    if not (facts.location or "").strip():
        return [Unmet("location_missing", "record where the child is held before 'located'")]
    return []


def identity_confirmed(facts: Facts) -> bool:
    """A Ukrainian-side and a Russian-side record confirmed as one child (by two different
    users under the four-eyes rule), or evidence recorded (under four-eyes, by someone other
    than the user verifying)."""
    needed = 2 if facts.four_eyes else 1
    if any(len(c.confirmed_by) >= needed for c in facts.cross_confirmations):
        return True
    if facts.four_eyes:
        return any(user != facts.actor for user in facts.evidence_by)
    return bool(facts.evidence_by)


def _identity_verified(status: str, move: Move, facts: Facts) -> list[Unmet]:
    if identity_confirmed(facts):
        return []
    if facts.four_eyes:
        message = (
            "needs a link between a Ukrainian-side and a Russian-side record confirmed by two "
            "different users, or evidence recorded by someone other than you"
        )
    else:
        message = (
            "needs a confirmed link between a Ukrainian-side and a Russian-side record, "
            "or recorded evidence"
        )
    return [Unmet("identity_unconfirmed", message)]


def _on_list(status: str, move: Move, facts: Facts) -> list[Unmet]:
    if facts.frozen_list_versions < 1:
        return [Unmet("not_on_frozen_list", "the child is on no frozen list yet")]
    return []


def _return_agreed(status: str, move: Move, facts: Facts) -> list[Unmet]:
    if not facts.reply_outcomes & FOUND_OUTCOMES:
        return [Unmet("no_found_reply", "the other side has not replied that the child was found")]
    return []


def _returned(status: str, move: Move, facts: Facts) -> list[Unmet]:
    unmet = []
    if move.return_date is None:
        unmet.append(Unmet("return_date_missing", "a return needs its date"))
    elif move.return_date > facts.today:
        unmet.append(Unmet("return_date_future", "the return date is in the future"))
    if move.return_channel is None:
        unmet.append(Unmet("return_channel_missing", "a return needs the channel it came through"))
    elif move.return_channel not in facts.channel_ids:
        unmet.append(Unmet("return_channel_unknown", f"no channel {move.return_channel}"))
    return unmet


def _follow_up(status: str, move: Move, facts: Facts) -> list[Unmet]:
    return []


def _closed(status: str, move: Move, facts: Facts) -> list[Unmet]:
    reason = move.closing_reason
    if reason not in CLOSING_REASONS:
        return [Unmet("closing_reason_missing", "closing needs one of the closing reasons")]
    if status not in CLOSING_FROM[reason]:
        return [Unmet("closing_reason_not_allowed", f"a {status} case cannot close as {reason}")]
    if reason == "duplicate":
        if move.duplicate_of is None:
            return [Unmet("duplicate_of_missing", "name the case this one duplicates")]
        if move.duplicate_of == facts.case_id:
            return [Unmet("duplicate_of_self", "a case cannot duplicate itself")]
    return []


GUARDS: dict[str, Callable[[str, Move, Facts], list[Unmet]]] = {
    "reported": lambda status, move, facts: [],
    "located": _located,
    "identity_verified": _identity_verified,
    "on_list": _on_list,
    "return_agreed": _return_agreed,
    "returned": _returned,
    "follow_up": _follow_up,
    "closed": _closed,
}
