"""A person's timeline: what happened, newest first, from every part of the record the user
may see (the MoJ timeline pattern). Used by the timeline page and the API.

Each source is one small function: given the person and the user's access (decided once, by
waypost.sharing.policy), it returns a `Feed`: the rows about the person, a filter saying which
of them the policy lets the user see (the record's section and recording agency; for notes and
minutes the section of their kind), the field that orders them, and how a row reads as an
`Event`. Adding a source is one more such function in `SOURCES`.

Accommodation (placements, tenancies, Housing First stages) is housing history. A placement or
tenancy gives two entries, one when it started (at the time it was recorded) and one when it
ended; the end has a date but no time, so it sits at the end of that day and says so
(`date_only`).

Rows the user may not see are left out in the database, never sent and never counted into the
page; the page says only that some entries are hidden by sharing rules when any were.
"""

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from waypost.accounts.models import Membership
from waypost.audit.models import Channel, Section
from waypost.cases.models import (
    Assessment,
    DeathNotification,
    EnforcementAction,
    Goal,
    Minute,
    PlanAction,
    PlanStatus,
    TierResult,
)
from waypost.cases.plan_access import (
    acting_agency,
    actions_visible_q,
    by_section,
    record_shown,
)
from waypost.housing.models import (
    HousingFirstStage,
    HousingFirstStageChange,
    Placement,
    Tenancy,
)
from waypost.outreach.models import Activity, ListStatus, Offer, StatusChange, StreetContact
from waypost.people.models import NOTE_SECTIONS, Note, NoteKind, Person
from waypost.sharing.policy import PersonAccess

if TYPE_CHECKING:
    from waypost.accounts.models import User

PAGE_SIZE = 25
LONDON = ZoneInfo("Europe/London")


class Kind(models.TextChoices):
    """What the user may filter the timeline by."""

    NOTES = "notes", "Notes"
    STREET_CONTACTS = "street_contacts", "Street contacts"
    STATUS = "status", "By-name list status"
    ASSESSMENTS = "assessments", "Assessments"
    TIERS = "tiers", "Tier changes"
    MINUTES = "minutes", "Meeting minutes"
    PLAN = "plan", "Support plan"
    ENFORCEMENT = "enforcement", "Enforcement"
    DEATH = "death", "Death"
    PLACEMENTS = "placements", "Accommodation"


@dataclass(frozen=True)
class Event:
    """One entry on the timeline, in plain words. `section` is the part of the record it
    belongs to (for the access log); `details` are short lines, `text` free text."""

    kind: str
    at: datetime
    title: str
    section: str
    record_id: Any
    agency: str
    by: str = ""
    details: tuple[str, ...] = ()
    text: str = ""
    status: str = ""
    status_colour: str = ""  # a GOV.UK tag colour
    date_only: bool = False  # known to the day only: `at` is the end of that day


@dataclass(frozen=True)
class Feed:
    kind: str
    rows: QuerySet[Any]  # every row about the person
    visible: Q  # those the user may see
    at: str  # the field that orders them (an aware datetime)
    event: Callable[[Any], Event]


def by_kind(access: PersonAccess, sections: dict[str, Section], field: str = "kind") -> Q:
    """Rows whose section depends on their kind (notes, minutes): each kind by its section."""
    q = Q(pk__isnull=True)
    for kind, section in sections.items():
        q |= Q(**{field: kind}) & by_section(access, section)
    return q


def _by(row: Any) -> str:
    user = row.recorded_by
    return (user.full_name or user.email) if user else ""


def _labels(codes: Sequence[str], choices: type[models.TextChoices]) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(code, code)) for code in codes)


# --- Sources -----------------------------------------------------------------------------------


def notes(person: Person, access: PersonAccess) -> Feed:
    def event(note: Note) -> Event:
        general = note.kind == NoteKind.GENERAL
        return Event(
            kind=Kind.NOTES,
            at=note.recorded_at,
            title="Note" if general else f"Note: {note.get_kind_display().lower()}",
            section=NOTE_SECTIONS[note.kind],
            record_id=note.pk,
            agency=note.recorded_by_agency.name,
            by=_by(note),
            text=note.text,
        )

    return Feed(
        Kind.NOTES,
        Note.objects.filter(person=person).select_related("recorded_by_agency", "recorded_by"),
        by_kind(access, NOTE_SECTIONS),
        "recorded_at",
        event,
    )


