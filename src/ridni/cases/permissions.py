"""The actions of the review queue and of cases, granted in the one policy table.

Deciding links is ``link.decide`` (declared by ``ridni.linkage.decisions``: reviewers and admins).
Auditors read everything here; partners read cases of the children in their scope.
"""

from __future__ import annotations

from ridni.security.policy import allow

allow("review.view", "admin", "reviewer", "auditor", description="See the review queue and pairs")
allow(
    "review.calibrate",
    "admin",
    "reviewer",
    description="Fit the model's probabilities to the reviewers' decisions",
)
allow(
    "case.view",
    "admin",
    "caseworker",
    "reviewer",
    "negotiator",
    "auditor",
    "partner",
    description="See cases (partners: the children in their scope)",
)
allow("case.open", "admin", "caseworker", description="Open a case for a child")
allow(
    "case.update",
    "admin",
    "caseworker",
    description="Move, assign, annotate a case; tasks, evidence, attachments",
)
