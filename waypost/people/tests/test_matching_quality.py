"""Matching quality: on a generated noisy population the true record is in the top 5 for at
least 95% of queries (typos, nicknames, swapped day and month, missing dates, aliases)."""

import random
import time

from waypost.people.matching import find_candidates
from waypost.people.matching.synthetic import create_population, make_population, noisy_query

POPULATION = 2000
QUERIES = 300


def test_the_true_record_is_in_the_top_five_for_95_percent_of_noisy_queries(world, caseworker_user):
    specs = make_population(POPULATION, seed=7)
    people = create_population(specs, agency=world.council)
    rng = random.Random(11)
    picks = rng.sample(range(POPULATION), QUERIES)
    found = 0
    misses = []
    started = time.perf_counter()
    for i in picks:
        query = noisy_query(rng, specs[i])
        ranked = [c.person.pk for c in find_candidates(caseworker_user, query, limit=5)]
        if people[i].pk in ranked:
            found += 1
        else:
            misses.append((specs[i], query))
    elapsed = time.perf_counter() - started
    rate = found / QUERIES
    for spec, query in misses[:15]:
        print(spec, query)
    print(f"top-5 rate {rate:.3f}; {elapsed / QUERIES * 1000:.1f} ms per query")
    assert rate >= 0.95
