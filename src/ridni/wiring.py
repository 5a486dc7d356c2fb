"""Connections between rooms that no import makes: every entry point (the CLI, the web app)
calls ``connect_rooms`` before it does anything.

Rooms register their callbacks with the room that calls them rather than being imported by it
(ingest does not know linkage), so a callback exists only once its room has been imported: an
entry point that loads only what its command needs must still load these.
"""

from __future__ import annotations


def connect_rooms() -> None:
    """Register every room's callbacks (idempotent)."""
    # Linkage computes the features of the records each import creates or changes.
    import ridni.linkage  # noqa: F401
