"""The case state machine, without a database: every move, every guard."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from ridni.cases import workflow as wf
from ridni.cases.workflow import Facts, Move, PairConfirmation

TODAY = date(2026, 5, 1)


def facts(**values: object) -> Facts:
    return Facts(actor="alice", case_id=7, today=TODAY, **values)  # type: ignore[arg-type]


def codes(status: str, move: Move, f: Facts) -> list[str]:
    return [u.code for u in wf.check(status, move, f)]


def confirmed(*users: str) -> tuple[PairConfirmation, ...]:
    return (PairConfirmation(1, 2, frozenset(users)),)


def test_the_normal_path_is_a_chain_and_closed_is_final() -> None:
    path = [
        "reported",
        "located",
        "identity_verified",
        "on_list",
        "return_agreed",
        "returned",
        "follow_up",
        "closed",
    ]
    for here, there in pairwise(path):
        assert there in wf.allowed_moves(here)
    assert wf.allowed_moves("closed") == ()
    assert "returned" in wf.allowed_moves("on_list")  # a return without a formal agreement


@pytest.mark.parametrize(
    ("status", "to"),
    [
        ("reported", "identity_verified"),
        ("located", "on_list"),
        ("reported", "returned"),
        ("closed", "reported"),
        ("returned", "on_list"),
    ],
)
def test_moves_outside_the_graph_are_refused(status: str, to: str) -> None:
    assert codes(status, Move(to, "why"), facts()) == ["not_allowed"]


def test_unknown_status_and_unknown_current_status() -> None:
    assert codes("reported", Move("lost", "why"), facts()) == ["unknown_status"]
    with pytest.raises(ValueError):
        wf.allowed_moves("lost")


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_every_move_needs_a_reason(reason: str | None) -> None:
    f = facts(location="Таганрог, дитячий будинок")
    assert codes("reported", Move("located", reason), f) == ["reason_missing"]  # type: ignore[arg-type]


def test_a_reason_has_a_limit() -> None:
    f = facts(location="Таганрог")
    assert codes("reported", Move("located", "x" * 2001), f) == ["reason_too_long"]


def test_located_needs_where_the_child_is_held() -> None:
    assert codes("reported", Move("located", "seen"), facts()) == ["location_missing"]
    assert codes("reported", Move("located", "seen"), facts(location="  ")) == ["location_missing"]
    assert codes("reported", Move("located", "seen"), facts(location="Таганрог")) == []


class TestIdentityVerified:
    move = Move("identity_verified", "registry matches the counterpart list")

    def test_nothing_known_is_refused(self) -> None:
        assert codes("located", self.move, facts()) == ["identity_unconfirmed"]

    def test_four_eyes_one_confirmation_is_not_enough(self) -> None:
        assert codes("located", self.move, facts(cross_confirmations=confirmed("bob"))) == [
            "identity_unconfirmed"
        ]

    def test_four_eyes_two_different_users_verify(self) -> None:
        assert codes("located", self.move, facts(cross_confirmations=confirmed("bob", "eve"))) == []

    def test_without_four_eyes_one_confirmation_is_enough(self) -> None:
        f = facts(cross_confirmations=confirmed("bob"), four_eyes=False)
        assert codes("located", self.move, f) == []

    def test_evidence_by_someone_else_verifies_under_four_eyes(self) -> None:
        assert codes("located", self.move, facts(evidence_by=("bob",))) == []

    def test_own_evidence_is_not_enough_under_four_eyes(self) -> None:
        assert codes("located", self.move, facts(evidence_by=("alice",))) == [
            "identity_unconfirmed"
        ]

    def test_own_evidence_is_enough_without_four_eyes(self) -> None:
        assert codes("located", self.move, facts(evidence_by=("alice",), four_eyes=False)) == []


def test_on_list_needs_a_frozen_version() -> None:
    move = Move("on_list", "frozen")
    assert codes("identity_verified", move, facts()) == ["not_on_frozen_list"]
    assert codes("identity_verified", move, facts(frozen_list_versions=1)) == []


def test_return_agreed_needs_a_found_reply() -> None:
    move = Move("return_agreed", "mediator agreed")
    assert codes("on_list", move, facts()) == ["no_found_reply"]
    assert codes("on_list", move, facts(reply_outcomes=frozenset({"refuses"}))) == [
        "no_found_reply"
    ]
    assert codes("on_list", move, facts(reply_outcomes=frozenset({"found"}))) == []


class TestReturned:
    def test_needs_date_and_channel(self) -> None:
        got = codes("return_agreed", Move("returned", "home"), facts(channel_ids=frozenset({3})))
        assert got == ["return_date_missing", "return_channel_missing"]

    def test_date_not_in_the_future_and_channel_known(self) -> None:
        move = Move("returned", "home", return_date=date(2026, 6, 1), return_channel=9)
        assert codes("return_agreed", move, facts(channel_ids=frozenset({3}))) == [
            "return_date_future",
            "return_channel_unknown",
        ]

    def test_with_date_and_channel(self) -> None:
        move = Move("returned", "home", return_date=TODAY, return_channel=3)
        assert codes("on_list", move, facts(channel_ids=frozenset({3}))) == []


def test_follow_up_after_a_return() -> None:
    assert codes("returned", Move("follow_up", "social worker visits"), facts()) == []


class TestClosing:
    def test_needs_a_closing_reason(self) -> None:
        assert codes("reported", Move("closed", "why"), facts()) == ["closing_reason_missing"]
        assert codes("reported", Move("closed", "why", closing_reason="bored"), facts()) == [
            "closing_reason_missing"
        ]

    @pytest.mark.parametrize("reason", ["came_of_age_in_ukraine", "found_not_deported", "deceased"])
    def test_early_closing_before_a_return(self, reason: str) -> None:
        assert codes("located", Move("closed", "why", closing_reason=reason), facts()) == []

    def test_reintegrated_only_after_follow_up(self) -> None:
        move = Move("closed", "settled at home", closing_reason="reintegrated")
        assert codes("follow_up", move, facts()) == []
        assert codes("on_list", move, facts()) == ["closing_reason_not_allowed"]

    def test_found_not_deported_cannot_close_a_returned_case(self) -> None:
        move = Move("closed", "why", closing_reason="found_not_deported")
        assert codes("returned", move, facts()) == ["closing_reason_not_allowed"]

    def test_duplicate_names_another_case(self) -> None:
        move = Move("closed", "same child", closing_reason="duplicate")
        assert codes("reported", move, facts()) == ["duplicate_of_missing"]
        self_dup = Move("closed", "same child", closing_reason="duplicate", duplicate_of=7)
        assert codes("reported", self_dup, facts()) == ["duplicate_of_self"]
        other = Move("closed", "same child", closing_reason="duplicate", duplicate_of=3)
        assert codes("reported", other, facts()) == []


def test_closing_reasons_offered_per_status() -> None:
    assert wf.closing_reasons_from("follow_up") == ("reintegrated", "deceased", "duplicate")
    assert "reintegrated" not in wf.closing_reasons_from("reported")
