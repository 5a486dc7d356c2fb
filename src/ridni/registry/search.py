"""One-box search: a child by any spelling in any script, a diminutive, a partial date or a place
under any of its names; results ranked by how well they fit.

The query is split into words and dates. Each word is turned into the same keys the registry
stores in ``record_features`` (``ridni.names``): its name classes, its surname key, its place key.
Candidates come from indexed equality lookups on those keys — never a LIKE scan — first requiring
every word and the date to match (strict), then any word (relaxed); each candidate record is
scored, and records are grouped into persons.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, false, or_, select
from sqlalchemy.orm import Session

from ridni import names
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.models import Person, PersonRecord, RecordFeatures
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import is_scoped, redact, require, visible_records_filter

MAX_QUERY_LENGTH = 200
MAX_WORDS = 6
CANDIDATE_LIMIT = 200

_FULL_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_FULL_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_MY = re.compile(r"^(\d{1,2})[./](\d{4})$")
_MONTH_YM = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_SPLIT = re.compile(r"[\s,;]+")

# How much each kind of agreement counts towards the fit of one word.
WORD_WEIGHTS = {
    "given_exact": 1.0,
    "family": 1.0,
    "given": 0.85,
    "place": 0.8,
    "patronymic": 0.6,
    "region": 0.4,
    "initial": 0.5,
}


@dataclass(frozen=True)
class DateQuery:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def text(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class WordKeys:
    word: str
    given: frozenset[str]
    given_latin: str | None
    family: str | None
    patronymic: str | None
    place: str | None
    region: str | None
    # A surname given only by its initial ("К."): a filter on the (unindexed) initial.
    initial: str | None = None
    # The place read as where a child is held (a town abroad before a Ukrainian village).
    held: str | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.given
            or self.family
            or self.place
            or self.held
            or self.patronymic
            or self.region
            or self.initial
        )

    @property
    def indexed(self) -> bool:
        """Whether the word can be looked up on an index (an initial alone cannot)."""
        return bool(self.given or self.family or self.place or self.held)


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    words: list[WordKeys]
    date: DateQuery | None

    @property
    def empty(self) -> bool:
        return not self.words and self.date is None


@dataclass
class RecordHit:
    record_pk: int
    person_id: int | None
    score: float
    matched: list[str]
    record: Any  # the candidate row; shown (redacted) only if it makes the result list


@dataclass
class PersonHit:
    person_id: int | None
    display_name: str
    birth_date: str | None
    score: float
    matched: list[str]
    best: dict[str, Any]
    records: int
    sources: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    query: ParsedQuery
    hits: list[PersonHit]
    candidates: int
    elapsed_ms: float


# --- parsing -----------------------------------------------------------------------------------


def parse_query(text: str) -> ParsedQuery:
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    words: list[WordKeys] = []
    date: DateQuery | None = None
    for token in _SPLIT.split(text):
        if not token:
            continue
        as_date = parse_date(token)
        if as_date is not None:
            date = date or as_date
            continue
        keys = word_keys(token)
        if keys.any and len(words) < MAX_WORDS:
            words.append(keys)
    return ParsedQuery(text, words, date)


def parse_date(token: str) -> DateQuery | None:
    """'09.03.2014', '2014-03-09', '03.2014', '2014-03' or '2014'; None if it is no date."""
    for pattern, order in ((_FULL_DMY, "dmy"), (_FULL_YMD, "ymd")):
        m = pattern.match(token)
        if m:
            a, b, c = (int(g) for g in m.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            return DateQuery(year, month, day) if _valid(month, day) else None
    for pattern, order in ((_MONTH_MY, "my"), (_MONTH_YM, "ym")):
        m = pattern.match(token)
        if m:
            a, b = (int(g) for g in m.groups())
            month, year = (a, b) if order == "my" else (b, a)
            return DateQuery(year, month) if 1 <= month <= 12 else None
    if _YEAR.match(token):
        return DateQuery(int(token))
    return None


def _valid(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def word_keys(word: str) -> WordKeys:
    cleaned = names.clean(word)
    if not cleaned or cleaned.isdigit():
        return WordKeys(word, frozenset(), None, None, None, None, None)
    if names.is_initial_only(cleaned):
        initial = names.surname_initial(cleaned)
        return WordKeys(word, frozenset(), None, None, None, None, None, initial=initial)
    given = names.given_name(cleaned)
    family = names.surname_key(cleaned) or None
    return WordKeys(
        word=word,
        given=frozenset(k for k in (given.keys or ()) if k),
        given_latin=given.latin or None,
        family=family,
        patronymic=names.patronymic(cleaned).father_key,
        place=names.place_key(cleaned),
        region=names.region_key(cleaned),
        held=names.whereabouts(cleaned).place,
    )


# --- candidates --------------------------------------------------------------------------------


def _word_condition(w: WordKeys) -> ColumnElement[bool]:
    # Only indexed columns go into the WHERE clause, so PostgreSQL can OR its bitmap scans.
    parts: list[ColumnElement[bool]] = []
    if w.given:
        parts.append(RecordFeatures.given_key.in_(sorted(w.given)))
    if w.family:
        parts.append(RecordFeatures.family_key == w.family)
    if w.place:
        parts.append(RecordFeatures.birth_place_key == w.place)
    if w.held:
        parts.append(RecordFeatures.last_place_key == w.held)
    if w.initial and not parts:
        return RecordFeatures.family_initial == w.initial
    return or_(*parts) if parts else false()


def _date_condition(d: DateQuery, *, narrowed: bool = True) -> ColumnElement[bool]:
    """Born in the year, or (no birth date) an age implying it. The age branch is not indexed,
    so a date on its own (``narrowed`` False) looks up the indexed birth year only."""
    if not narrowed:
        return RecordFeatures.birth_year == d.year
    return or_(
        RecordFeatures.birth_year == d.year,
        and_(
            RecordFeatures.birth_year.is_(None),
            RecordFeatures.age_birth_year.between(d.year - 1, d.year + 1),
        ),
    )


# Only the columns scoring and the result list need: whole rows (with the raw JSON) would cost
# more than the lookups themselves.
_FEATURE_COLUMNS = (
    RecordFeatures.given_key,
    RecordFeatures.given_keys,
    RecordFeatures.given_latin,
    RecordFeatures.family_key,
    RecordFeatures.family_initial,
    RecordFeatures.patronymic_key,
    RecordFeatures.birth_year,
    RecordFeatures.birth_month,
    RecordFeatures.birth_day,
    RecordFeatures.age_birth_year,
    RecordFeatures.birth_place_key,
    RecordFeatures.last_place_key,
    RecordFeatures.region_key,
)
SUMMARY_FIELDS = (
    "record_id",
    "source_id",
    "given_name",
    "family_name",
    "patronymic",
    "sex",
    "birth_date",
    "birth_place",
    "last_known_place",
    "last_known_date",
    "age",
    "guardian_names",
    "notes",
)
_COLUMNS = (
    SourceRecord.id.label("pk"),
    *(getattr(SourceRecord, name) for name in SUMMARY_FIELDS),
    *_FEATURE_COLUMNS,
    Source.name.label("source"),
    Source.kind.label("kind"),
)
# One candidate: a row with the record's summary fields, its keys, and its source.
Candidate = Row[Any]


def _candidates(
    session: Session, actor: Actor, where: ColumnElement[bool], limit: int
) -> list[Candidate]:
    stmt = (
        select(*_COLUMNS)
        .join(SourceRecord, SourceRecord.id == RecordFeatures.record_pk)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(
            where,
            SourceRecord.withdrawn.is_(False),
            visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id),
        )
        .limit(limit)
    )
    return list(session.execute(stmt).all())


def _gather(session: Session, actor: Actor, q: ParsedQuery) -> list[Candidate]:
    """Candidates in tiers, tightest first, until there are enough: every word and the date;
    any word and the date; every word; any word. Later tiers let a wrong date or an unknown
    word still find the child — ranked lower by the score."""
    words = [_word_condition(w) for w in q.words]
    # "Any word" tiers use only indexed words; an initial then narrows, it never widens.
    indexed = [_word_condition(w) for w in q.words if w.indexed]
    filters = [_word_condition(w) for w in q.words if not w.indexed]
    date = [_date_condition(q.date, narrowed=bool(indexed))] if q.date else []
    if not indexed and not date:
        return []  # an initial alone would scan the registry
    tiers = [and_(*words, *date)]
    if indexed and date:
        tiers += [and_(or_(*indexed), *filters, *date), and_(*words)]
    if len(indexed) > 1:
        tiers.append(and_(or_(*indexed), *filters))
    rows: list[Candidate] = []
    seen: set[int] = set()
    for where in tiers:
        if len(rows) >= CANDIDATE_LIMIT:
            break
        for row in _candidates(session, actor, where, CANDIDATE_LIMIT):
            if row.pk not in seen:
                seen.add(row.pk)
                rows.append(row)
    return rows


# --- scoring -----------------------------------------------------------------------------------


def score_record(q: ParsedQuery, f: Any) -> tuple[float, list[str]]:
    """How well one record fits the query, 0…1, and the fields that agreed."""
    matched: list[str] = []
    parts: list[float] = []
    for w in q.words:
        best, label = _best_word_match(w, f)
        parts.append(best)
        if label and label not in matched:
            matched.append(label)
    name_fit = sum(parts) / len(parts) if parts else None
    date_fit, date_label = _date_fit(q.date, f) if q.date else (None, None)
    if date_label:
        matched.append(date_label)
    if name_fit is None:
        return (date_fit or 0.0), matched
    if date_fit is None:
        return name_fit, matched
    return 0.7 * name_fit + 0.3 * date_fit, matched


def _best_word_match(w: WordKeys, f: Any) -> tuple[float, str | None]:
    record_given = set((f.given_keys or "").split()) | ({f.given_key} if f.given_key else set())
    options: list[tuple[float, str]] = []
    if w.given and record_given & w.given:
        exact = w.given_latin is not None and w.given_latin == f.given_latin
        options.append((WORD_WEIGHTS["given_exact" if exact else "given"], "given_name"))
    if w.family and w.family == f.family_key:
        options.append((WORD_WEIGHTS["family"], "family_name"))
    if w.patronymic and w.patronymic == f.patronymic_key:
        options.append((WORD_WEIGHTS["patronymic"], "patronymic"))
    if w.place and w.place == f.birth_place_key:
        options.append((WORD_WEIGHTS["place"], "birth_place"))
    elif w.held and w.held == f.last_place_key:
        options.append((WORD_WEIGHTS["place"], "last_known_place"))
    if w.region and w.region == f.region_key:
        options.append((WORD_WEIGHTS["region"], "birth_region"))
    if w.initial and w.initial == f.family_initial:
        options.append((WORD_WEIGHTS["initial"], "family_name"))
    return max(options, default=(0.0, None))


def _date_fit(d: DateQuery, f: Any) -> tuple[float, str | None]:
    if f.birth_year is None:
        if f.age_birth_year is not None and abs(f.age_birth_year - d.year) <= 1:
            return 0.5, "age"
        return 0.0, None
    if f.birth_year != d.year:
        return (0.3, "birth_year") if abs(f.birth_year - d.year) == 1 else (0.0, None)
    if d.month is None or f.birth_month is None:
        return (1.0 if d.month is None else 0.7), "birth_year"
    if d.month != f.birth_month:
        return 0.4, "birth_year"
    if d.day is None or f.birth_day is None:
        return (1.0 if d.day is None else 0.85), "birth_date"
    return (1.0, "birth_date") if d.day == f.birth_day else (0.6, "birth_year")


# --- the service -------------------------------------------------------------------------------


def search(*, session: Session, actor: Actor, query: str, limit: int = 20) -> SearchResult:
    """Persons (or unlinked records) fitting ``query``, best first; the search is audited."""
    require(actor, "search")
    started = time.perf_counter()
    q = parse_query(query)
    rows = [] if q.empty else _gather(session, actor, q)
    hits = _record_hits(session, q, rows)
    persons = _group(actor, hits, max(1, min(limit, 100)))
    if not is_scoped(actor):
        _use_person_names(session, persons)
    elapsed = (time.perf_counter() - started) * 1000
    audit.record_read(
        session,
        actor,
        "search",
        details={"query": q.text, "results": len(persons)},
    )
    return SearchResult(q, persons, len(rows), elapsed)


def _record_hits(session: Session, q: ParsedQuery, rows: list[Candidate]) -> list[RecordHit]:
    person_of = _persons_of(session, [row.pk for row in rows])
    hits = []
    for row in rows:
        score, matched = score_record(q, row)
        if score > 0:
            hits.append(RecordHit(row.pk, person_of.get(row.pk), score, matched, row))
    return hits


def _shown(row: Candidate, actor: Actor) -> dict[str, Any]:
    """A result's record as the actor may see it (built only for the results shown)."""
    view = redact(summary(row), actor, row.kind)
    view.update(source=row.source, kind=row.kind)
    return view


