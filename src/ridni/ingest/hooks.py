"""Callbacks run after every successful import, inside its transaction.

Other rooms register here instead of being imported by ingest (linkage computes the features
of new and changed records this way)::

    from ridni.ingest import hooks
    hooks.register(compute_features)   # fn(session, batch_id, changed_record_pks) -> None

``changed_record_pks`` are the primary keys of the records the batch created, changed,
restored or withdrawn, in ascending order. A callback that raises makes the whole import fail
and roll back: features never disagree with the records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

AfterImport = Callable[[Session, int, Sequence[int]], None]

_callbacks: list[AfterImport] = []


def register(callback: AfterImport) -> AfterImport:
    """Add a callback (once; registering it again does nothing). Usable as a decorator."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def unregister(callback: AfterImport) -> None:
    if callback in _callbacks:
        _callbacks.remove(callback)


def registered() -> tuple[AfterImport, ...]:
    return tuple(_callbacks)


def after_import(session: Session, batch_id: int, changed_record_pks: Sequence[int]) -> None:
    """Run every registered callback, in registration order."""
    for callback in tuple(_callbacks):
        callback(session, batch_id, changed_record_pks)
