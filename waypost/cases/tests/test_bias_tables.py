"""The bias panel: everyone's current tier by gender, ethnic group and age group, as tables
with counts and the share of each group in each tier; restricted and merged records left out;
counts from 1 to 4 hidden from commissioners."""

import re
from datetime import date, timedelta

from django.utils import timezone

from waypost.cases.bias import tier_distribution
from waypost.cases.models import TierResult
from waypost.cases.threshold_actions import current_model
from waypost.people.models import Person
from waypost.testing.people import make_person


def tiered(world, tier, *, agency=None, at=None, **fields):
    """A person with a tier result (recorded by the council unless `agency` is given)."""
    agency = agency or world.council
    person = make_person(agency, **fields)
    TierResult.objects.create(
        person=person,
        model=current_model(agency.partnership),
        score=0,
        tier=tier,
        recorded_by_agency=agency,
        calculated_at=at or timezone.now(),
    )
    return person


def _rows(distribution):
    return {row.key: row.by_tier for row in distribution.rows if row.total}


def test_current_tiers_by_gender_ethnicity_and_age(world):
    today = date(2026, 6, 15)
    tiered(world, 1, gender="woman", ethnicity="black_caribbean", birth_date=date(2000, 1, 1))
    tiered(world, 1, gender="woman", ethnicity="black_african", birth_date=date(1970, 1, 1))
    tiered(world, 2, gender="man", ethnicity="white_irish", birth_date=date(1961, 6, 16))
    tiered(world, 3, gender="man", ethnicity="", birth_date=None, birth_date_precision="unknown")
    # Only the newest result counts: tier 1 once, tier 3 now.
    changed = tiered(
        world, 1, gender="man", ethnicity="not_said", at=timezone.now() - timedelta(days=9)
    )
    TierResult.objects.create(
        person=changed,
        model=current_model(world.coventry),
        score=0,
        tier=3,
        recorded_by_agency=world.council,
    )

    gender, ethnicity, age = tier_distribution(world.coventry, today)

    assert _rows(gender) == {"woman": {1: 2}, "man": {2: 1, 3: 2}}
    assert gender.everyone.by_tier == {1: 2, 2: 1, 3: 2}
    assert _rows(ethnicity) == {
        "black": {1: 2},
        "white": {2: 1},
        "not_said": {3: 1},
        "not_recorded": {3: 1},
    }
    # Born 1 Jan 2000: 26; 1 Jan 1970: 56; 16 Jun 1961: 65 tomorrow, so 64 today.
    # Jo Bloggs (make_person's default birth date, 1 March 1980) is 46.
    assert _rows(age) == {
        "25_34": {1: 1},
        "55_64": {1: 1, 2: 1},
        "45_54": {3: 1},
        "not_known": {3: 1},
    }
    woman = next(row for row in gender.rows if row.key == "woman")
    assert woman.percent(1) == 100.0


def test_restricted_merged_unassessed_and_other_partnerships_are_left_out(world):
    kept = tiered(world, 2, gender="woman")
    restricted = tiered(world, 1, gender="woman")
    merged = tiered(world, 1, gender="woman")
    now = timezone.now()
    Person.objects.filter(pk=restricted.pk).update(restricted_at=now)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept, merged_at=now)
    make_person(world.council, gender="woman")  # never assessed: no tier
    tiered(world, 1, agency=world.brum_council, gender="woman")
    gender, _, _ = tier_distribution(world.coventry, timezone.localdate())
    assert _rows(gender) == {"woman": {2: 1}}


def test_a_birthday_moves_someone_into_the_next_age_group(world):
    today = date(2026, 6, 15)
    tiered(world, 3, birth_date=date(2008, 6, 15))  # 18 today
    tiered(world, 3, birth_date=date(2008, 6, 16))  # 18 tomorrow
    _, _, age = tier_distribution(world.coventry, today)
    assert _rows(age) == {"18_24": {3: 1}, "under_18": {3: 1}}


def _table_rows(html, table_id):
    start = html.index(f'id="{table_id}"')
    body = html[start : html.index("</table>", start)]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_coordinators_see_exact_counts_and_shares(coordinator_client, world):
    for tier in (1, 1, 2):
        tiered(world, tier, gender="woman")
    html = coordinator_client.get("/cases/threshold/").content.decode()
    rows = _table_rows(html, "gender-tiers-table")
    assert rows[0] == ["Gender", "Tier 1", "Tier 2", "Tier 3"]
    assert ["Woman: 3 people", "2 (66.7%)", "1 (33.3%)", "0 (0%)"] in rows
    assert ["Man: no one", "0", "0", "0"] in rows
    assert rows[-1] == ["Everyone with a tier: 3 people", "2 (66.7%)", "1 (33.3%)", "0 (0%)"]
    assert 'aria-labelledby="gender-tier-one-chart' in html
    assert "Share of each gender in tier 1" in html
    assert "fewer than 5" not in html


def test_commissioners_see_no_count_from_1_to_4(commissioner_client, world):
    for tier in (1, 1, 2, 3, 3, 3, 3, 3, 3):
        tiered(world, tier, gender="man")
    tiered(world, 1, gender="woman")
    html = commissioner_client.get("/cases/threshold/").content.decode()
    rows = _table_rows(html, "gender-tiers-table")
    # Even the zeros of a group of 1 to 4 are hidden: they would say which tier those few are in.
    assert ["Woman: number not shown", "Not shown", "Not shown", "Not shown"] in rows
    # The woman's 1 in tier 1 is not the Everyone row's tier 1 minus the men's: those are hidden.
    man = next(row for row in rows if row[0].startswith("Man"))
    everyone = next(row for row in rows if row[0].startswith("Everyone"))
    assert man[1] == "Not shown" and everyone[1] == "Not shown"
    assert man[3] == "6 (66.7%)" or man[0] == "Man: number not shown"
    shown = [cell.split(" ")[0] for row in rows[1:] for cell in row[1:]]
    assert not {"1", "2", "3", "4"} & set(shown)
    assert "Counts from 1 to 4 are not shown" in html
    # The chart leaves out groups too small to show; the tier 1 share of men is 1 to 4 people.
    assert "Share of each gender in tier 1" not in html
