"""What every source writer shares: the canonical header, ids, units of siblings.

Every writer answers three questions: how many records of this child does the source hold
(``copies``), what does one of them say (``record``), and what else is in the source
(``unrelated``: records of people who are not among the world's children).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from ridni.synth.people import Child, Family, PeopleFactory
from ridni.synth.rates import Rates
from ridni.synth.render import Render

# The canonical person-record header (/work/shared/formats/person-records.md), in order.
FIELDS = (
    "record_id",
    "given_name",
    "family_name",
    "patronymic",
    "sex",
    "birth_date",
    "birth_place",
    "birth_region",
    "last_known_place",
    "last_known_date",
    "institution",
    "guardian_names",
    "sibling_ids",
    "age",
    "notes",
)
T = TypeVar("T")
Record = dict[str, str]
Unit = list[tuple[str, Record]]  # (person_id, record) of siblings written together
OCCUPIED_OBLASTS = {
    "Донецька": "DNR",
    "Луганська": "LNR",
    "Херсонська": "KHE",
    "Запорізька": "ZAP",
    "Автономна Республіка Крим": "CRM",
    "Севастополь": "CRM",
}
END_OF_DATA = date(2024, 12, 31)


@dataclass(frozen=True)
class SourceInfo:
    file: str
    source: str
    kind: str
    description: str


def seen_until(child: Child, end: date = END_OF_DATA) -> date:
    """The last date a source can have seen the child: its return, or the end of the data."""
    return min(end, child.returned) if child.returned else end


# A key outside FIELDS (so never written to the source file) that marks a record showing a
# renamed child's new identity; the world lists those records in renamed.csv, beside the truth.
RENAMED = "_renamed"


def blank() -> Record:
    return dict.fromkeys(FIELDS, "")


class SourceWriter:
    """Base: holds the source's random stream, its rates and its id counter."""

    info: SourceInfo
    sibling_link_rate = 0.9  # share of records that list their siblings (before the drop channel)

    def __init__(self, rng: random.Random, rates: Rates, next_person_id: Callable[[], str]) -> None:
        self.rng = rng
        self.rates = rates
        self.render = Render(rng, rates)
        self.next_person_id = next_person_id
        self._serial = rng.randint(1000, 9000)
        self._factory: PeopleFactory | None = None
        self.renamed_records = 0  # records that show a child's new identity
        self._shared: dict[str, Any] = {}

    def copies(self, child: Child, rng: random.Random) -> int:
        raise NotImplementedError

    def record(self, child: Child, copy: int) -> Record:
        raise NotImplementedError

    def new_id(self, record: Record) -> str:
        raise NotImplementedError

    def unit(self, members: list[tuple[Child, int]]) -> Unit:
        """Records of siblings written together; each gets its id as soon as it is written."""
        self._shared = {}
        made: Unit = []
        for child, copy in members:
            record = self.record(child, copy)
            record["record_id"] = self.new_id(record)
            made.append((child.person_id, record))
        return made

    def shared(self, key: str, make: Callable[[], T]) -> T:
        """One value for every record of a unit: siblings on one report, list or sighting."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]

    def lists_siblings(self) -> bool:
        rate = self.sibling_link_rate * (1.0 - self.rates.sibling_link_dropped)
        return self.rng.random() < rate

    def unrelated(self, limit: int) -> Unit:
        """Other missing children (not in the world's set): a whole family in this source only."""
        family = self._unrelated_family()
        family.children = family.children[:limit]
        assert self._factory is not None
        self._factory.displace(family)
        for child in family.children:
            child.person_id = self.next_person_id()
        return self.unit([(child, 0) for child in family.children])

    def _unrelated_family(self) -> Family:
        if self._factory is None:
            self._factory = PeopleFactory(self.rng, self.rates)
        return self._factory.family(0)

    def _next_serial(self) -> int:
        # Gaps: withdrawn or merged entries leave holes in every real numbering.
        self._serial += 1 if self.rng.random() < 0.8 else self.rng.randint(2, 6)
        return self._serial

    @staticmethod
    def _one_more(rng: random.Random, p: float, duplicate: float) -> int:
        if rng.random() >= p:
            return 0
        return 2 if rng.random() < duplicate else 1
