"""Renamed children: a second, name-free model for Ukrainian-side ↔ Russian-side pairs whose
names disagree entirely.

A child given a new name, surname, patronymic and birthplace keeps what a renaming cannot easily
change: the date of birth (or one shifted by up to three months for an infant), the sex, the
siblings renamed with them (their birth dates), sometimes the institution. The main model counts
every changed field as separate evidence against, which a renaming makes wrong: the fields change
together. This model looks only at what survives, and its prior says that a renaming is rare
(``RENAME_SHARE`` of the matches between the two sides), so a pair needs several surviving clues
to be linked, and is shown to a reviewer as a possible renaming.

Its m-probabilities are learnt from the pairs across the two sides that the main model is sure
of (no labels needed), its u-probabilities from random pairs across the two sides.
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

import pyarrow as pa
import splink.comparison_level_library as cll
from splink import Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.comparison_library import CustomComparison

from ridni import names
from ridni.linkage.cluster import CLEAN_KINDS
from ridni.linkage.engines import Workspace
from ridni.linkage.explanation import PAIR_KIND
from ridni.linkage.model import (
    INSTITUTION_NUMBER,
    INSTITUTION_NUMBER_SQL,
    SIBLING_MONTHS_ONLY,
    no_sibling_months,
)
from ridni.linkage.pipeline import VALIDATE_SETTINGS, with_parameters
from ridni.linkage.store import RENAMED_MODEL
from ridni.names.institutions import TOWN_TOKEN

MODEL_VERSION = RENAMED_MODEL
# Share of the matches between the two sides in which a child's identity was replaced. The
# documented cases (a child's name, patronymic, surname and birthplace all changed) are a small
# minority; the value sets how much surviving evidence a renaming needs.
RENAME_SHARE = 0.03
CONFIDENT = 0.99  # main-model pairs used as examples of true matches
# Share of renamed records giving a birthplace that give a new one abroad (the documented cases:
# a child from Kherson registered as born in Podolsk). Matches the model is sure of never show a
# change of country, so this m cannot be learnt from them; it is set here, on the cautious side.
NEW_BIRTHPLACE_ABROAD = 0.5
_ABROAD_LEVEL = "born abroad by one record, in Ukraine by the other"
# Share of renamings that keep the given name, in its Russian form (documented: a child on a
# Russian adoption database "under the Russian version of their Ukrainian name", FT 2024-06-12;
# Пилип → Филипп Головня). The surname is what a renaming always replaces; the given name is
# sometimes kept. Sure matches keep it nearly always, so this m is set here, not learnt.
KEEPS_GIVEN_NAME = 0.25
_KEPT_NAME_LEVEL = "same given name in another language or spelling"
_NO_COUNTRY = "place of birth missing (or a record without a full date)"
DIFFERENT_UKRAINIAN_INSTITUTIONS = "different institutions, both in Ukraine"
# m-probabilities that are assumptions, by comparison: the level they set, and its m; the
# comparison's other non-null levels share the rest.
_ASSUMED_M = {
    "birth_country": (_ABROAD_LEVEL, NEW_BIRTHPLACE_ABROAD),
    "given_name": (_KEPT_NAME_LEVEL, KEEPS_GIVEN_NAME),
}


def _level(creator: Any, label: str) -> Any:
    return creator.configure(label_for_charts=label)


# A date cut to its month (adoption databases publish a month, not a day) is compared in a
# comparison of its own: its u is a share among the pairs that can reach it, and no sure match
# teaches its m, which is borrowed from the full date's (``_BORROWED_M``).
_MONTH_ONLY = "(dob_days_l IS NULL OR dob_days_r IS NULL)"
# One of the two records lists no siblings (its source may not list them, or they were parted).
_ONE_LISTS = "(sibling_years_l IS NULL OR sibling_years_r IS NULL)"
SIBLINGS_ON_ONE_SIDE = "siblings listed by one record only"
# Two kinds of pairs with starting points of their own. An adoption database's profiles, known
# by a month of birth, are many (most of them Russian children) and few of them are Ukrainian
# children at all: one prior for every pair made a month-only pair as likely a renaming as a
# pair of two dated records, and the model said 25 % where 3 in 1,000 were (20k + 200k).
_BOTH_DATED = "both records give a date of birth"
_MONTH_TIER = "a record gives only a month of birth: fewer renamings among many such pairs"


def _missing(sql: str, label: str) -> Any:
    return cll.CustomLevel(sql, label_for_charts=label).configure(is_null_level=True)


def _siblings_born(dates: str, two: str, one: str) -> list[Any]:
    """Levels: two of the siblings' ``dates`` agree, then one."""
    return [
        _level(cll.ArrayIntersectLevel(dates, 2), two),
        _level(cll.ArrayIntersectLevel(dates, 1), one),
    ]


