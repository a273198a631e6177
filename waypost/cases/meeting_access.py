"""Who may see and run meetings, and the reads of what a meeting shows about people.

Meetings belong to a partnership. Front-line staff (coordinators, caseworkers, outreach workers)
of its agencies whose agency has an in-date signature of the information sharing agreement see
its meetings, agendas and packs; coordinators among them also create and run meetings. Referrers,
partnership admins, commissioners and data protection officers see no agendas. Another
partnership's meeting is "Page not found", as is one that does not exist.

What a meeting shows about each person follows the access policy for the user
(`waypost.sharing.policy`): the name only when the user may see the person's identity, else
"Person on the list (details not shared)" with the lead worker to contact; minutes by their
kind's section; tiers in the support section; actions in the support section, and always to
the agency that owns them (as `waypost.cases.plan_access` rules). Every person shown is
recorded in the access log.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from waypost.accounts.models import Agency, Membership, Partnership, Role
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.cases.agenda import eligible_person_q, previous_meeting
from waypost.cases.models import (
    AgendaItem,
    AgendaReason,
    Meeting,
    Minute,
    PlanAction,
    PlanStatus,
    TierResult,
)
from waypost.cases.plan_access import actions_visible_q
from waypost.people.access import RecordContact
from waypost.people.matching.visibility import access_for_many
from waypost.people.models import Person, StaffSafetyWarning
from waypost.sharing.policy import FRONTLINE_ROLES, PersonAccess, signed_agency_ids

if TYPE_CHECKING:
    from waypost.accounts.models import User

MEETING_ROLES = frozenset({Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER})
RUN_ROLES = frozenset({Role.COORDINATOR})
NOT_SHARED = "Person on the list (details not shared)"
# Short enough for a tag on a phone; the model's labels say it in full.
REASON_LABELS = {
    AgendaReason.TIER: "Tier for this meeting",
    AgendaReason.NEW: "New since the last meeting",
    AgendaReason.OVERDUE: "Overdue actions",
    AgendaReason.ADDED: "Added by the coordinator",
}


@dataclass(frozen=True)
class MeetingReach:
    """The partnerships whose meetings the user sees, and those where they run meetings
    (with the agency they act for there)."""

    see: dict[Any, Partnership]
    run: dict[Any, Agency]

    @property
    def partnership_ids(self) -> list[Any]:
        return list(self.see)


def meeting_reach(memberships: Sequence[Membership]) -> MeetingReach:
    """One query: which of the user's agencies have signed the agreement."""
    relevant = [m for m in memberships if m.role in MEETING_ROLES]
    signed = signed_agency_ids({m.agency_id for m in relevant}) if relevant else set()
    see: dict[Any, Partnership] = {}
    run: dict[Any, Agency] = {}
    for m in relevant:
        if m.agency_id not in signed:
            continue
        see.setdefault(m.agency.partnership_id, m.agency.partnership)
        if m.role in RUN_ROLES:
            run.setdefault(m.agency.partnership_id, m.agency)
    return MeetingReach(see=see, run=run)


@dataclass
class MeetingAccess:
    meeting: Meeting
    may_run: bool
    # The agency a coordinator acts for in the meeting's partnership (None for others).
    agency: Agency | None


