"""Typed errors, raised deep and translated once at the edge (CLI exit code, HTTP status)."""

from __future__ import annotations


class RidniError(Exception):
    """Base of every error ridni raises on purpose."""


class NotFound(RidniError):
    pass


class Forbidden(RidniError):
    pass


class Conflict(RidniError):
    pass


class Invalid(RidniError):
    """Bad input. ``location`` names where: file, line and field when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(str(self))

    @property
    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message
