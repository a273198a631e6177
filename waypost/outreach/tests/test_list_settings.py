"""The partnership's "no contact" setting: coordinators and partnership admins set it to a whole
number of days from 1 to 365, with a clear error otherwise; nobody else may, and nobody may
change another partnership's."""

import pytest
from django.urls import reverse

from waypost.accounts.models import Membership, Role
from waypost.outreach.models import NO_CONTACT_DAYS, OutreachSettings
from waypost.testing.personas import mark_recently_authenticated

URL = reverse("outreach:list_settings")


def _days(partnership) -> int | None:
    return (
        OutreachSettings.objects.filter(partnership=partnership)
        .values_list("no_contact_days", flat=True)
        .first()
    )


@pytest.mark.parametrize("persona", ["coordinator_client", "admin_client"])
def test_coordinators_and_admins_set_the_days(request, persona, world):
    client = request.getfixturevalue(persona)
    html = client.get(URL).content.decode()
    assert f"It is now {NO_CONTACT_DAYS} days." in html
    assert f'value="{NO_CONTACT_DAYS}"' in html
    response = client.post(URL, {"no_contact_days": " 14 ", "partnership": "coventry"})
    assert response.status_code == 302 and response["Location"] == URL
    assert _days(world.coventry) == 14
    html = client.get(URL).content.decode()
    assert "now show as “No contact”" in html and "It is now 14 days." in html


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter the number of days, like 28"),
        ("0", "The number of days must be between 1 and 365"),
        ("366", "The number of days must be between 1 and 365"),
        ("two weeks", "Enter the number of days as a whole number, like 28"),
        ("-3", "Enter the number of days as a whole number, like 28"),
        ("7.5", "Enter the number of days as a whole number, like 28"),
    ],
)
def test_bad_numbers_are_explained_and_kept(coordinator_client, world, typed, error):
    response = coordinator_client.post(URL, {"no_contact_days": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and error in html
    assert f'value="{typed}"' in html or not typed
    assert _days(world.coventry) is None


def test_the_limits_are_allowed(coordinator_client, world):
    for days in (1, 365):
        coordinator_client.post(URL, {"no_contact_days": str(days)})
        assert _days(world.coventry) == days


@pytest.mark.parametrize(
    "persona", ["outreach_client", "caseworker_client", "referrer_client", "commissioner_client",
                "dpo_client"],
)  # fmt: skip
def test_other_roles_may_not(request, persona, world):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"no_contact_days": "3"}).status_code == 403
    assert _days(world.coventry) is None


def test_another_partnerships_setting_is_page_not_found(birmingham_admin_client, world):
    assert birmingham_admin_client.get(URL, {"partnership": "coventry"}).status_code == 404
    response = birmingham_admin_client.post(
        URL, {"no_contact_days": "3", "partnership": "coventry"}
    )
    assert response.status_code == 404
    assert _days(world.coventry) is None
    # Their own is theirs to set.
    birmingham_admin_client.post(URL, {"no_contact_days": "3"})
    assert _days(world.birmingham) == 3


def test_someone_in_two_partnerships_chooses(world, coordinator_user):
    from django.test import Client

    Membership.objects.create(user=coordinator_user, agency=world.brum_council,
                              role=Role.PARTNERSHIP_ADMIN)  # fmt: skip
    client = Client()
    client.force_login(coordinator_user)
    mark_recently_authenticated(client, coordinator_user)
    html = client.get(URL).content.decode()
    assert '<span class="govuk-caption-l">Birmingham</span>' in html
    assert f'href="{URL}?partnership=coventry"' in html
    response = client.post(URL, {"no_contact_days": "10", "partnership": "coventry"})
    assert response["Location"] == f"{URL}?partnership=coventry"
    assert (_days(world.coventry), _days(world.birmingham)) == (10, None)
