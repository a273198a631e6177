"""An alert linked to a person is part of their subject access export; the alerter's email
address (someone else's data) never is, and free text is flagged for the officer to check."""

from waypost.audit.subject_access.export import gather
from waypost.referrals.actions import link_person
from waypost.referrals.subject_access import EXPORTED
from waypost.referrals.tests.helpers import make_alert
from waypost.testing.people import make_person


def test_a_linked_alert_is_exported_without_the_alerters_email(areas, world, outreach_user):
    person = make_person(world.outreach, by=outreach_user)
    alert = make_alert(wants_feedback=True, alerter_email="alerter@example.com", concerns="Cough")
    make_alert(street="Someone else's alert")  # not linked: not exported
    link_person(alert, person, by=outreach_user)
    alert_registration = next(r for r in EXPORTED if r.model == "referrals.Alert")
    items = gather(alert_registration, [person.pk])
    assert [item.id for item in items] == [str(alert.pk)]
    values = {name: value for name, _, value in items[0].values}
    assert values["location_description"] == alert.location_description
    assert values["concerns"] == "Cough"
    assert "alerter@example.com" not in repr(items[0].as_json())
    assert items[0].third_party_review
