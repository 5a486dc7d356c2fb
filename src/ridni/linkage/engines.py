"""The one place that picks a Splink backend: DuckDB in-process (default) or Apache Spark."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from splink import DuckDBAPI

from ridni.errors import Invalid

ENGINES = ("duckdb", "spark")


@dataclass
class Workspace:
    """A DuckDB connection for preparing frames, and the Splink backend that scores them."""

    con: duckdb.DuckDBPyConnection
    engine: str
    db_api: Any
    spark: Any = None

    def register(self, table: str, name: str) -> Any:
        """Hand DuckDB table ``table`` to the scoring backend."""
        if self.engine == "duckdb":
            return self.db_api.register(self.con.table(table), dataset_display_name=name)
        arrow = self.con.table(table).to_arrow_table()
        return self.db_api.register(self.spark.createDataFrame(arrow), dataset_display_name=name)

    def close(self) -> None:
        if self.spark is not None:
            self.spark.stop()
        self.con.close()


def open_workspace(
    engine: str = "duckdb",
    *,
    memory_limit: str = "8GB",
    spark_master: str | None = None,
    work_dir: Path | None = None,
) -> Workspace:
    if engine not in ENGINES:
        raise Invalid(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    work_dir = work_dir or Path(tempfile.mkdtemp(prefix="ridni-linkage-"))
    con = duckdb.connect()
    con.execute(f"SET memory_limit='{memory_limit}'")
    con.execute(f"SET temp_directory='{work_dir / 'spill'}'")
    con.execute("SET preserve_insertion_order=false")
    if engine == "duckdb":
        return Workspace(con=con, engine=engine, db_api=DuckDBAPI(connection=con))
    spark = _spark_session(
        spark_master or os.environ.get("RIDNI_SPARK_MASTER", "local[2]"), work_dir
    )
    from splink import SparkAPI

    return Workspace(con=con, engine=engine, db_api=SparkAPI(spark_session=spark), spark=spark)


def _spark_session(master: str, work_dir: Path) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # the extra is optional
        raise Invalid(
            "the Spark engine needs the 'spark' extra: pip install 'ridni[spark]'"
        ) from exc
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    local = master.startswith("local")
    builder = (
        SparkSession.builder.master(master)
        .appName("ridni-linkage")
        # Splink's similarity functions (Jaro-Winkler...) live in a jar that must be on the
        # classpath before the session starts.
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.driver.memory", os.environ.get("RIDNI_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.local.dir", str(work_dir / "spark"))
        .config("spark.sql.warehouse.dir", str(work_dir / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={work_dir}")
    )
    if local:
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    # Splink breaks long query lineages by checkpointing; on a cluster this must be shared storage.
    spark.sparkContext.setCheckpointDir(
        os.environ.get("RIDNI_SPARK_CHECKPOINT_DIR", str(work_dir / "checkpoints"))
    )
    return spark
