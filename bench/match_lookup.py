"""Person match look-up: the call a caseworker's "is this person already known?" search makes.

`find_candidates(user, query)` as the caseworker at the housing options team, so only records
the access policy lets them see are considered. Queries are the population's own identities
described with a worker's slips (`noisy_query`); the true answer is known from the truth file,
so the share of look-ups with the true person in the top 5 is measured beside the latency.
"""

import random
import statistics
import time
from typing import Any

from bench.results import Row, Target, ms, percentile, short

MATCH_TARGET = Target("p95_ms", "<=", 50, "p95 ≤ 50 ms at 1M people", at_size=1_000_000)


def measure(info: Any, engine: str, *, queries: int, seed: int) -> list[Row]:
    from bench import population, staff
    from waypost.people.matching import find_candidates
    from waypost.people.matching.synthetic import noisy_query
    from waypost.people.models import Person
    from waypost.people.search import search_people
    from waypost.sharing.policy import active_memberships

    partnership = population.partnership()
    user = staff.match_caseworker(partnership)
    memberships = active_memberships(user)
    people = population.identities(info)
    records_of: dict[int, set[str]] = {}
    for person_id, true_id in population.truth(info).items():
        records_of.setdefault(true_id, set()).add(person_id)
    visible = {str(pk) for pk in Person.objects.visible_to(user).values_list("id", flat=True)}

    rng = random.Random(seed + 1)
    picks = rng.sample(range(len(people)), min(queries, len(people)))
    asked = [noisy_query(rng, people[i]) for i in picks]
    for query in asked[:20]:  # warm up: imports, caches, prepared plans
        find_candidates(user, query, memberships=memberships)

    wall_ms: list[float] = []
    hits = findable = 0
    for true_id, query in zip(picks, asked, strict=True):
        started = time.perf_counter()
        found = find_candidates(user, query, memberships=memberships, limit=10)
        wall_ms.append((time.perf_counter() - started) * 1000)
        # Only records the caseworker may see can be found: the rest are rightly never shown.
        truth = records_of.get(true_id, set()) & visible
        if truth:
            findable += 1
            hits += bool(truth & {str(c.person.pk) for c in found[:5]})

    search_ms: list[float] = []
    for i in picks[:200]:
        text = f"{people[i].given} {people[i].family}"
        started = time.perf_counter()
        search_people(user, text, memberships=memberships)
        search_ms.append((time.perf_counter() - started) * 1000)

    scale = f"{short(info.people)} people ({short(info.records)} records)"
    hit_rate = hits / findable if findable else 0.0
    match = {
        "queries": float(len(wall_ms)),
        "p50_ms": statistics.median(wall_ms),
        "p95_ms": percentile(wall_ms, 0.95),
        "p99_ms": percentile(wall_ms, 0.99),
        "top5_hit_rate": hit_rate,
        "findable": float(findable),
    }
    search = {
        "queries": float(len(search_ms)),
        "p50_ms": statistics.median(search_ms),
        "p95_ms": percentile(search_ms, 0.95),
    }
    return [
        Row(
            benchmark="match lookup",
            engine=engine,
            scale=scale,
            size=info.people,
            numbers=match,
            figures=(
                f"p50 {ms(match['p50_ms'])}, p95 {ms(match['p95_ms'])}, "
                f"p99 {ms(match['p99_ms'])}; true person in top 5: {hit_rate:.1%} "
                f"of {findable} findable look-ups ({len(wall_ms)} look-ups)"
            ),
            target=MATCH_TARGET,
        ),
        Row(
            benchmark="name search (in process)",
            engine=engine,
            scale=scale,
            size=info.people,
            numbers=search,
            figures=(
                f"p50 {ms(search['p50_ms'])}, p95 {ms(search['p95_ms'])} "
                f"({len(search_ms)} searches)"
            ),
        ),
    ]
