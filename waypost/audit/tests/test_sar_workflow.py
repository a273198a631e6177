"""A data protection officer opens a request, records ID, extends and closes it; the due date
and status follow, and bad input is refused with a clear message and nothing lost."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from waypost.audit.models import RequestStatus, SubjectAccessRequest
from waypost.audit.tests.conftest import open_request_for


def test_opening_a_request_computes_the_due_date(dpo_client, dpo_user, world):
    response = dpo_client.post(
        reverse("audit:sar_open"),
        {
            "partnership": str(world.coventry.pk),
            "reference": "SAR-2026-01",
            "received_on": "2026-01-31",
            "id_needed": "no",
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("audit:sar_detail", args=[sar.pk])
    assert sar.due_on == date(2026, 2, 28)
    assert sar.status == RequestStatus.OPEN
    assert sar.opened_by == dpo_user
    assert sar.reference == "SAR-2026-01"


def test_when_id_is_needed_the_clock_waits_until_it_is_verified(dpo_client, world):
    dpo_client.post(
        reverse("audit:sar_open"),
        {
            "partnership": str(world.coventry.pk),
            "received_on": "2026-01-03",
            "id_needed": "yes",
            "id_requested_on": "2026-01-04",
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert sar.status == RequestStatus.WAITING_FOR_ID
    assert sar.due_on is None
    page = dpo_client.get(reverse("audit:sar_detail", args=[sar.pk]))
    assert "The clock is paused until you verify it" in page.text

    dpo_client.post(reverse("audit:sar_id_verified", args=[sar.pk]), {"verified_on": "2026-01-20"})
    sar.refresh_from_db()
    assert sar.id_verified_on == date(2026, 1, 20)
    assert sar.due_on == date(2026, 2, 20)
    assert sar.status == RequestStatus.OPEN


def test_asking_for_id_needs_the_date_and_keeps_what_was_typed(dpo_client, world):
    response = dpo_client.post(
        reverse("audit:sar_open"),
        {
            "partnership": str(world.coventry.pk),
            "reference": "SAR-7",
            "received_on": "2026-01-03",
            "id_needed": "yes",
            "notes": "Wants everything since 2020",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id_requested_on"] == ["Enter the date you asked for ID"]
    assert "There is a problem" in response.text
    assert "Wants everything since 2020" in response.text
    assert 'value="SAR-7"' in response.text
    assert not SubjectAccessRequest.objects.exists()


def test_a_request_cannot_be_received_in_the_future(dpo_client, world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = dpo_client.post(
        reverse("audit:sar_open"),
        {"partnership": str(world.coventry.pk), "received_on": tomorrow, "id_needed": "no"},
    )
    assert response.context["form"].errors["received_on"] == [
        "The date received must be today or in the past"
    ]


def test_id_cannot_be_verified_before_it_was_asked_for(dpo_client, dpo_user, world):
    sar = open_request_for(
        dpo_user, world, received_on=date(2026, 1, 3), id_requested_on=date(2026, 1, 10)
    )
    response = dpo_client.post(
        reverse("audit:sar_id_verified", args=[sar.pk]), {"verified_on": "2026-01-05"}
    )
    assert response.status_code == 200
    assert "must be on or after the date you asked for it" in response.text
    sar.refresh_from_db()
    assert sar.id_verified_on is None


def test_extending_needs_a_reason_and_moves_the_due_date(dpo_client, dpo_user, world):
    sar = open_request_for(dpo_user, world, received_on=date(2026, 1, 31))
    url = reverse("audit:sar_extend", args=[sar.pk])

    refused = dpo_client.post(url, {"months": "2", "reason": "  "})
    assert refused.context["form"].errors["reason"] == ["Enter why the request needs more time"]

    dpo_client.post(url, {"months": "2", "reason": "Records from six agencies"})
    sar.refresh_from_db()
    assert sar.extended_by_months == 2
    assert sar.due_on == date(2026, 4, 30)
    assert sar.status == RequestStatus.EXTENDED
    assert "Records from six agencies" in sar.extension_reason


def test_no_more_than_two_months_in_all(dpo_client, dpo_user, world):
    sar = open_request_for(dpo_user, world, received_on=date(2026, 1, 3))
    url = reverse("audit:sar_extend", args=[sar.pk])
    dpo_client.post(url, {"months": "1", "reason": "Complex"})

    too_many = dpo_client.post(url, {"months": "2", "reason": "Still complex"})
    assert "months" in too_many.context["form"].errors

    dpo_client.post(url, {"months": "1", "reason": "Still complex"})
    sar.refresh_from_db()
    assert sar.extended_by_months == 2
    assert sar.due_on == date(2026, 4, 3)

    full = dpo_client.get(url)
    assert "already been extended by two months" in full.text


def test_refusing_needs_a_reason(dpo_client, dpo_user, world):
    sar = open_request_for(dpo_user, world)
    url = reverse("audit:sar_close", args=[sar.pk])

    response = dpo_client.post(url, {"outcome": "refused", "reason": ""})
    assert response.context["form"].errors["reason"] == ["Enter why the request was refused"]

    dpo_client.post(url, {"outcome": "refused", "reason": "Manifestly excessive: weekly repeats"})
    sar.refresh_from_db()
    assert sar.status == RequestStatus.REFUSED
    assert sar.closed_on == timezone.localdate()
    assert sar.refusal_reason == "Manifestly excessive: weekly repeats"


def test_completing_needs_an_export_first(dpo_client, dpo_user, world):
    sar = open_request_for(dpo_user, world)
    response = dpo_client.post(reverse("audit:sar_close", args=[sar.pk]), {"outcome": "completed"})
    assert "Prepare and send the export" in response.text
    sar.refresh_from_db()
    assert sar.status == RequestStatus.OPEN


def test_a_closed_request_cannot_be_changed(dpo_client, dpo_user, world):
    sar = open_request_for(dpo_user, world)
    dpo_client.post(
        reverse("audit:sar_close", args=[sar.pk]), {"outcome": "refused", "reason": "Repeat"}
    )
    response = dpo_client.post(
        reverse("audit:sar_extend", args=[sar.pk]), {"months": "1", "reason": "Late"}
    )
    assert "This request is closed" in response.text
    sar.refresh_from_db()
    assert sar.extended_by_months == 0


def test_the_export_waits_for_a_person_and_for_id(dpo_client, dpo_user, world):
    sar = open_request_for(dpo_user, world, id_requested_on=timezone.localdate())
    response = dpo_client.post(reverse("audit:sar_export", args=[sar.pk]), follow=True)
    assert "Find the person&#x27;s record before preparing the export" in response.text
    sar.refresh_from_db()
    assert sar.export_requested_at is None
