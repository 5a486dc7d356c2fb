"""Who is acting: a user (through the web, the API or the CLI) or the system itself."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "caseworker", "reviewer", "negotiator", "auditor", "partner")


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    user_id: int | None = None
    organisation_id: int | None = None
    address: str | None = None  # client address, for the audit log

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")

    @property
    def is_partner(self) -> bool:
        return self.role == "partner"


# The CLI's operator on the machine that holds the database: an audited administrator.
SYSTEM = Actor(username="system", role="admin")
