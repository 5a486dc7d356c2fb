"""The console every command prints to.

On a terminal Rich fits its width. When the output goes to a pipe or a file there is no width
to fit, and Rich's default of 80 columns would cut record ids and statuses short; commands then
print 160 columns wide (or ``COLUMNS`` when set), so that what a script reads is complete.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

PIPE_WIDTH = 160


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        width: int | None = int(columns)
    else:
        width = None if stream.isatty() else PIPE_WIDTH
    return Console(width=width, stderr=stderr)


class LiveConsole:
    """A console whose width is decided when something is printed, not when the module is
    imported (a command run by another program, or in tests, sets COLUMNS just before)."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._consoles: dict[tuple[str, bool], Console] = {}

    def current(self) -> Console:
        stream = sys.stderr if self._stderr else sys.stdout
        key = (os.environ.get("COLUMNS", ""), stream.isatty())
        if key not in self._consoles:  # one console per setting: paired calls share it
            self._consoles[key] = make_console(self._stderr)
        return self._consoles[key]

    def __getattr__(self, name: str) -> object:
        return getattr(self.current(), name)

    def __enter__(self) -> Console:
        return self.current().__enter__()

    def __exit__(self, *exc: object) -> None:
        self.current().__exit__(*exc)  # type: ignore[arg-type]
