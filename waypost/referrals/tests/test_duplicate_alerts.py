"""Likely duplicate alerts (same place, same description, close in time) are grouped in the
queue, and outreach verify the group at once; each alerter still gets their own update."""

from datetime import timedelta

from django.utils import timezone

from waypost.notifications.models import OutboxMessage
from waypost.referrals.duplicates import group_duplicates, likely_same
from waypost.referrals.models import Alert, AlertStatus
from waypost.referrals.tests.helpers import make_alert


def _boots(**fields):
    fields.setdefault("street", "Hertford Street")
    fields.setdefault("location_description", "In the doorway of Boots, opposite the bus stop")
    fields.setdefault("appearance", "Man in a green coat with a blue sleeping bag")
    return make_alert(**fields)


def _park(**fields):
    return make_alert(
        street="Spencer Avenue",
        postcode="CV5 6NR",
        location_description="On the bench by the tennis courts in Spencer Park",
        appearance="Older woman with a shopping trolley full of bags",
        **fields,
    )


def test_two_people_describing_the_same_doorway_are_likely_the_same(areas):
    first = _boots()
    second = _boots(
        street="Hertford St",
        postcode="",
        location_description="Boots doorway on Hertford St",
        appearance="man, green coat, sleeping bag",
    )
    assert likely_same(first, second)


def test_different_places_or_people_are_not(areas):
    assert not likely_same(_boots(), _park())
    # Same street, but a different person in a different spot.
    other = _boots(
        postcode="",
        location_description="Under the bridge at the far end near the ring road",
        appearance="Young woman with pink hair and a tent",
    )
    assert not likely_same(_boots(), other)


def test_alerts_days_apart_are_not_grouped(areas):
    first, second = _boots(), _boots()
    Alert.objects.filter(pk=second.pk).update(received_at=timezone.now() + timedelta(hours=73))
    second.refresh_from_db()
    assert not likely_same(first, second)
    assert len(group_duplicates([first, second])) == 2


def test_the_queue_shows_likely_duplicates_as_one_group(outreach_client, areas):
    first, second, park = _boots(), _boots(appearance="Man, green coat, blue sleeping bag"), _park()
    page = outreach_client.get("/alerts/queue/").content.decode()
    assert "2 likely duplicate alerts" in page
    group = page[page.index("2 likely duplicate alerts") :]
    group = group[: group.index("</section>")]
    assert first.display_reference in group and second.display_reference in group
    assert park.display_reference not in group
    assert f"/alerts/{first.pk}/visit/" in group


def test_verifying_the_group_records_the_outcome_on_every_alert(outreach_client, areas, world):
    first = _boots(wants_feedback=True, alerter_email="one@example.com")
    second = _boots(wants_feedback=True, alerter_email="two@example.com")
    page = outreach_client.get(f"/alerts/{first.pk}/visit/").content.decode()
    assert "Record the same outcome for these likely duplicate alerts" in page
    assert f'value="{second.pk}"' in page
    today = timezone.localdate()
    response = outreach_client.post(
        f"/alerts/{first.pk}/visit/",
        {
            "version": first.version,
            "visited_on_0": today.day,
            "visited_on_1": today.month,
            "visited_on_2": today.year,
            "outcome": "engaging",
            "duplicates": [str(second.pk)],
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == AlertStatus.CLOSED
    assert second.outcome == "engaging"
    assert second.duplicate_of == first
    assert second.visits.count() == 1
    assert sorted(OutboxMessage.objects.values_list("to_address", flat=True)) == [
        "one@example.com",
        "two@example.com",
    ]

    # Linking the person to the first links the duplicate too.
    response = outreach_client.post(
        f"/alerts/{first.pk}/person/",
        {"given_name": "Zebedee", "family_name": "Quartermain", "gender": "man",
         "estimated_age": "40"},
    )  # fmt: skip
    assert response.status_code == 302
    second.refresh_from_db()
    assert (
        second.person_id is not None
        and second.person_id == Alert.objects.get(pk=first.pk).person_id
    )


def test_unticked_duplicates_stay_waiting(outreach_client, areas):
    first, second = _boots(), _boots()
    today = timezone.localdate()
    outreach_client.post(
        f"/alerts/{first.pk}/visit/",
        {
            "version": first.version,
            "visited_on_0": today.day,
            "visited_on_1": today.month,
            "visited_on_2": today.year,
            "outcome": "not_found",
        },
    )
    second.refresh_from_db()
    assert second.status == AlertStatus.WAITING
    assert second.duplicate_of is None


def test_an_alert_that_is_no_longer_a_likely_duplicate_cannot_be_sent_as_one(
    outreach_client, areas
):
    first, _second, park = _boots(), _boots(), _park()
    today = timezone.localdate()
    response = outreach_client.post(
        f"/alerts/{first.pk}/visit/",
        {
            "version": first.version,
            "visited_on_0": today.day,
            "visited_on_1": today.month,
            "visited_on_2": today.year,
            "outcome": "not_found",
            "duplicates": [str(park.pk)],
        },
    )
    assert response.status_code == 200
    assert "is not a likely duplicate of this alert" in response.content.decode()
    park.refresh_from_db()
    first.refresh_from_db()
    assert park.status == first.status == AlertStatus.WAITING
