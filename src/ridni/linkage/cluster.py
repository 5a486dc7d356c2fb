"""Clustering scored pairs into persons, with safeguards. Pure: no database, no Splink.

Greedy agglomeration over the links, strongest first, where a merge is refused when
- a reviewer rejected a pair between the two groups (human decisions always win);
- it would put a boy and a girl in one person (unless a link of at least ``registry_strong``
  joins a record whose sex is the only one its group gives to a record of the other sex and the
  same given name: a form ticked wrongly; never two records of one source; the overruled
  records are returned, for a reviewer to see), or two records of
  one source that cannot be one child: born the same day under different given names and one
  family name (twins), or differing in date of birth or given name (a clean registry lists a
  child once; other sources may repeat a child with a detail changed, so there a link of at least
  ``registry_strong`` may join them, or list a renamed child again under the new identity: the
  same day, every name different);
- it would join two records of one clean registry without strong evidence;
- the link is weak and the other evidence already known between the two groups does not back it
  (no person grows through a chain of weak links: A~B and B~C do not make A~C when A≁C);
- two of the records' full dates of birth cannot be one child's, unless the link itself joins those
  two and is very strong (a clerk's error): a sighting that fits two children does not join them.
Confirmed pairs are merged first, whatever the model says (a confirmed boy and girl: one of the
two sexes is wrong, and both are overruled until the end settles which).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from ridni.names.given import class_sex

# Kinds of source that list each child once: two of their records in one person need strong
# evidence (a registry does not hold the same child twice; an adoption database neither).
CLEAN_KINDS = frozenset({"official_registry", "adoption_database"})


class RecordInfo(NamedTuple):  # a tuple: a million of them are made per full link
    source: str
    clean_registry: bool
    sex: str | None
    birth_date: str | None  # full dates only; partial dates cannot contradict
    # Every given-name class the record's name may stand for (empty: no usable name).
    given: frozenset[str] = frozenset()
    # The family name's key, where the record gives it in full (None: missing, or an initial).
    family: str | None = None


@dataclass(frozen=True)
class ClusterRules:
    threshold: float = 0.9  # a link at or above this may join two groups
    strong: float = 0.99  # a link at or above this needs no further backing
    registry_strong: float = 0.999  # two records of one clean registry need this much
    # A weak link joins two groups only if all the links known between them, weak ones
    # included, average at least this: a chain A~B~C does not make A~C when A≁C.
    backing: float = 0.5


@dataclass
class Refusal:
    record_a: int
    record_b: int
    probability: float
    reason: str


@dataclass
class Clustering:
    clusters: list[list[int]]
    used_links: set[tuple[int, int]] = field(default_factory=set)
    refusals: list[Refusal] = field(default_factory=list)
    # Records whose sex a very strong link overruled: each is in a person whose other records
    # give the other sex. Stored with the membership, so that a reviewer sees it.
    sex_overruled: set[int] = field(default_factory=set)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class _Groups:
    """Union-find whose roots carry what the safeguards need to know about each group."""

    def __init__(self, records: Mapping[int, RecordInfo]) -> None:
        self.records = records
        self.parent: dict[int, int] = {r: r for r in records}
        self.members: dict[int, list[int]] = {r: [r] for r in records}
        # root -> other root -> [sum of known link probabilities, number of known links]
        self.evidence: dict[int, dict[int, list[float]]] = {}
        # Records whose sex a very strong link has overruled (see _sex_overruled).
        self.sex_overruled: set[int] = set()

    def sex_of(self, r: int) -> str | None:
        return None if r in self.sex_overruled else self.records[r].sex

    def find(self, r: int) -> int:
        root = r
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[r] != root:
            self.parent[r], r = root, self.parent[r]
        return root

    def add_evidence(self, a: int, b: int, p: float) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        # One cell shared by both directions, so either group sees the same running totals.
        cell = self.evidence.setdefault(ra, {}).get(rb)
        if cell is None:
            cell = [0.0, 0]
            self.evidence[ra][rb] = cell
            self.evidence.setdefault(rb, {})[ra] = cell
        cell[0] += p
        cell[1] += 1

    def known_mean(self, ra: int, rb: int) -> float:
        total, count = self.evidence.get(ra, {}).get(rb, [0.0, 0])
        return total / count if count else 0.0

    def union(self, ra: int, rb: int) -> int:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self._merge_evidence(ra, rb)
        return ra

    def _merge_evidence(self, keep: int, gone: int) -> None:
        mine = self.evidence.setdefault(keep, {})
        mine.pop(gone, None)
        for other, cell in self.evidence.pop(gone, {}).items():
            if other == keep:
                continue
            theirs = self.evidence[other]
            del theirs[gone]
            existing = mine.get(other)
            if existing is None:
                mine[other] = theirs[keep] = cell
            else:
                existing[0] += cell[0]
                existing[1] += cell[1]


def _contradiction(
    groups: _Groups, ra: int, rb: int, link: tuple[int, int], strong: bool
) -> str | None:
    """Why the two groups cannot be one child, on their records alone. ``link`` is the pair
    that would join them; ``strong``: its probability is at least ``registry_strong``."""
    records = groups.records
    sexes = {groups.sex_of(r) for r in groups.members[ra] + groups.members[rb]} - {None}
    if sexes == {"M", "F"} and not (strong and _sex_overruled(groups, link)):
        return "a boy and a girl"
    for a in groups.members[ra]:
        mine = records[a]
        for b in groups.members[rb]:
            other = records[b]
            if mine.source == other.source:
                reason = _same_source_contradiction(mine, other, strong)
                if reason:
                    return reason
            # One child has one date of birth, give or take a clerk's error. A very strong
            # link may vouch for its own two records' dates, never for others': a record that
            # fits two children (a sighting with an age) must not join them.
            vouched = strong and {a, b} == set(link)
            if not vouched and not dates_compatible(mine.birth_date, other.birth_date):
                return "dates of birth that cannot be one child's"
    return None


def _sex_overruled(groups: _Groups, link: tuple[int, int]) -> list[int]:
    """The records whose sex a very strong link overrules (a form ticked wrongly, a name read
    as the other sex), so that the link may join the two groups: of the link's own two records,
    which give one given name and different sexes, each that is the only record of its group to
    give a sex, and whose source gives none in the other group (one source's boy and girl are
    never one child). Empty: the link vouches for nothing, and a boy and a girl stay apart."""
    a, b = link
    if not groups.sex_of(a) or not groups.sex_of(b) or groups.sex_of(a) == groups.sex_of(b):
        return []
    # With different given names the sexes agree with the names: a boy and a girl, twins
    # (Захар and Серафима Гуцалик, one date and birthplace), whatever else the link shares.
    if not groups.records[a].given & groups.records[b].given:
        return []
    overruled = []
    for own, mine, other in (
        (a, groups.find(a), groups.find(b)),
        (b, groups.find(b), groups.find(a)),
    ):
        alone = [r for r in groups.members[mine] if groups.sex_of(r)] == [own]
        sources = {groups.records[r].source for r in groups.members[other] if groups.sex_of(r)}
        if alone and groups.records[own].source not in sources:
            overruled.append(own)
    return overruled


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Whether two full dates of birth ('YYYYMMDD') may be one child's: the same, day and month
    swapped, one digit apart, within three months (an infant's date changed), or the same day
    and month a year apart: the date comparison's levels short of "different"."""
    if not a or not b or a == b:
        return True
    if a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]:
        return True
    if sum(x != y for x, y in zip(a, b, strict=True)) == 1:
        return True
    if a[4:] == b[4:] and abs(int(a[:4]) - int(b[:4])) == 1:
        return True
    try:
        days = abs(
            (
                date(int(a[:4]), int(a[4:6]), int(a[6:]))
                - date(int(b[:4]), int(b[4:6]), int(b[6:]))
            ).days
        )
    except ValueError:
        return False
    return days <= 92


