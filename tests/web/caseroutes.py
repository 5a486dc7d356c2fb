"""Who may use each route of the review, case, channel, list and statistics areas (issue 5).

``test_web_permissions`` adds this table to its own, so every route of the app has a rule;
``test_web_cases`` calls each of these routes as every role.
"""

from __future__ import annotations

CASE_ROUTES: dict[tuple[str, str], str] = {
    # review
    ("GET", "/review"): "review.view",
    ("GET", "/review/calibration"): "review.view",
    ("GET", "/review/pairs/{a}/{b}"): "review.view",
    ("POST", "/review/pairs/{a}/{b}"): "link.decide",
    ("GET", "/review/persons/{person_id}/split"): "link.decide",
    ("POST", "/review/persons/{person_id}/split"): "link.decide",
    ("GET", "/review/merge"): "link.decide",
    ("POST", "/review/merge"): "link.decide",
    ("POST", "/records/{record_pk}/sex"): "link.decide",
    # cases
    ("GET", "/cases"): "case.view",
    ("POST", "/cases"): "case.open",
    ("GET", "/cases/{case_id}"): "case.view",
    ("POST", "/cases/{case_id}/move"): "case.update",
    ("POST", "/cases/{case_id}/location"): "case.update",
    ("POST", "/cases/{case_id}/assign"): "case.update",
    ("POST", "/cases/{case_id}/notes"): "case.update",
    ("POST", "/cases/{case_id}/tasks"): "case.update",
    ("POST", "/cases/{case_id}/tasks/{task_id}/done"): "case.update",
    ("POST", "/cases/{case_id}/evidence"): "case.update",
    ("POST", "/cases/{case_id}/attachments"): "case.update",
    ("GET", "/cases/{case_id}/attachments/{attachment_id}"): "case.view",
    # channels
    ("GET", "/channels"): "channel.view",
    ("POST", "/channels"): "channel.manage",
    ("POST", "/channels/{channel_id}/fields"): "channel.manage",
    # lists
    ("GET", "/lists"): "list.view",
    ("POST", "/lists"): "list.draft",
    ("GET", "/lists/{list_id}"): "list.view",
    ("POST", "/lists/{list_id}/entries"): "list.draft",
    ("POST", "/lists/{list_id}/entries/{entry_id}/remove"): "list.draft",
    ("POST", "/lists/{list_id}/freeze"): "list.freeze",
    ("POST", "/lists/{list_id}/close"): "list.draft",
    ("GET", "/lists/{list_id}/versions/{number}/export/{fmt}"): "list.export",
    ("POST", "/lists/{list_id}/versions/{number}/reconcile"): "list.reconcile",
    # statistics
    ("GET", "/stats"): "stats.view",
    # API
    ("GET", "/api/v1/review"): "review.view",
    ("GET", "/api/v1/review/calibration"): "review.view",
    ("GET", "/api/v1/review/{a}/{b}"): "review.view",
    ("GET", "/api/v1/persons/{person_id}/possible-matches"): "review.view",
    ("POST", "/api/v1/review/decisions"): "link.decide",
    ("POST", "/api/v1/review/sex-decisions"): "link.decide",
    ("GET", "/api/v1/cases"): "case.view",
    ("POST", "/api/v1/cases"): "case.open",
    ("GET", "/api/v1/cases/{case_id}"): "case.view",
    ("POST", "/api/v1/cases/{case_id}/transitions"): "case.update",
    ("GET", "/api/v1/channels"): "channel.view",
    ("POST", "/api/v1/channels"): "channel.manage",
    ("GET", "/api/v1/lists"): "list.view",
    ("POST", "/api/v1/lists"): "list.draft",
    ("GET", "/api/v1/lists/{list_id}"): "list.view",
    ("POST", "/api/v1/lists/{list_id}/freeze"): "list.freeze",
    ("GET", "/api/v1/lists/{list_id}/versions/{number}/export"): "list.export",
    ("POST", "/api/v1/lists/{list_id}/versions/{number}/reconcile"): "list.reconcile",
    ("GET", "/api/v1/stats/cases"): "stats.view",
}
