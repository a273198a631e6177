"""An alert no area covers waits, visibly, for a coordinator, who sends it to the partnership
that covers the place or records that it was passed to a service outside Waypost."""

from waypost.notifications.models import Notification, OutboxMessage
from waypost.referrals.models import Alert, AlertStatus
from waypost.referrals.tests.helpers import make_alert


def _stray(**fields):
    return make_alert(postcode="", town="Kenilworth", **fields)


def test_a_coordinator_sends_it_to_the_partnership_that_covers_the_place(
    coordinator_client, areas, world, brum_outreach_client
):
    alert = _stray()
    response = coordinator_client.post(
        f"/alerts/{alert.pk}/forward/", {"partnership": str(world.birmingham.pk)}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.partnership == world.birmingham
    assert alert.status == AlertStatus.WAITING
    assert alert.routed_by.startswith("forwarded by")
    # Birmingham's outreach now have it; the Coventry coordinator no longer sees it.
    assert alert.display_reference in brum_outreach_client.get("/alerts/queue/").content.decode()
    assert coordinator_client.get(f"/alerts/{alert.pk}/").status_code == 404


def test_passing_it_outside_waypost_closes_it_and_tells_the_alerter(coordinator_client, areas):
    alert = _stray(wants_feedback=True, alerter_email="alerter@example.com")
    coordinator_client.post(
        f"/alerts/{alert.pk}/forward/", {"forwarded_to": "StreetLink, for Warwick district"}
    )
    alert.refresh_from_db()
    assert alert.status == AlertStatus.FORWARDED
    assert alert.forwarded_to == "StreetLink, for Warwick district"
    email = OutboxMessage.objects.get()
    assert "passed your alert to the outreach service for that area" in email.body
    assert alert.alerter_email == ""
    assert (
        "Passed to another area"
        in coordinator_client.get(f"/alerts/status/{alert.reference}/").content.decode()
    )


def test_the_form_needs_exactly_one_destination(coordinator_client, areas, world):
    alert = _stray()
    page = coordinator_client.post(f"/alerts/{alert.pk}/forward/", {}).content.decode()
    assert "Choose a partnership, or enter the service outside Waypost" in page
    page = coordinator_client.post(
        f"/alerts/{alert.pk}/forward/",
        {"partnership": str(world.birmingham.pk), "forwarded_to": "StreetLink"},
    ).content.decode()
    assert "not both" in page
    assert 'value="StreetLink"' in page
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.OUT_OF_AREA


def test_a_coordinator_can_send_a_misrouted_alert_on(
    coordinator_client, areas, world, brum_outreach_client
):
    alert = make_alert()
    assert alert.partnership == world.coventry
    coordinator_client.post(
        f"/alerts/{alert.pk}/forward/", {"partnership": str(world.birmingham.pk)}
    )
    alert.refresh_from_db()
    assert alert.partnership == world.birmingham
    told = Notification.objects.filter(link=f"/alerts/{alert.pk}/").values_list(
        "user__email", flat=True
    )
    assert "outreach@birmingham.test" in told


def test_outreach_workers_and_other_roles_cannot_forward(
    outreach_client, commissioner_client, areas
):
    alert = make_alert()
    for client in (outreach_client, commissioner_client):
        assert client.get(f"/alerts/{alert.pk}/forward/").status_code == 403
        assert client.post(f"/alerts/{alert.pk}/forward/", {"forwarded_to": "X"}).status_code == 403
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.WAITING


def test_another_partnerships_coordinator_cannot_see_or_forward_a_routed_alert(areas, world):
    from django.test import Client

    from waypost.accounts.models import Role
    from waypost.testing.personas import make_user

    user = make_user("coord@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    alert = make_alert()
    assert client.get(f"/alerts/{alert.pk}/").status_code == 404
    assert client.post(f"/alerts/{alert.pk}/forward/", {"forwarded_to": "X"}).status_code == 404
