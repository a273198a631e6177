"""Setting the partnership's target for successful interventions: coordinators and partnership
admins of the partnership only, a whole number from 1 to 100 with clear errors, and a change
made by someone else meanwhile is not overwritten."""

import pytest
from django.urls import reverse

from waypost.referrals.models import DutyTarget

URL = reverse("referrals:duty_target", args=["coventry"])


def test_a_coordinator_sets_the_target(coordinator_client, coordinator_user, world):
    page = coordinator_client.get(URL).content.decode()
    assert 'name="percent" value="98"' in page
    assert "the plan’s target of 98% is used" in page

    response = coordinator_client.post(URL, {"percent": "95", "seen": ""}, follow=True)
    target = DutyTarget.objects.get(partnership=world.coventry)
    assert (target.percent, target.updated_by) == (95, coordinator_user)
    assert response.redirect_chain[-1][0] == reverse("referrals:analysis") + "?partnership=coventry"
    html = response.content.decode()
    assert "Coventry’s target is now 95%." in html
    assert "The target for successful interventions is 95%." in html


def test_a_partnership_admin_changes_it_again(admin_client, world):
    target = DutyTarget.objects.create(partnership=world.coventry, percent=90)
    page = admin_client.get(URL).content.decode()
    assert 'name="percent" value="90"' in page
    seen = target.updated_at.isoformat()
    admin_client.post(URL, {"percent": "97%", "seen": seen})
    target.refresh_from_db()
    assert target.percent == 97


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter the target, as a whole number from 1 to 100"),
        ("ninety", "Enter the target as a whole number, like 98"),
        ("98.5", "Enter the target as a whole number, like 98"),
        ("0", "The target must be between 1% and 100%"),
        ("101", "The target must be between 1% and 100%"),
    ],
)
def test_a_bad_target_is_explained_and_kept(coordinator_client, world, typed, error):
    response = coordinator_client.post(URL, {"percent": typed, "seen": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert error in html
    if typed:
        assert f'name="percent" value="{typed}"' in html
    assert not DutyTarget.objects.exists()


def test_a_change_made_meanwhile_is_not_overwritten(coordinator_client, world):
    # The coordinator opened the form when no target was set; an admin then set 80%.
    DutyTarget.objects.create(partnership=world.coventry, percent=80)
    response = coordinator_client.post(URL, {"percent": "95", "seen": ""})
    html = response.content.decode()
    assert "Someone else changed the target to 80% while you were editing it" in html
    assert 'name="percent" value="95"' in html
    assert DutyTarget.objects.get().percent == 80
    # Saving again, having seen the change, works.
    seen = DutyTarget.objects.get().updated_at.isoformat()
    assert f'name="seen" value="{seen}"' in html
    coordinator_client.post(URL, {"percent": "95", "seen": seen})
    assert DutyTarget.objects.get().percent == 95


@pytest.mark.parametrize("persona", ["commissioner_client", "caseworker_client", "referrer_client"])
def test_other_roles_cannot_set_it(request, persona, world):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"percent": "50", "seen": ""}).status_code == 403
    assert not DutyTarget.objects.exists()


def test_another_partnerships_admin_gets_404(birmingham_admin_client, world):
    assert birmingham_admin_client.get(URL).status_code == 404
    assert birmingham_admin_client.post(URL, {"percent": "50", "seen": ""}).status_code == 404
    assert not DutyTarget.objects.exists()
    own = reverse("referrals:duty_target", args=["birmingham"])
    assert birmingham_admin_client.get(own).status_code == 200


def test_only_coordinators_and_admins_see_the_link(coordinator_client, commissioner_client, world):
    url = reverse("referrals:analysis")
    from waypost.referrals.tests.test_analysis_figures import at, referral_at
    from waypost.testing.personas import make_user

    referrer = make_user("nurse@hospital.test", agency=world.hospital, role="referrer")
    referral_at(world, referrer, "Ann", at(2025, 12, 1, 10))
    query = {"start_on_0": "1", "start_on_1": "12", "start_on_2": "2025",
             "end_on_0": "31", "end_on_1": "12", "end_on_2": "2025"}  # fmt: skip
    assert "Change the target" in coordinator_client.get(url, query).content.decode()
    assert "Change the target" not in commissioner_client.get(url, query).content.decode()