def comparisons() -> list[Any]:
    return [
        CustomComparison(
            output_column_name="birth_date",
            comparison_description="Date of birth (kept, or shifted for an infant)",
            comparison_levels=[
                _level(cll.NullLevel("dob_days"), "full date of birth missing"),
                _level(cll.ExactMatchLevel("dob_digits"), "same date of birth"),
                cll.CustomLevel(
                    "ABS(dob_days_l - dob_days_r) <= 92",
                    label_for_charts="date of birth shifted by three months at most",
                ),
                _level(cll.ElseLevel(), "different dates of birth"),
            ],
        ),
        CustomComparison(
            output_column_name="birth_month",
            comparison_description="Month of birth, where one record gives no day",
            comparison_levels=[
                _missing(
                    f"birth_months_l IS NULL OR birth_months_r IS NULL OR NOT {_MONTH_ONLY}",
                    "no month-only date of birth to compare",
                ),
                cll.CustomLevel(
                    "birth_months_l = birth_months_r",
                    label_for_charts="same month of birth (one record gives no day)",
                ),
                cll.CustomLevel(
                    "ABS(birth_months_l - birth_months_r) <= 3",
                    label_for_charts="months of birth three months apart at most",
                ),
                _level(cll.ElseLevel(), "different months of birth"),
            ],
        ),
        CustomComparison(
            output_column_name="given_name",
            comparison_description="Given name (a renaming sometimes keeps it)",
            comparison_levels=[
                _level(cll.NullLevel("given_key"), "given name missing"),
                _level(cll.ExactMatchLevel("given_key"), _KEPT_NAME_LEVEL),
                _level(cll.ElseLevel(), "different given names"),
            ],
        ),
        CustomComparison(
            output_column_name="sex",
            comparison_description="Sex",
            comparison_levels=[
                _level(cll.NullLevel("sex"), "sex not given"),
                _level(cll.ExactMatchLevel("sex"), "same sex"),
                _level(cll.ElseLevel(), "different sex"),
            ],
        ),
        CustomComparison(
            output_column_name="siblings",
            comparison_description="The siblings listed with each record",
            comparison_levels=[
                _missing(
                    f"(sibling_years_l IS NULL AND sibling_years_r IS NULL) OR ({_ONE_LISTS} "
                    "AND NOT (dated_l AND dated_r)) OR (sibling_months_l IS NOT NULL AND "
                    f"sibling_months_r IS NOT NULL AND {SIBLING_MONTHS_ONLY})",
                    "siblings not listed on both (or by their months only)",
                ),
                *_siblings_born(
                    "sibling_dobs_apart",
                    "two siblings born on the same days",
                    "a sibling born on the same day",
                ),
                # A twin's birth date is the record's own: it says nothing the date of birth
                # does not, except that both children are twins.
                cll.CustomLevel("is_twin_l AND is_twin_r", label_for_charts="twins on both sides"),
                _level(
                    cll.ArrayIntersectLevel("sibling_year_insts", 1),
                    "a sibling born the same year, from the same institution",
                ),
                _level(cll.ArrayIntersectLevel("sibling_years", 1), "a sibling born the same year"),
                # Siblings are renamed together and listed together; how often one list names
                # a child's siblings and the other does not is learnt from the sure matches.
                cll.CustomLevel(_ONE_LISTS, label_for_charts=SIBLINGS_ON_ONE_SIDE),
                _level(cll.ElseLevel(), "no sibling born the same year"),
            ],
        ),
        CustomComparison(
            output_column_name="sibling_months",
            comparison_description="Siblings' months of birth, where one record gives no days",
            comparison_levels=[
                no_sibling_months(),
                *_siblings_born(
                    "sibling_months_apart",
                    "two siblings born in the same months",
                    "a sibling born in the same month",
                ),
                _level(cll.ElseLevel(), "no sibling born in the same month"),
            ],
        ),
        CustomComparison(
            output_column_name="birth_country",
            comparison_description="Country of birth (a renaming may give a new birthplace)",
            comparison_levels=[
                # Not for a month-only record: an adoption database's own children, born in
                # Russia, would all look like renamings given a birthplace there.
                _missing(
                    "born_abroad_l IS NULL OR born_abroad_r IS NULL OR NOT (dated_l AND dated_r)",
                    _NO_COUNTRY,
                ),
                cll.CustomLevel("born_abroad_l <> born_abroad_r", label_for_charts=_ABROAD_LEVEL),
                _level(cll.ElseLevel(), "born in the same country"),
            ],
        ),
        # Not learnt: set from the expected matches and the pairs of each kind (``_set_tiers``);
        # explanations show it as part of the starting point.
        CustomComparison(
            output_column_name=PAIR_KIND,
            comparison_description="What the two records give of a date of birth",
            comparison_levels=[
                cll.CustomLevel("dated_l AND dated_r", label_for_charts=_BOTH_DATED),
                _level(cll.ElseLevel(), _MONTH_TIER),
            ],
        ),
        CustomComparison(
            output_column_name="institution",
            comparison_description="Institution the child came from",
            comparison_levels=[
                _level(cll.NullLevel("institution_key"), "institution not given"),
                _level(cll.ExactMatchLevel("institution_key"), "same institution"),
                cll.CustomLevel(INSTITUTION_NUMBER_SQL, label_for_charts=INSTITUTION_NUMBER),
                # A renamed child's Russian-side record names the institution the child came
                # from or the one it was placed in; two different ones in Ukraine are two
                # children (or a child moved between homes, as often as sure matches show).
                cll.CustomLevel(
                    "institution_in_ukraine_l AND institution_in_ukraine_r",
                    label_for_charts=DIFFERENT_UKRAINIAN_INSTITUTIONS,
                ),
                _level(cll.ElseLevel(), "different institutions"),
            ],
        ),
    ]


