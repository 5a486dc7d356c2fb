"""The role × action table: every pair, default deny, and field visibility."""

from __future__ import annotations

import pytest

from ridni.errors import Forbidden
from ridni.security import policy
from ridni.security.actors import ROLES, Actor

# The whole table, written out independently of policy.RULES so a change to it is a decision.
EXPECTED = {
    "admin": {
        "dashboard.view",
        "search",
        "person.view",
        "record.view",
        "source.view",
        "import.view",
        "import.create",
        "share.create",
        "audit.view",
        "audit.verify",
        "user.manage",
        "organisation.manage",
        "token.manage",
        "token.own",
        "account.own",
    },
    "caseworker": {
        "dashboard.view",
        "search",
        "person.view",
        "record.view",
        "source.view",
        "import.view",
        "import.create",
        "share.create",
        "token.own",
        "account.own",
    },
    "reviewer": {
        "dashboard.view",
        "search",
        "person.view",
        "record.view",
        "source.view",
        "import.view",
        "token.own",
        "account.own",
    },
    "negotiator": {
        "dashboard.view",
        "search",
        "person.view",
        "record.view",
        "source.view",
        "import.view",
        "token.own",
        "account.own",
    },
    "auditor": {"dashboard.view", "audit.view", "audit.verify", "token.own", "account.own"},
    "partner": {
        "dashboard.view",
        "search",
        "person.view",
        "record.view",
        "source.view",
        "import.view",
        "import.create",
        "token.own",
        "account.own",
    },
}

# The actions this room declares; other rooms add theirs with policy.allow and test them.
BASE_ACTIONS = sorted(
    set().union(*EXPECTED.values()) | {"user.manage", "organisation.manage", "token.manage"}
)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", BASE_ACTIONS)
def test_every_role_action_pair(role: str, action: str) -> None:
    actor = Actor(username="u", role=role, user_id=1, organisation_id=1)
    expected = action in EXPECTED[role] or (role == "admin")
    assert policy.can(actor, action) is expected
    if expected:
        policy.require(actor, action)
    else:
        with pytest.raises(Forbidden):
            policy.require(actor, action)


def test_unknown_action_is_an_error_not_a_silent_deny() -> None:
    with pytest.raises(ValueError):
        policy.can(Actor(username="u", role="admin"), "no.such.action")


def test_allow_adds_an_action_for_other_rooms() -> None:
    policy.allow("test.only_action", "reviewer", description="a test action")
    try:
        assert policy.can(Actor(username="u", role="reviewer"), "test.only_action")
        assert not policy.can(Actor(username="u", role="partner"), "test.only_action")
    finally:
        policy.ACTIONS.pop("test.only_action")
        policy.RULES["reviewer"].discard("test.only_action")


RECORD = {
    "given_name": "Олександр",
    "guardian_names": "Марія Коваленко",
    "notes": "тел. +380...",
    "raw": {"a": 1},
    "institution": "Дитячий будинок",
}


def test_partner_never_sees_guardians_or_notes() -> None:
    partner = Actor(username="p", role="partner", organisation_id=2)
    out = policy.redact(RECORD, partner, "official_registry")
    assert out["guardian_names"] is None and out["notes"] is None
    assert out["raw"] is None  # a raw row may hold guardians' contacts under any header
    assert out["given_name"] == "Олександр" and out["institution"] == "Дитячий будинок"
    assert out["redacted"] == ["guardian_names", "notes", "raw"]


def test_partner_never_sees_the_other_sides_raw_lists() -> None:
    partner = Actor(username="p", role="partner", organisation_id=2)
    for kind in ("counterpart_list", "adoption_database"):
        out = policy.redact(RECORD, partner, kind)
        assert out["raw"] is None and out["institution"] is None


@pytest.mark.parametrize("role", [r for r in ROLES if r != "partner"])
def test_other_roles_see_every_field(role: str) -> None:
    out = policy.redact(RECORD, Actor(username="u", role=role), "counterpart_list")
    assert {k: out[k] for k in RECORD} == RECORD and out["redacted"] == []
