"""The plain Splink 5 model the benchmark compares ridni against, on the same registry.

Names romanised with unidecode, Jaro-Winkler on names, Splink's stock date-of-birth comparison,
exact sex and place; standard blocking and training; clusters at the same threshold.
This is a yardstick for the benchmark, not part of the product.
"""

from __future__ import annotations

import logging

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from sqlalchemy import Engine, text
from unidecode import unidecode


def _latin(value: str | None) -> str | None:
    return unidecode(value).lower().strip() or None if value else None


def _frame(engine: Engine) -> pa.Table:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, given_name, family_name, birth_date, sex, birth_place "
                "FROM source_records WHERE withdrawn = :no"
            ),
            {"no": False},
        ).all()
    return pa.table(
        {
            "unique_id": [r[0] for r in rows],
            "first_name": [_latin(r[1]) for r in rows],
            "surname": [_latin(r[2]) for r in rows],
            "dob": [r[3] if r[3] and len(r[3]) == 10 else None for r in rows],
            "sex": [r[4] for r in rows],
            "place": [_latin(r[5]) for r in rows],
        }
    )


def run_baseline(engine: Engine, threshold: float = 0.9) -> dict[int, int]:
    """record pk → cluster id."""
    con = duckdb.connect()
    con.execute("SET memory_limit='8GB'")
    db_api = DuckDBAPI(connection=con)
    frame = db_api.register(_frame(engine), dataset_display_name="registry")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("surname", [0.92, 0.8]),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("place").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
        ],
    )
    linker = Linker(frame, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in (block_on("dob"), block_on("first_name", "surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=2e6
        )
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    ).as_pyarrow_table()
    result = dict(
        zip(clusters["unique_id"].to_pylist(), clusters["cluster_id"].to_pylist(), strict=True)
    )
    con.close()
    return result