def settings(dialect: str, prior: float) -> dict[str, Any]:
    creator = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior,
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[
            block_on("dob_digits", "sex"),
            block_on("sibling_dobs", "sex", arrays_to_explode=["sibling_dobs"]),
            # Month-only records: a sibling born in the same month, or the institution the
            # child came from, with the child's own month.
            block_on("sibling_months", "birth_ym", "sex", arrays_to_explode=["sibling_months"]),
            block_on("institution_key", "birth_ym", "sex"),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )
    return creator.create_settings_dict(dialect)


def institution_in_ukraine_sql(column: str = "institution_key") -> str:
    """SQL for ``names.institution_in_ukraine`` of an institution key column."""
    tokens = ", ".join(f"'{token}'" for token in sorted(names.ukrainian_place_tokens()))
    return (
        f"coalesce({column} LIKE '%{TOWN_TOKEN}%' "
        f"OR list_has_any(string_split({column}, ' '), [{tokens}]), false)"
    )


# Pairs whose family names disagree (or their initials, where one gives no more): a renaming
# replaces the surname (the given name is sometimes kept in its Russian form). The main model,
# which counts every changed field against, decides the others; a pair scored by both keeps the
# higher score.
_NAMES_DISAGREE = """
    coalesce(l.family_key <> r.family_key, l.family_initial <> r.family_initial, true)
"""

# Only records that a blocking rule can reach take part: records that give neither a date nor
# a sibling's would dilute the prior without ever being compared. A month-only record (an
# adoption database) takes part when it lists siblings or names an institution.
_DATED = "(dob_days IS NOT NULL OR sibling_dobs IS NOT NULL)"
_COMPARABLE = f"""({_DATED}
    OR (birth_ym IS NOT NULL AND (sibling_months IS NOT NULL OR institution_key IS NOT NULL)))"""

# A twin's sibling shares the record's own birth date: kept apart from the other siblings' dates,
# so that twins on both sides are not read as "a sibling born on the same day" as well.
_SIDE_FRAME = """
    CREATE OR REPLACE TABLE frame_{side} AS
    SELECT *,
        list_filter(sibling_dobs, lambda d: d <> coalesce(dob_digits, '')) AS sibling_dobs_apart,
        coalesce(list_contains(sibling_dobs, dob_digits), false) AS is_twin,
        list_filter(sibling_months, lambda d: d <> coalesce(birth_ym, '')) AS sibling_months_apart,
        CASE WHEN birth_place_key IS NOT NULL
             THEN birth_place_key IN (SELECT key FROM renamed_abroad) END AS born_abroad,
        {in_ukraine} AS institution_in_ukraine,
        {dated} AS dated
    FROM frame WHERE side = '{side}' AND {comparable}
"""

