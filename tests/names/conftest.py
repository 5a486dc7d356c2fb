"""Shared data for the names tests: the curated tables under src/ridni/data/."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "ridni" / "data"


def read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def split(value: str) -> list[str]:
    return [part for part in value.split("|") if part]


@pytest.fixture(scope="session")
def given_rows() -> list[dict[str, str]]:
    return read_tsv("ua_ru_given_names.tsv")


@pytest.fixture(scope="session")
def place_rows() -> list[dict[str, str]]:
    return read_tsv("ua_ru_places.tsv")
