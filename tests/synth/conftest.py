"""A small synthetic world shared by the synth tests."""

from __future__ import annotations

import pytest
from synthworld import World, read_world

from ridni.synth import Rates, generate_world

SEED = 11
CHILDREN = 3000
UNRELATED = 8000


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    path = tmp_path_factory.mktemp("synth-world")
    summary = generate_world(path, children=CHILDREN, unrelated=UNRELATED, seed=SEED)
    return read_world(path, summary, SEED, CHILDREN, Rates())
