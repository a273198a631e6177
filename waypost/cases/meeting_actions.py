"""Writes for meetings and tasking: series and one-off meetings, the agenda and the
coordinator's changes to it, attendance, minutes, and marking a meeting held or cancelled.

Each function is one transaction; django-auditlog records the changes to series, meetings,
agenda items, attendance and minutes (minutes' text masked). Views decide who may act
(waypost.cases.meeting_access); these check again that `by` runs meetings in the partnership
(a coordinator there), so a mistake in a caller cannot let anyone else change a meeting.
`by=None` is the system itself (the daily task, the demo seed). Actions agreed in a meeting are
support plan actions: waypost.cases.plan_actions.add_action with `meeting=`.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.cases.agenda import Candidates, Item, eligible_person_q, find_candidates, merge_agenda
from waypost.cases.meeting_access import RUN_ROLES
from waypost.cases.meeting_tasks import LONDON, make_upcoming_meetings
from waypost.cases.models import (
    AgendaItem,
    AgendaReason,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Minute,
    PlanAction,
)
from waypost.people.actions import check_may_write
from waypost.people.models import NOTE_SECTIONS, Person

MAX_EVERY_WEEKS = 8
NOT_PLANNED = "This meeting has been held or cancelled, so its agenda cannot change."


def check_runs_meetings(partnership_id: Any, *, by: User | None) -> None:
    """Refuse unless `by` is a coordinator in the partnership (`None`: the system)."""
    if by is None:
        return
    if (
        not Membership.objects.active()
        .filter(user=by, agency__partnership_id=partnership_id, role__in=RUN_ROLES)
        .exists()
    ):
        raise PermissionDenied


# --- Series and meetings ---------------------------------------------------------------------


def _clean_series(
    partnership_id: Any,
    *,
    kind: str,
    name: str,
    weekdays: Iterable[int],
    every_weeks: int,
    chair_agency: Agency | None,
) -> tuple[str, list[int]]:
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "Choose the kind of meeting"})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the series"})
    days = sorted({int(d) for d in weekdays})
    if not days or not all(0 <= d <= 6 for d in days):
        raise ValidationError({"weekdays": "Choose at least one day the meeting is held on"})
    if not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise ValidationError(
            {"every_weeks": f"Enter how often in weeks, from 1 to {MAX_EVERY_WEEKS}"}
        )
    if chair_agency is not None and chair_agency.partnership_id != partnership_id:
        raise ValidationError({"chair_agency": "Choose an agency in the partnership"})
    return name, days


@transaction.atomic
def create_series(
    partnership: Partnership,
    *,
    kind: str,
    name: str,
    weekdays: Iterable[int],
    every_weeks: int,
    starts_at: time,
    first_on: date,
    location: str = "",
    chair_agency: Agency | None = None,
    by: User | None,
) -> MeetingSeries:
    """A recurring meeting, and its meetings for the next four weeks."""
    check_runs_meetings(partnership.pk, by=by)
    name, days = _clean_series(
        partnership.pk,
        kind=kind,
        name=name,
        weekdays=weekdays,
        every_weeks=every_weeks,
        chair_agency=chair_agency,
    )
    series = MeetingSeries.objects.create(
        partnership=partnership,
        kind=kind,
        name=name,
        weekdays=days,
        every_weeks=every_weeks,
        starts_at=starts_at,
        first_on=first_on,
        location=(location or "").strip(),
        chair_agency=chair_agency,
    )
    make_upcoming_meetings([series])
    return series


def _untouched() -> Any:
    """Meetings nothing has been recorded at: no attendance, minutes or actions."""
    return (
        ~Exists(Attendance.objects.filter(meeting=OuterRef("pk")))
        & ~Exists(Minute.objects.filter(meeting=OuterRef("pk")))
        & ~Exists(PlanAction.objects.filter(meeting=OuterRef("pk")))
    )


def fits(series: MeetingSeries, at: datetime) -> bool:
    """Whether a meeting at `at` is one the series' schedule makes."""
    local = at.astimezone(LONDON)
    first_week = series.first_on - timedelta(days=series.first_on.weekday())
    return (
        local.date() >= series.first_on
        and local.weekday() in {int(d) for d in series.weekdays}
        and ((local.date() - first_week).days // 7) % max(series.every_weeks, 1) == 0
        and local.time() == series.starts_at
    )


def _withdraw_future(series: MeetingSeries, *, keep_fitting: bool) -> None:
    """Future planned meetings the series no longer makes: deleted when nothing was recorded
    at them, else cancelled (what was recorded stays)."""
    future = list(
        Meeting.objects.filter(
            series=series, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
        ).annotate(untouched=_untouched())
    )
    gone = [m for m in future if not (keep_fitting and fits(series, m.starts_at))]
    Meeting.objects.filter(pk__in=[m.pk for m in gone if m.untouched]).delete()
    for meeting in gone:
        if not meeting.untouched:
            meeting.status = MeetingStatus.CANCELLED
            meeting.save(update_fields=["status"])
    staying = [m.pk for m in future if m not in gone]
    Meeting.objects.filter(pk__in=staying).update(kind=series.kind, location=series.location)


@transaction.atomic
def update_series(
    series: MeetingSeries,
    *,
    kind: str,
    name: str,
    weekdays: Iterable[int],
    every_weeks: int,
    starts_at: time,
    first_on: date,
    location: str = "",
    chair_agency: Agency | None = None,
    by: User | None,
) -> MeetingSeries:
    """Change a series. Its future planned meetings follow: those the new schedule no longer
    makes go (or are cancelled when something was recorded at them), the others take the new
    kind and place, and any new ones are made."""
    check_runs_meetings(series.partnership_id, by=by)
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    name, days = _clean_series(
        series.partnership_id,
        kind=kind,
        name=name,
        weekdays=weekdays,
        every_weeks=every_weeks,
        chair_agency=chair_agency,
    )
    series.kind = kind
    series.name = name
    series.weekdays = days
    series.every_weeks = every_weeks
    series.starts_at = starts_at
    series.first_on = first_on
    series.location = (location or "").strip()
    series.chair_agency = chair_agency
    series.save()
    if series.is_active:
        _withdraw_future(series, keep_fitting=True)
        make_upcoming_meetings([series])
    return series


@transaction.atomic
def stop_series(series: MeetingSeries, *, by: User | None) -> MeetingSeries:
    """Stop a series: no more meetings are made, and its future planned meetings go (or are
    cancelled when something was recorded at them). Past meetings stay."""
    check_runs_meetings(series.partnership_id, by=by)
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if series.is_active:
        series.is_active = False
        series.save(update_fields=["is_active"])
        _withdraw_future(series, keep_fitting=False)
    return series


@transaction.atomic
def start_series(series: MeetingSeries, *, by: User | None) -> MeetingSeries:
    """Start a stopped series again from today."""
    check_runs_meetings(series.partnership_id, by=by)
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if not series.is_active:
        series.is_active = True
        series.save(update_fields=["is_active"])
        make_upcoming_meetings([series])
    return series


@transaction.atomic
def create_meeting(
    partnership: Partnership,
    *,
    kind: str,
    starts_at: datetime,
    location: str = "",
    by: User | None,
) -> Meeting:
    """A one-off meeting (not part of a series)."""
    check_runs_meetings(partnership.pk, by=by)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "Choose the kind of meeting"})
    return Meeting.objects.create(
        partnership=partnership,
        kind=kind,
        starts_at=starts_at,
        location=(location or "").strip(),
        created_by=by,
    )


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: User | None) -> Meeting:
    """Cancel a planned meeting (a bank holiday, say). What was recorded at it stays."""
    check_runs_meetings(meeting.partnership_id, by=by)
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError("Only a planned meeting can be cancelled.")
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def mark_held(meeting: Meeting, *, by: User | None) -> Meeting:
    """Record that the meeting took place. Its agenda is then fixed; minutes and actions can
    still be added while they are written up."""
    check_runs_meetings(meeting.partnership_id, by=by)
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError("This meeting is already held or cancelled.")
    meeting.status = MeetingStatus.HELD
    meeting.held_at = timezone.now()
    meeting.save(update_fields=["status", "held_at"])
    return meeting


