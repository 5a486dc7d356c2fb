"""Writing a linking result: links, and persons that keep their ids while their cluster lives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.db.bulk import bulk_insert, reset_sequence
from ridni.linkage.models import Person, PersonRecord

# Which record names a person on screen: the most authoritative source first.
_KIND_RANK = {
    "official_registry": 0,
    "family_report": 1,
    "return_list": 2,
    "osint": 3,
    "other": 4,
    "counterpart_list": 5,
    "adoption_database": 6,
}


# Tuples: a full link makes one of each per record and per person (a million of them).
class RecordSummary(NamedTuple):
    kind: str
    given_name: str | None
    family_name: str | None
    birth_date: str | None
    sex: str | None


class PersonSummary(NamedTuple):
    display_name: str | None
    birth_date: str | None
    sex: str | None
    n_records: int


def summarise(
    members: Sequence[int],
    records: Mapping[int, RecordSummary],
    sex_overruled: Collection[int] = (),
) -> PersonSummary:
    """What a person is shown as. A record whose sex a link overruled does not vote on it."""
    if len(members) == 1:  # most persons of a big registry: no vote to count
        only = records[members[0]]
        name = " ".join(filter(None, (only.family_name, only.given_name))) or None
        return PersonSummary(name, only.birth_date or None, only.sex or None, 1)
    ranked = sorted(members, key=lambda r: (_KIND_RANK.get(records[r].kind, 9), r))
    best = records[ranked[0]]
    name = " ".join(filter(None, (best.family_name, best.given_name))) or None
    dates = Counter(records[r].birth_date for r in members if records[r].birth_date)
    # The most often stated date, the most precise on a tie.
    birth = max(dates, key=lambda d: (dates[d], len(d))) if dates else None
    sexes = Counter(records[r].sex for r in members if records[r].sex and r not in sex_overruled)
    sex = sexes.most_common(1)[0][0] if sexes else None
    return PersonSummary(name, birth, sex, len(members))


def _greedy_reuse(clusters: Sequence[Sequence[int]], old: Mapping[int, int]) -> dict[int, int]:
    """cluster index -> the old person id it continues (the one holding most of its records)."""
    candidates = []
    for idx, members in enumerate(clusters):
        if len(members) == 1:  # most clusters: no overlaps to count
            if (person_id := old.get(members[0])) is not None:
                candidates.append((1, -person_id, idx, person_id))
            continue
        for person_id, overlap in Counter(old[r] for r in members if r in old).items():
            candidates.append((overlap, -person_id, idx, person_id))
    candidates.sort(reverse=True)
    taken_clusters: dict[int, int] = {}
    taken_persons: set[int] = set()
    for _overlap, _neg, idx, person_id in candidates:
        if idx in taken_clusters or person_id in taken_persons:
            continue
        taken_clusters[idx] = person_id
        taken_persons.add(person_id)
    return taken_clusters


def save_persons(
    session: Session,
    clusters: Sequence[Sequence[int]],
    records: Mapping[int, RecordSummary],
    run_id: int | None,
    reasons: Mapping[int, str] | None = None,
    scope: Iterable[int] | None = None,
    sex_overruled: Collection[int] = frozenset(),
) -> dict[int, int]:
    """Store the clusters as persons; returns record pk -> person id.

    ``scope`` limits the change to the persons holding those records (a local re-clustering
    after a reviewer's decision); by default the clusters cover the whole registry.
    ``sex_overruled``: the records whose sex clustering overruled (flagged on the membership).
    """
    reasons = reasons or {}
    query = select(PersonRecord.record_pk, PersonRecord.person_id)
    if scope is not None:
        query = query.where(PersonRecord.record_pk.in_(list(scope)))
    old = dict(session.execute(query).all())
    reuse = _greedy_reuse(clusters, old)
    next_id = (session.execute(select(func.max(Person.id))).scalar() or 0) + 1
    now = utcnow()
    new_rows, updates, membership = [], [], {}
    for idx, members in enumerate(clusters):
        summary = summarise(members, records, sex_overruled)
        person_id = reuse.get(idx)
        if person_id is None:
            person_id, next_id = next_id, next_id + 1
            new_rows.append(
                (
                    person_id,
                    "active",
                    run_id,
                    summary.display_name,
                    summary.birth_date,
                    summary.sex,
                    summary.n_records,
                    now,
                    now,
                )
            )
        else:
            updates.append((person_id, summary))
        for r in members:
            membership[r] = person_id
    bulk_insert(
        session,
        "persons",
        (
            "id",
            "status",
            "run_id",
            "display_name",
            "birth_date",
            "sex",
            "n_records",
            "created_at",
            "updated_at",
        ),
        new_rows,
    )
    reset_sequence(session, "persons")
    _update_reused(session, updates, run_id)
    _retire_unused(session, old, membership, set(reuse.values()))
    _write_membership(session, old, membership, run_id, reasons)
    _flag_sex_overruled(session, membership, sex_overruled)
    return membership


def _update_reused(
    session: Session, updates: list[tuple[int, PersonSummary]], run_id: int | None
) -> None:
    if not updates:
        return
    query = select(
        Person.id,
        Person.display_name,
        Person.birth_date,
        Person.sex,
        Person.n_records,
        Person.status,
    )
    ids = [pid for pid, _ in updates]
    if len(ids) > 100_000:  # a full run: one scan beats many lookups
        current = {row.id: row for row in session.execute(query)}
    else:  # a local change: read only the persons concerned
        current = {
            row.id: row
            for start in range(0, len(ids), 10_000)
            for row in session.execute(query.where(Person.id.in_(ids[start : start + 10_000])))
        }
    changed = [
        {
            "pid": pid,
            "display_name": s.display_name,
            "birth_date": s.birth_date,
            "sex": s.sex,
            "n_records": s.n_records,
            "run_id": run_id,
            "now": utcnow(),
        }
        for pid, s in updates
        if (cur := current.get(pid)) is not None
        and (cur.display_name, cur.birth_date, cur.sex, cur.n_records, cur.status)
        != (s.display_name, s.birth_date, s.sex, s.n_records, "active")
    ]
    if changed:
        session.execute(
            text(
                "UPDATE persons SET display_name = :display_name, birth_date = :birth_date, "
                "sex = :sex, n_records = :n_records, run_id = :run_id, updated_at = :now, "
                "status = 'active', merged_into = NULL WHERE id = :pid"
            ),
            changed,
        )


def _retire_unused(
    session: Session, old: Mapping[int, int], membership: Mapping[int, int], reused: set[int]
) -> None:
    """Persons whose cluster did not survive: merged into where most of their records went."""
    gone: dict[int, Counter[int]] = {}
    for record, person_id in old.items():
        if person_id not in reused:
            gone.setdefault(person_id, Counter())[membership.get(record, 0)] += 1
    for person_id, targets in gone.items():
        target = max((t for t in targets if t), key=lambda t: targets[t], default=None)
        session.execute(
            update(Person)
            .where(Person.id == person_id)
            .values(
                status="merged" if target else "retired", merged_into=target, updated_at=utcnow()
            )
        )


def _write_membership(
    session: Session,
    old: Mapping[int, int],
    membership: Mapping[int, int],
    run_id: int | None,
    reasons: Mapping[int, str],
) -> None:
    moved = [
        {"pid": pid, "rec": r, "run": run_id, "reason": reasons.get(r, "model")}
        for r, pid in membership.items()
        if r in old and old[r] != pid
    ]
    if moved:
        session.execute(
            text(
                "UPDATE person_records SET person_id = :pid, run_id = :run, reason = :reason "
                "WHERE record_pk = :rec"
            ),
            moved,
        )
    bulk_insert(
        session,
        "person_records",
        ("record_pk", "person_id", "run_id", "reason"),
        (
            (r, pid, run_id, reasons.get(r, "model"))
            for r, pid in membership.items()
            if r not in old
        ),
    )


def _flag_sex_overruled(
    session: Session, membership: Mapping[int, int], sex_overruled: Collection[int]
) -> None:
    """Set the flag on exactly the overruled records among those clustered: a few dozen in a
    registry, so the flagged ones are read and compared rather than every row rewritten."""
    flagged = set(
        session.scalars(select(PersonRecord.record_pk).where(PersonRecord.sex_overruled)).all()
    )
    wanted = {r for r in sex_overruled if r in membership}
    changes = [{"rec": r, "flag": True} for r in sorted(wanted - flagged)] + [
        {"rec": r, "flag": False} for r in sorted(flagged - wanted) if r in membership
    ]
    if changes:
        session.execute(
            text("UPDATE person_records SET sex_overruled = :flag WHERE record_pk = :rec"),
            changes,
        )


def save_links(session: Session, run_id: int, rows: Iterable[Sequence[Any]]) -> int:
    """Replace the scored links with this run's: (a, b, weight, probability, contributions as
    JSON text, in_cluster)."""
    session.execute(text("DELETE FROM links"))
    return insert_links(session, run_id, rows)


def insert_links(session: Session, run_id: int, rows: Iterable[Sequence[Any]]) -> int:
    """Add links, rows as for ``save_links``; returns how many."""
    return bulk_insert(
        session,
        "links",
        (
            "record_a",
            "record_b",
            "run_id",
            "match_weight",
            "match_probability",
            "contributions",
            "in_cluster",
        ),
        ((a, b, run_id, w, p, c, used) for a, b, w, p, c, used in rows),
    )
