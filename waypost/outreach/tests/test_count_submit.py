"""Submitting the annual snapshot needs what the government's return asks for: a night between
1 October and 30 November, the agencies consulted and the independent verifier. Each missing
detail is named, with a link to the field that puts it right; the details are saved by the
actions themselves, and a change someone else made to them is detected."""

import html
from datetime import date

import pytest
from django.urls import reverse

from waypost.outreach import count_actions
from waypost.outreach.count_figures import details_problems
from waypost.outreach.models import CountedPerson, StreetCount
from waypost.outreach.tests.test_count_support import NIGHT, snapshot

pytestmark = pytest.mark.django_db

AGENCIES = "Enter the agencies consulted"
VERIFIER = "Enter the independent verifier"
WINDOW = "The night must be between 1 October and 30 November"


def _with_a_person(count):
    CountedPerson.objects.create(count=count, gender="male", age="26_plus", nationality="uk")
    return count


def _page(client, count):
    response = client.get(reverse("outreach:count_submit", args=[count.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("night", "agencies", "verifier", "expected"),
    [
        (NIGHT, "Police", "Homeless Link", []),
        (NIGHT, "", "Homeless Link", [AGENCIES]),
        (NIGHT, "Police", "  \n ", [VERIFIER]),  # blank is missing
        (date(2025, 12, 1), "Police", "Homeless Link", [WINDOW]),
        (date(2025, 9, 30), "", "", [WINDOW, AGENCIES, VERIFIER]),
        (date(2025, 10, 1), "Police", "Homeless Link", []),
        (date(2025, 11, 30), "Police", "Homeless Link", []),
    ],
)
def test_what_the_details_lack(night, agencies, verifier, expected):
    problems = details_problems(night=night, agencies_consulted=agencies, verifier=verifier)
    assert len(problems) == len(expected)
    assert all(p.startswith(text) for p, text in zip(problems, expected, strict=True))
    fixes = {WINDOW: "night", AGENCIES: "agencies_consulted", VERIFIER: "verifier"}
    assert [p.fix for p in problems] == [fixes[text] for text in expected]


def test_without_agencies_or_verifier_it_cannot_be_submitted(
    world, coordinator_user, coordinator_client
):
    count = _with_a_person(snapshot(world, coordinator_user, agencies_consulted="", verifier=""))
    page = _page(coordinator_client, count)
    edit = reverse("outreach:count_edit", args=[count.pk])
    assert "The count cannot be submitted yet" in page
    assert f'<a href="{edit}#id_agencies_consulted">{AGENCIES}' in page
    assert f'<a href="{edit}#id_verifier">{VERIFIER}' in page
    assert "Submit the count</button>" not in page

    coordinator_client.post(reverse("outreach:count_submit", args=[count.pk]))
    count.refresh_from_db()
    assert count.submitted_at is None
    with pytest.raises(count_actions.CountNotReady) as refused:
        count_actions.submit_count(count, by=coordinator_user)
    assert [p.fix for p in refused.value.problems] == ["agencies_consulted", "verifier"]


def test_a_night_outside_the_autumn_window_cannot_be_submitted(
    world, coordinator_user, coordinator_client
):
    count = _with_a_person(snapshot(world, coordinator_user))
    # The form refuses such a night; a snapshot saved before that rule still cannot be sent.
    StreetCount.objects.filter(pk=count.pk).update(night=date(2025, 12, 4))
    count.refresh_from_db()
    page = _page(coordinator_client, count)
    edit = reverse("outreach:count_edit", args=[count.pk])
    assert f'<a href="{edit}#id_night">{WINDOW}: change the night of 4 December 2025' in page
    coordinator_client.post(reverse("outreach:count_submit", args=[count.pk]))
    count.refresh_from_db()
    assert count.submitted_at is None


def test_breakdowns_that_do_not_add_up_link_to_the_people_counted(
    world, coordinator_user, coordinator_client
):
    count = snapshot(world, coordinator_user, method="estimate", total=3)
    _with_a_person(count)
    page = _page(coordinator_client, count)
    detail = reverse("outreach:count_detail", args=[count.pk])
    assert f'<a href="{detail}#people">The breakdowns add up to 1 person but the total is 3.' in (
        page
    )


def test_once_the_details_are_complete_it_is_submitted_and_exported(
    world, coordinator_user, coordinator_client
):
    count = _with_a_person(snapshot(world, coordinator_user, agencies_consulted="", verifier=""))
    edit = reverse("outreach:count_edit", args=[count.pk])
    seen = coordinator_client.get(edit).context["form"].initial["seen"]
    response = coordinator_client.post(
        edit,
        {
            "night_0": "13", "night_1": "11", "night_2": "2025", "method": "count",
            "areas_covered": "City centre", "seen": seen,
            "agencies_consulted": "  Police, the day centre\n",
            "verifier": "  Homeless   Link ",
        },
    )  # fmt: skip
    assert response.status_code == 302
    count.refresh_from_db()
    assert (count.agencies_consulted, count.verifier) == ("Police, the day centre", "Homeless Link")
    assert "cannot be submitted" not in _page(coordinator_client, count)
    response = coordinator_client.post(reverse("outreach:count_submit", args=[count.pk]))
    assert response.status_code == 302
    count.refresh_from_db()
    assert count.submitted_at is not None
    csv = coordinator_client.get(reverse("outreach:count_csv", args=[count.pk]))
    assert csv.status_code == 200
    assert "Verifier,Homeless Link" in csv.content.decode()


def test_the_actions_save_the_return_details(world, coordinator_user):
    count = snapshot(world, coordinator_user, agencies_consulted="Police", verifier="")
    count.refresh_from_db()
    assert (count.agencies_consulted, count.verifier) == ("Police", "")
    changed = count_actions.change_snapshot(
        count, seen=count_actions.fingerprint(count), night=NIGHT, method="count",
        areas_covered="City centre", notes="", total=None,
        agencies_consulted="Police, hospital", verifier="Homeless Link", by=coordinator_user,
    )  # fmt: skip
    changed.refresh_from_db()
    assert (changed.agencies_consulted, changed.verifier) == ("Police, hospital", "Homeless Link")


def test_a_change_to_the_verifier_meanwhile_is_detected(world, coordinator_user):
    count = snapshot(world, coordinator_user)
    seen = count_actions.fingerprint(count)
    StreetCount.objects.filter(pk=count.pk).update(verifier="St Mungo's")  # someone else
    with pytest.raises(count_actions.CountChanged):
        count_actions.change_snapshot(
            count, seen=seen, night=NIGHT, method="count", areas_covered="City centre",
            notes="", total=None, agencies_consulted="Police", verifier="Homeless Link",
            by=coordinator_user,
        )  # fmt: skip
    count.refresh_from_db()
    assert count.verifier == "St Mungo's"