def _same_source_contradiction(mine: RecordInfo, other: RecordInfo, strong: bool) -> str | None:
    """Two records of one source that cannot be one child. A clean registry lists a child once,
    so two of its records that differ are two children. Other sources may repeat a child with
    a changed detail (two relatives report, the other side re-sends a list with a date changed):
    there a very strong link may join them, unless they show the twins' pattern (the same date
    of birth, different given names, the family name shared or unknown). They may also list a
    child again under a new identity (the other side's list re-sent after the child was renamed:
    the same date of birth, every name different), which the link that joins them must carry
    on its own, like any renaming."""
    names_differ = bool(mine.given and other.given and not mine.given & other.given)
    both_dates = bool(mine.birth_date and other.birth_date)
    same_day = both_dates and mine.birth_date == other.birth_date
    relisted = same_day and names_differ and _family_names_differ(mine, other)
    if same_day and names_differ and not relisted:
        return f"two records of {mine.source} born the same day with different given names"
    if (strong or relisted) and not mine.clean_registry:
        return None
    if both_dates and mine.birth_date != other.birth_date:
        return f"two records of {mine.source} with different dates of birth"
    if names_differ:
        return f"two records of {mine.source} with different given names"
    return None


def _family_names_differ(mine: RecordInfo, other: RecordInfo) -> bool:
    return bool(mine.family and other.family and mine.family != other.family)


def _shares_clean_registry(groups: _Groups, ra: int, rb: int) -> bool:
    left = {
        groups.records[r].source for r in groups.members[ra] if groups.records[r].clean_registry
    }
    return any(groups.records[r].source in left for r in groups.members[rb])


def _has_rejection(groups: _Groups, ra: int, rb: int, rejected: set[tuple[int, int]]) -> bool:
    if not rejected:
        return False
    right = set(groups.members[rb])
    return any(
        _pair(a, b) in rejected
        for a in groups.members[ra]
        for b in right
        if _pair(a, b) in rejected
    )


