"""Which side of the conflict a source speaks for: Ukrainian-side sources report and register
children; Russian-side sources list where children are held or placed. A pair of one of each is
the most valuable evidence there is (a missing child found)."""

from __future__ import annotations

UA_KINDS = ("official_registry", "family_report", "return_list")
RU_KINDS = ("counterpart_list", "adoption_database")


def side_of(kind: str | None) -> str | None:
    """'ua', 'ru' or None (open sources and others speak for neither side)."""
    if kind in UA_KINDS:
        return "ua"
    if kind in RU_KINDS:
        return "ru"
    return None


def is_cross_side(kind_a: str | None, kind_b: str | None) -> bool:
    return {side_of(kind_a), side_of(kind_b)} == {"ua", "ru"}
