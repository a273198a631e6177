"""Who may see the referrals analysis: coordinators, commissioners and partnership admins of the
partnership, and caseworkers of its triage team; each sees only their own partnerships'
figures, and someone in several partnerships chooses which."""

import pytest
from django.test import Client
from django.urls import reverse

from waypost.accounts.models import Agency, AgencyType, Membership, Role
from waypost.referrals.tests.test_analysis_figures import first_quarter_referrals
from waypost.referrals.tests.test_analysis_page import FIRST_QUARTER_QUERY, table_rows
from waypost.testing.personas import make_user, mark_recently_authenticated

URL = reverse("referrals:analysis")
CSV_URL = reverse("referrals:analysis_csv")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


@pytest.fixture
def figures(world, referrer_user):
    first_quarter_referrals(world, referrer_user)


@pytest.mark.parametrize("persona", ["referrer_client", "outreach_client", "dpo_client"])
def test_other_roles_are_refused(request, persona, figures):
    client = request.getfixturevalue(persona)
    assert client.get(URL, FIRST_QUARTER_QUERY).status_code == 403
    assert client.get(CSV_URL, FIRST_QUARTER_QUERY).status_code == 403


def test_a_caseworker_outside_the_triage_team_is_refused(world):
    hostel = Agency.objects.create(
        partnership=world.coventry, name="Coventry Hostel", type=AgencyType.CHARITY
    )
    client = _client(make_user("worker@hostel.test", agency=hostel, role=Role.CASEWORKER))
    assert client.get(URL).status_code == 403


def test_birmingham_sees_only_birminghams_figures(birmingham_admin_client, figures):
    response = birmingham_admin_client.get(URL, FIRST_QUARTER_QUERY)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="govuk-caption-l">Birmingham</span>' in html
    assert "Birmingham received fewer than 5 referrals" not in html  # an admin: exact
    assert "Birmingham received 1 referral in this period" in html
    assert "Coventry" not in html
    # No choice of partnership to make, so no select.
    assert "<select" not in html


def test_birmingham_cannot_choose_coventry(birmingham_admin_client, figures):
    query = {**FIRST_QUARTER_QUERY, "partnership": "coventry"}
    assert birmingham_admin_client.get(URL, query).status_code == 404
    assert birmingham_admin_client.get(CSV_URL, query).status_code == 404
    assert birmingham_admin_client.get(URL, {"partnership": "nowhere"}).status_code == 404


def test_someone_in_two_partnerships_chooses_and_starts_with_their_first(
    world, coordinator_user, figures
):
    # Also a commissioner for Birmingham: exact counts for Coventry, not for Birmingham.
    Membership.objects.create(user=coordinator_user, agency=world.brum_council,
                              role=Role.COMMISSIONER)  # fmt: skip
    client = _client(coordinator_user)
    html = client.get(URL, FIRST_QUARTER_QUERY).content.decode()
    assert '<select name="partnership"' in html
    assert '<span class="govuk-caption-l">Birmingham</span>' in html  # first by name
    assert "Birmingham received fewer than 5 referrals" in html

    html = client.get(URL, {**FIRST_QUARTER_QUERY, "partnership": "coventry"}).content.decode()
    assert '<span class="govuk-caption-l">Coventry</span>' in html
    assert table_rows(html, "sources-table")[0] == ["Hospital inpatient service", "2", "33.3%"]
    assert '<option value="coventry" selected>' in html


def test_a_coordinator_at_another_agency_of_the_partnership_sees_it(world, figures):
    coordinator = make_user("coord@outreach.test", agency=world.outreach, role=Role.COORDINATOR)
    html = _client(coordinator).get(URL, FIRST_QUARTER_QUERY).content.decode()
    assert "Coventry received 6 referrals" in html


def test_the_page_shows_no_one_s_details(coordinator_client, figures):
    html = coordinator_client.get(URL, FIRST_QUARTER_QUERY).content.decode()
    for personal in ("Ann", "Hartley", "07700 900123", "sister"):
        assert personal not in html
