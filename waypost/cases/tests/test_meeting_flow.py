"""Running a meeting through its pages: the coordinator builds the agenda, records which
agencies came, reviews the last meeting's actions about each person first (done, cancelled,
carried on), minutes what was said (its kind decides who may read it), agrees actions owned by
agencies on the spot, and marks the meeting held; mistakes keep what was typed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.cases.models import (
    AgendaItem,
    Attendance,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Minute,
    PlanAction,
    PlanStatus,
    Tier,
)
from waypost.cases.tests.meeting_helpers import make_action, make_meeting, on_list
from waypost.testing.people import give_consent, make_person, sign_agreement_for


@pytest.fixture
def setting(world, coordinator_user):
    sign_agreement_for(world.council, world.outreach)
    series = MeetingSeries.objects.create(
        partnership=world.coventry, kind=MeetingKind.PARTNER_TASKING, name="Partner tasking",
        weekdays=[3], starts_at=timezone.localtime().time(),
    )  # fmt: skip
    last = make_meeting(world.coventry, series=series, days_from_now=-7, status="held")
    meeting = make_meeting(world.coventry, series=series, days_from_now=0.1)
    person = make_person(world.council, given_name="Morwenna", family_name="Tasker")
    on_list(person, tier=Tier.TWO)
    give_consent(person, coordinator_user, world.council)
    reviewed = make_action(person, world.outreach, text="Find a bed space", meeting=last)
    cancelled = make_action(person, world.council, text="Chase the GP letter", meeting=last)
    carried = make_action(person, world.council, text="Apply for ID", meeting=last)
    return {
        "meeting": meeting,
        "last": last,
        "person": person,
        "actions": (reviewed, cancelled, carried),
    }


def _person_url(meeting, item):
    return reverse("cases:meeting_person", args=[meeting.pk, item.pk])


def test_a_coordinator_runs_a_meeting_from_agenda_to_held(
    coordinator_client, world, setting, coordinator_user
):
    meeting, person = setting["meeting"], setting["person"]
    reviewed, cancelled, carried = setting["actions"]

    page = coordinator_client.get(reverse("cases:meetings")).content.decode()
    assert reverse("cases:meeting", args=[meeting.pk]) in page

    response = coordinator_client.post(reverse("cases:meeting_agenda_build", args=[meeting.pk]))
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting, person=person)
    assert item.reasons == ["tier"]

    page = coordinator_client.get(reverse("cases:meeting", args=[meeting.pk])).content.decode()
    assert "Morwenna Tasker" in page
    assert "3 actions: 0 done, 0 cancelled" in page.replace("\n", " ")

    response = coordinator_client.post(
        reverse("cases:meeting_attendance", args=[meeting.pk]),
        {
            f"present_{world.council.pk}": "on",
            f"attendees_{world.council.pk}": "Sam Lee, coordinator",
            f"present_{world.outreach.pk}": "on",
        },
    )
    assert response.status_code == 302
    assert {(a.agency, a.attendees) for a in Attendance.objects.filter(meeting=meeting)} == {
        (world.council, "Sam Lee, coordinator"),
        (world.outreach, ""),
    }

    url = _person_url(meeting, item)
    page = coordinator_client.get(url).content.decode()
    # Last meeting's actions come first: accountability before anything new.
    assert page.index("Actions from the last meeting") < page.index("Find a bed space")
    assert page.index("Find a bed space") < page.index('id="minutes"')

    def review(action, decision, **extra):
        prefix = f"review-{action.pk}"
        data = {"form": "review", "review": str(action.pk), f"{prefix}-version": action.version,
                f"{prefix}-decision": decision}  # fmt: skip
        data.update({f"{prefix}-{k}": v for k, v in extra.items()})
        return coordinator_client.post(url, data)

    assert review(reviewed, "done", outcome="Bed at Hope House").status_code == 302
    assert review(cancelled, "cancelled", outcome="Letter arrived anyway").status_code == 302
    new_due = timezone.localdate() + timedelta(days=14)
    response = review(
        carried, "carry_on", outcome="Birth certificate ordered", due_on_0=new_due.day,
        due_on_1=new_due.month, due_on_2=new_due.year,
    )  # fmt: skip
    assert response.status_code == 302
    for action in (reviewed, cancelled, carried):
        action.refresh_from_db()
    assert (reviewed.status, reviewed.outcome) == (PlanStatus.DONE, "Bed at Hope House")
    assert cancelled.status == PlanStatus.CANCELLED
    assert (carried.status, carried.due_on) == (PlanStatus.OPEN, new_due)
    progress = Minute.objects.get(meeting=meeting, kind="support")
    assert "Birth certificate ordered" in progress.text

    response = coordinator_client.post(
        url, {"form": "minute", "minute-kind": "health", "minute-text": "Leg ulcer is worse"}
    )
    assert response.status_code == 302
    minute = Minute.objects.get(meeting=meeting, kind="health")
    assert (minute.person, minute.recorded_by_agency) == (person, world.council)

    due = timezone.localdate() + timedelta(days=7)
    response = coordinator_client.post(
        url,
        {
            "form": "action",
            "action-text": "Dress the leg ulcer at the drop-in",
            "action-owner_agency": str(world.outreach.pk),
            "action-owner": "",
            "action-due_on_0": due.day,
            "action-due_on_1": due.month,
            "action-due_on_2": due.year,
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get(meeting=meeting)
    assert (action.owner_agency, action.due_on, action.person) == (world.outreach, due, person)
    page = coordinator_client.get(url).content.decode()
    assert "Dress the leg ulcer at the drop-in" in page and "Leg ulcer is worse" in page

    response = coordinator_client.post(reverse("cases:meeting_held", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.held_at is not None


def test_the_next_meeting_reviews_this_meetings_actions(coordinator_client, world, setting):
    meeting, person = setting["meeting"], setting["person"]
    make_action(person, world.council, text="Ring the landlord", meeting=meeting)
    meeting.status, meeting.held_at = MeetingStatus.HELD, timezone.now()
    meeting.save()
    following = make_meeting(world.coventry, series=meeting.series, days_from_now=7)
    coordinator_client.post(reverse("cases:meeting_agenda_build", args=[following.pk]))
    item = AgendaItem.objects.get(meeting=following, person=person)
    page = coordinator_client.get(_person_url(following, item)).content.decode()
    review_part = page[page.index('id="review"') : page.index('id="minutes"')]
    assert "Ring the landlord" in review_part
    assert "Find a bed space" not in review_part.split("Their other open actions")[0]


def test_mistakes_keep_what_was_typed(coordinator_client, world, setting):
    meeting, person = setting["meeting"], setting["person"]
    coordinator_client.post(reverse("cases:meeting_agenda_build", args=[meeting.pk]))
    item = AgendaItem.objects.get(meeting=meeting, person=person)
    url = _person_url(meeting, item)

    response = coordinator_client.post(
        url, {"form": "action", "action-text": "Book the dentist", "action-owner_agency": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Choose the agency that owns the action" in page
    assert "Enter the date it is due" in page and "Book the dentist" in page

    response = coordinator_client.post(url, {"form": "minute", "minute-kind": "general"})
    assert "Enter the minute" in response.content.decode()

    reviewed = setting["actions"][0]
    prefix = f"review-{reviewed.pk}"
    response = coordinator_client.post(
        url, {"form": "review", "review": str(reviewed.pk), f"{prefix}-version": reviewed.version,
              f"{prefix}-decision": "cancelled"},
    )  # fmt: skip
    assert "Say why the action is cancelled" in response.content.decode()

    response = coordinator_client.post(
        reverse("cases:meeting_attendance", args=[meeting.pk]),
        {f"attendees_{world.hospital.pk}": "Dr Who"},
    )
    page = response.content.decode()
    assert "Tick that University Hospital Coventry came" in page and "Dr Who" in page
    assert not PlanAction.objects.filter(meeting=meeting).exists()
    assert not Minute.objects.filter(meeting=meeting).exists()


def test_someone_else_reviewing_first_is_not_overwritten(coordinator_client, setting):
    meeting, person = setting["meeting"], setting["person"]
    coordinator_client.post(reverse("cases:meeting_agenda_build", args=[meeting.pk]))
    item = AgendaItem.objects.get(meeting=meeting, person=person)
    reviewed = setting["actions"][0]
    PlanAction.objects.filter(pk=reviewed.pk).update(version=reviewed.version + 1)
    prefix = f"review-{reviewed.pk}"
    response = coordinator_client.post(
        _person_url(meeting, item),
        {"form": "review", "review": str(reviewed.pk), f"{prefix}-version": reviewed.version,
         f"{prefix}-decision": "done", f"{prefix}-outcome": "Housed"},
    )  # fmt: skip
    assert "Someone else changed this action" in response.content.decode()
    reviewed.refresh_from_db()
    assert reviewed.status == PlanStatus.OPEN


def test_the_coordinator_removes_adds_and_reorders(coordinator_client, world, setting):
    meeting, person = setting["meeting"], setting["person"]
    other = make_person(world.council, given_name="Branwen", family_name="Added")
    coordinator_client.post(reverse("cases:meeting_agenda_build", args=[meeting.pk]))
    item = AgendaItem.objects.get(meeting=meeting, person=person)

    search = coordinator_client.get(
        reverse("cases:meeting_agenda_add", args=[meeting.pk]), {"q": "Branwen Added"}
    ).content.decode()
    assert "Branwen Added" in search
    coordinator_client.post(
        reverse("cases:meeting_agenda_add", args=[meeting.pk]), {"person": str(other.pk)}
    )
    added = AgendaItem.objects.get(meeting=meeting, person=other)
    assert added.reasons == ["added"] and added.position == 1

    coordinator_client.post(
        reverse("cases:meeting_agenda_move", args=[meeting.pk, added.pk]), {"direction": "up"}
    )
    added.refresh_from_db()
    assert added.position == 0

    response = coordinator_client.post(
        reverse("cases:meeting_agenda_remove", args=[meeting.pk, item.pk]), {"reason": ""}
    )
    assert "Say why they are not being discussed" in response.content.decode()
    coordinator_client.post(
        reverse("cases:meeting_agenda_remove", args=[meeting.pk, item.pk]),
        {"reason": "In hospital this week"},
    )
    item.refresh_from_db()
    assert item.removed_at is not None and item.removed_reason == "In hospital this week"
    page = coordinator_client.get(reverse("cases:meeting_agenda", args=[meeting.pk]))
    assert "In hospital this week" in page.content.decode()

    coordinator_client.post(reverse("cases:meeting_agenda_restore", args=[meeting.pk, item.pk]))
    item.refresh_from_db()
    assert item.removed_at is None


def test_a_coordinator_adds_a_series_with_the_kinds_defaults(coordinator_client, world):
    sign_agreement_for(world.council)
    url = reverse("cases:meeting_series_new")
    page = coordinator_client.get(url, {"kind": "daily_tasking"}).content.decode()
    checked = re.findall(r'name="weekdays" value="(\d)"[^>]*checked', page)
    assert checked == ["1", "2", "3", "4"]  # Tuesday to Friday
    assert 'value="09:30"' in page
    today = timezone.localdate()
    response = coordinator_client.post(
        url,
        {
            "partnership": str(world.coventry.pk), "kind": "daily_tasking",
            "name": "Daily tasking", "weekdays": ["1", "2", "3", "4"], "every_weeks": "1",
            "starts_at": "09:30", "first_on_0": today.day, "first_on_1": today.month,
            "first_on_2": today.year, "location": "Hub", "chair_agency": str(world.outreach.pk),
        },
    )  # fmt: skip
    assert response.status_code == 302
    series = MeetingSeries.objects.get(partnership=world.coventry)
    assert series.weekdays == [1, 2, 3, 4] and series.chair_agency == world.outreach
    assert series.meetings.count() >= 15

    response = coordinator_client.post(
        url, {"partnership": str(world.coventry.pk), "kind": "mac", "name": "MAC",
              "every_weeks": "9", "starts_at": "25:00"},
    )  # fmt: skip
    page = response.content.decode()
    assert "Choose at least one day" in page and "from 1 to 8" in page
    assert "Enter the time like 09:30" in page


def test_a_coordinator_adds_and_cancels_a_one_off_meeting(coordinator_client, world):
    sign_agreement_for(world.council)
    on = timezone.localdate() + timedelta(days=3)
    response = coordinator_client.post(
        reverse("cases:meeting_new"),
        {"kind": "complex_needs", "on_0": on.day, "on_1": on.month, "on_2": on.year,
         "starts_at": "14.30", "location": "Council House"},
    )  # fmt: skip
    assert response.status_code == 302
    meeting = world.coventry.meetings.get()
    assert meeting.series is None
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:30"
    coordinator_client.post(reverse("cases:meeting_cancel", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
