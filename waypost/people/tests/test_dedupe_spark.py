"""The batch model on Spark (Splink's Spark backend) is the DuckDB model: its SQL is Spark SQL,
it differs only in function names, and (where pyspark and Java are installed) it finds the
same pairs with the same probabilities."""

from datetime import date
from io import StringIO

import pytest
import sqlglot
from django.core.management import CommandError, call_command
from splink.internals.dialects import SplinkDialect
from splink.internals.spark.spark_helpers import custom_spark_dialect  # noqa: F401  (registers it)
from sqlglot import exp

from bench import dedupe_quality as dq
from waypost.people.matching import splink_model
from waypost.people.matching.batch import scored_pairs
from waypost.people.matching.spark import missing_requirement
from waypost.people.matching.splink_model import settings
from waypost.people.matching.weights import default_parameters, monotone
from waypost.people.models import DuplicatePair
from waypost.testing.people import make_person

SPARK = SplinkDialect.from_string("spark")
# Functions sqlglot does not know as Spark's: the two from Splink's similarity jar, which
# SparkAPI registers, and arrays_overlap, built into Spark (since 2.4) but not modelled by
# sqlglot. Anything else unknown would fail on Spark.
ALLOWED_UNKNOWN = {
    SPARK.jaro_winkler_function_name,
    SPARK.damerau_levenshtein_function_name,
    "arrays_overlap",
}


def _sql(model: dict) -> list[str]:
    conditions = [
        level["sql_condition"]
        for comparison in model["comparisons"]
        for level in comparison["comparison_levels"]
        if level["sql_condition"] != "ELSE"
    ]
    return conditions + [
        rule["blocking_rule"] for rule in model["blocking_rules_to_generate_predictions"]
    ]


def test_the_spark_model_is_spark_sql_using_only_built_in_and_splink_jar_functions():
    for sql in _sql(settings(default_parameters(), "spark")):
        # What SparkAPI does with every statement before Spark runs it.
        sqlglot.transpile(sql, read="spark", write="customspark")
        unknown = {
            f.name.lower() for f in sqlglot.parse_one(sql, read="spark").find_all(exp.Anonymous)
        }
        assert unknown <= ALLOWED_UNKNOWN, sql
        for duckdb_only in ("list_has_any", "jaro_winkler_similarity", "varchar"):
            assert duckdb_only not in sql, sql


def test_the_spark_and_duckdb_models_differ_only_in_function_names():
    duckdb = settings(monotone(default_parameters()), "duckdb", rows=5000)
    spark = settings(monotone(default_parameters()), "spark", rows=5000)
    renamed = [
        sql.replace("jaro_winkler_similarity(", "jaro_winkler(").replace(
            "list_has_any(", "arrays_overlap("
        )
        for sql in _sql(duckdb)
    ]
    assert renamed == _sql(spark)
    without_sql = [
        [
            {k: v for k, v in level.items() if k != "sql_condition"}
            for level in c["comparison_levels"]
        ]
        for model in (duckdb, spark)
        for c in model["comparisons"]
    ]
    half = len(without_sql) // 2
    assert without_sql[:half] == without_sql[half:]
    assert (
        duckdb["probability_two_random_records_match"]
        == spark["probability_two_random_records_match"]
    )


@pytest.fixture(scope="module")
def spark():
    problem = missing_requirement()
    if problem:
        pytest.skip(problem)
    from waypost.people.matching.spark import spark_session

    session = spark_session("local[1]")
    # A tiny population: one partition is quickest.
    session.conf.set("spark.sql.shuffle.partitions", "1")
    yield session
    session.stop()


def test_spark_finds_the_same_pairs_as_duckdb(spark, db, monkeypatch):
    from waypost.people.matching.spark import spark_api

    # Name frequencies on, as in any partnership of a few thousand records.
    monkeypatch.setattr(splink_model, "TERM_FREQUENCY_MIN_ROWS", 100)
    partnership, truth = dq._population_from_matching_synthetic("spark-test", 150, seed=5)
    on_duckdb = scored_pairs(partnership).pairs
    on_spark = scored_pairs(partnership, db_api=spark_api(spark)).pairs
    assert len(on_duckdb) >= 5
    assert on_spark.keys() == on_duckdb.keys()
    for key, probability in on_duckdb.items():
        assert on_spark[key] == pytest.approx(probability, abs=1e-9)


def test_the_dedupe_command_explains_when_spark_cannot_run(world, monkeypatch):
    from waypost.people.matching import spark as spark_backend

    monkeypatch.setattr(spark_backend, "missing_requirement", lambda: "pyspark is not installed.")
    with pytest.raises(CommandError, match="Spark backend cannot run here: pyspark is not"):
        call_command("dedupe", "--backend", "spark", stdout=StringIO())
    assert not DuplicatePair.objects.exists()


def test_the_dedupe_command_queues_the_same_pairs_on_spark(spark, world):
    jo = make_person(world.council, gender="woman")
    joe = make_person(world.outreach, given_name="Joe", family_name="Blogs", gender="woman")
    make_person(world.council, given_name="Mary", family_name="Jones", birth_date=date(1962, 11, 5))
    out = StringIO()
    call_command("dedupe", "--backend", "spark", "--partnership", "coventry", stdout=out)
    pair = DuplicatePair.objects.get()
    assert {pair.first_id, pair.second_id} == {jo.pk, joe.pk}
    assert "1 new in the review queue" in out.getvalue()
