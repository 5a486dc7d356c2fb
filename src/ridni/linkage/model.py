"""The linkage model as data: comparisons, their levels in words, blocking rules, training plan.

Each comparison level has a ``label`` a caseworker can read ("Russian form of the same given
name"); explanations and the review page show these labels with the level's evidence. The SQL of
every level is portable between DuckDB and Spark (Splink's level library, or custom SQL written
in a subset both engines accept), so the same trained parameters score identically on both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import splink.comparison_level_library as cll
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.comparison_library import CustomComparison
from splink.internals.dialects import SplinkDialect

from ridni.linkage.store import MAIN_MODEL

MODEL_VERSION = MAIN_MODEL

# Columns the model reads; the frame builder must provide every one of them.
FRAME_COLUMNS = (
    "unique_id",
    "source",
    "kind",
    "side",
    "given_key",
    "given_keys",
    "given_latin",
    "family_key",
    "family_initial",
    "patronymic_key",
    "sex",
    "birth_year",
    "birth_month",
    "birth_day",
    "dob_days",
    "dob_digits",
    "age_birth_year",
    "age_born_from",
    "age_born_to",
    "year_key",
    "year_key_early",
    "birth_days_est",
    "birth_place_key",
    "birth_place_name",
    "region_key",
    "last_place_key",
    "last_region_key",
    "institution_key",
    "institution_base",
    "guardian_keys",
    "guardian_given",
    "self_sigs",
    "sibling_sigs",
    "sibling_dobs",
    "sibling_given",
)


def _level(creator: ComparisonLevelCreator, label: str) -> ComparisonLevelCreator:
    return creator.configure(label_for_charts=label)


def _custom(sql: str, label: str) -> ComparisonLevelCreator:
    return cll.CustomLevel(sql, label_for_charts=label)


def _missing(sql: str, label: str) -> ComparisonLevelCreator:
    """A level meaning 'nothing to compare': it carries no evidence either way."""
    return cll.CustomLevel(sql, label_for_charts=label).configure(is_null_level=True)


def given_name_comparison() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="given_name",
        comparison_description="Given name, across scripts, forms and diminutives",
        comparison_levels=[
            _level(cll.NullLevel("given_key"), "given name missing"),
            _level(
                cll.ExactMatchLevel("given_latin").configure(tf_adjustment_column="given_latin"),
                "same given name, same spelling",
            ),
            _level(
                cll.ExactMatchLevel("given_key"), "same given name in another language or spelling"
            ),
            _level(cll.ArrayIntersectLevel("given_keys"), "a diminutive or form of the same name"),
            _level(cll.JaroWinklerLevel("given_latin", 0.9), "similar given names (a typo?)"),
            _level(cll.ElseLevel(), "different given names"),
        ],
    )


# Each comparison is made only between records that carry its kind of information (its
# "missing" level says when they do not). Splink's u-probabilities are shares among the pairs
# that reach a level other than "missing"; a level needing more than its comparison's scope
# (a full surname where most records give an initial, a full date where most give a month)
# would be diluted by the records that cannot reach it, and the same dilution, repeated in
# every such comparison, would count "both records are detailed" several times over.


def family_name_comparison() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="family_name",
        comparison_description="Family name, robust to russification and romanisation",
        comparison_levels=[
            _missing("family_key_l IS NULL OR family_key_r IS NULL", "family name missing"),
            _level(
                cll.ExactMatchLevel("family_key").configure(tf_adjustment_column="family_key"),
                "same family name (any script or Russian form)",
            ),
            _level(cll.DamerauLevenshteinLevel("family_key", 1), "family names one letter apart"),
            _level(cll.JaroWinklerLevel("family_key", 0.88), "similar family names"),
            _level(cll.ElseLevel(), "different family names"),
        ],
    )


def family_initial_comparison() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="family_initial",
        comparison_description="Family name where one record gives only its initial",
        comparison_levels=[
            _missing(
                "family_initial_l IS NULL OR family_initial_r IS NULL "
                "OR (family_key_l IS NOT NULL AND family_key_r IS NOT NULL)",
                "not a surname initial to compare",
            ),
            # Frequency-adjusted: Я or Щ agreeing says more than К or С.
            _level(
                cll.ExactMatchLevel("family_initial").configure(
                    tf_adjustment_column="family_initial"
                ),
                INITIAL_AGREES,
            ),
            _level(cll.ElseLevel(), INITIAL_DIFFERS),
        ],
    )


def patronymic_comparison() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="patronymic",
        comparison_description="Patronymic (father's name)",
        comparison_levels=[
            _level(cll.NullLevel("patronymic_key"), "patronymic missing"),
            _level(cll.ExactMatchLevel("patronymic_key"), "same father's name in the patronymic"),
            _level(cll.ElseLevel(), "different patronymics"),
        ],
    )


def birth_date_comparison() -> ComparisonCreator:
    same_year = "birth_year_l = birth_year_r"
    return CustomComparison(
        output_column_name="birth_date",
        comparison_description="Full dates of birth, tolerant of mistyped and shifted dates",
        comparison_levels=[
            _missing("dob_days_l IS NULL OR dob_days_r IS NULL", "full date of birth missing"),
            _level(cll.ExactMatchLevel("dob_digits"), "same date of birth"),
            _custom(
                f"{same_year} AND birth_month_l = birth_day_r AND birth_day_l = birth_month_r",
                "same date of birth with day and month swapped",
            ),
            _level(cll.LevenshteinLevel("dob_digits", 1), "dates of birth one digit apart"),
            _custom(
                "ABS(dob_days_l - dob_days_r) <= 92",
                "dates of birth within three months (an infant's date may have been changed)",
            ),
            _custom(
                "ABS(birth_year_l - birth_year_r) = 1 AND birth_month_l = birth_month_r "
                "AND birth_day_l = birth_day_r",
                "same day and month, year one apart",
            ),
            _custom("ABS(dob_days_l - dob_days_r) <= 366", "different dates of birth"),
            _level(cll.ElseLevel(), DATES_YEARS_APART),
        ],
    )


def birth_month_comparison() -> ComparisonCreator:
    """A month and year of birth (no day) against another date with a month."""
    return CustomComparison(
        output_column_name="birth_month",
        comparison_description="Month and year of birth, where a day is not given",
        comparison_levels=[
            _missing(
                "birth_month_l IS NULL OR birth_month_r IS NULL "
                "OR (birth_day_l IS NOT NULL AND birth_day_r IS NOT NULL)",
                "no month of birth without a day to compare",
            ),
            _custom(
                "birth_year_l = birth_year_r AND birth_month_l = birth_month_r",
                "same month and year of birth (day not given)",
            ),
            _custom("ABS(birth_year_l - birth_year_r) <= 1", "year of birth one apart at most"),
            _level(cll.ElseLevel(), "different months of birth"),
        ],
    )


# Two years of birth that differ in one digit only: the same decade (2012, 2018), or the same
# last digit in the same century (2005, 2015). Arithmetic, so that DuckDB and Spark read it alike.
_ONE_DIGIT_APART = (
    "FLOOR(birth_year_l / 10) = FLOOR(birth_year_r / 10) "
    "OR (birth_year_l % 10 = birth_year_r % 10 "
    "AND FLOOR(birth_year_l / 100) = FLOOR(birth_year_r / 100))"
)


def birth_year_comparison() -> ComparisonCreator:
    """A year of birth alone against another date."""
    return CustomComparison(
        output_column_name="birth_year",
        comparison_description="Year of birth, where only the year is given",
        comparison_levels=[
            _missing(
                "birth_year_l IS NULL OR birth_year_r IS NULL "
                "OR (birth_month_l IS NOT NULL AND birth_month_r IS NOT NULL)",
                "no year of birth alone to compare",
            ),
            _custom("birth_year_l = birth_year_r", "same year of birth (only the year given)"),
            # A year worked out from an age is often one off; five years off is another child,
            # unless one digit was mistyped (2005 for 2015).
            _custom("ABS(birth_year_l - birth_year_r) = 1", "years of birth one apart"),
            _custom(_ONE_DIGIT_APART, YEAR_TYPO),
            _level(cll.ElseLevel(), YEARS_APART),
        ],
    )


NO_AGE = "no age to compare (or both records give a date of birth)"


def birth_age_comparison() -> ComparisonCreator:
    """An age at a sighting against a date of birth or another age."""
    return CustomComparison(
        output_column_name="birth_age",
        comparison_description="Age at a sighting against a date of birth",
        comparison_levels=[
            # An age beside a date of birth says again what the date says: where both
            # records give a date (a month, a year), the date comparisons have counted it.
            _missing(
                "(age_born_from_l IS NULL AND age_born_from_r IS NULL) "
                "OR (age_born_from_l IS NULL AND birth_days_est_l IS NULL) "
                "OR (age_born_from_r IS NULL AND birth_days_est_r IS NULL) "
                "OR (birth_days_est_l IS NOT NULL AND birth_days_est_r IS NOT NULL)",
                NO_AGE,
            ),
            _custom(
                "birth_days_est_l BETWEEN age_born_from_r AND age_born_to_r "
                "OR birth_days_est_r BETWEEN age_born_from_l AND age_born_to_l "
                "OR (age_born_from_l <= age_born_to_r AND age_born_from_r <= age_born_to_l)",
                "born within the year that the age at the sighting allows",
            ),
            _custom(
                "birth_days_est_l BETWEEN age_born_from_r - 366 AND age_born_to_r + 366 "
                "OR birth_days_est_r BETWEEN age_born_from_l - 366 AND age_born_to_l + 366 "
                "OR (age_born_from_l - 366 <= age_born_to_r "
                "AND age_born_from_r - 366 <= age_born_to_l)",
                "age consistent with the date of birth, give or take a year",
            ),
            _level(cll.ElseLevel(), AGE_DOES_NOT_FIT),
        ],
    )


def sex_comparison() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="sex",
        comparison_description="Sex",
        comparison_levels=[
            _level(cll.NullLevel("sex"), "sex not given"),
            _level(cll.ExactMatchLevel("sex"), SAME_SEX),
            _level(cll.ElseLevel(), DIFFERENT_SEX),
        ],
    )


def place_comparison() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="birth_place",
        comparison_description="Place and region of birth under any of their names",
        comparison_levels=[
            _missing(
                "(birth_place_key_l IS NULL AND region_key_l IS NULL) "
                "OR (birth_place_key_r IS NULL AND region_key_r IS NULL)",
                "place of birth missing",
            ),
            _level(
                cll.ExactMatchLevel("birth_place_key").configure(
                    tf_adjustment_column="birth_place_key"
                ),
                "same place of birth (under any of its names)",
            ),
            _level(
                cll.ExactMatchLevel("birth_place_name"),
                "same place name (perhaps another place of that name)",
            ),
            _custom(
                "region_key_l = region_key_r", "same region of birth (ДНР/ЛНР read as the oblast)"
            ),
            _level(cll.ElseLevel(), "different places of birth"),
        ],
    )


def whereabouts_comparison() -> ComparisonCreator:
    """Where each record says the child is held or was last seen, when both name a town.
    Children are moved (a camp, then a family), so a different town is weak evidence. Two
    records naming the same institution already said where the child was, and two that each
    give the birthplace as the last known place said it in the place of birth: not counted
    twice."""
    return CustomComparison(
        output_column_name="whereabouts",
        comparison_description="Town where the child is held or was last seen",
        comparison_levels=[
            _missing(
                "last_place_key_l IS NULL OR last_place_key_r IS NULL "
                "OR coalesce(institution_key_l = institution_key_r, false) "
                "OR coalesce(last_place_key_l = birth_place_key_l "
                "AND last_place_key_r = birth_place_key_r, false)",
                WHEREABOUTS_SAID,
            ),
            _level(
                cll.ExactMatchLevel("last_place_key").configure(
                    tf_adjustment_column="last_place_key"
                ),
                "held or last seen in the same town",
            ),
            _custom(
                "last_region_key_l = last_region_key_r", "held or last seen in the same region"
            ),
            _level(cll.ElseLevel(), "held or last seen in different places"),
        ],
    )


def whereabouts_region_comparison() -> ComparisonCreator:
    """A region where the child is held, when one record gives only the region (adoption
    databases publish the region, not the town)."""
    return CustomComparison(
        output_column_name="whereabouts_region",
        comparison_description="Region where the child is held, where one record gives no town",
        comparison_levels=[
            _missing(
                "last_region_key_l IS NULL OR last_region_key_r IS NULL "
                "OR (last_place_key_l IS NOT NULL AND last_place_key_r IS NOT NULL)",
                "no region of whereabouts alone to compare",
            ),
            _custom("last_region_key_l = last_region_key_r", "held in the same region"),
            _level(cll.ElseLevel(), "held in different regions"),
        ],
    )


def institution_comparison() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="institution",
        comparison_description="Institution (children's home, school, camp)",
        comparison_levels=[
            _level(cll.NullLevel("institution_key"), "institution not given"),
            _level(cll.ExactMatchLevel("institution_key"), "same institution"),
            _custom(INSTITUTION_NUMBER_SQL, INSTITUTION_NUMBER),
            _level(cll.ElseLevel(), "different institutions"),
        ],
    )


def guardians_comparison() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="guardians",
        comparison_description="Parents or guardians, by full name",
        comparison_levels=[
            _level(cll.NullLevel("guardian_keys"), "guardians not given"),
            _level(
                cll.And(
                    cll.ArrayIntersectLevel("guardian_keys"),
                    cll.CustomLevel(
                        "family_key_l IS NULL OR family_key_r IS NULL "
                        "OR family_key_l <> family_key_r"
                    ),
                ),
                "a parent or guardian with the same name",
            ),
            # Children of one family name: a guardian's family name mostly repeats theirs, and
            # only the guardian's given name is news.
            _level(
                cll.ArrayIntersectLevel("guardian_given"),
                "a parent or guardian with the same given name",
            ),
            _level(cll.ElseLevel(), "different guardians"),
        ],
    )


# One record knows its siblings by their months only (no day): their days cannot be compared.
SIBLING_MONTHS_ONLY = "(sibling_dobs_l IS NULL OR sibling_dobs_r IS NULL)"
SIBLING_MONTH = "a sibling born in the same month (one record gives no days)"
SIBLING_MONTHS_DIFFER = "siblings known by their months, none born in the same month"


def siblings_comparison() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="siblings",
        comparison_description="Siblings listed with each record",
        comparison_levels=[
            # Checked before "missing": one record that lists its siblings is enough to tell that
            # the other record is one of them, not this child (twins share everything else).
            _level(
                cll.Or(
                    _array_overlap("self_sigs_l", "sibling_sigs_r"),
                    _array_overlap("sibling_sigs_l", "self_sigs_r"),
                ),
                SIBLING_LEVEL,
            ),
            _missing(
                "sibling_dobs_l IS NULL OR sibling_dobs_r IS NULL", "siblings not listed on both"
            ),
            _level(
                cll.ArrayIntersectLevel("sibling_sigs"),
                "a sibling with the same name and birth date",
            ),
            _level(cll.ArrayIntersectLevel("sibling_dobs"), "a sibling with the same birth date"),
            _level(cll.ArrayIntersectLevel("sibling_given"), "a sibling with the same name"),
            _level(cll.ElseLevel(), "siblings listed, none agree"),
        ],
    )


def no_sibling_months() -> ComparisonLevelCreator:
    """The null level of a comparison of siblings' months: both records must list siblings,
    and one of them by their months only (with days on both, the days are compared)."""
    return _missing(
        f"sibling_months_l IS NULL OR sibling_months_r IS NULL OR NOT {SIBLING_MONTHS_ONLY}",
        "no siblings known by their months only",
    )


def sibling_months_comparison() -> ComparisonCreator:
    """An adoption database knows a child's siblings by their months of birth: a sibling group
    of the same months is the same family, a group of other months another one. A comparison of
    its own, so that its u is a share among the pairs it can compare (mostly an adoption
    database's), not among all pairs that list siblings."""
    return CustomComparison(
        output_column_name="sibling_months",
        comparison_description="Siblings' months of birth, where one record gives no days",
        comparison_levels=[
            no_sibling_months(),
            _level(cll.ArrayIntersectLevel("sibling_months"), SIBLING_MONTH),
            _level(cll.ElseLevel(), SIBLING_MONTHS_DIFFER),
        ],
    )


def _overlap_sql(sql_dialect: SplinkDialect, left: str, right: str) -> str:
    """Two array columns share an element (DuckDB and Spark name the function differently)."""
    function = "arrays_overlap" if sql_dialect.sql_dialect_str == "spark" else "list_has_any"
    return f"coalesce({function}({left}, {right}), false)"


class _ApartFromListedSiblings(BlockingRuleCreator):
    """Equality on ``columns``, leaving out pairs where one record matches a sibling the other
    lists: twins agree on everything but the given name, and in a training block they would
    teach expectation maximisation that siblings are one child."""

    def __init__(self, *columns: str) -> None:
        super().__init__()
        self.columns = columns

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        equal = " AND ".join(f"l.{c} = r.{c}" for c in self.columns)
        one = _overlap_sql(sql_dialect, "l.self_sigs", "r.sibling_sigs")
        other = _overlap_sql(sql_dialect, "l.sibling_sigs", "r.self_sigs")
        return f"{equal} AND NOT {one} AND NOT {other}"


class _ArraysOverlapLevel(ComparisonLevelCreator):
    def __init__(self, left: str, right: str) -> None:
        self.left, self.right = left, right

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        return _overlap_sql(sql_dialect, self.left, self.right)

    def create_label_for_charts(self) -> str:
        return f"{self.left} overlaps {self.right}"


def _array_overlap(left: str, right: str) -> ComparisonLevelCreator:
    return _ArraysOverlapLevel(left, right)


def comparisons() -> list[ComparisonCreator]:
    return [
        given_name_comparison(),
        family_name_comparison(),
        family_initial_comparison(),
        patronymic_comparison(),
        birth_date_comparison(),
        birth_month_comparison(),
        birth_year_comparison(),
        birth_age_comparison(),
        sex_comparison(),
        place_comparison(),
        whereabouts_comparison(),
        whereabouts_region_comparison(),
        institution_comparison(),
        guardians_comparison(),
        siblings_comparison(),
        sibling_months_comparison(),
    ]


# Columns whose value frequencies adjust the evidence of an exact match (a rare name counts for
# more than a common one). Their lookup tables are computed by ridni, see pipeline.tf_tables.
TF_COLUMNS = (
    "given_latin",
    "family_key",
    "family_initial",
    "birth_place_key",
    "last_place_key",
)


# An age at a date allows two birth years: the frame's year_key holds the later (or the year of
# a stated date), year_key_early the earlier.
YEAR_KEYS = ("year_key", "year_key_early")


def _by_year(*columns: str, one_lacks: str | None = None) -> list[BlockingRuleCreator]:
    """``columns`` and the year of birth, once with each year an age allows; with
    ``one_lacks``, only pairs where one of the two records has no value of that column."""
    if one_lacks is None:
        return [block_on(*columns, year) for year in YEAR_KEYS]
    return [
        CustomRule(
            " AND ".join(f"l.{c} = r.{c}" for c in (*columns, year))
            + f" AND (l.{one_lacks} IS NULL OR r.{one_lacks} IS NULL)"
        )
        for year in YEAR_KEYS
    ]


class _SurnameAndYear(BlockingRuleCreator):
    """The same family name and year of birth (``year``: one of ``YEAR_KEYS``), for a given name
    that one record mistyped: only where the given names could be one child's (either is
    missing, or they start with the same letter, or with the same two letters swapped) and the
    sexes do not differ; a diminutive of several names meets them through a rule of its own.
    The other pairs are brothers, sisters and namesakes: 51 million of them in a world of a
    million records with few surnames, of which 2,600 were one child, most of them found
    through another record. Equalities on the frame's columns only: every later rule evaluates
    this one's condition on its own candidates, to leave out the pairs it made."""

    def __init__(self, year: str) -> None:
        super().__init__()
        self.year = year

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        return (
            f"l.family_key = r.family_key AND l.{self.year} = r.{self.year} "
            "AND (l.sex IS NULL OR r.sex IS NULL OR l.sex = r.sex) "
            "AND (l.given_key IS NULL OR r.given_key IS NULL "
            "OR l.given_first = r.given_first OR l.given_head = r.given_head)"
        )


def prediction_blocking_rules() -> list[BlockingRuleCreator]:
    """Candidate pairs. Several rules are name-free so renamed children still meet candidates."""
    return [
        block_on("given_key", "family_key"),
        # A year from the date, or from an age at a sighting (either of the two it allows), so
        # that a typo in one name still leaves a block where the two records meet.
        *(_SurnameAndYear(year) for year in YEAR_KEYS),
        # An initial with a year, where one record gives no month (with both months, the rule
        # with the month below is the one that can find a match).
        *_by_year("given_key", "family_initial", one_lacks="birth_month"),
        block_on("given_key", "dob_digits"),
        block_on("given_key", "family_initial", "birth_year", "birth_month"),
        *_by_year("given_key", "birth_place_key"),
        # A sighting that gives no surname, only a name, an age and where the child was seen
        # ("Даша, 9, Таганрог"): the region where the child is held.
        *_by_year("given_key", "last_region_key", one_lacks="family_initial"),
        # Name-free: the same date of birth and sex, across the two sides of the conflict.
        CustomRule(
            "l.dob_digits = r.dob_digits AND l.sex = r.sex AND l.side <> r.side",
            sql_dialect="duckdb",
        ),
        # Name-free: a sibling born on the same day in both families (renamed sibling groups).
        block_on("sibling_dobs", "birth_year", arrays_to_explode=["sibling_dobs"]),
        # A diminutive of several names with the same surname and year: Саша (Олександр or
        # Олександра), Леся (Олеся, Олександра), Тоша (Антон, Платон) meet each of them.
        *(
            block_on("given_keys", "family_key", y, arrays_to_explode=["given_keys"])
            for y in YEAR_KEYS
        ),
    ]


@dataclass(frozen=True)
class TrainingPlan:
    """How the model learns its parameters without labels (expectation maximisation)."""

    prior_rules: tuple[BlockingRuleCreator, ...] = field(
        default_factory=lambda: (
            block_on("given_key", "family_key", "dob_digits"),
            block_on("given_key", "family_key", "birth_year", "birth_month"),
        )
    )
    prior_recall: float = 0.6
    u_max_pairs: float = 5e6
    # Each session trains the comparisons its rule does not fix. Rules that gather siblings
    # (same family name and year) would teach the model that siblings are one child.
    em_rules: tuple[BlockingRuleCreator, ...] = field(
        default_factory=lambda: (
            # The birth year keeps namesakes (same name, another child) out of the block, or
            # the model would learn that a shared name is what makes one child.
            block_on("given_key", "family_key", "birth_year"),
            # ...and the place of birth does the same for training the date of birth.
            block_on("given_key", "family_key", "birth_place_key"),
            # Same sex and region of birth too: where a source holds many more children than
            # the registry (a long counterpart list), children merely born the same day would
            # outnumber the matches and teach that a different surname is common in a match.
            _ApartFromListedSiblings("dob_digits", "sex", "region_key"),
            # Records with only a surname initial (adoption databases) meet here, across
            # sources: within a big adoption database, namesakes born the same month in the same
            # region would pose as one child (a database lists each child once).
            CustomRule(
                "l.given_key = r.given_key AND l.birth_year = r.birth_year "
                "AND l.birth_month = r.birth_month AND l.sex = r.sex AND l.source <> r.source"
            ),
        )
    )
    em_max_pairs: float = 2e6


SIBLING_LEVEL = "looks like the other record's sibling, not the same child"
DATES_YEARS_APART = "dates of birth more than a year apart"
YEAR_TYPO = "years of birth one digit apart (a typo?)"
YEARS_APART = "years of birth far apart (no single typo explains them)"
AGE_DOES_NOT_FIT = "age does not fit the date of birth"
WHEREABOUTS_SAID = "whereabouts not given (or the same institution, or the places of birth)"
# The same institution, one record giving its number and the other not (a home renamed by the
# occupation authorities lost its "№1"); two different numbers are two institutions.
INSTITUTION_NUMBER = "same institution, its number given by one record only"
INSTITUTION_NUMBER_SQL = (
    "institution_base_l = institution_base_r AND (institution_key_l = institution_base_l "
    "OR institution_key_r = institution_base_r)"
)

SAME_SEX = "same sex"
DIFFERENT_SEX = "different sex"
INITIAL_AGREES = "only an initial of the family name, and it agrees"
INITIAL_DIFFERS = "only an initial of the family name, and it differs"

# Levels whose m-probability is set by reasoning, not learned, where unsupervised training
# cannot tell:
# - a record that matches a sibling the other record lists is that sibling (in a block of equal
#   birth dates, twins look like one child);
# - a surname initial of the same child agrees, unless the surname was mistyped or replaced (in
#   an adoption database, namesakes born the same month outnumber the true pairs);
# - one child's sex is recorded differently only by a slip (a form ticked wrongly, a name read as
#   the other sex: Саша, Женя, Валя). Training blocks hold almost no such match, so EM learnt
#   nothing (Splink then scores the level with its default, 0.05: -3.3 bits) or next to zero
#   (2.9e-71 at a million records: -235 bits, a veto); 1 in 100 sits between, -5.6 bits.
PINNED_M = {
    ("siblings", SIBLING_LEVEL): 1e-7,
    ("family_initial", INITIAL_AGREES): 0.95,
    ("family_initial", INITIAL_DIFFERS): 0.05,
    ("sex", SAME_SEX): 0.99,
    ("sex", DIFFERENT_SEX): 0.01,
}

# Levels whose learnt m-probability may not exceed a bound that reasoning sets. Training blocks
# of one name and birthplace hold namesakes born years apart (many more of them among a million
# records), and EM counts some of them as one child: it learnt these levels' m at 0.010, 0.13
# and 0.10 in the independent world at a million records, whose true pairs show 0.0003, 0.006 and
# 0.013. Each bound is on the side of keeping true pairs:
# - two full dates of one child more than a year apart, which no mistyped digit, swapped day and
#   month or year slip explains, take two errors in one date or another child's date;
# - an observer's guess of an age, and a year worked out from an age, are often one year off,
#   rarely more; a year alone two or more off is a typo of one digit (2005 for 2015: 1.3 % of the
#   independent world's true pairs with a year alone, 0.7 % of ours) or another child (none of
#   either world's true pairs is farther apart than a typo).
# Where EM learnt nothing for such a level (a small registry: no match in its blocks shows it),
# the bound is its m, not Splink's default for the level (0.05 or more).
CAPPED_M = {
    ("birth_date", DATES_YEARS_APART): 0.002,
    ("birth_age", AGE_DOES_NOT_FIT): 0.02,
    ("birth_year", YEAR_TYPO): 0.02,
    ("birth_year", YEARS_APART): 0.002,
}


def settings_creator() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=prediction_blocking_rules(),
        additional_columns_to_retain=["source", "kind", "side"],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