def cluster(
    records: Mapping[int, RecordInfo],
    links: Iterable[tuple[int, int, float]],
    *,
    rules: ClusterRules | None = None,
    confirmed: Iterable[tuple[int, int]] = (),
    rejected: Iterable[tuple[int, int]] = (),
    siblings: Iterable[tuple[int, int]] = (),
    sex_overruled: Iterable[int] = (),
) -> Clustering:
    """Group records into persons. ``links`` are scored pairs (any threshold; the weak ones
    count as known evidence against weak merges). ``sex_overruled``: records whose sex an
    earlier run overruled, where their persons are kept whole (``confirmed``) rather than formed
    again from their links (incremental linking). ``rejected`` pairs (reviewers) and
    ``siblings`` (one record is a sibling the other lists) never end up in one person."""
    rules = rules or ClusterRules()
    rejected_pairs = {_pair(a, b) for a, b in rejected}
    sibling_pairs = {_pair(a, b) for a, b in siblings} - {_pair(a, b) for a, b in confirmed}
    groups = _Groups(records)
    groups.sex_overruled.update(r for r in sex_overruled if r in records)
    result = Clustering(clusters=[])
    # Ties broken by the records' ids: the engines return pairs in no fixed order, and the same
    # links must always make the same persons.
    ordered = sorted(
        ((_pair(a, b), p) for a, b, p in links if a in records and b in records and a != b),
        key=lambda item: (-item[1], item[0]),
    )
    for (a, b), p in ordered:
        groups.add_evidence(a, b, p)

    for a, b in (_pair(a, b) for a, b in confirmed):
        if a not in records or b not in records:
            continue
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb:
            continue
        if _has_rejection(groups, ra, rb, rejected_pairs):
            result.refusals.append(Refusal(a, b, 1.0, "confirmed, but conflicts with a rejection"))
            continue
        # A reviewer who confirms a boy and a girl as one child says one sex is wrong: both are
        # overruled, and settled at the end like a very strong link's.
        if {groups.sex_of(a), groups.sex_of(b)} == {"M", "F"}:
            groups.sex_overruled.update((a, b))
        groups.union(ra, rb)
        result.used_links.add((a, b))

    for (a, b), p in ordered:
        if p < rules.threshold:
            break
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb:
            if (a, b) not in rejected_pairs:
                result.used_links.add((a, b))
            continue
        reason = _refusal_reason(groups, (a, b), p, rules, rejected_pairs, sibling_pairs)
        if reason:
            result.refusals.append(Refusal(a, b, p, reason))
            continue
        if p >= rules.registry_strong:
            groups.sex_overruled.update(_sex_overruled(groups, (a, b)))
        groups.union(ra, rb)
        result.used_links.add((a, b))

    result.clusters = [sorted(m) for m in groups.members.values()]
    result.sex_overruled = _overruled_in_the_end(groups)
    return result


def _overruled_in_the_end(groups: _Groups) -> set[int]:
    """The overruled records whose sex their person contradicts. A link between two lone
    records overrules both (neither outweighs the other); a third record that gives a sex settles
    it, and the record it agrees with is not flagged. Where no other record gives a sex, the
    given name settles it: Арсеній ticked "F" is flagged, Арсений "M" is not. With nothing to
    settle it (a name the table does not know), all are flagged, and the person's sex is not
    known."""
    by_person: dict[int, list[int]] = {}
    for r in groups.sex_overruled:
        by_person.setdefault(groups.find(r), []).append(r)
    flagged = set()
    for root, overruled in by_person.items():
        kept = {groups.sex_of(m) for m in groups.members[root]} - {None}
        if not kept:
            kept = {groups.records[r].sex for r in overruled if _name_agrees(groups.records[r])}
            if len(kept) > 1:
                kept = set()
        flagged.update(r for r in overruled if groups.records[r].sex not in kept)
    return flagged


def _name_agrees(record: RecordInfo) -> bool:
    """Whether the record's given name is one of its ticked sex (every class it may be)."""
    return bool(record.given) and {class_sex(c) for c in record.given} == {record.sex}


def _refusal_reason(
    groups: _Groups,
    link: tuple[int, int],
    p: float,
    rules: ClusterRules,
    rejected: set[tuple[int, int]],
    siblings: set[tuple[int, int]],
) -> str | None:
    ra, rb = groups.find(link[0]), groups.find(link[1])
    if _has_rejection(groups, ra, rb, rejected):
        return "a reviewer rejected a pair between these groups"
    if _has_rejection(groups, ra, rb, siblings):
        return "a record of one group is listed as a sibling of a record of the other"
    contradiction = _contradiction(groups, ra, rb, link, p >= rules.registry_strong)
    if contradiction:
        return contradiction
    if p < rules.registry_strong and _shares_clean_registry(groups, ra, rb):
        return "would join two records of a clean registry without strong evidence"
    if p < rules.strong and groups.known_mean(ra, rb) < rules.backing:
        return "weak link not backed by the other links between the groups"
    return None
