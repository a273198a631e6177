"""`manage.py import_people` throughput: a CSV of synthetic people in the documented columns,
run through the real command into a copy of the benchmark database (so every run starts from
the same state, and the import's committed rows never skew the other benchmarks).

Timed twice: the first run creates everyone; the second, the same file again, is the
idempotent re-run (everyone found by source and source_id, nothing changed). Then the same
rows are written without the import (bench/import_floor.py): the most any import could reach.
"""

import csv
import io
import random
import time
from pathlib import Path
from typing import Any

from bench.results import Row, Target, short

IMPORT_TARGET = Target("rows_per_s", ">=", 20_000, "≥ 20,000 rows/s on 100k rows", at_size=100_000)
SOURCE = "bench-import"
COLUMNS = (
    "source",
    "source_id",
    "given_name",
    "family_name",
    "other_names",
    "date_of_birth",
    "gender",
    "nhs_number",
    "ni_number",
    "postcode",
)
_NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NI_NEVER = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def ni_number(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(_NI_FIRST) + rng.choice(_NI_SECOND)
        if prefix not in _NI_NEVER:
            return f"{prefix}{rng.randint(0, 999_999):06d}{rng.choice('ABCD')}"


def postcode(rng: random.Random) -> str:
    return f"CV{rng.randint(1, 8)} {rng.randint(1, 9)}{rng.choice(_INWARD)}{rng.choice(_INWARD)}"


def write_csv(path: Path, rows: int, seed: int) -> None:
    """`rows` synthetic people as another system would export them (every cell valid)."""
    from waypost.people.matching.synthetic import make_population
    from waypost.people.models import AliasKind, BirthDatePrecision, Gender, IdentifierKind

    rng = random.Random(seed)
    genders = {Gender.MAN: "male", Gender.WOMAN: "female"}
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for i, person in enumerate(make_population(rows, seed=seed)):
            born = ""
            if person.birth_date and person.precision == BirthDatePrecision.EXACT:
                born = person.birth_date.isoformat()
            elif person.birth_date:
                born = str(person.birth_date.year)
            nhs = dict(person.identifiers).get(IdentifierKind.NHS_NUMBER, "")
            others = [
                f"{g} {f}".strip() for kind, g, f in person.aliases if kind == AliasKind.ALIAS
            ]
            writer.writerow(
                [
                    SOURCE,
                    f"B{i:07d}",
                    person.given,
                    person.family,
                    ";".join(others),
                    born,
                    genders.get(person.gender, "unknown"),
                    nhs,
                    ni_number(rng) if rng.random() < 0.2 else "",
                    postcode(rng) if rng.random() < 0.5 else "",
                ]
            )


def _run_command(path: Path, agency: Any) -> float:
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    call_command("import_people", str(path), agency=agency.pk, stdout=out, stderr=err)
    return time.perf_counter() - started


def measure(info: Any, engine: str, *, rows: int, seed: int, csv_path: Path) -> list[Row]:
    from bench import import_floor, population, staff
    from waypost.people.models import Identifier, IdentifierKind

    housing, _ = staff.frontline_agencies(population.partnership())
    write_csv(csv_path, rows, seed)
    first = _run_command(csv_path, housing)
    imported = Identifier.objects.filter(
        kind=IdentifierKind.SOURCE_ID, system=SOURCE, partnership_id=housing.partnership_id
    ).count()
    if imported != rows:
        raise RuntimeError(f"the import stored {imported} of {rows} rows")
    again = _run_command(csv_path, housing)
    numbers = {
        "rows": float(rows),
        "seconds": first,
        "rows_per_s": rows / first,
        "rerun_seconds": again,
        "rerun_rows_per_s": rows / again,
    }
    return [
        Row(
            benchmark="import_people",
            engine=engine,
            scale=f"{short(rows)} rows into {short(info.people)} people",
            size=rows,
            numbers=numbers,
            figures=(
                f"{numbers['rows_per_s']:,.0f} rows/s ({first:.1f} s); same file again "
                f"(nothing to change): {numbers['rerun_rows_per_s']:,.0f} rows/s"
            ),
            target=IMPORT_TARGET,
        ),
        import_floor.measure(
            engine, csv_path=csv_path, agency=housing, rows=rows, target=IMPORT_TARGET
        ),
    ]
