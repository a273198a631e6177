"""Who may see the by-name list and what of it: front-line staff of the partnership; another
agency without sharing permission sees no name (only that the person is on the list and their
lead worker); restricted and merged people never appear; another partnership's people are
never listed and their pages are "Page not found"; commissioners, admins and data protection
officers get no personal rows at all."""

import pytest
from django.test import Client
from django.urls import reverse

from waypost.accounts.models import Membership, Role
from waypost.outreach.models import ListStatus
from waypost.outreach.tests.test_list_page import URL, build_list, names, table_rows
from waypost.testing.pages import without_random_values
from waypost.testing.personas import make_user, mark_recently_authenticated

CSV_URL = reverse("outreach:list_export")


@pytest.fixture
def the_list(world, caseworker_user, outreach_user):
    return build_list(world, caseworker_user, outreach_user)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


@pytest.mark.parametrize("persona", ["commissioner_client", "admin_client", "dpo_client"])
def test_roles_without_casework_get_no_list_and_no_download(request, persona, the_list):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, the_list):
    for url in (URL, CSV_URL, reverse("outreach:list_settings")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_agency_without_sharing_sees_no_name_but_the_lead_worker(
    coordinator_client, the_list
):
    html = coordinator_client.get(URL, {"sort": "name"}).content.decode()
    rows = table_rows(html)
    assert [r[0] for r in rows] == [
        "Cal Council",  # the council's own record
        "Sam Shared",  # shared with every agency
        "Details not shared | Ask their lead worker",  # Coventry Outreach's, not shared
    ]
    assert rows[2][1:] == [
        "Not shared",
        "Outreach.Worker | Coventry Outreach",
        "Not shared",
        "Not shared",
    ]
    assert "Una" not in without_random_values(html) and "Unshared" not in html
    assert "In hospital" not in html.split('id="by-name-list"')[1]
    # No link to change a status the coordinator cannot see, nor to the person's page.
    assert reverse("outreach:list_status", args=[the_list.unshared.pk]) not in html
    assert reverse("people:detail", args=[the_list.unshared.pk]) not in html


def test_an_agency_that_has_not_signed_sees_only_whom_it_recorded(the_list, world):
    # The hospital has not signed the agreement: nobody on the list is known to it.
    social_worker = make_user("sw@coventry.test", agency=world.hospital, role=Role.CASEWORKER)
    html = _client(social_worker).get(URL).content.decode()
    assert table_rows(html) == []
    assert "There is no one on the list you can see yet." in html


def test_a_referrer_may_not_see_download_or_change_the_list(the_list, world):
    """Referrers work through their referrals; the whole list is more than they need."""
    from waypost.testing.people import sign_agreement_for

    sign_agreement_for(world.hospital)
    nurse = make_user("nurse@coventry.test", agency=world.hospital, role=Role.REFERRER)
    client = _client(nurse)
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403
    assert client.get(reverse("outreach:list_status", args=[the_list.shared.pk])).status_code == 403


def test_restricted_and_merged_people_never_appear_even_when_filtered_for(
    outreach_client, the_list
):
    statuses = [s.value for s in ListStatus]
    html = outreach_client.get(URL, {"status": statuses}).content.decode()
    shown = names(html)
    assert "Hal Housed" in shown
    assert not {"Rita Restricted", "Mo Merged", "Bea Brum"} & set(shown)
    csv_text = outreach_client.get(CSV_URL, {"status": statuses}).content.decode()
    assert "Restricted" not in csv_text and "Merged" not in csv_text and "Brum" not in csv_text


def test_another_partnership_sees_only_its_own_list(the_list, world):
    brum = _client(make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER))
    html = brum.get(URL).content.decode()
    assert names(html) == ["Bea Brum"]
    assert "Birmingham" in html and "Coventry" not in html
    assert brum.get(URL, {"partnership": "coventry"}).status_code == 404
    assert brum.get(CSV_URL, {"partnership": "coventry"}).status_code == 404
    for name in ("outreach:list_status", "outreach:list_add"):
        assert brum.get(reverse(name, args=[the_list.shared.pk])).status_code == 404


def test_someone_in_two_partnerships_chooses_which_list(the_list, world, outreach_user):
    Membership.objects.create(user=outreach_user, agency=world.brum_council,
                              role=Role.CASEWORKER)  # fmt: skip
    client = _client(outreach_user)
    html = client.get(URL).content.decode()
    assert '<select class="govuk-select" id="id_partnership" name="partnership">' in html
    assert names(html) == ["Bea Brum"]  # Birmingham first, by name
    html = client.get(URL, {"partnership": "coventry", "sort": "name"}).content.decode()
    assert names(html) == ["Sam Shared", "Una Unshared", "Details not shared"]
    assert 'href="?partnership=coventry&amp;sort=name&amp;order=desc"' in html
