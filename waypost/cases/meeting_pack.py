"""The meeting pack: a tagged PDF of a meeting for the person who downloads it.

Everyone on the agenda appears in order, each with only what the downloading user's agency may
see under the access policy: the name and date of birth when identity is shared (else "Person
on the list (details not shared)" and the lead worker to contact), staff-safety warnings, why
they are on the agenda, their tier and the factors behind it (each factor in its own section),
the previous meeting's actions about them and their other open actions (an agency always
sees the actions it owns), and recent minutes and
notes, each by its kind's section. Nothing here is cached: two people downloading the same
meeting's pack get different files. Every person in the pack is in the access log (channel PDF),
one event per section shown.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from waypost.accounts.models import Membership
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.cases.agenda import previous_meeting
from waypost.cases.meeting_access import (
    AgendaRow,
    acting_agency,
    agenda_rows,
    may_see_action,
    visible_tier_factors,
)
from waypost.cases.models import Attendance, Meeting, Minute, PlanAction, PlanStatus, TierResult
from waypost.people.models import Note, NoteKind, StaffSafetyWarning, record_section

if TYPE_CHECKING:
    from waypost.accounts.models import User

RECENT_DAYS = 90  # minutes and notes from this long ago
RECENT_MAX = 8  # at most this many of each, newest first
NOTE_KINDS = list(NoteKind.values)


@dataclass
class PackPerson:
    row: AgendaRow
    warnings: list[StaffSafetyWarning] = field(default_factory=list)
    tier: TierResult | None = None
    factors: list[dict[str, Any]] = field(default_factory=list)
    hidden_factors: int = 0
    review: list[PlanAction] = field(default_factory=list)
    open_actions: list[PlanAction] = field(default_factory=list)
    minutes: list[Minute] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def sections_shown(self) -> set[str]:
        shown: set[str] = set()
        if self.row.shows_identity:
            shown.add(Section.IDENTITY)
        if self.warnings:
            shown.add(Section.SAFEGUARDING)
        if self.tier or self.review or self.open_actions:
            shown.add(Section.SUPPORT)
        shown |= {record_section(r) for r in [*self.minutes, *self.notes]}
        return shown or {Section.IDENTITY}


def _by_person(rows: Any) -> dict[Any, list[Any]]:
    found: dict[Any, list[Any]] = {}
    for row in rows:
        found.setdefault(row.person_id, []).append(row)
    return found


def pack_people(
    user: "User", meeting: Meeting, memberships: Sequence[Membership]
) -> tuple[list[PackPerson], Meeting | None]:
    """Everyone on the agenda as the user may see them, read in a fixed number of queries."""
    rows = [r for r in agenda_rows(user, meeting, memberships) if not r.is_removed]
    ids = [r.person.pk for r in rows]
    previous = previous_meeting(meeting)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    which = Q(status=PlanStatus.OPEN) | (Q(meeting=previous) if previous else Q(pk__in=[]))
    actions = _by_person(
        PlanAction.objects.filter(which, person_id__in=ids)
        .select_related("owner_agency", "owner", "recorded_by_agency")
        .order_by("due_on", "recorded_at")
    )
    tiers = _by_person(TierResult.objects.filter(person_id__in=ids).order_by("-calculated_at"))
    minutes = _by_person(
        Minute.objects.filter(person_id__in=ids)
        .filter(Q(recorded_at__gte=since) | Q(meeting=meeting))
        .select_related("meeting", "recorded_by_agency")
        .order_by("-recorded_at")
    )
    notes = _by_person(
        Note.objects.filter(person_id__in=ids, recorded_at__gte=since)
        .select_related("recorded_by_agency")
        .order_by("-recorded_at")
    )
    warnings = _by_person(
        StaffSafetyWarning.objects.filter(person_id__in=ids, ended_at__isnull=True).select_related(
            "recorded_by_agency"
        )
    )
    people = []
    for row in rows:
        access, pid = row.access, row.person.pk
        one = PackPerson(row=row, warnings=warnings.get(pid, []))
        tier = next(iter(tiers.get(pid, [])), None)
        if tier is not None and access.can_see(Section.SUPPORT, tier.recorded_by_agency_id):
            one.tier = tier
            one.factors, one.hidden_factors = visible_tier_factors(tier, access)
        for action in actions.get(pid, []):
            if not may_see_action(access, action):
                continue
            if previous is not None and action.meeting_id == previous.pk:
                one.review.append(action)
            else:
                one.open_actions.append(action)
        one.minutes = access.visible_rows(minutes.get(pid, []))[:RECENT_MAX]
        # Newest first, grouped by kind (a stable sort keeps the order within each kind).
        one.notes = sorted(
            access.visible_rows(notes.get(pid, []))[:RECENT_MAX],
            key=lambda n: NOTE_KINDS.index(n.kind),
        )
        people.append(one)
    return people, previous


def render_meeting_pack(
    user: "User", meeting: Meeting, memberships: Sequence[Membership], *, route: str
) -> bytes:
    """A tagged PDF (PDF/UA-1) of the meeting for `user`, recording each person shown."""
    from weasyprint import HTML

    people, previous = pack_people(user, meeting, memberships)
    for one in people:
        agency = acting_agency(memberships, one.row.person.partnership_id)
        for section in sorted(one.sections_shown()):
            record_access(
                user,
                channel=Channel.PDF,
                section=section,
                subject_type="person",
                subject_id=one.row.person.pk,
                person_id=one.row.person.pk,
                agency=agency,
                route=route,
            )
    agencies = sorted(
        {m.agency.name for m in memberships if m.agency.partnership_id == meeting.partnership_id}
    )
    html = render_to_string(
        "cases/meetings/pack_pdf.html",
        {
            "meeting": meeting,
            "people": people,
            "previous": previous,
            "attendance": Attendance.objects.filter(meeting=meeting).select_related("agency"),
            "prepared_by": user.full_name or user.email,
            "agencies": ", ".join(agencies),
            "prepared_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
