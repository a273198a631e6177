"""Batch dedupe on Spark, through Splink's Spark backend, for partnerships (or a whole country)
too big for one machine's DuckDB. The model is the same: splink_model.settings with Spark's
function names, the same weights, the same blocking rules, the same threshold.

Optional: it needs `pyspark` (4.0 or later, which reads pyarrow tables directly) and Java 17
or later. `manage.py dedupe --backend spark` uses it; without a cluster it starts a local
Spark (settings.SPARK_MASTER, default "local[*]").
"""

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings

DEFAULT_MASTER = "local[*]"


class SparkUnavailable(Exception):
    """pyspark or Java is missing, so the Spark backend cannot run here."""


def missing_requirement() -> str | None:
    """Why the Spark backend cannot run here, or None when it can."""
    try:
        import pyspark
    except ImportError:
        return "pyspark is not installed (uv sync --extra spark)."
    if int(pyspark.__version__.split(".", 1)[0]) < 4:
        return f"pyspark {pyspark.__version__} is too old: Waypost needs 4.0 or later."
    if shutil.which("java") is None:
        return "Java is not installed: Spark needs Java 17 or later."
    return None


def spark_session(master: str | None = None) -> Any:
    """The running Spark session, or a new one on `master` with Splink's similarity functions
    (jaro_winkler, damerau_levenshtein) on its class path."""
    problem = missing_requirement()
    if problem:
        raise SparkUnavailable(problem)
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    master = master or getattr(settings, "SPARK_MASTER", "") or DEFAULT_MASTER
    builder = (
        SparkSession.builder.master(master)
        .appName("waypost-dedupe")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        # One machine: a few partitions, Spark listening on loopback only, and its (unused,
        # but always created) warehouse folder out of the working directory.
        builder = (
            builder.config("spark.sql.shuffle.partitions", "8")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.warehouse.dir", str(Path(tempfile.gettempdir()) / "waypost-spark"))
        )
    # py4j logs every connection it closes, at exit too, when the streams may be gone.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_api(session: Any = None) -> Any:
    """A Splink SparkAPI on `session` (default: spark_session()), for batch.scored_pairs and
    batch.dedupe_partnership. Intermediate tables are written as parquet to the session's
    checkpoint directory when it has one (a cluster's), else kept in memory, so no copy of
    personal data is left in a temporary directory."""
    problem = missing_requirement()  # before Splink's own import fails less helpfully
    if problem:
        raise SparkUnavailable(problem)
    from splink import SparkAPI

    session = session or spark_session()
    has_checkpoints = session.sparkContext.getCheckpointDir() is not None
    return SparkAPI(
        spark_session=session, break_lineage_method="parquet" if has_checkpoints else "persist"
    )
