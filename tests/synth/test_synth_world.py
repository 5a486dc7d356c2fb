"""The world as files: format, truth, manifest, determinism, streaming order."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from synthworld import World

from ridni.errors import Invalid
from ridni.ingest.models import CANONICAL_FIELDS, SOURCE_KINDS
from ridni.synth import Rates, generate_world
from ridni.synth.sources import FIELDS


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    generate_world(tmp_path / "a", children=300, unrelated=900, seed=5)
    generate_world(tmp_path / "b", children=300, unrelated=900, seed=5)
    generate_world(tmp_path / "c", children=300, unrelated=900, seed=6)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a")["ua_registry.csv"] != _files(tmp_path / "c")["ua_registry.csv"]


def test_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Set iteration order changes with PYTHONHASHSEED; the world must not."""
    generate_world(tmp_path / "here", children=200, unrelated=500, seed=9)
    code = (
        "from pathlib import Path; from ridni.synth import generate_world; "
        f"generate_world(Path({str(tmp_path / 'there')!r}), children=200, unrelated=500, seed=9)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert _files(tmp_path / "here") == _files(tmp_path / "there")


def test_every_source_has_exactly_the_canonical_header(world: World) -> None:
    assert tuple(CANONICAL_FIELDS) == FIELDS
    for entry in world.manifest["sources"]:
        with (world.path / entry["file"]).open(encoding="utf-8", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == FIELDS, entry["file"]


def test_truth_covers_every_record_exactly_once(world: World) -> None:
    with (world.path / "truth.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["source", "record_id", "person_id"]
        truth_keys = [(source, record_id) for source, record_id, _ in reader]
    file_keys = [(s, r["record_id"]) for s, rows in world.rows.items() for r in rows]
    assert len(truth_keys) == len(set(truth_keys)) == len(file_keys) == len(set(file_keys))
    assert set(truth_keys) == set(file_keys)
    assert all(r["record_id"] for rows in world.rows.values() for r in rows)


def test_persons_are_the_children_or_unrelated_singletons(world: World) -> None:
    persons = set(world.person.values())
    children = {p for p in persons if p.startswith("C")}
    unrelated = [p for (source, _), p in world.person.items() if p.startswith("U")]
    assert children <= set(world.children)
    # An unrelated person appears in one source only, once.
    assert len(unrelated) == len(set(unrelated)) == world.summary.unrelated


def test_manifest_lists_sources_in_import_order_with_kinds_rows_and_rates(world: World) -> None:
    manifest = world.manifest
    assert manifest["seed"] == world.summary.seed
    assert manifest["rates"] == Rates().as_dict()
    sources = manifest["sources"]
    assert sources[0]["source"] == "ua_registry"
    assert {s["kind"] for s in sources} <= set(SOURCE_KINDS)
    for entry in sources:
        assert set(entry) == {"file", "source", "kind", "description", "rows"}
        assert entry["rows"] == len(world.rows[entry["source"]])
    counts = manifest["counts"]
    assert counts["records"] == sum(s["rows"] for s in sources) == world.summary.records
    assert sum(counts["unrelated_rows_by_source"].values()) == world.summary.unrelated


def test_unrelated_records_follow_the_documented_split(world: World) -> None:
    rates = Rates()
    by_source = world.manifest["counts"]["unrelated_rows_by_source"]
    total = world.summary.unrelated
    assert by_source["adoption_db"] / total == pytest.approx(rates.unrelated_adoption_share, 0.01)
    counterpart = by_source["counterpart_ombudsman"] + by_source["counterpart_occupied"]
    assert counterpart / total == pytest.approx(rates.unrelated_counterpart_share, abs=0.002)
    assert by_source["ua_registry"] == by_source["returned_children"] == 0


def test_sibling_ids_resolve_to_other_people_in_the_same_file(world: World) -> None:
    linked = 0
    for source, rows in world.rows.items():
        ids = {r["record_id"] for r in rows}
        for row in rows:
            for sibling in filter(None, row["sibling_ids"].split(";")):
                linked += 1
                assert sibling in ids, (source, row["record_id"], sibling)
                me, them = world.person[(source, row["record_id"])], world.person[(source, sibling)]
                assert me != them
                if me in world.children:
                    assert world.children[me].family is world.children[them].family
    assert linked > 100


def test_children_records_are_not_grouped_at_the_start_of_a_file(world: World) -> None:
    """Children's and unrelated records are interleaved: position gives nothing away."""
    rows = world.rows["adoption_db"]
    positions = [
        i
        for i, r in enumerate(rows)
        if world.person[("adoption_db", r["record_id"])] in world.children
    ]
    assert positions
    mean = sum(positions) / len(positions) / len(rows)
    assert 0.35 < mean < 0.65


def test_progress_reports_up_to_the_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    summary = generate_world(
        tmp_path,
        children=400,
        unrelated=12000,
        seed=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (summary.records, summary.records)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) > 2


def test_rates_are_validated(tmp_path: Path) -> None:
    with pytest.raises(Invalid, match="typo"):
        generate_world(tmp_path, children=1, unrelated=0, seed=1, rates=Rates(typo=1.5))
    with pytest.raises(Invalid, match="add up"):
        generate_world(
            tmp_path, children=1, unrelated=0, seed=1, rates=Rates(unrelated_adoption_share=0.5)
        )
    with pytest.raises(Invalid):
        generate_world(tmp_path, children=-1, unrelated=0, seed=1)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(Invalid, match="directory"):
        generate_world(tmp_path / "file", children=1, unrelated=0, seed=1)


def test_an_empty_world_is_valid(tmp_path: Path) -> None:
    summary = generate_world(tmp_path, children=0, unrelated=0, seed=1)
    assert summary.records == 0
    assert (tmp_path / "truth.csv").read_text(encoding="utf-8") == "source,record_id,person_id\n"
