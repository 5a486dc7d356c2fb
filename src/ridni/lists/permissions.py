"""The actions of channels, lists and statistics, granted in the one policy table.

Negotiators build lists; only admins and negotiators freeze them; channels' disclosure policies
are the admin's; auditors read everything here; partners see statistics of their scope.
"""

from __future__ import annotations

from ridni.security.policy import allow

allow(
    "channel.view",
    "admin",
    "negotiator",
    "caseworker",
    "auditor",
    description="See channels and their disclosure policies",
)
allow("channel.manage", "admin", description="Create channels, change what they may receive")
allow(
    "list.view",
    "admin",
    "negotiator",
    "caseworker",
    "auditor",
    description="See negotiation lists, versions and replies",
)
allow("list.draft", "admin", "negotiator", description="Draft a list, add or remove children")
allow("list.freeze", "admin", "negotiator", description="Freeze a list version (immutable)")
allow("list.export", "admin", "negotiator", description="Export a frozen version (PDF, CSV, XLSX)")
allow("list.reconcile", "admin", "negotiator", description="Import the other side's reply")
allow(
    "stats.view",
    "admin",
    "caseworker",
    "reviewer",
    "negotiator",
    "auditor",
    "partner",
    description="See case and list statistics (partners: their scope)",
)
