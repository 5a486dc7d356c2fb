"""Clustering safeguards (pure logic, no database)."""

from __future__ import annotations

import pytest

from ridni.linkage.cluster import ClusterRules, RecordInfo, cluster, dates_compatible


def _rec(source: str = "s", sex: str | None = "M", dob: str | None = None, clean: bool = False):
    return RecordInfo(source=source, clean_registry=clean, sex=sex, birth_date=dob)


def _groups(result) -> set[frozenset[int]]:
    return {frozenset(c) for c in result.clusters}


def test_strong_links_merge_transitively() -> None:
    records = {1: _rec("a"), 2: _rec("b"), 3: _rec("c")}
    result = cluster(records, [(1, 2, 0.995), (2, 3, 0.995)])
    assert _groups(result) == {frozenset({1, 2, 3})}
    assert result.used_links == {(1, 2), (2, 3)}


def test_no_growth_through_a_chain_of_weak_links() -> None:
    records = {1: _rec("a"), 2: _rec("b"), 3: _rec("c")}
    result = cluster(records, [(1, 2, 0.93), (2, 3, 0.92), (1, 3, 0.06)])
    assert _groups(result) == {frozenset({1, 2}), frozenset({3})}
    assert result.refusals[0].reason.startswith("weak link")


def test_weak_link_backed_by_other_links_merges() -> None:
    records = {1: _rec("a"), 2: _rec("b"), 3: _rec("c")}
    result = cluster(records, [(1, 2, 0.95), (2, 3, 0.92), (1, 3, 0.91)])
    assert _groups(result) == {frozenset({1, 2, 3})}
    # A weaker link between the other records still backs it, when the links average enough.
    result = cluster(records, [(1, 2, 0.95), (2, 3, 0.92), (1, 3, 0.4)])
    assert _groups(result) == {frozenset({1, 2, 3})}


def test_same_source_records_that_contradict_stay_apart() -> None:
    records = {1: _rec("x", "M"), 2: _rec("y", "M"), 3: _rec("x", "F")}
    result = cluster(records, [(1, 2, 0.999), (2, 3, 0.999)])
    assert _groups(result) == {frozenset({1, 2}), frozenset({3})}
    assert result.refusals[0].reason == "a boy and a girl"


def test_same_source_different_birth_dates_stay_apart() -> None:
    records = {1: _rec("x", dob="20150301"), 2: _rec("y"), 3: _rec("x", dob="20150302")}
    result = cluster(records, [(1, 2, 0.995), (2, 3, 0.995)])
    assert not any({1, 3} <= c for c in _groups(result))
    assert result.refusals[0].reason == "two records of x with different dates of birth"


def test_a_clean_registry_never_holds_one_child_twice_with_different_dates() -> None:
    records = {
        1: _rec("reg", dob="20150301", clean=True),
        2: _rec("y"),
        3: _rec("reg", dob="20150302", clean=True),
    }
    result = cluster(records, [(1, 2, 0.99999), (2, 3, 0.99999)])
    assert not any({1, 3} <= c for c in _groups(result))


def test_a_source_that_repeats_a_child_may_be_joined_by_a_very_strong_link() -> None:
    # Two relatives report one child, one of them with a mistyped date.
    records = {
        1: _rec("fr", dob="20150301"),
        2: _rec("reg", clean=True),
        3: _rec("fr", dob="20150311"),
    }
    result = cluster(records, [(1, 2, 0.9999), (2, 3, 0.9995)])
    assert _groups(result) == {frozenset({1, 2, 3})}


def test_twins_in_one_source_stay_apart_however_strong_the_link() -> None:
    def named(source: str, key: str) -> RecordInfo:
        return RecordInfo(source, False, "M", "20100714", frozenset({key}))

    records = {1: named("fr", "dmytro"), 2: named("reg", "dmytro"), 3: named("fr", "roman")}
    result = cluster(records, [(1, 2, 0.99999), (2, 3, 0.99999)])
    assert not any({1, 3} <= g for g in _groups(result))
    assert "born the same day with different given names" in result.refusals[0].reason


def test_a_list_may_name_a_renamed_child_again_under_the_new_identity() -> None:
    def named(source: str, given: str, family: str, clean: bool = False) -> RecordInfo:
        return RecordInfo(source, clean, "M", "20210210", frozenset({given}), family)

    # 1: the registry; 2: the other side's list under the child's own name; 3: the same list,
    # re-sent after the renaming, under a new name and surname (a renaming link joins it).
    records = {
        1: named("reg", "anton", "frolov", clean=True),
        2: named("omb", "anton", "frolov"),
        3: named("omb", "ivan", "kovalov"),
    }
    result = cluster(records, [(1, 2, 0.99999), (1, 3, 0.95)])
    assert _groups(result) == {frozenset({1, 2, 3})}
    # Twins share the family name: they stay apart, however strong the link.
    records[3] = named("omb", "ivan", "frolov")
    assert not any(
        {2, 3} <= g for g in _groups(cluster(records, [(1, 2, 0.99999), (1, 3, 0.99999)]))
    )
    # A clean registry lists a child once, under one identity.
    records = {
        1: named("omb", "anton", "frolov"),
        2: named("reg", "anton", "frolov", clean=True),
        3: named("reg", "ivan", "kovalov", clean=True),
    }
    assert not any(
        {2, 3} <= g for g in _groups(cluster(records, [(1, 2, 0.99999), (1, 3, 0.9999)]))
    )


