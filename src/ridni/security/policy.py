"""Who may do what, and what each actor may see. Pure: no sessions, no room imports.

``RULES`` is the one table of (role → actions). Anything not listed is denied. Other rooms add
their actions with :func:`allow` at import time of their own module, or by editing this table::

    from ridni.security.policy import allow
    allow("case.open", "admin", "caseworker")

Scope (partner organisations) is expressed as SQL filters built from plain table constructs, so
this module imports no room's models; callers pass their own column objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, column, false, or_, select, table, true

from ridni.errors import Forbidden
from ridni.security.actors import ROLES, Actor

# Actions, grouped by area. One word per concept: the same word is used in routes and audit.
ACTIONS: dict[str, str] = {
    "dashboard.view": "See counts by source and kind",
    "search": "Search the registry",
    "person.view": "Open a person page",
    "record.view": "Open a source record",
    "source.view": "List sources and their import history",
    "import.view": "See import batches and their reports",
    "import.create": "Import a file",
    "share.create": "Share a person or record with a partner organisation",
    "audit.view": "Browse the audit log",
    "audit.verify": "Verify the audit hash chain",
    "user.manage": "Create, disable and reset users",
    "organisation.manage": "Create organisations",
    "token.manage": "Create and revoke API tokens of any user",
    "token.own": "Create and revoke one's own API tokens",
    "account.own": "See one's own account, set up a second factor",
}

_READ = ("dashboard.view", "search", "person.view", "record.view", "source.view", "import.view")
_SELF = ("token.own", "account.own")

RULES: dict[str, set[str]] = {
    "admin": set(ACTIONS),
    "caseworker": {*_READ, *_SELF, "import.create", "share.create"},
    "reviewer": {*_READ, *_SELF},
    "negotiator": {*_READ, *_SELF},
    "auditor": {"dashboard.view", "audit.view", "audit.verify", *_SELF},
    # Partners see only their own and shared children; they may contribute files to their sources.
    "partner": {
        "dashboard.view",
        "search",
        "person.view",
        "record.view",
        "source.view",
        "import.view",
        "import.create",
        *_SELF,
    },
}


def allow(action: str, *roles: str, description: str | None = None) -> None:
    """Register ``action`` (if new) and grant it to ``roles``. For other rooms' actions."""
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    ACTIONS.setdefault(action, description or action)
    for role in roles:
        RULES[role].add(action)


def can(actor: Actor, action: str) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; declare it in ridni.security.policy")
    return action in RULES.get(actor.role, set())


def require(actor: Actor, action: str) -> None:
    """Raise :class:`Forbidden` unless ``actor`` may do ``action``."""
    if not can(actor, action):
        raise Forbidden(f"{actor.username} ({actor.role}) may not {action}")


def allowed_actions(role: str) -> set[str]:
    return set(RULES.get(role, set()))


# --- scope -------------------------------------------------------------------------------------

_sources = table("sources", column("id"), column("organisation_id"))
_shares = table(
    "shares",
    column("organisation_id"),
    column("person_id"),
    column("record_pk"),
    column("revoked_at"),
)
_person_records = table("person_records", column("record_pk"), column("person_id"))
_source_records = table("source_records", column("id"), column("source_id"))


def is_scoped(actor: Actor) -> bool:
    """Partners see only what their organisation contributed or what was shared with it."""
    return actor.is_partner


def visible_sources_filter(actor: Actor, source_id: Any) -> ColumnElement[bool]:
    """Filter on a sources ``id`` column: the sources this actor may list."""
    if not is_scoped(actor):
        return true()
    if actor.organisation_id is None:
        return false()
    return source_id.in_(
        select(_sources.c.id).where(_sources.c.organisation_id == actor.organisation_id)
    )


def _shared_person_ids(org_id: int) -> Any:
    return select(_shares.c.person_id).where(
        _shares.c.organisation_id == org_id,
        _shares.c.person_id.is_not(None),
        _shares.c.revoked_at.is_(None),
    )