def street_contacts(person: Person, access: PersonAccess) -> Feed:
    def event(contact: StreetContact) -> Event:
        where = ", ".join(
            p for p in (contact.place.name if contact.place else "", contact.location_detail) if p
        )
        details = [
            "Seen bedded down" if contact.bedded_down else "Not bedded down",
            *([f"Where: {where}"] if where else []),
            *([f"Doing: {_labels(contact.activities, Activity)}"] if contact.activities else []),
            *([f"Offered: {_labels(contact.offered, Offer)}"] if contact.offered else []),
            *([f"Accepted: {_labels(contact.accepted, Offer)}"] if contact.accepted else []),
        ]
        return Event(
            kind=Kind.STREET_CONTACTS,
            at=contact.contacted_at,
            title="Street contact",
            section=Section.CONTACT,
            record_id=contact.pk,
            agency=contact.recorded_by_agency.name,
            by=_by(contact),
            details=tuple(details),
            text=contact.notes,
        )

    return Feed(
        Kind.STREET_CONTACTS,
        StreetContact.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by", "place"
        ),
        by_section(access, Section.CONTACT),
        "contacted_at",
        event,
    )


def status_changes(person: Person, access: PersonAccess) -> Feed:
    def event(change: StatusChange) -> Event:
        previous = dict(ListStatus.choices).get(change.previous_status, "")
        return Event(
            kind=Kind.STATUS,
            at=change.changed_at,
            title=f"By-name list: {change.get_status_display().lower()}",
            section=Section.CONTACT,
            record_id=change.pk,
            agency=change.recorded_by_agency.name,
            by=_by(change),
            details=(f"Before: {str(previous).lower()}",) if previous else (),
        )

    return Feed(
        Kind.STATUS,
        StatusChange.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by"
        ),
        by_section(access, Section.CONTACT),
        "changed_at",
        event,
    )


def assessments(person: Person, access: PersonAccess) -> Feed:
    # The summary only: each domain's answers belong to their own sections (DOMAIN_SECTIONS).
    def event(assessment: Assessment) -> Event:
        return Event(
            kind=Kind.ASSESSMENTS,
            at=assessment.recorded_at,
            title="Assessment of need and risk",
            section=Section.SUPPORT,
            record_id=assessment.pk,
            agency=assessment.recorded_by_agency.name,
            by=_by(assessment),
            details=(f"Assessed on {assessment.assessed_on:%-d %B %Y}",),
            text=assessment.summary,
        )

    return Feed(
        Kind.ASSESSMENTS,
        Assessment.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by"
        ),
        by_section(access, Section.SUPPORT),
        "recorded_at",
        event,
    )


def tiers(person: Person, access: PersonAccess) -> Feed:
    # The tier and score only: the explanation's factors come from several sections.
    def event(result: TierResult) -> Event:
        return Event(
            kind=Kind.TIERS,
            at=result.calculated_at,
            title=result.get_tier_display(),
            section=Section.SUPPORT,
            record_id=result.pk,
            agency=result.recorded_by_agency.name,
            by=_by(result),
            details=(f"Score {result.score}",),
        )

    return Feed(
        Kind.TIERS,
        TierResult.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by"
        ),
        by_section(access, Section.SUPPORT),
        "calculated_at",
        event,
    )


def minutes(person: Person, access: PersonAccess) -> Feed:
    def event(minute: Minute) -> Event:
        meeting = minute.meeting
        when = timezone.localtime(meeting.starts_at)
        general = minute.kind == NoteKind.GENERAL
        return Event(
            kind=Kind.MINUTES,
            at=minute.recorded_at,
            title="Meeting minute" if general else f"Meeting minute: {minute.get_kind_display()}",
            section=minute.record_section,
            record_id=minute.pk,
            agency=minute.recorded_by_agency.name,
            by=_by(minute),
            details=(f"{meeting.get_kind_display()} on {when:%-d %B %Y}",),
            text=minute.text,
        )

    return Feed(
        Kind.MINUTES,
        Minute.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by", "meeting"
        ),
        by_kind(access, NOTE_SECTIONS),
        "recorded_at",
        event,
    )