def summary(row: Any) -> dict[str, Any]:
    """The result-list fields of a candidate (or of a ``SourceRecord``)."""
    return {
        "pk": row.pk if hasattr(row, "pk") else row.id,
        **{f: getattr(row, f) for f in SUMMARY_FIELDS},
    }


def display_name(record: Any) -> str:
    """'Family Given Patronymic' of a record dict or a candidate row."""
    get = record.get if isinstance(record, dict) else (lambda f: getattr(record, f, None))
    return " ".join(p for p in (get("family_name"), get("given_name"), get("patronymic")) if p)


def _persons_of(session: Session, record_pks: Iterable[int]) -> dict[int, int]:
    pks = list(record_pks)
    if not pks:
        return {}
    # Primary-key lookups only: a record always belongs to its current (active) person.
    rows = session.execute(
        select(PersonRecord.record_pk, PersonRecord.person_id).where(
            PersonRecord.record_pk.in_(pks)
        )
    ).all()
    return {pk: pid for pk, pid in rows}


def _group(actor: Actor, hits: list[RecordHit], limit: int) -> list[PersonHit]:
    by_person: dict[tuple[str, int], list[RecordHit]] = {}
    for hit in hits:
        key = ("person", hit.person_id) if hit.person_id is not None else ("record", hit.record_pk)
        by_person.setdefault(key, []).append(hit)
    ranked = []
    for (kind, _), group in by_person.items():
        group.sort(key=lambda h: h.score, reverse=True)
        # More records agreeing with the query make the person a slightly better fit.
        score = min(1.0, group[0].score + 0.02 * (len(group) - 1))
        ranked.append((-score, -len(group), display_name(group[0].record), kind, group))
    ranked.sort(key=lambda r: r[:3])
    return [
        _person_hit(actor, -neg_score, kind, group)
        for neg_score, _, _, kind, group in ranked[:limit]
    ]


def _person_hit(actor: Actor, score: float, kind: str, group: list[RecordHit]) -> PersonHit:
    best = _shown(group[0].record, actor)
    return PersonHit(
        person_id=group[0].person_id if kind == "person" else None,
        display_name=display_name(best),
        birth_date=best.get("birth_date"),
        score=round(score, 3),
        matched=list(dict.fromkeys(m for h in group for m in h.matched)),
        best=best,
        records=len(group),
        sources=sorted({h.record.source for h in group}),
    )


def _use_person_names(session: Session, hits: list[PersonHit]) -> None:
    """The person's best-known name (from all its records) instead of the best record's.

    Only for unscoped actors: a partner must not see a name taken from records hidden from it.
    """
    ids = [h.person_id for h in hits if h.person_id is not None]
    if not ids:
        return
    rows = session.execute(
        select(Person.id, Person.display_name, Person.birth_date).where(Person.id.in_(ids))
    ).all()
    known = {pid: (name, born) for pid, name, born in rows}
    for hit in hits:
        name, born = known.get(hit.person_id, (None, None))  # type: ignore[arg-type]
        hit.display_name = name or hit.display_name
        hit.birth_date = born or hit.birth_date
