"""Benchmark interactive matching (find_candidates) and search at 10k or 100k people.

Not a test: run it by hand against a throwaway database. It builds a synthetic partnership
(waypost/people/matching/synthetic.py) spread over three agencies, with consent to share
recorded for most people, then times noisy queries as a caseworker at one agency and prints
p50/p95/p99 latency and the share of queries with the true person in the top 5.

    # SQLite (a file under /tmp)
    .venv/bin/python bench/match_benchmark.py --people 10000
    # PostgreSQL (the database is created when missing)
    .venv/bin/python bench/match_benchmark.py --people 100000 \
        --database-url postgres://postgres@127.0.0.1:5432/waypost_bench

The population is kept between runs of the same size and seed, so a second run only times.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _configure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypost.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("WAYPOST_DEMO", "1")
    if database_url.startswith("postgres"):
        _create_postgres_database(database_url)
    import django

    django.setup()


def _create_postgres_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _population(people: int, seed: int):  # type: ignore[no-untyped-def]
    from django.core.management import call_command
    from django.db import connection

    from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role, User
    from waypost.people.matching.synthetic import create_population, make_population
    from waypost.people.models import Person
    from waypost.sharing.models import (
        ObtainedHow,
        PermissionStatus,
        PermittedSection,
        SharingPermission,
    )
    from waypost.sharing.policy import PERSON_SECTIONS
    from waypost.testing.people import sign_agreement_for

    call_command("migrate", verbosity=0)
    slug = f"bench-{people}-{seed}"
    specs = make_population(people, seed=seed)
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        started = time.perf_counter()
        partnership = Partnership.objects.create(name=slug, slug=slug, region="Bench")
        agencies = [
            Agency.objects.create(partnership=partnership, name=f"{slug} {t}", type=t)
            for t in (AgencyType.HOUSING_OPTIONS, AgencyType.OUTREACH, AgencyType.HOSPITAL)
        ]
        sign_agreement_for(*agencies)
        stored = []
        for i, agency in enumerate(agencies):
            stored += create_population(specs[i :: len(agencies)], agency=agency)
        # Most people agree to share; the rest stay with the agency that recorded them.
        rng = random.Random(seed)
        consenting = [p for p in stored if rng.random() < 0.7]
        permissions = SharingPermission.objects.bulk_create(
            [
                SharingPermission(
                    person=p,
                    status=PermissionStatus.GIVEN,
                    obtained_how=ObtainedHow.VERBAL_WITNESSED,
                    witness_name="Bench",
                    recorded_by_agency_id=p.recorded_by_agency_id,
                )
                for p in consenting
            ],
            batch_size=2000,
        )
        PermittedSection.objects.bulk_create(
            [
                PermittedSection(permission=perm, section=s)
                for perm in permissions
                for s in PERSON_SECTIONS
            ],
            batch_size=5000,
        )
        user = User.objects.create_user(f"caseworker@{slug}.bench", "bench-password-not-used")
        Membership.objects.create(user=user, agency=agencies[0], role=Role.CASEWORKER)
        if connection.vendor == "postgresql":
            # Autovacuum would soon; without statistics after a bulk load PostgreSQL plans the
            # sharing-permission checks as a hash of every permission.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"built {people} people in {time.perf_counter() - started:.0f} s")
    user = User.objects.get(email=f"caseworker@{slug}.bench")
    stored = list(
        Person.objects.filter(partnership=partnership).values_list(
            "id", "given_name", "family_name", "birth_date"
        )
    )
    visible = set(Person.objects.visible_to(user).values_list("id", flat=True))
    return specs, stored, visible, user


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:////tmp/waypost-bench-{args.people}.sqlite3"
    _configure(url)

    from django.db import connection

    from waypost.people.matching import find_candidates
    from waypost.people.matching.synthetic import noisy_query
    from waypost.people.search import search_people
    from waypost.sharing.policy import active_memberships

    specs, stored, visible, user = _population(args.people, args.seed)
    # The stored record(s) of each synthetic person: names and date of birth.
    truth_of: dict[tuple[object, ...], set[object]] = {}
    for pk, given, family, born in stored:
        truth_of.setdefault((given, family, born), set()).add(pk)
    memberships = active_memberships(user)
    rng = random.Random(args.seed + 1)
    picks = rng.sample(range(len(specs)), args.queries)
    queries = [noisy_query(rng, specs[i]) for i in picks]
    # Warm up (imports, caches, prepared plans).
    for query in queries[:20]:
        find_candidates(user, query, memberships=memberships)

    match_ms, match_cpu_ms, hits, findable = [], [], 0, 0
    for i, query in zip(picks, queries, strict=True):
        started, cpu = time.perf_counter(), time.process_time()
        found = find_candidates(user, query, memberships=memberships, limit=10)
        match_ms.append((time.perf_counter() - started) * 1000)
        match_cpu_ms.append((time.process_time() - cpu) * 1000)
        spec = specs[i]
        truth = truth_of.get((spec.given, spec.family, spec.birth_date), set()) & visible
        # Only people the caseworker may see can be found (the rest are rightly never shown).
        if truth:
            findable += 1
            hits += bool(truth & {c.person.pk for c in found[:5]})

    search_ms = []
    for i in picks[:200]:
        text = f"{specs[i].given} {specs[i].family}"
        started = time.perf_counter()
        search_people(user, text, memberships=memberships)
        search_ms.append((time.perf_counter() - started) * 1000)

    vendor = connection.vendor
    print(f"{vendor} people={args.people} queries={len(queries)} visible={len(visible)}")
    print(
        f"match  p50={statistics.median(match_ms):.1f} ms  p95={_percentile(match_ms, 0.95):.1f} ms"
        f"  p99={_percentile(match_ms, 0.99):.1f} ms  true person in top 5: {hits / findable:.1%}"
        f" of {findable} queries whose person the caseworker may see"
    )
    # CPU time of this process: steadier than wall time on a busy machine (with SQLite it
    # includes the database's work; with PostgreSQL the server's work is not in it).
    print(
        f"match CPU time in this process: p50={statistics.median(match_cpu_ms):.1f} ms  "
        f"p95={_percentile(match_cpu_ms, 0.95):.1f} ms"
    )
    print(
        f"search p50={statistics.median(search_ms):.1f} ms  "
        f"p95={_percentile(search_ms, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
