"""The review queue: band, value order, exclusions, explanations, decisions, four eyes."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.cases import review
from ridni.cases.review import Band
from ridni.errors import Forbidden, Invalid
from ridni.linkage import calibration
from ridni.linkage.models import Link, LinkDecision, PersonRecord
from ridni.linkage.store import save_model
from ridni.security.actors import Actor
from ridni.security.models import AuditEvent

from .conftest import MODEL, World


def _pair(world: World, kind_a: str, kind_b: str, probability: float, name: str) -> tuple[int, int]:
    a = world.record(
        f"src-{kind_a}", kind_a, family_name=name, given_name="Іван", birth_date="2014"
    )
    b = world.record(
        f"src-{kind_b}-2", kind_b, family_name=name, given_name="Иван", birth_date="2014"
    )
    world.person(a)
    world.person(b)
    world.link(a, b, probability)
    return tuple(sorted((a.id, b.id)))  # type: ignore[return-value]


def test_queue_is_in_band_most_valuable_first(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    families = _pair(world, "family_report", "family_report", 0.90, "Сім'я")
    russian = _pair(world, "osint", "adoption_database", 0.80, "Усиновлення")
    registry = _pair(world, "official_registry", "osint", 0.50, "Реєстр")
    cross_low = _pair(world, "family_report", "counterpart_list", 0.40, "Перехресна")
    cross_high = _pair(world, "official_registry", "counterpart_list", 0.70, "Знайдена")
    _pair(world, "official_registry", "counterpart_list", 0.99, "Певна")  # above the band
    _pair(world, "official_registry", "counterpart_list", 0.10, "Слабка")  # below it

    queue = review.review_queue(session=session, actor=users["rev1"], band=Band(0.3, 0.95))

    order = [(i.record_a, i.record_b) for i in queue.items]
    assert order == [cross_high, cross_low, registry, russian, families]
    assert queue.total == 5
    assert [i.value for i in queue.items] == [3, 3, 2, 1, 0]


def test_a_reviewer_narrows_the_queue_to_a_kind_of_source_or_to_possible_renamings(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    found = _pair(world, "official_registry", "counterpart_list", 0.70, "Знайдена")
    profile = _pair(world, "official_registry", "adoption_database", 0.80, "Профіль")
    a = world.record("src-registry-r", "official_registry", family_name="Гнатюк", birth_date="2020")
    b = world.record("src-list-r", "counterpart_list", family_name="Петров", birth_date="2020")
    world.person(a)
    world.person(b)
    world.link(a, b, 0.6, contributions={"birth_date": [2, 12.0], "_model": "renamed"})
    renaming = tuple(sorted((a.id, b.id)))

    def pairs(kind: str | None = None, renamings: bool = False) -> list[tuple[int, int]]:
        view = review.QueueView(kind=kind, renamings=renamings)
        queue = review.review_queue(
            session=session, actor=users["rev1"], band=Band(0.3, 0.95), view=view
        )
        assert queue.view == view
        return [(i.record_a, i.record_b) for i in queue.items]

    assert pairs() == [profile, found, renaming]
    assert pairs(kind="adoption_database") == [profile]
    assert pairs(kind="counterpart_list") == [found, renaming]
    assert pairs(renamings=True) == [renaming]
    assert pairs(kind="adoption_database", renamings=True) == []
    with pytest.raises(Invalid):
        pairs(kind="registry of everything")


def test_decided_pairs_leave_the_queue(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    a, b = _pair(world, "official_registry", "counterpart_list", 0.6, "Бондар")
    c, d = _pair(world, "family_report", "counterpart_list", 0.6, "Ткач")
    review.decide(
        session=session,
        actor=users["rev1"],
        record_a=a,
        record_b=b,
        decision="reject",
        reason="different mothers",
    )
    queue = review.review_queue(session=session, actor=users["rev1"], band=Band(0.3, 0.95))
    assert [(i.record_a, i.record_b) for i in queue.items] == [(c, d)]


def test_the_band_comes_from_settings(
    session: Session, world: World, users: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ridni.config import get_settings

    pair = _pair(world, "official_registry", "counterpart_list", 0.2, "Мельник")
    assert review.review_queue(session=session, actor=users["rev1"]).items == []
    monkeypatch.setenv("RIDNI_REVIEW_BAND_LOW", "0.1")
    get_settings.cache_clear()
    items = review.review_queue(session=session, actor=users["rev1"]).items
    assert [(i.record_a, i.record_b) for i in items] == [pair]
    with pytest.raises(Invalid):
        review.review_queue(session=session, actor=users["rev1"], band=Band(0.9, 0.5))


def test_roles_of_the_queue(session: Session, world: World, users: dict[str, Actor]) -> None:
    a, b = _pair(world, "official_registry", "counterpart_list", 0.6, "Шевчук")
    review.review_queue(session=session, actor=users["aud"])  # auditors read
    for who in ("cw1", "neg", "partner"):
        with pytest.raises(Forbidden):
            review.review_queue(session=session, actor=users[who])
    for who in ("aud", "neg", "cw1"):
        with pytest.raises(Forbidden):
            review.decide(
                session=session,
                actor=users[who],
                record_a=a,
                record_b=b,
                decision="confirm",
                reason="looks right",
            )


def test_pair_view_explains_in_words(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    a, b = _pair(world, "official_registry", "counterpart_list", 0.6, "Кравець")
    view = review.review_pair(session=session, actor=users["rev1"], record_a=b, record_b=a)
    assert (view.a.pk, view.b.pk) == (a, b)
    assert view.cross_side and not view.same_person
    assert [s.level for s in view.steps] == ["same given name class", "same date of birth"]
    assert view.steps[0].strength == "strong evidence for"
    assert view.a.fields["family_name"] == "Кравець" and view.a.side == "ua" and view.b.side == "ru"
    assert view.prior_bits is not None and view.prior_bits < 0
    assert session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "review.view", AuditEvent.object_id == f"{a}-{b}"
        )
    )


def test_a_decision_is_kept_and_acts_at_once(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    a, b = _pair(world, "official_registry", "counterpart_list", 0.6, "Гончар")
    result = review.decide(
        session=session,
        actor=users["rev1"],
        record_a=a,
        record_b=b,
        decision="confirm",
        reason="same birth certificate number",
    )
    persons = {
        pr.person_id
        for pr in session.scalars(select(PersonRecord).where(PersonRecord.record_pk.in_([a, b])))
    }
    assert len(persons) == 1 and result.persons == sorted(persons)
    view = review.review_pair(session=session, actor=users["rev2"], record_a=a, record_b=b)
    assert view.same_person and view.latest == "confirm" and view.confirmed_by == ("rev1",)
    with pytest.raises(Invalid):
        review.decide(
            session=session,
            actor=users["rev1"],
            record_a=a,
            record_b=b,
            decision="confirm",
            reason="  ",
        )


def test_four_eyes_second_look(session: Session, world: World, users: dict[str, Actor]) -> None:
    a, b = _pair(world, "official_registry", "counterpart_list", 0.6, "Лисенко")
    review.decide(
        session=session,
        actor=users["rev1"],
        record_a=a,
        record_b=b,
        decision="confirm",
        reason="same guardian",
    )
    own = review.review_queue(session=session, actor=users["rev1"])
    other = review.review_queue(session=session, actor=users["rev2"])
    assert own.second_looks == []
    assert [(i.record_a, i.record_b, i.confirmed_by) for i in other.second_looks] == [
        (a, b, ("rev1",))
    ]
    assert review.cross_confirmations(session, [a, b])[0].confirmed_by == {"rev1"}
    review.decide(
        session=session,
        actor=users["rev2"],
        record_a=a,
        record_b=b,
        decision="confirm",
        reason="agree: same guardian",
    )
    assert review.review_queue(session=session, actor=users["admin"]).second_looks == []
    assert review.cross_confirmations(session, [a, b])[0].confirmed_by == {"rev1", "rev2"}


def test_a_rejection_resets_the_confirmers(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    a, b = _pair(world, "official_registry", "counterpart_list", 0.6, "Савченко")
    for who, decision in (("rev1", "confirm"), ("rev2", "reject"), ("admin", "confirm")):
        review.decide(
            session=session,
            actor=users[who],
            record_a=a,
            record_b=b,
            decision=decision,
            reason=f"{who} says {decision}",
        )
    assert review.cross_confirmations(session, [a, b])[0].confirmed_by == {"admin"}
    assert len(session.scalars(select(LinkDecision)).all()) == 3  # every decision is kept


def test_calibration_compares_probabilities_with_decisions(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    confirmed = _pair(world, "official_registry", "counterpart_list", 0.95, "Коваль")
    rejected = _pair(world, "family_report", "counterpart_list", 0.93, "Швець")
    _pair(world, "official_registry", "counterpart_list", 0.6, "Гончар")  # undecided
    for (a, b), decision in ((confirmed, "confirm"), (rejected, "reject")):
        review.decide(
            session=session,
            actor=users["rev1"],
            record_a=a,
            record_b=b,
            decision=decision,
            reason="checked with the family",
        )
    bands = review.calibration(session=session, actor=users["rev1"])
    assert [(b.low, b.high, b.pairs, b.true_share) for b in bands] == [(0.9, 0.99, 2, 0.5)]
    with pytest.raises(Forbidden):
        review.calibration(session=session, actor=users["partner"])


def test_recalibration_fits_the_decisions_and_shows_on_the_pair_page(
    session: Session, world: World, users: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calibration, "MIN_EACH", 2)
    # An over-confident model: of the pairs it gives 0.95, reviewers confirm half.
    decided = [(0.95, "confirm"), (0.95, "reject")] * 3 + [(0.999, "confirm")] * 3
    decided += [(0.2, "reject")] * 3
    pairs = []
    for number, (probability, decision) in enumerate(decided):
        a, b = _pair(world, "official_registry", "counterpart_list", probability, f"Рід{number}")
        link = session.scalar(select(Link).where(Link.record_a == a, Link.record_b == b))
        assert link is not None
        link.match_weight = math.log2(probability / (1 - probability))
        pairs.append((a, b))
        _decide(session, users["rev1"], (a, b), decision)
    with pytest.raises(Forbidden):
        review.recalibrate(session=session, actor=users["aud"])

    result = review.recalibrate(session=session, actor=users["rev1"])

    fitted = result.calibration
    assert (fitted.decisions, fitted.confirmed) == (12, 6)
    weight_95 = math.log2(0.95 / 0.05)
    assert 0.5 < fitted.probability(weight_95) < 0.9  # pulled towards the decisions
    assert [band.mean_predicted for band in result.before][-2] > 0.9
    view = review.review_pair(
        session=session, actor=users["rev1"], record_a=pairs[0][0], record_b=pairs[0][1]
    )
    assert view.calibrated_probability == pytest.approx(fitted.probability(weight_95))
    assert view.calibration_decisions == 12
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "review.calibrate"))
    # A retrained model's weights mean something else: the fit no longer applies.
    save_model({**MODEL, "probability_two_random_records_match": 0.0002})
    view = review.review_pair(
        session=session, actor=users["rev1"], record_a=pairs[0][0], record_b=pairs[0][1]
    )
    assert view.calibrated_probability is None


def test_recalibration_needs_decisions_of_both_kinds(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    pair = _pair(world, "official_registry", "counterpart_list", 0.95, "Мельник")
    _decide(session, users["rev1"], pair, "confirm")
    with pytest.raises(Invalid, match="at least 10 confirmed and 10 rejected"):
        review.recalibrate(session=session, actor=users["rev1"])


def _decide(session: Session, actor: Actor, pair: tuple[int, int], decision: str) -> None:
    review.decide(
        session=session,
        actor=actor,
        record_a=pair[0],
        record_b=pair[1],
        decision=decision,
        reason="checked with the family",
    )


def test_records_whose_sex_a_link_overruled_are_listed_for_review(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    # Денис: the registry ticked "F"; the other side's list, strongly linked, says a boy.
    registry = world.record("src-reg", "official_registry", given_name="Денис", sex="F")
    listed = world.record("src-list", "counterpart_list", given_name="Денис", sex="M")
    person = world.person(registry, listed)
    other = world.record("src-reg", "official_registry", given_name="Марія", sex="F")
    world.person(other)
    membership = session.get(PersonRecord, registry.id)
    assert membership is not None
    membership.sex_overruled = True
    session.flush()

    queue = review.review_queue(session=session, actor=users["rev1"])
    assert [(o.person_id, o.record_pk, o.sex) for o in queue.sex_overruled] == [
        (person.id, registry.id, "F")
    ]
    assert queue.sex_overruled[0].name == "Денис"
    # Further pages of the queue do not repeat it.
    assert review.review_queue(session=session, actor=users["rev1"], offset=50).sex_overruled == []