# Both directions of every main-model pair at or above CONFIDENT.
_SURE = """
    CREATE OR REPLACE TABLE renamed_sure AS
    SELECT unique_id_l AS a, unique_id_r AS b FROM _main_pairs WHERE match_probability >= {sure}
    UNION ALL
    SELECT unique_id_r, unique_id_l FROM _main_pairs WHERE match_probability >= {sure}
"""

# The matches expected between the two sides, by kind of pair: the main model's probabilities
# summed over its pairs of a Ukrainian-side and a Russian-side record (each pair once).
_EXPECTED_MATCHES = """
    SELECT coalesce(sum(p) FILTER (WHERE ua.dated AND ru.dated), 0),
           coalesce(sum(p) FILTER (WHERE NOT (ua.dated AND ru.dated)), 0)
    FROM (SELECT unique_id_l AS a, unique_id_r AS b, match_probability AS p FROM _main_pairs
          UNION ALL
          SELECT unique_id_r, unique_id_l, match_probability FROM _main_pairs) m
    JOIN frame_ua ua ON ua.unique_id = m.a
    JOIN frame_ru ru ON ru.unique_id = m.b
"""

# A new identity cannot be found by its names, so a Russian-side record that the main model
# already gives, by name and date, to a Ukrainian-side record is that child, not a renaming.
_OPEN_RU = """
    CREATE OR REPLACE TABLE open_ru AS
    SELECT * FROM frame_ru WHERE unique_id NOT IN (
        SELECT s.a FROM renamed_sure s JOIN frame_ua ua ON ua.unique_id = s.b)
"""

# The children Russia renames are those it takes from institutions (and the renamed
# children keep their "origin institution"): on the Ukrainian side, only records that name one
# can be a renamed child's old identity.
_IN_CARE_UA = """
    CREATE OR REPLACE TABLE care_ua AS SELECT * FROM frame_ua WHERE institution_key IS NOT NULL
"""

# A clean list (a registry, an adoption database) names a child once: a record surely matched to
# a record of such a source has its match there already. Other lists may name a child again under
# a new identity (the other side's list re-sent after the renaming), as the clustering allows.
_NOT_MATCHED_IN_SOURCE = f"""
    NOT EXISTS (SELECT 1 FROM renamed_sure s JOIN frame x ON x.unique_id = s.b
                WHERE x.kind IN ({", ".join(f"'{kind}'" for kind in sorted(CLEAN_KINDS))})
                  AND ((s.a = l.unique_id AND x.source = r.source)
                       OR (s.a = r.unique_id AND x.source = l.source)))
"""


def score(
    workspace: Workspace, main: pa.Table, floor: float, model: dict[str, Any] | None = None
) -> tuple[pa.Table, dict[str, Any]] | None:
    """Name-free scores of cross-side pairs whose names disagree, at or above ``floor``, and
    the model that made them: ``model`` when given, else one trained here; None when there is
    nothing to score or to learn from. Records the main model surely matched (``main`` pairs at
    or above CONFIDENT) are not offered as renamings of another child."""
    con = workspace.con
    _side_frames(workspace)
    con.register("_main_pairs", main.select(["unique_id_l", "unique_id_r", "match_probability"]))
    con.execute(_SURE.format(sure=CONFIDENT))
    # Only training needs them, while the main model's pairs are at hand.
    matches = con.execute(_EXPECTED_MATCHES).fetchall()[0] if model is None else ()
    con.unregister("_main_pairs")
    con.execute(_OPEN_RU)
    con.execute(_IN_CARE_UA)
    n_care, n_open, dated_pairs = con.execute(
        "SELECT (SELECT count(*) FROM care_ua), (SELECT count(*) FROM open_ru), "
        "(SELECT count(*) FROM care_ua WHERE dated) * (SELECT count(*) FROM open_ru WHERE dated)"
    ).fetchall()[0]
    if not (n_care and n_open):
        return None
    if model is None:
        model = _train(workspace, Tiers(dated_pairs, n_care * n_open - dated_pairs, *matches))
        if model is None:
            return None
    linker = Linker(
        [workspace.register("care_ua", "ua_care"), workspace.register("open_ru", "ru_open")],
        with_parameters(settings(workspace.engine, 0.5), model),
        log_level=logging.ERROR,
        validate_settings=VALIDATE_SETTINGS,
    )
    predictions = linker.inference.predict(threshold_match_probability=floor).as_pyarrow_table()
    con.register("_renamed_pred", predictions)
    kept = con.sql(
        f"""
        SELECT p.* FROM _renamed_pred p
        JOIN frame l ON l.unique_id = p.unique_id_l
        JOIN frame r ON r.unique_id = p.unique_id_r
        WHERE {_NAMES_DISAGREE} AND {_NOT_MATCHED_IN_SOURCE}
        """
    ).to_arrow_table()
    con.unregister("_renamed_pred")
    return kept, model