# --- The agenda ------------------------------------------------------------------------------


@transaction.atomic
def rebuild_agenda(
    meeting: Meeting, *, by: User | None, today: date | None = None
) -> list[AgendaItem]:
    """Build (or build again) the agenda by the rules of waypost.cases.agenda, keeping the
    coordinator's removals, additions and order. Returns the items, in order."""
    check_runs_meetings(meeting.partnership_id, by=by)
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(NOT_PLANNED)
    found: Candidates = find_candidates(meeting, today=today)
    stored = list(AgendaItem.objects.filter(meeting=meeting))
    eligible = set(
        AgendaItem.objects.filter(eligible_person_q(), meeting=meeting).values_list(
            "person_id", flat=True
        )
    )
    existing = [
        Item(i.person_id, tuple(i.reasons), i.position, removed=i.removed_at is not None)
        for i in stored
        if i.person_id in eligible
    ]
    planned = {i.person_id: i for i in merge_agenda(existing, found)}
    by_person = {i.person_id: i for i in stored}
    AgendaItem.objects.filter(pk__in=[i.pk for i in stored if i.person_id not in planned]).delete()
    changed, created = [], []
    for person_id, plan in planned.items():
        item = by_person.get(person_id)
        if item is None:
            created.append(
                AgendaItem(
                    meeting=meeting,
                    person_id=person_id,
                    reasons=list(plan.reasons),
                    position=plan.position,
                )
            )
        elif list(plan.reasons) != item.reasons or plan.position != item.position:
            item.reasons = list(plan.reasons)
            item.position = plan.position
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["reasons", "position"])
    AgendaItem.objects.bulk_create(created)
    meeting.agenda_built_at = timezone.now()
    meeting.save(update_fields=["agenda_built_at"])
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))