def test_clean_registry_needs_strong_evidence() -> None:
    records = {1: _rec("reg", clean=True), 2: _rec("reg", clean=True)}
    assert _groups(cluster(records, [(1, 2, 0.98)])) == {frozenset({1}), frozenset({2})}
    assert _groups(cluster(records, [(1, 2, 0.9995)])) == {frozenset({1, 2})}


def test_rejected_pair_is_never_joined_even_through_a_third_record() -> None:
    records = {1: _rec("a"), 2: _rec("b"), 3: _rec("c")}
    links = [(1, 2, 0.9999), (1, 3, 0.999), (2, 3, 0.999)]
    result = cluster(records, links, rejected=[(2, 1)])
    groups = _groups(result)
    assert not any({1, 2} <= g for g in groups)
    assert any(r.reason.startswith("a reviewer rejected") for r in result.refusals)


def test_confirmed_pair_is_joined_whatever_the_model_says() -> None:
    records = {1: _rec("a"), 2: _rec("b")}
    result = cluster(records, [(1, 2, 0.02)], confirmed=[(2, 1)])
    assert _groups(result) == {frozenset({1, 2})}


def test_threshold_is_respected() -> None:
    records = {1: _rec("a"), 2: _rec("b")}
    assert len(cluster(records, [(1, 2, 0.85)], rules=ClusterRules(threshold=0.9)).clusters) == 2
    assert len(cluster(records, [(1, 2, 0.85)], rules=ClusterRules(threshold=0.8)).clusters) == 1


def test_every_record_is_in_exactly_one_cluster() -> None:
    records = {i: _rec(str(i % 3)) for i in range(50)}
    links = [(i, i + 1, 0.999 if i % 4 else 0.5) for i in range(49)]
    result = cluster(records, links)
    members = [r for c in result.clusters for r in c]
    assert sorted(members) == list(range(50))


def test_a_boy_and_a_girl_are_never_one_child() -> None:
    records = {1: _rec("a", "M"), 2: _rec("b", None), 3: _rec("c", "F")}
    result = cluster(records, [(1, 2, 0.999), (2, 3, 0.999)])
    assert not any({1, 3} <= g for g in _groups(result))
    assert any(r.reason == "a boy and a girl" for r in result.refusals)


def _named(source: str, sex: str, given: str = "denys", clean: bool = False) -> RecordInfo:
    return RecordInfo(source, clean, sex, "20071215", frozenset({given}))


def test_a_very_strong_link_may_overrule_one_records_sex() -> None:
    # Денис Василенко: the registry ticked "F"; the other side's list and a sighting say a boy.
    records = {
        1: _named("registry", "F", clean=True),
        2: _named("list", "M"),
        3: _named("osint", "M"),
    }
    links = [(1, 2, 0.9995), (2, 3, 0.995), (1, 3, 0.95)]
    result = cluster(records, links)
    assert _groups(result) == {frozenset({1, 2, 3})}
    # The registry's "F", for a reviewer to see: the sighting's "M" settles it.
    assert result.sex_overruled == {1}
    # With no third record, the given name settles it: Денис is a boy's name.
    assert cluster(records, [(1, 2, 0.9995)]).sex_overruled == {1}
    # A name the table does not know settles nothing: both records of the link are flagged.
    unknown = {1: _named("registry", "F", "ksiu"), 2: _named("list", "M", "ksiu")}
    assert cluster(unknown, [(1, 2, 0.9995)]).sex_overruled == {1, 2}
    # Short of very strong, a boy and a girl stay apart.
    result = cluster(records, [(1, 2, 0.998), (2, 3, 0.995)])
    assert _groups(result) == {frozenset({1}), frozenset({2, 3})}
    assert result.refusals[0].reason == "a boy and a girl"


def test_a_person_kept_whole_keeps_its_overruled_sex() -> None:
    # Incremental linking keeps an existing person whole (its records confirmed together):
    # the registry's "F" that an earlier run overruled must neither refuse a new record of a
    # boy nor lose its flag.
    records = {
        1: _named("registry", "F", clean=True),
        2: _named("list", "M"),
        3: _named("osint", "M"),
    }
    links = [(2, 3, 0.95)]
    kept = cluster(records, links, confirmed=[(1, 2)], sex_overruled=[1])
    assert _groups(kept) == {frozenset({1, 2, 3})} and kept.sex_overruled == {1}
    # Without the stored flag, the confirmed boy and girl are overruled again and settled alike.
    again = cluster(records, links, confirmed=[(1, 2)])
    assert _groups(again) == _groups(kept) and again.sex_overruled == {1}


