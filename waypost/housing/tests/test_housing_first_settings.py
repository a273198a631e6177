"""The housing settings page: coordinators and partnership admins set the Housing First target
and room for all's window for new people; the row is made the first time someone saves; others
are refused and another partnership's settings are not found."""

import pytest

from waypost.accounts.models import Membership, Role
from waypost.housing.housing_first_access import housing_settings_for
from waypost.housing.models import HousingSettings
from waypost.housing.tests.test_housing_first_helpers import client_for, member

URL = "/housing/housing-first/settings/"


@pytest.mark.parametrize("persona", ["coordinator", "admin"])
def test_coordinators_and_admins_change_the_settings(request, world, persona):
    client = request.getfixturevalue(f"{persona}_client")
    page = client.get(URL).content.decode()
    assert 'value="109"' in page and 'value="28"' in page  # the defaults, nothing saved yet
    assert "by-name list over this many days" in page  # the hint explains room for all's use
    assert not HousingSettings.objects.exists()
    response = client.post(URL, {"housing_first_target": "150", "new_people_window_days": "14"})
    assert response.status_code == 302 and response.url == URL
    saved = HousingSettings.objects.get(partnership=world.coventry)
    assert (saved.housing_first_target, saved.new_people_window_days) == (150, 14)
    page = client.get(URL).content.decode()
    assert "The Housing First target for Coventry is 150 people." in page
    assert 'value="150"' in page


@pytest.mark.parametrize(
    ("target", "days", "message"),
    [
        ("", "28", "Enter the Housing First target, like 109"),
        ("lots", "28", "Enter the target as a whole number, like 109"),
        ("0", "28", "The target must be between 1 and 100,000"),
        ("109", "", "Enter the number of days, like 28"),
        ("109", "400", "The number of days must be between 1 and 365"),
        ("109", "2.5", "Enter the number of days as a whole number, like 28"),
    ],
)
def test_mistakes_are_explained_and_kept(coordinator_client, world, target, days, message):
    page = coordinator_client.post(
        URL, {"housing_first_target": target, "new_people_window_days": days}
    ).content.decode()
    assert message in page
    assert "There is a problem" in page
    assert f'value="{target}"' in page or not target
    assert not HousingSettings.objects.exists()


def test_a_comma_in_a_big_target_is_fine(coordinator_client, world):
    coordinator_client.post(URL, {"housing_first_target": "1,200", "new_people_window_days": "28"})
    assert housing_settings_for(world.coventry).housing_first_target == 1200


@pytest.mark.parametrize(
    "persona", ["caseworker", "outreach", "referrer", "commissioner", "dpo", "provider"]
)
def test_other_roles_may_not_change_the_settings(request, world, persona):
    client = request.getfixturevalue(f"{persona}_client")
    assert client.get(URL).status_code == 403
    data = {"housing_first_target": "1", "new_people_window_days": "1"}
    assert client.post(URL, data).status_code == 403
    assert not HousingSettings.objects.exists()


def test_another_partnerships_settings_are_not_found(birmingham_admin_client, world):
    assert birmingham_admin_client.get(URL + "?partnership=coventry").status_code == 404
    data = {"partnership": "coventry", "housing_first_target": "5", "new_people_window_days": "5"}
    assert birmingham_admin_client.post(URL, data).status_code == 404
    assert birmingham_admin_client.post(URL, data | {"partnership": ""}).status_code == 302
    assert HousingSettings.objects.get().partnership == world.birmingham


def test_an_admin_of_two_partnerships_chooses_which(world):
    admin = member("both@coventry.test", world.council, Role.PARTNERSHIP_ADMIN)
    Membership.objects.create(user=admin, agency=world.brum_council, role=Role.COORDINATOR)
    client = client_for(admin)
    data = {
        "partnership": "birmingham",
        "housing_first_target": "80",
        "new_people_window_days": "7",
    }  # noqa: E501
    response = client.post(URL, data)
    assert response.url == URL + "?partnership=birmingham"
    assert HousingSettings.objects.get().partnership == world.birmingham
    assert "Birmingham" in client.get(response.url).content.decode()
