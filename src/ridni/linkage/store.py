"""Where trained models live: Splink JSON files in RIDNI_DATA_DIR/linkage, with their version,
and the main model's calibration from reviewers' decisions."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ridni.config import get_settings
from ridni.linkage.calibration import Calibration, fingerprint

MAIN_MODEL = "ridni-linkage-12"
RENAMED_MODEL = "ridni-renamed-8"


def model_path(version: str = MAIN_MODEL) -> Path:
    return get_settings().data_dir / "linkage" / f"{version}.json"


def renamed_model_path() -> Path:
    return model_path(RENAMED_MODEL)


def load_model(path: Path | None = None) -> dict[str, Any] | None:
    """The saved model at ``path`` (the main model by default), if it is of a known version."""
    path = path or model_path()
    if not path.exists():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    return model if model.get("ridni_model_version") in (MAIN_MODEL, RENAMED_MODEL) else None


def save_model(model: dict[str, Any], path: Path | None = None) -> Path:
    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def calibration_path() -> Path:
    return get_settings().data_dir / "linkage" / f"calibration-{MAIN_MODEL}.json"


def save_calibration(calibration: Calibration) -> Path:
    path = calibration_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(calibration.as_dict(), indent=1), encoding="utf-8")
    return path


def load_calibration(model: dict[str, Any] | None) -> Calibration | None:
    """The calibration fitted to ``model``'s weights; None if there is none, or if the model has
    been retrained since (its weights mean something else now)."""
    path = calibration_path()
    if model is None or not path.exists():
        return None
    calibration = Calibration.from_dict(json.loads(path.read_text(encoding="utf-8")))
    return calibration if calibration.model == fingerprint(model) else None


# Pages read the model (and its calibration) on every view: each file is parsed again only when
# it changes.
_file_cache: dict[str, tuple[Any, Any]] = {}


def _while_unchanged(path: Path, load: Callable[[], Any], *depends_on: Any) -> Any:
    """``load()``'s result for the file at ``path``, read again only when the file (or what it
    ``depends_on``) changes; None when the file does not exist."""
    try:
        stamp = (path.stat().st_mtime_ns, *depends_on)
    except FileNotFoundError:
        return None
    cached = _file_cache.get(str(path))
    if cached is None or cached[0] != stamp:
        cached = _file_cache[str(path)] = (stamp, load())
    return cached[1]


def current_model() -> dict[str, Any] | None:
    """The saved main model, parsed again only when its file changes."""
    path = model_path()
    return _while_unchanged(path, lambda: load_model(path))


def current_calibration() -> Calibration | None:
    """The calibration of the current model (None once the model has been retrained)."""
    model = current_model()
    model_stamp = _file_cache.get(str(model_path()), (None, None))[0]
    return _while_unchanged(calibration_path(), lambda: load_calibration(model), model_stamp)