def test_a_reviewer_who_joins_a_boy_and_a_girl_overrules_one_sex() -> None:
    # Confirmed as one child: the given name settles which tick is wrong, and a later record
    # of the boy is not refused.
    records = {1: _named("registry", "F"), 2: _named("list", "M"), 3: _named("osint", "M")}
    result = cluster(records, [(2, 3, 0.95)], confirmed=[(1, 2)])
    assert _groups(result) == {frozenset({1, 2, 3})} and result.sex_overruled == {1}


def test_a_link_overrules_no_sex_that_several_records_give() -> None:
    # Two records say a girl, one says a boy: the boy's record is the one overruled, and only
    # where it stands alone; two records each side are a girl's and a boy's.
    records = {1: _named("a", "F"), 2: _named("b", "F"), 3: _named("c", "M")}
    result = cluster(records, [(1, 2, 0.9995), (2, 3, 0.9995)])
    assert _groups(result) == {frozenset({1, 2, 3})}
    assert result.sex_overruled == {3}
    records[4] = _named("d", "M")
    result = cluster(records, [(1, 2, 0.9999), (3, 4, 0.9999), (2, 3, 0.9995)])
    assert _groups(result) == {frozenset({1, 2}), frozenset({3, 4})}
    assert result.sex_overruled == set()


def test_twins_of_different_sexes_stay_apart_however_strong_the_link() -> None:
    # Захар and Серафима Гуцалик: one family name, patronymic, date and birthplace.
    records = {1: _named("registry", "M", "zakhar"), 2: _named("list", "F", "serafyma")}
    result = cluster(records, [(1, 2, 0.9999)])
    assert _groups(result) == {frozenset({1}), frozenset({2})}
    assert result.refusals[0].reason == "a boy and a girl"


def test_same_source_records_with_different_given_names_stay_apart() -> None:
    def named(source: str, *keys: str) -> RecordInfo:
        return RecordInfo(source, False, "M", "20100714", frozenset(keys))

    # Twins: one source lists both; another source has one of them.
    records = {1: named("fr", "dmytro"), 2: named("fr", "roman"), 3: named("reg", "dmytro")}
    result = cluster(records, [(1, 3, 0.9999), (2, 3, 0.9999)])
    assert not any({1, 2} <= g for g in _groups(result))
    # A diminutive shares a class with the full name: a duplicate in one source still merges.
    records = {1: named("fr", "oleksandr", "oleksandra"), 2: named("fr", "oleksandr")}
    assert _groups(cluster(records, [(1, 2, 0.9999)])) == {frozenset({1, 2})}


def test_a_sighting_that_fits_two_children_does_not_join_them() -> None:
    # 1 and 3: two children with the same name born years apart; 2: a sighting with an age
    # that fits both, strongly linked to each.
    records = {1: _rec("reg", dob="20100611"), 2: _rec("osint"), 3: _rec("fr", dob="20110305")}
    result = cluster(records, [(1, 2, 0.995), (2, 3, 0.995)])
    assert not any({1, 3} <= g for g in _groups(result))
    assert result.refusals[0].reason == "dates of birth that cannot be one child's"


def test_the_same_links_in_any_order_make_the_same_persons() -> None:
    # A sighting (2) fits a boy (1) and a girl (3) equally well: one of the two equal links
    # wins, and it must be the same one however the engine ordered its output.
    records = {1: _rec("reg", "M"), 2: _rec("osint", None), 3: _rec("fr", "F")}
    links = [(1, 2, 0.995), (2, 3, 0.995), (3, 4, 0.5)]
    records[4] = _rec("x", None)
    outcomes = {
        frozenset(_groups(cluster(records, order)))
        for order in (links, links[::-1], [links[1], links[2], links[0]])
    }
    assert len(outcomes) == 1


def test_a_very_strong_link_vouches_for_its_own_records_dates_only() -> None:
    # A clerk's error: the same child, a date entirely wrong, every other field agrees.
    records = {1: _rec("reg", dob="20100611"), 2: _rec("fr", dob="20130102")}
    assert _groups(cluster(records, [(1, 2, 0.9999)])) == {frozenset({1, 2})}
    # ...but it does not vouch for a third record's date.
    records[3] = _rec("cp", dob="20100611")
    result = cluster(records, [(1, 3, 0.99999), (2, 3, 0.9999)])
    assert not any({2, 3} <= g for g in _groups(result))


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("20100611", "20100611", True),
        ("20100611", "20101106", True),  # day and month swapped
        ("20100611", "20100617", True),  # one digit
        ("20100611", "20100820", True),  # within three months
        ("20100611", "20110611", True),  # same day and month, a year apart
        ("20100611", "20110305", False),
        ("20100611", None, True),
    ],
)
def test_dates_compatible(a: str, b: str | None, compatible: bool) -> None:
    assert dates_compatible(a, b) is compatible
