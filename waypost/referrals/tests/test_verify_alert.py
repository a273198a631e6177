"""Outreach record the verification visit with StreetLink's outcome codes; the alerter gets a
plain-text update through the outbox (when they asked), then their address is forgotten."""

from datetime import date

from django.utils import timezone

from waypost.audit.models import AccessEvent
from waypost.notifications.models import OutboxMessage
from waypost.referrals.models import Alert, AlertStatus, AlertVisit
from waypost.referrals.tests.helpers import make_alert


def _visit(client, alert, **overrides):
    today = date.today()
    data = {
        "version": alert.version,
        "visited_on_0": today.day,
        "visited_on_1": today.month,
        "visited_on_2": today.year,
        "visited_time": "06:15",
        "outcome": "engaging",
        "notes": "Found in the doorway; agreed to come to the hub.",
    }
    data.update(overrides)
    return client.post(
        f"/alerts/{alert.pk}/visit/", {k: v for k, v in data.items() if v is not None}
    )


def _alert_with_update(**fields):
    return make_alert(
        wants_feedback=True, alerter_email="alerter@example.com", name_if_known="Dave", **fields
    )


def test_the_visit_form_offers_every_streetlink_outcome(outreach_client, areas):
    alert = make_alert()
    page = outreach_client.get(f"/alerts/{alert.pk}/visit/").content.decode()
    for outcome in (
        "Accommodation outcome",
        "Engaging with services",
        "Already known",
        "Found but unwilling to engage",
        "Not found",
        "Hotspot identified",
        "Reconnected to another area",
        "Signposted",
        "No entitlement to local services",
        "Inappropriate alert",
        "Outcome not yet known",
    ):
        assert outcome in page, outcome


def test_recording_an_outcome_closes_the_alert_and_emails_the_alerter(
    outreach_client, outreach_user, areas, world, settings
):
    settings.WAYPOST_BASE_URL = "https://waypost.example.org"
    alert = _alert_with_update()
    response = _visit(outreach_client, alert)
    assert response.status_code == 302
    assert response.url == f"/alerts/{alert.pk}/person/"  # engaging: now link the person
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert alert.outcome == "engaging"
    assert alert.closed_by == outreach_user
    visit = AlertVisit.objects.get(alert=alert)
    assert visit.recorded_by_agency == world.outreach
    assert timezone.localtime(visit.visited_at).strftime("%Y-%m-%d %H:%M") == (
        f"{date.today():%Y-%m-%d} 06:15"
    )

    email = OutboxMessage.objects.get()
    assert email.to_address == "alerter@example.com"
    assert email.subject == f"Update on your alert {alert.display_reference}"
    assert "now working with local services" in email.body
    assert f"https://waypost.example.org/alerts/status/{alert.reference}/" in email.body
    # The update carries the outcome only: nothing about the person or the team's notes.
    for private in ("Dave", "Hertford", "doorway", "hub", "green coat"):
        assert private not in email.body
    # The alerter's address is kept no longer than needed.
    assert alert.alerter_email == ""
    assert alert.feedback_sent_at is not None


def test_no_email_when_the_alerter_did_not_ask(outreach_client, areas):
    alert = make_alert()
    _visit(outreach_client, alert, outcome="not_found")
    assert not OutboxMessage.objects.exists()
    alert.refresh_from_db()
    assert alert.outcome == "not_found"


def test_outcome_not_yet_known_keeps_the_alert_waiting(outreach_client, areas):
    alert = _alert_with_update()
    response = _visit(outreach_client, alert, outcome="not_yet_known")
    assert response.url == "/alerts/queue/"
    alert.refresh_from_db()
    assert alert.status == AlertStatus.WAITING
    assert alert.visits.count() == 1
    assert not OutboxMessage.objects.exists()
    assert alert.display_reference in outreach_client.get("/alerts/queue/").content.decode()


def test_an_outcome_where_nobody_was_met_goes_back_to_the_queue(outreach_client, areas):
    alert = make_alert()
    assert _visit(outreach_client, alert, outcome="hotspot").url == "/alerts/queue/"


def test_mistakes_are_explained_and_what_was_typed_is_kept(outreach_client, areas):
    alert = make_alert()
    response = _visit(
        outreach_client, alert, outcome=None, visited_time="25:99", notes="Looked twice"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the outcome of the visit" in page
    assert "Enter the time in 24-hour time, like 23:30" in page
    assert "Looked twice" in page
    assert not AlertVisit.objects.exists()


def test_a_visit_recorded_meanwhile_by_someone_else_is_not_overwritten(outreach_client, areas):
    alert = make_alert()
    Alert.objects.filter(pk=alert.pk).update(version=alert.version + 1)
    response = _visit(outreach_client, alert, notes="My notes")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else recorded something on this alert" in page
    assert "My notes" in page
    assert not AlertVisit.objects.exists()


def test_a_closed_alert_takes_no_more_visits(outreach_client, areas):
    alert = make_alert()
    _visit(outreach_client, alert, outcome="not_found")
    alert.refresh_from_db()
    response = _visit(outreach_client, alert, outcome="engaging")
    assert response.status_code == 302
    assert response.url == f"/alerts/{alert.pk}/"
    assert AlertVisit.objects.count() == 1
    alert.refresh_from_db()
    assert alert.outcome == "not_found"


def test_the_alert_page_shows_everything_to_outreach_and_logs_the_read(
    outreach_client, outreach_user, areas
):
    alert = make_alert(name_if_known="Dave", concerns="Has a dog", latitude=52.40812,
                       longitude=-1.51099)  # fmt: skip
    page = outreach_client.get(f"/alerts/{alert.pk}/").content.decode()
    for shown in (
        "Dave",
        "Has a dog",
        "Hertford Street",
        "Record a visit",
        "geo:52.40812,-1.51099",
    ):
        assert shown in page, shown
    event = AccessEvent.objects.get(user=outreach_user, route="alerts:detail")
    assert event.subject_type == "alert"
    assert event.subject_id == str(alert.pk)
    assert event.section == "contact"


def test_other_partnerships_and_other_roles_cannot_verify(
    brum_outreach_client, commissioner_client, caseworker_client, areas
):
    alert = make_alert()
    assert brum_outreach_client.get(f"/alerts/{alert.pk}/visit/").status_code == 404
    assert _visit(brum_outreach_client, alert).status_code == 404
    for client in (commissioner_client, caseworker_client):
        assert client.get(f"/alerts/{alert.pk}/").status_code == 403
        assert _visit(client, alert).status_code == 403
    assert not AlertVisit.objects.exists()


def test_the_alert_page_costs_a_fixed_number_of_queries(
    outreach_client, areas, django_assert_num_queries
):
    alert = make_alert()
    _visit(outreach_client, alert, outcome="not_yet_known")
    outreach_client.get(f"/alerts/{alert.pk}/")
    with django_assert_num_queries(12):  # with the SWEP banner
        assert outreach_client.get(f"/alerts/{alert.pk}/").status_code == 200