def visible_records_filter(actor: Actor, record_pk: Any, source_id: Any) -> ColumnElement[bool]:
    """Filter on source records (pass the query's ``id`` and ``source_id`` columns).

    A partner sees the records of its organisation's sources, records shared with it, and the
    records of persons shared with it.
    """
    if not is_scoped(actor):
        return true()
    org = actor.organisation_id
    if org is None:
        return false()
    own = source_id.in_(select(_sources.c.id).where(_sources.c.organisation_id == org))
    shared_records = select(_shares.c.record_pk).where(
        _shares.c.organisation_id == org,
        _shares.c.record_pk.is_not(None),
        _shares.c.revoked_at.is_(None),
    )
    of_shared_persons = select(_person_records.c.record_pk).where(
        _person_records.c.person_id.in_(_shared_person_ids(org))
    )
    return or_(own, record_pk.in_(shared_records), record_pk.in_(of_shared_persons))


def visible_persons_filter(actor: Actor, person_id: Any) -> ColumnElement[bool]:
    """Filter on a persons ``id`` column: persons holding at least one visible record."""
    if not is_scoped(actor):
        return true()
    org = actor.organisation_id
    if org is None:
        return false()
    with_own_records = (
        select(_person_records.c.person_id)
        .join(_source_records, _source_records.c.id == _person_records.c.record_pk)
        .where(
            _source_records.c.source_id.in_(
                select(_sources.c.id).where(_sources.c.organisation_id == org)
            )
        )
    )
    with_shared_records = select(_person_records.c.person_id).where(
        _person_records.c.record_pk.in_(
            select(_shares.c.record_pk).where(
                _shares.c.organisation_id == org,
                _shares.c.record_pk.is_not(None),
                _shares.c.revoked_at.is_(None),
            )
        )
    )
    return or_(
        person_id.in_(with_own_records),
        person_id.in_(with_shared_records),
        person_id.in_(_shared_person_ids(org)),
    )


# --- field visibility --------------------------------------------------------------------------

# Fields a role never sees, whatever the source.
# A raw row holds every column as received (guardians' contacts under any header), so partners
# see none: only the normalised fields, less the hidden ones.
HIDDEN_FIELDS: dict[str, frozenset[str]] = {
    "partner": frozenset({"guardian_names", "notes", "extra", "raw"}),
}
# Fields a role never sees in records of these source kinds (the other side's raw lists).
HIDDEN_FIELDS_BY_KIND: dict[str, dict[str, frozenset[str]]] = {
    "partner": {
        "counterpart_list": frozenset({"line_no", "institution"}),
        "adoption_database": frozenset({"line_no", "institution"}),
    },
}


def hidden_fields(actor: Actor, source_kind: str | None) -> frozenset[str]:
    by_role = HIDDEN_FIELDS.get(actor.role, frozenset())
    by_kind = HIDDEN_FIELDS_BY_KIND.get(actor.role, {}).get(source_kind or "", frozenset())
    return by_role | by_kind


def redact(record: Mapping[str, Any], actor: Actor, source_kind: str | None) -> dict[str, Any]:
    """A copy of ``record`` with the fields this actor may not see set to None, and the names
    of those fields under ``"redacted"`` (so pages can say "hidden" rather than "unknown")."""
    hidden = hidden_fields(actor, source_kind)
    out = {k: (None if k in hidden else v) for k, v in record.items()}
    out["redacted"] = sorted(h for h in hidden if h in record)
    return out


def roles_matrix(actions: Iterable[str] | None = None) -> list[tuple[str, dict[str, bool]]]:
    """(action, {role: allowed}) rows, for docs and the admin page."""
    names = list(actions) if actions is not None else list(ACTIONS)
    return [(a, {r: a in RULES[r] for r in ROLES}) for a in names]
