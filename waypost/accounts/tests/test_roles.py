"""Each role reaches only its pages; the commissioner never reaches a page with personal data."""

import pytest
from django.urls import reverse

STAFF_ONLY = ["accounts:staff", "accounts:invite"]
DPO_ONLY = ["audit:log", "audit:export"]
EVERY_MEMBER = ["pages:home", "accounts:account", "notifications:list"]

ROLE_CLIENTS = [
    "admin_client",
    "coordinator_client",
    "caseworker_client",
    "outreach_client",
    "referrer_client",
    "commissioner_client",
    "dpo_client",
]


@pytest.mark.parametrize("client_name", ROLE_CLIENTS)
def test_it_lets_every_member_reach_their_own_pages(request, client_name):
    client = request.getfixturevalue(client_name)
    for name in EVERY_MEMBER:
        assert client.get(reverse(name)).status_code == 200, name


@pytest.mark.parametrize("client_name", ROLE_CLIENTS)
def test_it_keeps_staff_management_for_partnership_admins(request, client_name):
    client = request.getfixturevalue(client_name)
    expected = 200 if client_name == "admin_client" else 403
    for name in STAFF_ONLY:
        assert client.get(reverse(name)).status_code == expected, name


@pytest.mark.parametrize("client_name", ROLE_CLIENTS)
def test_it_keeps_the_access_log_for_data_protection_officers(request, client_name):
    client = request.getfixturevalue(client_name)
    expected = 200 if client_name == "dpo_client" else 403
    for name in DPO_ONLY:
        assert client.get(reverse(name)).status_code == expected, name


def test_it_never_shows_the_commissioner_a_page_with_personal_data(
    commissioner_client, caseworker_user
):
    pages = [
        reverse("accounts:staff"),
        reverse("accounts:staff_member", args=[caseworker_user.pk]),
        reverse("audit:log"),
        reverse("audit:export"),
    ]
    for url in pages:
        response = commissioner_client.get(url)
        assert response.status_code == 403, url
        assert caseworker_user.email not in response.content.decode()


def test_it_shows_navigation_by_role(admin_client, dpo_client, commissioner_client):
    assert "Staff" in admin_client.get("/").content.decode()
    assert "Access log" not in admin_client.get("/").content.decode()
    assert "Access log" in dpo_client.get("/").content.decode()
    home = commissioner_client.get("/").content.decode()
    assert "Staff" not in home and "Access log" not in home


def test_it_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("accounts:staff"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_referral_pages_are_in_the_navigation_of_those_who_use_them(
    caseworker_client, referrer_client, outreach_client, commissioner_client
):
    """The housing options team triages; a hospital referrer sees what they sent and who is
    due out; outreach can refer; commissioners see figures only."""

    def nav(client):
        html = client.get("/").content.decode()
        return html[html.index("govuk-service-navigation") :]

    team = nav(caseworker_client)
    assert 'href="/referrals/queue/"' in team and 'href="/referrals/caseload/"' in team
    assert 'href="/referrals/discharges/"' in team
    referrer = nav(referrer_client)
    assert 'href="/referrals/mine/"' in referrer and 'href="/referrals/discharges/"' in referrer
    assert 'href="/referrals/queue/"' not in referrer
    assert 'href="/referrals/mine/"' in nav(outreach_client)
    figures = nav(commissioner_client)
    assert 'href="/referrals/analysis/"' in figures and "/referrals/mine/" not in figures