def get_meeting_for_user(
    memberships: Sequence[Membership], meeting_id: UUID, *, run: bool = False
) -> MeetingAccess:
    """The meeting, when the user may see it; 404 when it does not exist or belongs to a
    partnership they cannot see meetings of. With `run`, 403 unless they run meetings there.
    The meeting itself holds nothing personal: what it shows about people is read below."""
    reach = meeting_reach(memberships)
    meeting = (
        Meeting.objects.select_related("series__chair_agency", "partnership")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or meeting.partnership_id not in reach.see:
        raise Http404
    agency = reach.run.get(meeting.partnership_id)
    if run and agency is None:
        raise PermissionDenied
    return MeetingAccess(meeting=meeting, may_run=agency is not None, agency=agency)


def contacts_for(people: Iterable[Person]) -> dict[Any, RecordContact]:
    """Who to ask about each person (as `waypost.people.access.record_contact`), in one query:
    the lead worker and the agency they work for in the person's partnership, else the agency
    that recorded the person."""
    people = list(people)
    leads = {p.lead_worker_id for p in people if p.lead_worker_id}
    agencies: dict[tuple[Any, Any], Agency] = {}
    if leads:
        for m in (
            Membership.objects.active()
            .filter(
                user_id__in=leads,
                role__in=FRONTLINE_ROLES,
                agency__partnership_id__in={p.partnership_id for p in people},
            )
            .select_related("agency")
            .order_by("-started_at")
        ):
            agencies[(m.user_id, m.agency.partnership_id)] = m.agency  # earliest wins
    contacts = {}
    for p in people:
        if p.lead_worker is None:
            contacts[p.pk] = RecordContact(lead_worker_name="", agency=p.recorded_by_agency)
        else:
            contacts[p.pk] = RecordContact(
                lead_worker_name=p.lead_worker.full_name or p.lead_worker.email,
                agency=agencies.get((p.lead_worker_id, p.partnership_id), p.recorded_by_agency),
            )
    return contacts


@dataclass
class AgendaRow:
    """One person on an agenda as this user may see them."""

    item: AgendaItem
    person: Person
    access: PersonAccess
    contact: RecordContact

    @property
    def shows_identity(self) -> bool:
        return self.access.can_see(Section.IDENTITY, self.person.recorded_by_agency_id)

    @property
    def name(self) -> str:
        return self.person.display_name if self.shows_identity else NOT_SHARED

    @property
    def reason_tags(self) -> list[tuple[str, str]]:
        return [(r, str(REASON_LABELS.get(r, r))) for r in self.item.reasons]

    @property
    def is_removed(self) -> bool:
        return self.item.removed_at is not None


def agenda_rows(
    user: "User", meeting: Meeting, memberships: Sequence[Membership]
) -> list[AgendaRow]:
    """Everyone on the agenda (removed people too: see `is_removed`), in order, without
    restricted, merged or anonymised records. Records nothing: see `record_rows_shown`."""
    items = list(
        AgendaItem.objects.filter(eligible_person_q(), meeting=meeting)
        .select_related("person__recorded_by_agency", "person__lead_worker")
        .order_by("position", "id")
    )
    people = [i.person for i in items]
    access = access_for_many(user, people, memberships)
    contacts = contacts_for(people)
    return [
        AgendaRow(
            item=i, person=i.person, access=access[i.person.pk], contact=contacts[i.person.pk]
        )
        for i in items
    ]


def acting_agency(memberships: Sequence[Membership], partnership_id: Any) -> Agency | None:
    mine = [m.agency for m in memberships if m.agency.partnership_id == partnership_id]
    return mine[0] if len({a.pk for a in mine}) == 1 else None


def record_rows_shown(
    user: "User",
    rows: Iterable[AgendaRow],
    memberships: Sequence[Membership],
    *,
    channel: str = Channel.PAGE,
    route: str,
) -> None:
    """Record that these people's names were shown (only those whose identity was)."""
    for row in rows:
        if row.shows_identity:
            record_access(
                user,
                channel=channel,
                section=Section.IDENTITY,
                subject_type="person",
                subject_id=row.person.pk,
                person_id=row.person.pk,
                agency=acting_agency(memberships, row.person.partnership_id),
                route=route,
            )


def get_agenda_item(meeting: Meeting, item_id: UUID) -> AgendaItem:
    """An item of this meeting's agenda about an eligible person, or 404."""
    item = (
        AgendaItem.objects.filter(eligible_person_q(), meeting=meeting, pk=item_id)
        .select_related("person__recorded_by_agency", "person__lead_worker")
        .first()
    )
    if item is None:
        raise Http404
    return item


@dataclass
class PersonAtMeeting:
    """What the meeting page shows about one person on the agenda."""

    row: AgendaRow
    previous: Meeting | None
    review: list[PlanAction] = field(default_factory=list)  # made at the previous meeting
    open_actions: list[PlanAction] = field(default_factory=list)  # other open actions
    new_actions: list[PlanAction] = field(default_factory=list)  # made at this meeting
    minutes: list[Minute] = field(default_factory=list)  # at this meeting
    tier: TierResult | None = None
    warnings: list[StaffSafetyWarning] = field(default_factory=list)

    @property
    def support_shared(self) -> bool:
        """Whether the user sees the whole support plan, not only their agency's part."""
        return Section.SUPPORT in self.row.access.shared


def read_person_at_meeting(
    user: "User",
    meeting: Meeting,
    item: AgendaItem,
    memberships: Sequence[Membership],
    *,
    route: str,
) -> PersonAtMeeting:
    """One person on the agenda: the previous meeting's actions about them (to review), their
    other open actions, what this meeting minuted and decided, their current tier and
    staff-safety warnings, each only as far as the policy lets the user see. Records one
    access event per section shown (at least identity, for the lead worker shown)."""
    person = item.person
    access = access_for_many(user, [person], memberships)[person.pk]
    row = AgendaRow(
        item=item, person=person, access=access, contact=contacts_for([person])[person.pk]
    )
    previous = previous_meeting(meeting)
    read = PersonAtMeeting(row=row, previous=previous)
    which = Q(status=PlanStatus.OPEN) | Q(meeting=meeting)
    if previous is not None:
        which |= Q(meeting=previous)
    # The support section's rule, and an agency always sees the actions it owns
    # (waypost.cases.plan_access).
    actions = list(
        PlanAction.objects.filter(which, actions_visible_q(access), person=person)
        .select_related("owner_agency", "owner", "recorded_by_agency")
        .order_by("due_on", "recorded_at")
    )
    for action in actions:
        if previous is not None and action.meeting_id == previous.pk:
            read.review.append(action)
        elif action.meeting_id == meeting.pk:
            read.new_actions.append(action)
        else:
            read.open_actions.append(action)
    read.minutes = access.visible_rows(
        Minute.objects.filter(meeting=meeting, person=person)
        .select_related("recorded_by_agency", "recorded_by")
        .order_by("recorded_at")
    )
    tier = TierResult.objects.filter(person=person).order_by("-calculated_at").first()
    if tier is not None and access.can_see(Section.SUPPORT, tier.recorded_by_agency_id):
        read.tier = tier
    read.warnings = list(
        StaffSafetyWarning.objects.filter(person=person, ended_at__isnull=True).select_related(
            "recorded_by_agency"
        )
    )
    shown = set()
    if row.shows_identity:
        shown.add(Section.IDENTITY)
    if read.review or read.open_actions or read.new_actions or read.tier:
        shown.add(Section.SUPPORT)
    shown |= {m.record_section for m in read.minutes}
    if read.warnings:
        shown.add(Section.SAFEGUARDING)
    agency = acting_agency(memberships, person.partnership_id)
    for section in sorted(shown or {Section.IDENTITY}):
        record_access(
            user,
            channel=Channel.PAGE,
            section=section,
            subject_type="person",
            subject_id=person.pk,
            person_id=person.pk,
            agency=agency,
            route=route,
        )
    return read


def may_see_action(access: PersonAccess, action: PlanAction) -> bool:
    """`actions_visible_q` for one action already read."""
    return (
        access.can_see(Section.SUPPORT, action.recorded_by_agency_id)
        or action.owner_agency_id in access.agency_ids
    )


def visible_tier_factors(
    tier: TierResult, access: PersonAccess
) -> tuple[list[dict[str, Any]], int]:
    """The factors of a tier the user may see (each factor names its section: a health factor
    is health data), and how many others there are."""
    shown, hidden = [], 0
    for factor in tier.explanation or []:
        section = factor.get("section") or Section.SUPPORT
        if access.can_see(section, tier.recorded_by_agency_id):
            shown.append(factor)
        else:
            hidden += 1
    return shown, hidden
