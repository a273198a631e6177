"""Build a synthetic partnership: `generate(people=N, seed=S)` (and `manage.py
generate_synthetic`).

A realistic population for demos, benchmarks and matching quality: identities with noisy
duplicate records (waypost.synthetic.population) and their street contacts, by-name list,
referrals, placements, assessments and notes over the last `years` years
(waypost.synthetic.life), in a partnership of several agencies that share under a signed
agreement (waypost.synthetic.world). The truth file maps every Person record to its identity.

Deterministic: the same seed, slug and day give the same rows and ids. Fast: rows are streamed
in chunks of identities (memory stays flat) and written with COPY on PostgreSQL or big
executemany batches on SQLite, one transaction per chunk.
"""

import csv
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.synthetic import tables
from waypost.synthetic.indexes import built_after_load, restore_pending
from waypost.synthetic.life import COUNT_NIGHT, LifeWriter
from waypost.synthetic.population import identity, records_of
from waypost.synthetic.removal import remove_partnership
from waypost.synthetic.world import build_world, mark_occupied_units, save_street_counts
from waypost.synthetic.writer import BulkWriter

CHUNK = 1000  # identities per transaction


class PartnershipExists(Exception):
    """A partnership with the slug exists and replacing it was not asked for."""


@dataclass
class Generated:
    partnership: Partnership
    people: int  # distinct true people
    records: int  # Person rows written (people + duplicate records)
    contacts: int
    referrals: int
    placements: int
    assessments: int
    notes: int
    truth_path: Path  # CSV: person_id,true_id (one row per Person record)
    seconds: float
    rows: int = 0  # every row written, in all tables (match keys, answers, history...)


def default_truth_path(slug: str) -> Path:
    return Path(settings.VAR_DIR) / "synthetic" / f"truth-{slug}.csv"


def generate(
    *,
    people: int,
    seed: int,
    contacts_per_person: float = 20.0,
    duplicate_rate: float = 0.1,
    years: int = 4,
    slug: str = "synthetic",
    truth_path: Path | None = None,
    progress: Callable[[str], None] | None = None,
    replace: bool = False,
    today: date | None = None,
    use_copy: bool | None = None,
) -> Generated:
    """Create the partnership `slug` with `people` synthetic identities and their history.

    Raises PartnershipExists when `slug` is taken, unless `replace` (then the old synthetic
    partnership is removed first; a partnership the generator did not make never is).
    `today` fixes the day the history ends (default: today); `use_copy` forces or forbids
    COPY (default: COPY on PostgreSQL).
    """
    if people < 0 or years < 1 or contacts_per_person < 0 or not 0 <= duplicate_rate <= 1:
        raise ValueError("people >= 0, years >= 1, contacts >= 0 and 0 <= duplicate_rate <= 1")
    report = progress or (lambda message: None)
    started = time.perf_counter()
    restored = restore_pending(connection)
    if restored:
        report(f"Built {restored} indexes an interrupted run had left dropped")
    if Partnership.objects.filter(slug=slug).exists():
        if not replace:
            raise PartnershipExists(slug)
        report(f"Removing the existing partnership {slug!r}")
        remove_partnership(slug, progress=report)
    world = build_world(
        slug=slug, seed=seed, people=people, years=years, today=today or timezone.localdate()
    )
    truth_path = truth_path or default_truth_path(slug)
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    # Per process: two runs into different databases may share a truth file's name.
    partial = truth_path.with_name(f"{truth_path.name}.{os.getpid()}.partial")
    writer = BulkWriter(connection, use_copy=use_copy)
    with partial.open("w", newline="") as handle:
        truth = csv.writer(handle)
        truth.writerow(["person_id", "true_id"])

        def record_truth(record_id: UUID, true_id: int) -> None:
            truth.writerow([str(record_id), true_id])

        life = LifeWriter(
            world,
            writer,
            seed=seed,
            slug=slug,
            contacts_per_person=contacts_per_person,
            truth=record_truth,
        )
        # The load is many transactions (chunks), so the indexes are dropped and built again
        # outside them; only with COPY, the bulk path.
        adding = people if writer.use_copy else 0
        with built_after_load(connection, tables.ALL_TABLES, adding) as dropped:
            if dropped:
                report(f"Dropped {dropped} indexes, to build them once after the load")
            for first in range(0, people, CHUNK):
                with transaction.atomic():
                    writer.begin_transaction()
                    for true_id in range(first, min(people, first + CHUNK)):
                        person = identity(seed, true_id)
                        life.write(
                            true_id,
                            records_of(
                                person, seed=seed, true_id=true_id, duplicate_rate=duplicate_rate
                            ),
                        )
                    writer.flush()
                counts = life.counts
                report(
                    f"{counts.people:,} of {people:,} people: {counts.records:,} records, "
                    f"{counts.contacts:,} contacts ({time.perf_counter() - started:.0f} s)"
                )
    with transaction.atomic():
        mark_occupied_units(world)
        save_street_counts(world, life.count_nights, COUNT_NIGHT)
    partial.replace(truth_path)
    if connection.vendor == "postgresql":
        # Fresh statistics: without them PostgreSQL plans queries on these tables as if empty.
        # Street contacts are vacuumed too (outside a transaction only: tests run in one): the
        # reports' index-only scans need the visibility map, which autovacuum sets only later.
        vacuum = not connection.in_atomic_block
        with connection.cursor() as cursor:
            for table in tables.ALL_TABLES:
                command = "ANALYZE"
                if vacuum and table in (tables.STREET_CONTACT, tables.BEDDED_DOWN_MONTH):
                    command = "VACUUM ANALYZE"
                cursor.execute(f"{command} {connection.ops.quote_name(table.name)}")
    counts = life.counts
    return Generated(
        partnership=world.partnership,
        people=counts.people,
        records=counts.records,
        contacts=counts.contacts,
        referrals=counts.referrals,
        placements=counts.placements,
        assessments=counts.assessments,
        notes=counts.notes,
        truth_path=truth_path,
        seconds=time.perf_counter() - started,
        rows=sum(writer.written.values()),
    )
