"""What an import did (or, on a dry run, would do), and how it failed."""

from __future__ import annotations

from dataclasses import dataclass

from ridni.errors import Invalid

MAX_ERRORS = 50  # problems collected before an import stops reading and reports them


@dataclass
class ImportReport:
    file: str
    source: str
    kind: str
    batch_id: int | None  # None on a dry run: nothing was written
    dry_run: bool
    file_format: str
    encoding: str | None
    delimiter: str | None
    size: int
    sha256: str
    mapping: str | None
    full_version: bool
    rows_total: int = 0
    n_new: int = 0
    n_changed: int = 0
    n_unchanged: int = 0
    n_restored: int = 0
    n_withdrawn: int = 0
    seconds: float = 0.0


class ImportErrors(Invalid):
    """Every problem found in a file (up to ``MAX_ERRORS``); nothing was imported.

    The location attributes are those of the first problem; ``errors`` holds them all.
    """

    def __init__(self, errors: list[Invalid], *, truncated: bool = False) -> None:
        self.errors = errors
        self.truncated = truncated
        first = errors[0]
        super().__init__(first.message, file=first.file, line=first.line, field=first.field)

    def __str__(self) -> str:
        if len(self.errors) == 1 and not self.truncated:
            return str(self.errors[0])
        more = f" (stopped after the first {len(self.errors)})" if self.truncated else ""
        lines = [f"{len(self.errors)} problems{more}; nothing was imported:"]
        lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)