def score_pair(
    workspace: Workspace, model: dict[str, Any], record_a: int, record_b: int
) -> dict[str, Any] | None:
    """The name-free model's score of one pair of the workspace's frame, whatever the blocking
    rules and the filters of ``score`` say (an analyst asking "could this be the child,
    renamed?"); None unless one record is of the Ukrainian side and the other of the Russian."""
    con = workspace.con
    sides = dict(
        con.execute(
            f"SELECT side, unique_id FROM frame WHERE unique_id IN ({record_a}, {record_b})"
        ).fetchall()
    )
    if set(sides) != {"ua", "ru"}:
        return None
    _side_frames(workspace, comparable="true")
    linker = Linker(
        [workspace.register("frame_ua", "ua_pair"), workspace.register("frame_ru", "ru_pair")],
        with_parameters(settings(workspace.engine, 0.5), model),
        log_level=logging.ERROR,
        validate_settings=VALIDATE_SETTINGS,
    )
    rule = CustomRule(f"l.unique_id = {sides['ua']} AND r.unique_id = {sides['ru']}")
    rows = linker.inference.predict_between(
        workspace.register("frame_ua", "ua_pair_left"),
        workspace.register("frame_ru", "ru_pair_right"),
        blocking_rules_to_generate_predictions=[rule],
        warning_mode="never",
    ).as_record_list()
    return rows[0] if rows else None


def _side_frames(workspace: Workspace, comparable: str = _COMPARABLE) -> None:
    """``frame_ua`` and ``frame_ru``: the frame's records of each side that ``comparable``
    lets take part, with the name-free model's own columns."""
    con = workspace.con
    con.register("_abroad", pa.table({"key": sorted(names.foreign_town_place_keys())}))
    con.execute("CREATE OR REPLACE TABLE renamed_abroad AS SELECT * FROM _abroad")
    con.unregister("_abroad")
    for side in ("ua", "ru"):
        con.execute(
            _SIDE_FRAME.format(
                side=side,
                comparable=comparable,
                dated=_DATED,
                in_ukraine=institution_in_ukraine_sql(),
            )
        )


class Tiers(NamedTuple):
    """The candidate pairs of each kind (``pair_kind``) and the matches expected among the
    records they come from: renamings are a share (``RENAME_SHARE``) of each kind's matches."""

    dated_pairs: int
    other_pairs: int
    dated_matches: float
    other_matches: float

    def prior(self) -> float:
        """The share of all candidate pairs expected to be renamings."""
        pairs = self.dated_pairs + self.other_pairs
        matches = self.dated_matches + self.other_matches
        return min(RENAME_SHARE * matches / pairs, 0.5) if pairs else 0.0


def _train(workspace: Workspace, tiers: Tiers) -> dict[str, Any] | None:
    """m from the cross-side pairs the main model is sure of, u from random pairs; None when
    there are too few sure pairs to learn from.

    Dated records (a full date, or a sibling's) teach every comparison; month-only records
    only the comparisons made for them (``_BORROWED_M``), whose u is a share among the pairs
    that reach them: adoption profiles, many and thin, would otherwise change what a shared
    institution or birthplace is worth between two dated records. The expected renamings of
    each kind of pair are spread over the candidate pairs of that kind (``Tiers``, see
    ``_IN_CARE_UA`` and ``_OPEN_RU``): the matches are counted as the main model's probabilities
    summed, since a month-only record is rarely a sure match (an initial and a month)."""
    con = workspace.con
    for side in ("ua", "ru"):
        con.execute(
            f"CREATE OR REPLACE TABLE dated_{side} AS SELECT * FROM frame_{side} WHERE dated"
        )
    labels = con.sql(
        """
        SELECT DISTINCT 'ua_side' AS source_dataset_l, ua.unique_id AS unique_id_l,
               'ru_side' AS source_dataset_r, ru.unique_id AS unique_id_r
        FROM renamed_sure s
        JOIN dated_ua ua ON ua.unique_id = s.a
        JOIN dated_ru ru ON ru.unique_id = s.b
        """
    ).to_arrow_table()
    if labels.num_rows < 20 or not (tiers.dated_pairs and tiers.dated_matches):
        return None
    prior = tiers.prior()
    linker = _training_linker(workspace, "dated", prior, names="side")
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=7)
    linker.training.estimate_m_from_pairwise_labels(workspace.db_api.register(labels))
    model = linker.misc.save_model_to_json()
    _set_assumed_m(model)
    _borrow_m(model)
    _set_u(model, _month_only_u(workspace, prior))
    _set_tiers(model, tiers)
    model["ridni_model_version"] = MODEL_VERSION
    return model


