"""The officer's list of requests: open first, soonest due first, overdue flagged, paginated,
in a fixed number of queries."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waypost.audit.models import SubjectAccessRequest
from waypost.audit.subject_access.actions import close_request
from waypost.audit.tests.conftest import open_request_for

URL = reverse("audit:sar_list")


def test_open_requests_come_first_soonest_due_first(dpo_client, dpo_user, world):
    today = timezone.localdate()
    later = open_request_for(dpo_user, world, received_on=today - timedelta(days=3))
    sooner = open_request_for(dpo_user, world, received_on=today - timedelta(days=10))
    paused = open_request_for(dpo_user, world, received_on=today, id_requested_on=today)
    closed = open_request_for(dpo_user, world, received_on=today - timedelta(days=20))
    close_request(closed, outcome="refused", reason="Repeat request", by=dpo_user)

    response = dpo_client.get(URL)

    assert list(response.context["page_obj"]) == [sooner, later, paused, closed]
    assert "Paused until ID is verified" in response.text


def test_overdue_requests_are_flagged(dpo_client, dpo_user, world):
    open_request_for(dpo_user, world, received_on=date(2025, 1, 3), reference="LATE-1")
    response = dpo_client.get(URL)
    assert "Overdue" in response.text


def test_closed_requests_are_not_overdue(dpo_client, dpo_user, world):
    sar = open_request_for(dpo_user, world, received_on=date(2025, 1, 3))
    close_request(sar, outcome="refused", reason="Withdrawn by the person", by=dpo_user)
    assert "Overdue" not in dpo_client.get(URL).text


def test_the_list_is_paginated_in_a_fixed_number_of_queries(
    dpo_client, dpo_user, world, django_assert_num_queries
):
    open_request_for(dpo_user, world)
    with CaptureQueriesContext(connection) as one:
        dpo_client.get(URL)
    for _ in range(29):
        open_request_for(dpo_user, world)
    # Session, user, memberships, MFA check, count, page, session save: 1 request or 30.
    with django_assert_num_queries(len(one)):
        response = dpo_client.get(URL)
    assert len(one) <= 10  # with the SWEP banner
    assert len(response.context["page_obj"]) == 25
    assert response.context["page_obj"].paginator.count == 30
    assert 'aria-label="Page 2"' in response.text


def test_the_request_page_uses_a_fixed_number_of_queries(
    dpo_client, dpo_user, world, full_record, django_assert_max_num_queries
):
    sar = open_request_for(dpo_user, world, person=full_record["people.Person"])
    with django_assert_max_num_queries(12):
        response = dpo_client.get(reverse("audit:sar_detail", args=[sar.pk]))
    assert response.status_code == 200
    assert SubjectAccessRequest.objects.count() == 1
