"""Every word an explanation can show exists in English and Ukrainian."""

from __future__ import annotations

from ridni.linkage import labels
from ridni.linkage.explanation import Step, strength_words
from ridni.linkage.model import comparisons
from ridni.linkage.renamed import comparisons as renamed_comparisons


def _levels():
    for comparison in [*comparisons(), *renamed_comparisons()]:
        spec = comparison.create_comparison_dict("duckdb")
        for level in spec["comparison_levels"]:
            yield spec["output_column_name"], level["label_for_charts"]


def test_every_level_has_a_ukrainian_label() -> None:
    missing = [label for _name, label in _levels() if label not in labels.LEVELS_UK]
    assert missing == []


def test_every_comparison_has_a_title_in_both_languages() -> None:
    names = {name for name, _label in _levels()}
    assert names <= set(labels.COMPARISONS)


def test_strength_words_cover_the_scale_and_translate() -> None:
    words = {strength_words(bits) for bits in range(-20, 21)}
    assert words <= set(labels.STRENGTH)
    assert strength_words(12.0) == "very strong evidence for"
    assert strength_words(-7.0) == "strong evidence against"
    assert strength_words(9.0, missing=True) == "no evidence"


def test_step_words_in_ukrainian() -> None:
    step = Step("birth_date", "", "same date of birth", 15.6)
    assert step.words("uk") == (
        "Дата народження",
        "та сама дата народження",
        "дуже сильний доказ «за»",
    )
    assert step.words("en")[0] == "Date of birth"