def _training_linker(workspace: Workspace, frames: str, prior: float, names: str) -> Linker:
    """A linker over the tables ``{frames}_ua`` and ``{frames}_ru``, named ``ua_{names}`` and
    ``ru_{names}`` (the names pairwise labels refer to; one name serves one linker)."""
    return Linker(
        [
            workspace.register(f"{frames}_ua", f"ua_{names}"),
            workspace.register(f"{frames}_ru", f"ru_{names}"),
        ],
        settings(workspace.engine, prior),
        log_level=logging.ERROR,
        validate_settings=VALIDATE_SETTINGS,
    )


def _month_only_u(workspace: Workspace, prior: float) -> dict[str, Any]:
    """The u-probabilities of the month-only comparisons, from random pairs of all records."""
    linker = _training_linker(workspace, "frame", prior, names="all")
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=7)
    learnt = linker.misc.save_model_to_json()
    return {
        c["output_column_name"]: c
        for c in learnt["comparisons"]
        if c["output_column_name"] in _BORROWED_M
    }


def _set_u(model: dict[str, Any], comparisons: dict[str, Any]) -> None:
    for comparison in model["comparisons"]:
        learnt = comparisons.get(comparison["output_column_name"])
        if learnt is None:
            continue
        for level, other in zip(
            _non_null_levels(comparison), _non_null_levels(learnt), strict=True
        ):
            level["u_probability"] = other.get("u_probability")


# Comparisons whose m no sure match teaches, and the comparison they borrow it from, level by
# level (the last level takes the rest): a date or a sibling's date cut to its month keeps
# what the full date keeps.
_BORROWED_M = {"birth_month": "birth_date", "sibling_months": "siblings"}


def _borrow_m(model: dict[str, Any]) -> None:
    """Set the m-probabilities of ``_BORROWED_M``'s comparisons from those learnt."""
    by_name = {c["output_column_name"]: c for c in model["comparisons"]}
    for name, source in _BORROWED_M.items():
        target = _non_null_levels(by_name[name])
        given = [lv.get("m_probability") for lv in _non_null_levels(by_name[source])]
        head = given[: len(target) - 1]
        if any(m is None for m in head):
            continue
        for level, m in zip(target, [*head, max(1 - sum(head), 1e-6)], strict=True):
            level["m_probability"] = m


def _non_null_levels(comparison: dict[str, Any]) -> list[dict[str, Any]]:
    return [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]


def _set_tiers(model: dict[str, Any], tiers: Tiers) -> None:
    """``pair_kind``'s m and u: the shares of the expected renamings and of the candidate
    pairs that are of each kind. With the model's prior (``Tiers.prior``) they make each kind's
    starting point its own renamings spread over its own pairs."""
    (comparison,) = [c for c in model["comparisons"] if c["output_column_name"] == PAIR_KIND]
    dated, other = comparison["comparison_levels"]
    matches = tiers.dated_matches + tiers.other_matches
    pairs = tiers.dated_pairs + tiers.other_pairs
    # Splink refuses a probability of zero: a kind without pairs or matches gets a trace.
    dated["m_probability"] = max(tiers.dated_matches / matches, 1e-9)
    other["m_probability"] = max(tiers.other_matches / matches, 1e-9)
    dated["u_probability"] = max(tiers.dated_pairs / pairs, 1e-9)
    other["u_probability"] = max(tiers.other_pairs / pairs, 1e-9)


def _set_assumed_m(model: dict[str, Any]) -> None:
    """The m-probabilities that sure matches cannot teach (``_ASSUMED_M``): assumptions."""
    for comparison in model["comparisons"]:
        assumed = _ASSUMED_M.get(comparison["output_column_name"])
        if assumed is None:
            continue
        label, m = assumed
        levels = _non_null_levels(comparison)
        others = len(levels) - 1
        for level in levels:
            chosen = level.get("label_for_charts") == label
            level["m_probability"] = m if chosen else (1 - m) / others