PLAN_TAGS = {
    PlanStatus.OPEN: ("Open", "blue"),
    PlanStatus.DONE: ("Done", "green"),
    PlanStatus.CANCELLED: ("Cancelled", "grey"),
}


def goals(person: Person, access: PersonAccess) -> Feed:
    def event(goal: Goal) -> Event:
        status, colour = PLAN_TAGS[PlanStatus(goal.status)]
        return Event(
            kind=Kind.PLAN,
            at=goal.recorded_at,
            title="Goal set",
            section=Section.SUPPORT,
            record_id=goal.pk,
            agency=goal.recorded_by_agency.name,
            by=_by(goal),
            text=goal.text,
            status=status,
            status_colour=colour,
        )

    return Feed(
        Kind.PLAN,
        Goal.objects.filter(person=person).select_related("recorded_by_agency", "recorded_by"),
        by_section(access, Section.SUPPORT),
        "recorded_at",
        event,
    )


def plan_actions(person: Person, access: PersonAccess) -> Feed:
    today = timezone.localdate()

    def event(action: PlanAction) -> Event:
        status, colour = PLAN_TAGS[PlanStatus(action.status)]
        if action.status == PlanStatus.OPEN and action.due_on < today:
            status, colour = "Overdue", "red"
        owner = action.owner_agency.name
        if action.owner:
            owner = f"{action.owner.full_name or action.owner.email}, {owner}"
        details = [f"Owner: {owner}", f"Due: {action.due_on:%-d %B %Y}"]
        if action.outcome:
            details.append(f"Outcome: {action.outcome}")
        return Event(
            kind=Kind.PLAN,
            at=action.recorded_at,
            title="Action agreed",
            section=Section.SUPPORT,
            record_id=action.pk,
            agency=action.recorded_by_agency.name,
            by=_by(action),
            details=tuple(details),
            text=action.text,
            status=status,
            status_colour=colour,
        )

    return Feed(
        Kind.PLAN,
        PlanAction.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by", "owner_agency", "owner"
        ),
        actions_visible_q(access),  # the owner agency always sees its actions
        "recorded_at",
        event,
    )


def enforcement(person: Person, access: PersonAccess) -> Feed:
    def event(action: EnforcementAction) -> Event:
        return Event(
            kind=Kind.ENFORCEMENT,
            at=action.recorded_at,
            title=f"Enforcement: {action.get_kind_display()}",
            section=Section.OFFENDING,
            record_id=action.pk,
            agency=action.recorded_by_agency.name,
            by=_by(action),
            details=(f"Taken on {action.taken_on:%-d %B %Y}",),
            text=action.details,
        )

    return Feed(
        Kind.ENFORCEMENT,
        EnforcementAction.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by"
        ),
        by_section(access, Section.OFFENDING),
        "recorded_at",
        event,
    )


def deaths(person: Person, access: PersonAccess) -> Feed:
    def event(death: DeathNotification) -> Event:
        details = []
        if death.died_on:
            about = "About " if death.died_on_approximate else ""
            details.append(f"Died on: {about}{death.died_on:%-d %B %Y}")
        if death.place_of_death:
            details.append(f"Place: {death.place_of_death}")
        return Event(
            kind=Kind.DEATH,
            at=death.recorded_at,
            title="Death reported",
            section=Section.SAFEGUARDING,
            record_id=death.pk,
            agency=death.recorded_by_agency.name,
            by=_by(death),
            details=tuple(details),
            text=death.circumstances,
        )

    return Feed(
        Kind.DEATH,
        DeathNotification.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by"
        ),
        by_section(access, Section.SAFEGUARDING),
        "recorded_at",
        event,
    )


