"""Anonymising a person removes what identifies them from the alerts linked to them, and keeps
what statistics need."""

from django.utils import timezone

from waypost.audit.retention.actions import REMOVED
from waypost.referrals.actions import link_person, record_visit
from waypost.referrals.models import Alert
from waypost.referrals.retention import anonymise_for_people
from waypost.referrals.tests.helpers import make_alert
from waypost.testing.people import make_person


def test_linked_alerts_lose_identifying_text_and_keep_categories(areas, world, outreach_user):
    person = make_person(world.outreach, by=outreach_user)
    alert = make_alert(
        name_if_known="Dave",
        concerns="Cough",
        latitude=52.4,
        longitude=-1.5,
        building="Boots",
        wants_feedback=True,
        alerter_email="a@example.com",
    )
    other = make_alert(street="Unlinked Street")

    record_visit(alert, version=alert.version, visited_at=timezone.now(), outcome="engaging",
                 notes="Met Dave at the bank", by=outreach_user, agency=world.outreach)  # fmt: skip
    link_person(alert, person, by=outreach_user)

    assert anonymise_for_people([person.pk]) == 1
    alert = Alert.objects.get(pk=alert.pk)
    assert alert.location_description == REMOVED
    assert (alert.street, alert.building, alert.appearance, alert.name_if_known) == ("", "", "", "")
    assert alert.concerns == "" and alert.latitude is None and alert.alerter_email == ""
    assert alert.postcode == "CV1"
    assert (alert.town, alert.age_range, alert.outcome) == ("Coventry", "36_50", "engaging")
    assert alert.visits.get().notes == ""
    assert Alert.objects.get(pk=other.pk).street == "Unlinked Street"
