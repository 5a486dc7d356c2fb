"""CLI commands, one module a room. Each module has ``register(app)``.

Add a room's module to ``COMMAND_MODULES`` to expose its commands.
"""

from __future__ import annotations

from types import ModuleType

from ridni.commands import db as _db

COMMAND_MODULES: list[ModuleType] = [_db]
