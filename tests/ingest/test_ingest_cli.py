"""The CLI: import, import-world, sources, records, show (CliRunner on both databases)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ridni.cli import app
from ridni.errors import Invalid, NotFound
from ridni.ingest.models import ImportBatch, SourceRecord

from .helpers import DATA, snapshot

runner = CliRunner()


def ridni(db_url: str, *args: str) -> str:
    result = runner.invoke(app, list(args), env={"RIDNI_DATABASE_URL": db_url, "COLUMNS": "200"})
    if result.exception is not None:
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


def test_import_then_list_and_show(db_url: str, engine: Engine) -> None:
    out = ridni(db_url, "import", str(DATA / "canonical.csv"), "--source", "test_src",
                "--kind", "family_report", "--description", "Test registry")  # fmt: skip
    assert "Batch 1" in out and "new" in out and "5" in out
    out = ridni(db_url, "import", str(DATA / "canonical_v2.csv"), "--source", "test_src",
                "--kind", "family_report", "--dry-run")  # fmt: skip
    assert "Dry run (nothing written)" in out
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1
    ridni(db_url, "import", str(DATA / "canonical_v2.csv"), "--source", "test_src",
          "--kind", "family_report")  # fmt: skip
    out = ridni(db_url, "sources")
    assert "test_src" in out and "family_report" in out and "6" in out
    out = ridni(db_url, "records", "test_src", "--limit", "3")
    assert "TST-001" in out and "TST-003" in out and "TST-004" not in out
    assert "withdrawn" in out  # TST-003 left the second version
    out = ridni(db_url, "show", "test_src", "TST-002")
    assert "Дарина" in out and "Анапа" in out
    assert "raw row (line 3)" in out and '"sex": "ж"' in out
    assert "created" in out and "changed" in out and "canonical_v2.csv" in out
    assert "last_known_place" in out


def test_partial_imports_withdraw_nothing(db_url: str, engine: Engine) -> None:
    for name in ("canonical.csv", "canonical_v2.csv"):
        ridni(db_url, "import", str(DATA / name), "--source", "s", "--kind", "osint", "--partial")
    with Session(engine) as session:
        assert not session.scalar(select(func.count()).where(SourceRecord.withdrawn))


def test_errors_surface_as_ridni_errors(db_url: str, engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,birth_date\nA,31.02.2014\n", encoding="utf-8")
    before = snapshot(engine)
    with pytest.raises(Invalid) as caught:
        ridni(db_url, "import", str(bad), "--source", "s", "--kind", "osint")
    assert (caught.value.line, caught.value.field) == (2, "birth_date")
    with pytest.raises(NotFound):
        ridni(db_url, "show", "nowhere", "A")
    with pytest.raises(Invalid):
        ridni(db_url, "records", "s", "--limit", "0")
    assert snapshot(engine) == before


def test_the_command_exits_with_2_and_names_file_line_and_field(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,sex\nA,M\nB,so-so\n", encoding="utf-8")
    ridni_command = shutil.which("ridni", path=str(Path(sys.executable).parent))
    assert ridni_command is not None
    result = subprocess.run(
        [ridni_command, "import", str(bad), "--source", "s", "--kind", "osint"],
        capture_output=True,
        text=True,
        env={**os.environ, "RIDNI_DATABASE_URL": db_url, "COLUMNS": "200"},
        timeout=120,
    )
    assert result.returncode == 2
    assert f"{bad}, line 3, field 'sex': cannot read sex 'so-so'" in result.stderr


def test_import_world_imports_every_file_of_the_manifest(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    world = tmp_path / "world"
    world.mkdir()
    shutil.copy(DATA / "canonical.csv", world / "registry.csv")
    shutil.copy(DATA / "canonical.jsonl", world / "sightings.jsonl")
    manifest = {
        "format": "ridni-synth/1",
        "sources": [
            {"file": "registry.csv", "source": "registry", "kind": "official_registry",
             "description": "Test registry", "rows": 5},
            {"file": "sightings.jsonl", "source": "sightings", "kind": "osint",
             "description": "Test sightings", "rows": 3},
        ],
    }  # fmt: skip
    (world / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = ridni(db_url, "import-world", str(world))
    assert "[1/2] registry.csv" in out and "[2/2] sightings.jsonl" in out
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(SourceRecord)) == 8
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 2


def test_import_world_on_a_generated_world(db_url: str, engine: Engine, tmp_path: Path) -> None:
    """The synth room's files are canonical: every one imports without a mapping."""
    from ridni.synth.world import generate_world

    summary = generate_world(tmp_path / "world", children=40, unrelated=40, seed=11)
    ridni(db_url, "import-world", str(summary.out_dir))
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(SourceRecord)) == summary.records


def test_import_world_needs_a_manifest(db_url: str, tmp_path: Path) -> None:
    with pytest.raises(Invalid, match=r"no manifest\.json"):
        ridni(db_url, "import-world", str(tmp_path))
    (tmp_path / "manifest.json").write_text('{"sources": [{"file": "a.csv"}]}')
    with pytest.raises(Invalid) as caught:
        ridni(db_url, "import-world", str(tmp_path))
    assert caught.value.field == "sources[0].source"
