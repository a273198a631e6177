"""Closures: "closed today" in one click (with an optional reason), closures for some days,
the list of those today and to come, and taking one back."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from waypost.directory.models import Closure
from waypost.directory.opening import HOURS_PREFETCH, hours_for, sessions_on
from waypost.directory.tests.test_manage_helpers import (  # noqa: F401  (fixtures)
    outreach_org_fixture,
    outreach_service_fixture,
)
from waypost.testing.pages import page_html


def _url(service):
    return reverse("directory:closures", args=[service.pk])


def _date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def test_closed_today_in_one_click(outreach_client, outreach_user, outreach_service):
    response = outreach_client.post(
        _url(outreach_service), {"action": "today", "today-reason": "Staff training"}
    )
    assert response.status_code == 302
    closure = Closure.objects.get(service=outreach_service)
    today = timezone.localdate()
    assert (closure.starts_on, closure.ends_on, closure.reason) == (today, today, "Staff training")
    assert closure.created_by == outreach_user
    page = outreach_client.get(_url(outreach_service)).text
    assert "is marked closed today" in page and "Staff training" in page
    # A second click changes nothing.
    outreach_client.post(_url(outreach_service), {"action": "today", "today-reason": ""})
    assert Closure.objects.filter(service=outreach_service).count() == 1
    assert "already marked closed today" in outreach_client.get(_url(outreach_service)).text


def test_closed_today_shuts_todays_sessions(outreach_client, outreach_service):
    from waypost.directory.models import Service

    outreach_client.post(_url(outreach_service), {"action": "today"})
    service = Service.objects.prefetch_related(*HOURS_PREFETCH).get(pk=outreach_service.pk)
    assert sessions_on(hours_for(service), timezone.localdate(), frozenset()) == []


def test_a_closure_for_some_days(outreach_client, outreach_service):
    first = timezone.localdate() + timedelta(days=10)
    data = {"action": "range", **_date("range-starts_on", first)}
    data.update(_date("range-ends_on", first + timedelta(days=2)))
    data["range-reason"] = "Christmas"
    assert outreach_client.post(_url(outreach_service), data).status_code == 302
    closure = Closure.objects.get()
    assert (closure.starts_on, closure.ends_on, closure.reason) == (
        first,
        first + timedelta(days=2),
        "Christmas",
    )
    # One day when the last day is left empty.
    data = {"action": "range", **_date("range-starts_on", first + timedelta(days=20))}
    assert outreach_client.post(_url(outreach_service), data).status_code == 302
    assert Closure.objects.filter(
        starts_on=first + timedelta(days=20), ends_on=first + timedelta(days=20)
    )


def test_closure_mistakes_are_explained_and_keep_what_was_typed(outreach_client, outreach_service):
    first = timezone.localdate() + timedelta(days=5)
    data = {"action": "range", **_date("range-starts_on", first), "range-reason": "Refit"}
    data.update(_date("range-ends_on", first - timedelta(days=2)))
    page = outreach_client.post(_url(outreach_service), data).text
    assert "There is a problem" in page
    assert "The last day must be the same as or after the first" in page
    assert 'value="Refit"' in page and f'value="{first.day}"' in page

    past = {"action": "range", **_date("range-starts_on", timezone.localdate() - timedelta(days=3))}
    page = outreach_client.post(_url(outreach_service), past).text
    assert "The first day must be today or in the future" in page

    page = outreach_client.post(
        _url(outreach_service),
        {
            "action": "range",
            "range-starts_on_0": "31",
            "range-starts_on_1": "2",
            "range-starts_on_2": "2027",
        },
    ).text
    assert "Enter a real date for the first day it is closed" in page
    page = outreach_client.post(_url(outreach_service), {"action": "range"}).text
    assert "Enter the first day it is closed" in page
    long = {"action": "range", **_date("range-starts_on", first)}
    long.update(_date("range-ends_on", first + timedelta(days=400)))
    assert (
        "A closure can last up to a year" in outreach_client.post(_url(outreach_service), long).text
    )
    assert not Closure.objects.exists()


def test_upcoming_closures_are_listed_and_can_be_taken_back(outreach_client, outreach_service):
    today = timezone.localdate()
    past = Closure.objects.create(
        service=outreach_service, starts_on=date(2020, 1, 1), ends_on=date(2020, 1, 2), reason="Old"
    )
    soon = Closure.objects.create(
        service=outreach_service,
        starts_on=today + timedelta(days=3),
        ends_on=today + timedelta(days=3),
        reason="Fire drill",
    )
    page = page_html(outreach_client.get(_url(outreach_service)))
    assert "Fire drill" in page and "Old" not in page
    remove = reverse("directory:closure_remove", args=[outreach_service.pk])
    assert outreach_client.post(remove, {"closure": soon.pk}).status_code == 302
    assert not Closure.objects.filter(pk=soon.pk).exists()
    # A past closure is history: it stays.
    outreach_client.post(remove, {"closure": past.pk})
    assert Closure.objects.filter(pk=past.pk).exists()
