"""Case attachments on disk: content-addressed by SHA-256, type read from the bytes, size capped.

Files live under ``data_dir/attachments/<first two hex digits>/<sha256>``. The type is decided by
the file's first bytes (never by the name or the browser's word) and must agree with the name's
extension; reading a file back checks its checksum, so a damaged or swapped file is refused.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from ridni.config import get_settings
from ridni.errors import Conflict, Invalid


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...]


TYPES = (
    FileType("application/pdf", (".pdf",), (b"%PDF-",)),
    FileType("image/png", (".png",), (b"\x89PNG\r\n\x1a\n",)),
    FileType("image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    FileType("text/plain", (".txt",), ()),
)
MAX_NAME = 200


@dataclass(frozen=True)
class Stored:
    file_name: str
    content_type: str
    size: int
    sha256: str


def root() -> Path:
    return get_settings().data_dir / "attachments"


def safe_name(name: str | None) -> str:
    """The base name only, without path parts or control characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:MAX_NAME]


def sniff(data: bytes, file_name: str) -> str:
    """The content type of ``data``; refuses types not allowed or not matching the name."""
    extension = PurePath(file_name).suffix.lower()
    kind = next((t for t in TYPES if extension in t.extensions), None)
    allowed = ", ".join(e for t in TYPES for e in t.extensions)
    if kind is None:
        raise Invalid(f"file type not accepted; allowed: {allowed}", file=file_name, field="file")
    if kind.magic and not any(data.startswith(m) for m in kind.magic):
        raise Invalid(
            f"the content is not a {kind.content_type} file", file=file_name, field="file"
        )
    if not kind.magic and not _is_text(data):
        raise Invalid("a .txt file must be UTF-8 text", file=file_name, field="file")
    return kind.content_type


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def store(data: bytes, file_name: str | None) -> Stored:
    """Check and keep ``data``; the same content is kept once."""
    name = safe_name(file_name)
    if not name:
        raise Invalid("the file needs a name", field="file")
    limit = get_settings().attachment_max_bytes
    if not data:
        raise Invalid("the file is empty", file=name, field="file")
    if len(data) > limit:
        raise Invalid(f"the file is larger than {limit:,} bytes", file=name, field="file")
    content_type = sniff(data, name)
    digest = hashlib.sha256(data).hexdigest()
    path = path_of(digest)
    if not path.exists():
        _write_atomically(path, data)
    return Stored(name, content_type, len(data), digest)


def path_of(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise Invalid("not a SHA-256 checksum", field="sha256")
    return root() / sha256[:2] / sha256


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read(sha256: str) -> bytes:
    """The stored bytes, after checking they still have their checksum."""
    path = path_of(sha256)
    if not path.exists():
        raise Conflict(f"attachment {sha256[:12]}… is missing from the file store")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise Conflict(f"attachment {sha256[:12]}… is damaged (checksum differs)")
    return data