def _end_of(day: date) -> datetime:
    """When a date-only event sorts: the end of that day in UK time, after whatever else was
    recorded that day (a placement can start and end on the same day)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=LONDON)


def _on(day: date) -> str:
    return f"{day:%-d %B %Y}"


def placements_started(person: Person, access: PersonAccess) -> Feed:
    def event(placement: Placement) -> Event:
        details = [
            f"Where: {placement.unit.label}, {placement.scheme.name}",
            f"Kind: {placement.scheme.get_kind_display()}",
            f"From {_on(placement.started_on)}",
        ]
        if placement.expected_end_on:
            details.append(f"Expected to leave on {_on(placement.expected_end_on)}")
        return Event(
            kind=Kind.PLACEMENTS,
            at=placement.recorded_at,
            title=f"Placed at {placement.scheme.name}",
            section=Section.HOUSING_HISTORY,
            record_id=placement.pk,
            agency=placement.recorded_by_agency.name,
            by=_by(placement),
            details=tuple(details),
            text=placement.notes,
        )

    return Feed(
        Kind.PLACEMENTS,
        Placement.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by", "scheme", "unit"
        ),
        by_section(access, Section.HOUSING_HISTORY),
        "recorded_at",
        event,
    )


def placements_ended(person: Person, access: PersonAccess) -> Feed:
    def event(placement: Placement) -> Event:
        assert placement.ended_on is not None
        return Event(
            kind=Kind.PLACEMENTS,
            at=_end_of(placement.ended_on),
            title=f"Left {placement.scheme.name}: {placement.get_end_reason_display().lower()}",
            section=Section.HOUSING_HISTORY,
            record_id=placement.pk,
            agency=placement.recorded_by_agency.name,
            details=(
                f"Ended on {_on(placement.ended_on)}",
                f"Where: {placement.unit.label}, {placement.scheme.name}",
            ),
            text=placement.end_notes,
            date_only=True,
        )

    return Feed(
        Kind.PLACEMENTS,
        Placement.objects.filter(person=person, ended_on__isnull=False).select_related(
            "recorded_by_agency", "scheme", "unit"
        ),
        by_section(access, Section.HOUSING_HISTORY),
        "ended_on",
        event,
    )


def _tenancy_where(tenancy: Tenancy) -> list[str]:
    # The landlord and the area, not the address: it is where the person lives now.
    where = [f"Landlord: {tenancy.landlord.name}"]
    if tenancy.property.area:
        where.append(f"Area: {tenancy.property.area}")
    return where


def tenancies_started(person: Person, access: PersonAccess) -> Feed:
    def event(tenancy: Tenancy) -> Event:
        details = [*_tenancy_where(tenancy), f"From {_on(tenancy.started_on)}"]
        if tenancy.floating_support:
            agency = tenancy.floating_support_agency
            details.append(f"Floating support{f': {agency.name}' if agency else ''}")
        return Event(
            kind=Kind.PLACEMENTS,
            at=tenancy.recorded_at,
            title="Tenancy started",
            section=Section.HOUSING_HISTORY,
            record_id=tenancy.pk,
            agency=tenancy.recorded_by_agency.name,
            by=_by(tenancy),
            details=tuple(details),
            text=tenancy.notes,
        )

    return Feed(
        Kind.PLACEMENTS,
        Tenancy.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by", "landlord", "property", "floating_support_agency"
        ),
        by_section(access, Section.HOUSING_HISTORY),
        "recorded_at",
        event,
    )


def tenancies_ended(person: Person, access: PersonAccess) -> Feed:
    def event(tenancy: Tenancy) -> Event:
        assert tenancy.ended_on is not None
        return Event(
            kind=Kind.PLACEMENTS,
            at=_end_of(tenancy.ended_on),
            title=f"Tenancy ended: {tenancy.get_end_reason_display().lower()}",
            section=Section.HOUSING_HISTORY,
            record_id=tenancy.pk,
            agency=tenancy.recorded_by_agency.name,
            details=(f"Ended on {_on(tenancy.ended_on)}", *_tenancy_where(tenancy)),
            date_only=True,
        )

    return Feed(
        Kind.PLACEMENTS,
        Tenancy.objects.filter(person=person, ended_on__isnull=False).select_related(
            "recorded_by_agency", "landlord", "property"
        ),
        by_section(access, Section.HOUSING_HISTORY),
        "ended_on",
        event,
    )


def housing_first_stages(person: Person, access: PersonAccess) -> Feed:
    def event(change: HousingFirstStageChange) -> Event:
        previous = dict(HousingFirstStage.choices).get(change.previous_stage, "")
        return Event(
            kind=Kind.PLACEMENTS,
            at=change.changed_at,
            title=f"Housing First: {str(change.get_stage_display()).lower()}",
            section=Section.HOUSING_HISTORY,
            record_id=change.pk,
            agency=change.recorded_by_agency.name,
            by=_by(change),
            details=(f"Before: {str(previous).lower()}",) if previous else (),
        )

    return Feed(
        Kind.PLACEMENTS,
        HousingFirstStageChange.objects.filter(person=person).select_related(
            "recorded_by_agency", "recorded_by"
        ),
        by_section(access, Section.HOUSING_HISTORY),
        "changed_at",
        event,
    )


SOURCES: tuple[Callable[[Person, PersonAccess], Feed], ...] = (
    notes,
    street_contacts,
    status_changes,
    assessments,
    tiers,
    minutes,
    goals,
    plan_actions,
    enforcement,
    deaths,
    placements_started,
    placements_ended,
    tenancies_started,
    tenancies_ended,
    housing_first_stages,
)


# --- Reading a page of it ----------------------------------------------------------------------


@dataclass
class Timeline:
    events: list[Event]
    page: Page[Any]  # for the pagination component: numbers only
    hidden: bool  # some entries (of the kinds asked for) are hidden by sharing rules
    sections: set[str] = field(default_factory=set)  # shown on this page (for the access log)


def read_timeline(
    person: Person,
    access: PersonAccess,
    *,
    kinds: Collection[str] = (),
    page: Any = 1,
    per_page: int = PAGE_SIZE,
) -> Timeline:
    """One page of the person's timeline, newest first, of the `kinds` asked for (all when
    empty). Two queries a source at most, however long the timeline: one counting what is
    shown and hidden, one reading the newest rows up to the end of the page."""
    feeds = [f for f in (source(person, access) for source in SOURCES)]
    if kinds:
        feeds = [f for f in feeds if f.kind in kinds]
    counted = []
    hidden = False
    for feed in feeds:
        counts = feed.rows.aggregate(
            shown=Count("pk", filter=feed.visible), hidden=Count("pk", filter=~feed.visible)
        )
        hidden = hidden or bool(counts["hidden"])
        counted.append((feed, counts["shown"]))
    total = sum(shown for _, shown in counted)
    # Django's paginator over the count alone: it checks the page number and does the sums.
    numbers = Paginator(range(total), per_page).get_page(page)
    end = numbers.number * per_page
    events: list[Event] = []
    for feed, shown in counted:
        if shown:
            rows = feed.rows.filter(feed.visible).order_by(f"-{feed.at}", "-pk")[:end]
            events.extend(feed.event(row) for row in rows)
    events.sort(key=lambda e: (e.at, str(e.record_id)), reverse=True)
    events = events[end - per_page : end]
    return Timeline(
        events=events, page=numbers, hidden=hidden, sections={e.section for e in events}
    )


def record_timeline_shown(
    user: "User",
    person: Person,
    access: PersonAccess,
    timeline: Timeline,
    memberships: Sequence[Membership],
    *,
    channel: str = Channel.PAGE,
    route: str,
    name_shown: bool,
) -> None:
    """One access event per section the page showed, and identity when the name was shown."""
    sections = sorted(timeline.sections) + ([Section.IDENTITY] if name_shown else [])
    agency = acting_agency(memberships, person)
    record_shown(user, [(person, s, agency) for s in sections], channel=channel, route=route)
