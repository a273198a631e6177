"""Batch dedupe quality, measured by bench/dedupe_quality.py (its own helper, its own
population), turned into rows of the table: Waypost's models beside plain Splink's."""

from pathlib import Path
from typing import Any

from bench.results import Row, Target, short

QUALITY_MODULE = Path(__file__).resolve().parent / "dedupe_quality.py"


def available() -> bool:
    return QUALITY_MODULE.exists()


def rows_from_quality(quality: list[Any], *, engine: str, people: int) -> list[Row]:
    """Every model's row; Waypost's models are held to "F1 at least plain Splink's" with the
    F1 plain Splink got on the same records in the same run."""
    splink = next((q for q in quality if "splink" in q.model and "waypost" not in q.model), None)
    rows = []
    for q in quality:
        target = None
        if splink is not None and q is not splink:
            target = Target("f1", ">=", splink.f1, f"F1 ≥ plain Splink's ({splink.f1:.3f})")
        rows.append(
            Row(
                benchmark=f"dedupe: {q.model}",
                engine=engine,
                scale=f"{short(people)} people ({short(q.records)} records)",
                size=people,
                numbers={
                    "records": float(q.records),
                    "seconds": q.seconds,
                    "pairs": float(q.pairs),
                    "precision": q.precision,
                    "recall": q.recall,
                    "f1": q.f1,
                },
                figures=(
                    f"precision {q.precision:.3f}, recall {q.recall:.3f}, F1 {q.f1:.3f}; "
                    f"{q.pairs:,} pairs in {q.seconds:.1f} s"
                ),
                target=target,
            )
        )
    return rows


def measure(database_url: str, engine: str, *, people: int, seed: int) -> list[Row]:
    from django.core.management import call_command

    from bench import dedupe_quality

    call_command("migrate", verbosity=0)
    return rows_from_quality(
        dedupe_quality.run(database_url, people, seed), engine=engine, people=people
    )
