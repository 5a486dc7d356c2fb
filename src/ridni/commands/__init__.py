"""CLI commands, one module a room. Each module has ``register(app)``.

Add a room's module to ``COMMAND_MODULES`` to expose its commands.
"""

from __future__ import annotations

from types import ModuleType

from ridni.commands import audit as _audit
from ridni.commands import cases as _cases
from ridni.commands import db as _db
from ridni.commands import exports as _exports
from ridni.commands import ingest as _ingest
from ridni.commands import linkage as _linkage
from ridni.commands import lists as _lists
from ridni.commands import synth as _synth
from ridni.commands import users as _users
from ridni.commands import web as _web

COMMAND_MODULES: list[ModuleType] = [
    _db, _ingest, _linkage, _exports, _users, _audit, _web, _synth, _cases, _lists,
]  # fmt: skip
