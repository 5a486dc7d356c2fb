"""``ridni synth`` on the command line, and the room's documentation."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ridni.cli import app
from ridni.errors import Invalid
from ridni.synth import Rates

DOCS = Path(__file__).resolve().parents[2] / "docs" / "synth.md"


def test_synth_writes_a_world(tmp_path: Path) -> None:
    out = tmp_path / "world"
    result = CliRunner().invoke(
        app,
        [
            "synth",
            str(out),
            "--children",
            "60",
            "--unrelated",
            "300",
            "--seed",
            "4",
            "--rate",
            "typo=0.2",
        ],
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 4
    assert manifest["counts"]["children"] == 60
    assert manifest["rates"]["typo"] == 0.2
    for entry in manifest["sources"]:
        assert (out / entry["file"]).exists()
    assert "adoption_db" in result.output


def test_synth_rejects_an_unknown_rate(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["synth", str(tmp_path), "--rate", "typos=0.1"])
    assert result.exit_code != 0
    assert isinstance(result.exception, Invalid)
    assert "typos" in str(result.exception)


def test_synth_rejects_a_rate_that_is_not_a_number(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["synth", str(tmp_path), "--rate", "typo=often"])
    assert isinstance(result.exception, Invalid)


@pytest.mark.parametrize("name", [f.name for f in fields(Rates)])
def test_every_rate_is_documented(name: str) -> None:
    assert f"`{name}`" in DOCS.read_text(encoding="utf-8")
