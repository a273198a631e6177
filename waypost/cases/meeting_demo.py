"""Demo meetings for `seed_demo` (everyone in them is fictional): the five default series with
their coming four weeks of meetings, and one multi-agency case meeting held two weeks ago, with
attendance, minutes (one of them health, shown only to those entitled) and actions owned by
agencies, some already overdue so they come to the next meetings.

Idempotent: a partnership that already has meeting series is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.cases import meeting_actions
from waypost.cases.meeting_tasks import SERIES_DEFAULTS, occurrences
from waypost.cases.models import AgendaItem, Meeting, MeetingKind, MeetingStatus
from waypost.cases.plan_actions import add_action
from waypost.people.models import Person

# Who chairs each kind of meeting, and where it meets.
DEMO_SERIES: dict[str, tuple[str, str, str]] = {
    MeetingKind.CASE_MANAGEMENT: ("Monday case management", AgencyType.CHARITY, "Day centre"),
    MeetingKind.MAC: ("Multi-agency case meeting", AgencyType.HOUSING_OPTIONS, "Council House"),
    MeetingKind.PARTNER_TASKING: ("Thursday partner tasking", AgencyType.HOUSING_OPTIONS, "Online"),
    MeetingKind.DAILY_TASKING: ("Daily tasking", AgencyType.OUTREACH, "Outreach base"),
    MeetingKind.COMPLEX_NEEDS: ("Complex needs panel", AgencyType.MENTAL_HEALTH, "Online"),
}
ATTENDED: dict[str, str] = {
    AgencyType.HOUSING_OPTIONS: "Demo coordinator (chair)",
    AgencyType.OUTREACH: "Demo outreach worker",
    AgencyType.MENTAL_HEALTH: "Community psychiatric nurse",
    AgencyType.DRUG_ALCOHOL: "Recovery worker",
    AgencyType.POLICE: "Neighbourhood sergeant",
}


def seed_meetings_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    if partnership.meeting_series.exists():
        return
    today = timezone.localdate()
    series = {}
    for kind, (name, chair, location) in DEMO_SERIES.items():
        defaults = SERIES_DEFAULTS[kind]
        series[kind] = meeting_actions.create_series(
            partnership,
            kind=kind,
            name=name,
            weekdays=defaults.weekdays,
            every_weeks=defaults.every_weeks,
            starts_at=defaults.starts_at,
            first_on=today - timedelta(days=28),
            location=location,
            chair_agency=agencies.get(chair),
            by=None,
        )
    _held_mac(partnership, series[MeetingKind.MAC], agencies, users)


def _held_mac(
    partnership: Partnership,
    series: object,
    agencies: dict[str, Agency],
    users: dict[str, User],
) -> None:
    today = timezone.localdate()
    # Its one meeting between three weeks and a week ago (it meets fortnightly).
    past = occurrences(series, today - timedelta(days=21), today - timedelta(days=7))  # type: ignore[arg-type]
    if not past:
        return
    meeting = Meeting.objects.create(
        partnership=partnership,
        series=series,
        kind=MeetingKind.MAC,
        starts_at=past[-1],
        location="Council House",
    )
    meeting_actions.rebuild_agenda(meeting, by=None)
    if not AgendaItem.objects.filter(meeting=meeting).exists():
        # No tiers worked out yet in this demo: the coordinator chose three people.
        for person in Person.objects.live().unrestricted().filter(partnership=partnership)[:3]:
            meeting_actions.add_to_agenda(meeting, person, by=None)
    council = agencies[AgencyType.HOUSING_OPTIONS]
    coordinator = users[Role.COORDINATOR]
    meeting_actions.record_attendance(
        meeting,
        rows=[(agencies[t], True, who) for t, who in ATTENDED.items() if t in agencies],
        by=None,
    )
    owners = [agencies[t] for t in (AgencyType.OUTREACH, AgencyType.MENTAL_HEALTH) if t in agencies]
    items = AgendaItem.objects.filter(meeting=meeting, removed_at__isnull=True).select_related(
        "person"
    )
    for number, item in enumerate(items[:3]):
        person = item.person
        meeting_actions.add_minute(
            meeting,
            person=person,
            kind="general",
            text="Still sleeping at the same spot; engaging with the outreach team most days.",
            by=coordinator,
            agency=council,
        )
        meeting_actions.add_minute(
            meeting,
            person=person,
            kind="health",
            text="Not registered with a GP; the homeless health nurse will visit this week.",
            by=coordinator,
            agency=council,
        )
        owner = owners[number % len(owners)] if owners else council
        add_action(
            person=person,
            text="Visit together with the homeless health nurse and offer a GP registration",
            owner_agency=owner,
            due_on=timezone.localtime(meeting.starts_at).date() + timedelta(days=7),  # overdue now
            by=coordinator,
            agency=council,
            meeting=meeting,
        )
        add_action(
            person=person,
            text="Offer a place at the assessment hub and book a housing assessment",
            owner_agency=council,
            due_on=today + timedelta(days=10),
            by=coordinator,
            agency=council,
            meeting=meeting,
        )
    meeting_actions.mark_held(meeting, by=None)
    Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.HELD).update(
        held_at=meeting.starts_at + timedelta(minutes=90)
    )
