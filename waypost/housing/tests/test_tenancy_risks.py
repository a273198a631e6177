"""Risk flags on a tenancy: flagged and resolved from the tenancy page, with dates checked. A
benefit sanction, however it is recorded, alerts the person's lead worker at once (one
notification in Waypost and one email in the outbox, in the same transaction, naming nobody);
with no lead worker the partnership's coordinators are alerted, and the page says so."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.housing.models import RiskKind, TenancyRisk
from waypost.housing.tenancy_actions import flag_risk
from waypost.housing.tests.test_tenancy_helpers import date_fields, house, member
from waypost.notifications.models import Notification, OutboxMessage
from waypost.people.actions import set_lead_worker
from waypost.testing.people import make_person


@pytest.fixture
def tenancy(world):
    person = make_person(
        world.council,
        given_name="Sandy",
        family_name="Sanctioned",
        preferred_name="Sands",
    )
    return house(person, world.council)


def _flag(client, tenancy, kind, noted_on=None, details=""):
    noted_on = noted_on or timezone.localdate()
    return client.post(
        f"/housing/tenancies/{tenancy.pk}/risks/new/",
        {"kind": kind, **date_fields("noted_on", noted_on), "details": details},
    )


def _personal_details(tenancy):
    person, home = tenancy.person, tenancy.property
    return [
        person.given_name,
        person.family_name,
        person.preferred_name,
        person.birth_date.strftime("%-d %B %Y"),
        person.birth_date.isoformat(),
        str(person.pk),
        home.address,
        "Spon",
        "Gosford",
        home.postcode,
        tenancy.landlord.name,
    ]


def test_a_risk_is_flagged_and_resolved(caseworker_client, tenancy):
    noted = timezone.localdate() - timedelta(days=20)
    response = _flag(caseworker_client, tenancy, RiskKind.RENT_ARREARS, noted, "Two months behind")
    assert response.status_code == 302
    risk = TenancyRisk.objects.get()
    assert (risk.kind, risk.noted_on, risk.details) == (
        RiskKind.RENT_ARREARS,
        noted,
        "Two months behind",
    )
    assert risk.person_id == tenancy.person_id
    assert not Notification.objects.exists()  # only a sanction alerts
    page = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/")
    assert [r.pk for r in page.context["open_risks"]] == [risk.pk]
    assert "At risk" in page.content.decode()

    url = f"/housing/tenancies/{tenancy.pk}/risks/{risk.pk}/resolve/"
    too_early = caseworker_client.post(url, date_fields("resolved_on", noted - timedelta(days=1)))
    assert "must be on or after the date it was noted" in too_early.content.decode()
    assert (
        caseworker_client.post(url, date_fields("resolved_on", timezone.localdate())).status_code
        == 302
    )
    risk.refresh_from_db()
    assert risk.resolved_on == timezone.localdate()
    page = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/")
    assert page.context["open_risks"] == [] and [r.pk for r in page.context["resolved_risks"]] == [
        risk.pk
    ]
    # Resolving again changes nothing.
    assert caseworker_client.post(url, date_fields("resolved_on", noted)).status_code == 302
    risk.refresh_from_db()
    assert risk.resolved_on == timezone.localdate()


def test_risk_form_mistakes_get_clear_messages(caseworker_client, tenancy):
    response = _flag(caseworker_client, tenancy, "")
    assert "Choose what puts the tenancy at risk" in response.content.decode()
    response = _flag(
        caseworker_client, tenancy, RiskKind.ANTI_SOCIAL, timezone.localdate() + timedelta(days=1)
    )
    assert "must be today or in the past" in response.content.decode()
    assert not TenancyRisk.objects.exists()


def test_a_sanction_alerts_the_lead_worker_at_once(
    caseworker_client, caseworker_user, outreach_user, tenancy
):
    set_lead_worker(tenancy.person, lead_worker=outreach_user, by=None)
    response = _flag(
        caseworker_client, tenancy, RiskKind.BENEFIT_SANCTION, details="Sanctioned 4 weeks"
    )
    assert response.status_code == 302
    notification = Notification.objects.get()
    email = OutboxMessage.objects.get()
    assert notification.user == outreach_user
    assert notification.link == f"/housing/tenancies/{tenancy.pk}/"
    assert "benefit sanction" in notification.title.lower()
    assert (email.user, email.to_address) == (outreach_user, outreach_user.email)
    assert email.subject == notification.title
    for text in (notification.title, notification.body, email.subject, email.body):
        for detail in _personal_details(tenancy):
            assert detail not in text, detail
        assert "Sanctioned 4 weeks" not in text
    page = caseworker_client.get(response["Location"]).content.decode()
    assert "Their lead worker, Outreach.Worker, has been told" in page


def test_without_a_lead_worker_the_coordinators_are_alerted(
    caseworker_client, coordinator_user, tenancy, world
):
    second = member("second.coordinator@coventry.test", world.outreach, Role.COORDINATOR)
    member("brum.coordinator@birmingham.test", world.brum_council, Role.COORDINATOR)
    page = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/").content.decode()
    assert (
        "No lead worker. A benefit sanction alerts the partnership’s rough sleeper coordinators"
        in page
    )
    response = _flag(caseworker_client, tenancy, RiskKind.BENEFIT_SANCTION)
    alerted = set(Notification.objects.values_list("user", flat=True))
    assert alerted == {coordinator_user.pk, second.pk}
    assert OutboxMessage.objects.count() == 2
    assert all("no lead worker" in n.body for n in Notification.objects.all())
    page = caseworker_client.get(response["Location"]).content.decode()
    assert (
        "They have no lead worker, so the partnership’s rough sleeper coordinators have been told"
        in page
    )


def test_a_lead_worker_who_has_left_counts_as_none(coordinator_user, outreach_user, tenancy, world):
    set_lead_worker(tenancy.person, lead_worker=outreach_user, by=None)
    Membership.objects.filter(user=outreach_user).update(ended_at=timezone.now())
    tenancy.person.refresh_from_db()
    flagged = flag_risk(tenancy, kind=RiskKind.BENEFIT_SANCTION, agency=world.council, by=None)
    assert flagged.to_lead_worker is False
    assert [u.pk for u in flagged.alerted] == [coordinator_user.pk]
    assert not Notification.objects.filter(user=outreach_user).exists()


def test_the_alert_is_written_with_the_flag_or_not_at_all(outreach_user, tenancy, world):
    set_lead_worker(tenancy.person, lead_worker=outreach_user, by=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        flag_risk(tenancy, kind=RiskKind.BENEFIT_SANCTION, agency=world.council, by=None)
        raise RuntimeError("the request failed after the flag")
    assert not TenancyRisk.objects.exists()
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()


def test_other_risks_alert_nobody(outreach_user, tenancy, world):
    set_lead_worker(tenancy.person, lead_worker=outreach_user, by=None)
    for kind in (RiskKind.RENT_ARREARS, RiskKind.ANTI_SOCIAL, RiskKind.MISSED_VISITS):
        flag_risk(tenancy, kind=kind, agency=world.council, by=None)
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()


def test_an_ended_tenancy_takes_no_new_flags(caseworker_client, tenancy):
    tenancy.ended_on = timezone.localdate()
    tenancy.end_reason = "move_on"
    tenancy.save()
    response = _flag(caseworker_client, tenancy, RiskKind.RENT_ARREARS)
    assert response.status_code == 302
    assert not TenancyRisk.objects.exists()
