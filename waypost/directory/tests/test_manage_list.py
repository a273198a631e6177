"""The "Your services" page: each service with its status and when it was last checked, the
flag on services not checked for 6 months, "Mark as still right", and a fixed number of
queries however many services there are."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from waypost.directory.models import STALE_AFTER_DAYS, Closure, Service, ServiceStatus
from waypost.directory.tests.test_manage_helpers import (  # noqa: F401  (fixtures)
    outreach_org_fixture,
    outreach_service_fixture,
)
from waypost.testing.directory import make_location, make_organization, make_service

LIST = reverse("directory:manage")


def _checked(service, days):
    Service.objects.filter(pk=service.pk).update(
        last_checked_at=timezone.now() - timedelta(days=days)
    )


def test_each_service_says_when_it_was_last_checked_and_by_whom(
    outreach_client, outreach_user, outreach_service
):
    Service.objects.filter(pk=outreach_service.pk).update(
        last_checked_at=timezone.now() - timedelta(days=3), last_checked_by=outreach_user
    )
    page = outreach_client.get(LIST).text
    assert "Last checked 3 days ago by Outreach.Worker" in page
    assert "Running" in page
    assert "Not checked for 6 months" not in page
    assert "!!MISSING" not in page


def test_a_service_not_checked_for_six_months_is_flagged(outreach_client, outreach_service):
    _checked(outreach_service, STALE_AFTER_DAYS - 1)
    assert "Not checked for 6 months" not in outreach_client.get(LIST).text
    _checked(outreach_service, 220)  # 7 months whichever side of midnight in London
    page = outreach_client.get(LIST).text
    assert 'govuk-tag--red">Not checked for 6 months' in page
    assert "Last checked 7 months ago" in page
    assert "1 service has not been checked for 6 months" in page


def test_a_service_closed_for_good_is_never_flagged(outreach_client, outreach_service):
    Service.objects.filter(pk=outreach_service.pk).update(status=ServiceStatus.DEFUNCT)
    _checked(outreach_service, 400)
    page = outreach_client.get(LIST).text
    assert "Closed for good" in page and "Not checked for 6 months" not in page


def test_only_the_services_needing_a_check_can_be_shown(world, coordinator_client, outreach_org):
    old = make_service(world.coventry, "Old entry", organization=outreach_org)
    make_service(world.coventry, "Fresh entry", organization=outreach_org)
    _checked(old, 300)
    page = coordinator_client.get(LIST + "?needs_check=1").text
    assert "Old entry" in page and "Fresh entry" not in page


def test_marking_as_still_right_moves_the_check_on(
    outreach_client, outreach_user, outreach_service
):
    _checked(outreach_service, 300)
    response = outreach_client.post(
        reverse("directory:service_check", args=[outreach_service.pk]),
        {"page": "2", "needs_check": "1"},
    )
    assert response.status_code == 302
    assert response.url == LIST + "?page=2&needs_check=1"
    service = Service.objects.get(pk=outreach_service.pk)
    assert timezone.now() - service.last_checked_at < timedelta(minutes=1)
    assert service.last_checked_by == outreach_user
    assert service.version == outreach_service.version  # not an edit: open forms stay good
    page = outreach_client.get(LIST).text
    assert "Street outreach drop-in marked as still right" in page
    assert "Last checked today" in page


def test_a_service_closed_today_says_so(outreach_client, outreach_service):
    today = timezone.localdate()
    Closure.objects.create(service=outreach_service, starts_on=today, ends_on=today)
    assert "Closed today" in outreach_client.get(LIST).text


def test_the_list_is_paginated_and_its_queries_do_not_grow(
    world, coordinator_client, django_assert_max_num_queries, coordinator_user
):
    orgs = [make_organization(world.coventry, f"Charity {n}") for n in range(3)]
    for n in range(30):
        place = make_location(world.coventry, f"Hall {n}", organization=orgs[n % 3])
        service = make_service(
            world.coventry,
            f"Service {n:02d}",
            organization=orgs[n % 3],
            location=place,
            hours=(("MO,TU", "09:00", "17:00"), ("SA", "20:00", "08:00")),
        )
        Service.objects.filter(pk=service.pk).update(last_checked_by=coordinator_user)
        Closure.objects.create(
            service=service, starts_on=timezone.localdate(), ends_on=timezone.localdate()
        )
    # Sign-in, memberships and session (7); counts (2); services, closures, schedules, places
    # and their schedules (7); organisations; the SWEP banner: the same for 3 services or 300.
    with django_assert_max_num_queries(18):
        page = coordinator_client.get(LIST).text
    assert "Service 00" in page and "Service 30" not in page
    assert page.count("Saturday: 8pm to 8am the next morning") == 25
    assert page.count("Mark as still right") == 25
    second = coordinator_client.get(LIST + "?page=2").text
    assert second.count("Mark as still right") == 5
