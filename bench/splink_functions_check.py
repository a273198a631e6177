"""Which Splink 5 comparisons run on DuckDB here without loading any extension.

DuckDB cannot download or load extensions on this machine, so a comparison whose SQL needs
one fails at predict time. This script builds each library comparison on a tiny pyarrow table
and runs a prediction, printing "ok" or the error.

    .venv/bin/python bench/splink_functions_check.py
"""

import datetime
import logging

import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

TABLE = pa.table(
    {
        "unique_id": [1, 2, 3],
        "name": ["robert", "rob", "roberta"],
        "dob": [datetime.date(1980, 3, 1), datetime.date(1980, 1, 3), datetime.date(1981, 3, 1)],
        "dob_text": ["1980-03-01", "1980-01-03", "1981-03-01"],
        "postcode": ["CV1 1AA", "CV1 1AB", "B1 1AA"],
        "email": ["a@example.org", "b@example.org", "a@example.org"],
        "tokens": [["a", "b"], ["b"], ["c"]],
        "lat": [52.4, 52.41, 52.5],
        "long": [-1.5, -1.51, -1.9],
        # A fixed-size list becomes a DuckDB ARRAY, which array_cosine_similarity needs.
        "embedding": pa.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], pa.list_(pa.float64(), 2)),
        "block": [1, 1, 1],
    }
)

COMPARISONS = {
    "ExactMatch": lambda: cl.ExactMatch("name"),
    "LevenshteinAtThresholds": lambda: cl.LevenshteinAtThresholds("name", [1, 2]),
    "DamerauLevenshteinAtThresholds": lambda: cl.DamerauLevenshteinAtThresholds("name", [1]),
    "JaroAtThresholds": lambda: cl.JaroAtThresholds("name", [0.9]),
    "JaroWinklerAtThresholds": lambda: cl.JaroWinklerAtThresholds("name", [0.9, 0.8]),
    "JaccardAtThresholds": lambda: cl.JaccardAtThresholds("name", [0.9]),
    "NameComparison": lambda: cl.NameComparison("name"),
    "DateOfBirthComparison": lambda: cl.DateOfBirthComparison("dob", input_is_string=False),
    "DateOfBirthComparison (text)": lambda: cl.DateOfBirthComparison(
        "dob_text", input_is_string=True
    ),
    "AbsoluteDateDifferenceAtThresholds": lambda: cl.AbsoluteDateDifferenceAtThresholds(
        "dob", input_is_string=False, metrics=["year"], thresholds=[1]
    ),
    "ArrayIntersectAtSizes": lambda: cl.ArrayIntersectAtSizes("tokens", [1]),
    "PostcodeComparison": lambda: cl.PostcodeComparison("postcode"),
    "EmailComparison": lambda: cl.EmailComparison("email"),
    "DistanceInKMAtThresholds": lambda: cl.DistanceInKMAtThresholds("lat", "long", [1, 10]),
    "CosineSimilarityAtThresholds": lambda: cl.CosineSimilarityAtThresholds("embedding", [0.9]),
}


def check(name: str, make) -> str:  # type: ignore[no-untyped-def]
    try:
        settings = SettingsCreator(
            link_type="dedupe_only",
            comparisons=[make()],
            blocking_rules_to_generate_predictions=[block_on("block")],
        )
        db_api = DuckDBAPI()
        linker = Linker(db_api.register(TABLE), settings, log_level=logging.ERROR)
        linker.inference.predict().as_record_list()
        return "ok"
    except Exception as error:  # noqa: BLE001 - we report whatever fails
        return f"fails: {type(error).__name__}: {str(error).splitlines()[0][:120]}"


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    for name, make in COMPARISONS.items():
        print(f"{name:40} {check(name, make)}")