def _planned_item(item: AgendaItem, by: User | None) -> AgendaItem:
    check_runs_meetings(item.meeting.partnership_id, by=by)
    meeting = _locked(item.meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(NOT_PLANNED)
    return AgendaItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def remove_from_agenda(item: AgendaItem, *, reason: str, by: User | None) -> AgendaItem:
    """Take someone off the agenda, saying why. They stay off when it is rebuilt."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why they are not being discussed"})
    if len(reason) > 200:
        raise ValidationError({"reason": "Use 200 characters or fewer"})
    item = _planned_item(item, by)
    item.removed_at = timezone.now()
    item.removed_reason = reason
    item.save(update_fields=["removed_at", "removed_reason"])
    return item


@transaction.atomic
def restore_to_agenda(item: AgendaItem, *, by: User | None) -> AgendaItem:
    """Put someone the coordinator removed back in their place on the agenda."""
    item = _planned_item(item, by)
    item.removed_at = None
    item.removed_reason = ""
    item.save(update_fields=["removed_at", "removed_reason"])
    return item


@transaction.atomic
def add_to_agenda(meeting: Meeting, person: Person, *, by: User | None) -> AgendaItem:
    """Add someone the rules did not pick (or put back someone removed), at the end. They
    stay when the agenda is rebuilt."""
    check_runs_meetings(meeting.partnership_id, by=by)
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(NOT_PLANNED)
    if (
        person.partnership_id != meeting.partnership_id
        or not Person.objects.filter(eligible_person_q(prefix=""), pk=person.pk).exists()
    ):
        raise ValidationError("This person cannot be added to the agenda.")
    item = AgendaItem.objects.select_for_update().filter(meeting=meeting, person=person).first()
    if item is None:
        last = AgendaItem.objects.filter(meeting=meeting).order_by("-position").first()
        return AgendaItem.objects.create(
            meeting=meeting,
            person=person,
            reasons=[AgendaReason.ADDED],
            position=last.position + 1 if last else 0,
        )
    if AgendaReason.ADDED not in item.reasons:
        item.reasons = [*item.reasons, AgendaReason.ADDED]
    item.removed_at = None
    item.removed_reason = ""
    item.save(update_fields=["reasons", "removed_at", "removed_reason"])
    return item


@transaction.atomic
def move_agenda_item(item: AgendaItem, *, up: bool, by: User | None) -> AgendaItem:
    """Move someone one place up or down among the people still on the agenda."""
    item = _planned_item(item, by)
    order = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting_id=item.meeting_id)
        .order_by("position", "id")
    )
    here = next(i for i, o in enumerate(order) if o.pk == item.pk)
    step = -1 if up else 1
    there = here + step
    while 0 <= there < len(order) and order[there].removed_at is not None:
        there += step
    if 0 <= there < len(order):
        order[here], order[there] = order[there], order[here]
    for position, one in enumerate(order):
        one.position = position
    AgendaItem.objects.bulk_update(order, ["position"])
    return next(o for o in order if o.pk == item.pk)


# --- In the meeting --------------------------------------------------------------------------


@transaction.atomic
def record_attendance(
    meeting: Meeting,
    *,
    rows: Sequence[tuple[Agency, bool, str]],
    by: User | None,
) -> list[Attendance]:
    """Which agencies came and who for each: (agency, present, names of staff). An agency
    not present has no row."""
    check_runs_meetings(meeting.partnership_id, by=by)
    meeting = _locked(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled.")
    kept = []
    for agency, present, attendees in rows:
        if agency.partnership_id != meeting.partnership_id:
            raise ValidationError("Choose agencies in the meeting's partnership")
        if not present:
            Attendance.objects.filter(meeting=meeting, agency=agency).delete()
            continue
        row, _ = Attendance.objects.update_or_create(
            meeting=meeting,
            agency=agency,
            defaults={"present": True, "attendees": (attendees or "").strip()[:300]},
        )
        kept.append(row)
    return kept


@transaction.atomic
def add_minute(
    meeting: Meeting,
    *,
    person: Person,
    kind: str,
    text: str,
    by: User | None,
    agency: Agency,
) -> Minute:
    """What the meeting said about someone on its agenda. Its kind decides which section's
    sharing rules protect it (a health minute is health data)."""
    check_runs_meetings(meeting.partnership_id, by=by)
    if kind not in NOTE_SECTIONS:
        raise ValidationError({"kind": "Choose what the minute is about"})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the minute"})
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled.")
    if not AgendaItem.objects.filter(
        meeting=meeting, person=person, removed_at__isnull=True
    ).exists():
        raise ValidationError("This person is not on the meeting's agenda.")
    check_may_write(person, NOTE_SECTIONS[kind], by=by, agency=agency)
    minute = Minute.objects.create(
        meeting=meeting,
        person=person,
        kind=kind,
        text=text,
        recorded_by=by,
        recorded_by_agency=agency,
    )
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
    return minute


CARRY_ON = "carry_on"


@transaction.atomic
def review_action(
    meeting: Meeting,
    action: PlanAction,
    *,
    decision: str,
    version: int,
    outcome: str = "",
    due_on: date | None = None,
    by: User | None,
    agency: Agency,
) -> PlanAction:
    """The meeting's review of an action (accountability): done or cancelled with what
    happened, or carried on, perhaps to a new date, with any progress kept as a support minute
    of this meeting. Raises plan_actions.PlanConflict when the action changed meanwhile."""
    from waypost.cases.plan_actions import update_action

    check_runs_meetings(meeting.partnership_id, by=by)
    if action.person.partnership_id != meeting.partnership_id:
        raise ValidationError("This action is not about someone in the meeting's partnership.")
    outcome = (outcome or "").strip()
    if decision == CARRY_ON:
        updated = update_action(action, version=version, by=by, agency=agency, due_on=due_on)
        if outcome:
            add_minute(
                meeting,
                person=action.person,
                kind="support",
                text=f"Action “{action.text}” carried on: {outcome}",
                by=by,
                agency=agency,
            )
        return updated
    return update_action(
        action, version=version, by=by, agency=agency, status=decision, outcome=outcome
    )
