"""A person's tier page: the current tier and why (each factor and its points), factors from
sections the user may not see added up as one line so the total still adds up, and the tier
history across model versions."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from waypost.audit.models import AccessEvent, Section
from waypost.cases.models import Domain, ThresholdModel
from waypost.cases.tests.test_assessment_record import assess
from waypost.cases.threshold_actions import current_model, recalculate_partnership
from waypost.outreach.models import StreetContact
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import mark_recently_authenticated


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def why_rows(html: str) -> list[tuple[str, str]]:
    table = html[
        html.index('id="why-table"') : html.index("</table>", html.index('id="why-table"'))
    ]
    return [
        (re.sub(r"<[^>]+>", "", label).strip(), points)
        for label, points in re.findall(
            r"<th scope=\"row\"[^>]*>(.*?)</th>\s*<td[^>]*>(\d+)</td>", table, flags=re.S
        )
    ]


@pytest.fixture
def person(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    for months_ago in (0, 1, 2):  # seen bedded down in 3 months: 3 points
        StreetContact.objects.create(
            partnership=world.coventry,
            person=person,
            contacted_at=timezone.now() - timedelta(days=31 * months_ago),
            bedded_down=True,
            recorded_by_agency=world.outreach,
        )
    assess(
        person,
        caseworker_user,
        world.council,
        {Domain.MENTAL_HEALTH: 3, Domain.FINANCES: 2, Domain.RISK_FROM_OTHERS: 2},
    )
    return person


def test_the_recording_agency_sees_every_factor(caseworker_client, person):
    html = caseworker_client.get(f"/cases/people/{person.pk}/tier/").content.decode()
    # 6 + 2 + 4 + 3 = 15: tier 3
    assert "<strong>Tier 3</strong>: daily tasking and case management" in html
    assert why_rows(html) == [
        ("Mental health: high", "6"),
        ("Finances and benefits: medium", "2"),
        ("Risk from others: medium", "4"),
        ("Seen bedded down in 3 of the last 24 months", "3"),
        ("No return to sleeping rough in the last 24 months", "0"),
        ("Score", "15"),
    ]
    assert "Other factors you cannot see" not in html


def test_factors_from_hidden_sections_are_summed_so_the_total_adds_up(
    outreach_client, outreach_user, person, world, caseworker_user
):
    sign_agreement_for(world.council, world.outreach)
    give_consent(
        person,
        caseworker_user,
        world.council,
        sections=[s for s in PERSON_SECTIONS if s != Section.HEALTH],
    )
    html = outreach_client.get(f"/cases/people/{person.pk}/tier/").content.decode()
    rows = why_rows(html)
    assert ("Other factors you cannot see", "6") in rows
    assert "Mental health" not in html
    assert sum(int(p) for label, p in rows if label != "Score") == 15
    assert rows[-1] == ("Score", "15")
    sections = set(
        AccessEvent.objects.filter(user=outreach_user, route="cases:tier").values_list(
            "section", flat=True
        )
    )
    assert Section.HEALTH not in sections
    assert {Section.SUPPORT, Section.SAFEGUARDING, Section.CONTACT} <= sections


def test_another_agencys_tier_without_sharing_is_not_shown(outreach_client, person, world):
    sign_agreement_for(world.council, world.outreach)
    html = outreach_client.get(f"/cases/people/{person.pk}/tier/").content.decode()
    assert "The current tier was worked out from another agency’s assessment" in html
    assert 'id="why-table"' not in html
    assert "Current tier" not in html
    assert "No tier history you can see" in html


def test_someone_never_assessed_has_no_tier_yet(caseworker_client, world, caseworker_user):
    other = make_person(world.council, by=caseworker_user, given_name="Sam")
    html = caseworker_client.get(f"/cases/people/{other.pk}/tier/").content.decode()
    assert "No tier yet" in html


def test_the_history_keeps_tiers_under_each_version(
    caseworker_client, caseworker_user, coordinator_user, person, world
):
    v1 = current_model(world.coventry)
    rules = {
        **v1.rules,
        "domains": {**v1.rules["domains"], "finances": {"0": 0, "1": 1, "2": 9, "3": 12}},
    }
    v2 = ThresholdModel.objects.create(
        partnership=world.coventry,
        version=2,
        rules=rules,
        tiers=v1.tiers,
        created_by=coordinator_user,
    )
    recalculate_partnership(v2)
    html = caseworker_client.get(f"/cases/people/{person.pk}/tier/").content.decode()
    # 6 + 9 + 4 + 3 = 22 under version 2: tier 2.
    assert "<strong>Tier 2</strong>: partner tasking" in html
    history = html[html.index('id="history-table"') :]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", history)
    assert cells[:6] == ["Tier 2", "22", "2", "Tier 3", "15", "1"]


def test_the_page_costs_the_same_queries_however_long_the_history(
    caseworker_client, caseworker_user, person, world, django_assert_max_num_queries
):
    url = f"/cases/people/{person.pk}/tier/"
    with django_assert_max_num_queries(30) as first:
        caseworker_client.get(url)
    for _ in range(6):
        assess(person, caseworker_user, world.council, {Domain.FINANCES: 1})
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert caseworker_client.get(url).status_code == 200
