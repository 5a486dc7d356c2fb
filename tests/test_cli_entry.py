"""The ``ridni`` entry point loads only the room of the command it runs: the rooms' table must
list what each room registers, and what every command relies on (the features hook of imports)
must not depend on which rooms were loaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ridni.commands import ROOMS, room_module, rooms_for
from ridni.linkage.models import RecordFeatures


@pytest.mark.parametrize("room", list(ROOMS))
def test_each_room_lists_the_commands_its_module_registers(room: str) -> None:
    app = typer.Typer()
    room_module(room).register(app)
    registered = {c.name or c.callback.__name__ for c in app.registered_commands}  # type: ignore[union-attr]
    registered |= {g.name for g in app.registered_groups}
    assert registered == set(ROOMS[room])


@pytest.mark.parametrize(
    ("args", "rooms"),
    [
        (["link", "--full"], ["linkage"]),
        (["--db", "sqlite:///x.db", "import", "f.csv"], ["ingest"]),
        (["--db=sqlite:///x.db", "review", "queue"], ["cases"]),
        (["--help"], list(ROOMS)),
        ([], list(ROOMS)),
        (["no-such-command"], list(ROOMS)),
    ],
)
def test_a_command_line_loads_its_commands_room(args: list[str], rooms: list[str]) -> None:
    assert rooms_for(args) == rooms


def test_no_command_name_is_in_two_rooms() -> None:
    names = [name for names in ROOMS.values() for name in names]
    assert len(names) == len(set(names))


def test_an_import_from_the_entry_point_gives_its_records_features(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    csv = tmp_path / "sightings.csv"
    csv.write_text(
        "record_id,given_name,family_name,sex,birth_date\n"
        "A,Олександр,Коваленко,M,2014-03-02\nB,Дарина,Ткаченко,F,2015\n",
        encoding="utf-8",
    )
    command = shutil.which("ridni", path=str(Path(sys.executable).parent))
    assert command is not None
    subprocess.run(
        [command, "import", str(csv), "--source", "s", "--kind", "osint"],
        check=True,
        capture_output=True,
        env={**os.environ, "RIDNI_DATABASE_URL": db_url},
        timeout=120,
    )
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(RecordFeatures)) == 2
