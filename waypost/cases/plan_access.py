"""Reads of support plans and of the action lists: the doors, and the one rule they add.

A support plan (goals and their actions) is in the support section (Section.SUPPORT), so the
access policy (waypost.sharing.policy) decides who sees it: staff whose role covers support,
for their own agency's records, and for other agencies' records when the agency signed the
agreement and the person's sharing permission covers support (or a break-glass is in use).

**The owner agency always sees its actions.** An action is owned by an agency because the
partnership asked that agency to do it: it cannot be done, or marked done, unseen. So the
front-line staff of an action's owner agency see that action (what, owner, due date, status,
outcome) whatever the person's sharing permission and whatever sections their role covers.
Nothing else of the plan comes with it: not the goal it serves, not other agencies' actions.
The person's name still follows the identity rules: lists show it only where identity is
visible, and say "someone known to <agency>" otherwise.

Every read records access events (waypost.audit.access): the support section for the actions
and goals shown, identity for a name shown. Restricted, merged and anonymised people appear in
no list. 404 for a person or action that does not exist or that the user may not know of.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Role
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.cases.models import Goal, PlanAction, PlanStatus
from waypost.people.access import RecordContact, find_person, record_contact
from waypost.people.models import Person
from waypost.people.section_rows import (  # noqa: F401  (re-exported for the cases app)
    EVERYTHING,
    NOTHING,
    acting_agency,
    by_section,
    shows_name,
)
from waypost.sharing.policy import (
    FRONTLINE_ROLES,
    PersonAccess,
    identity_visible_q,
    section_visible_q,
)

if TYPE_CHECKING:
    from waypost.accounts.models import User

PAGE_SIZE = 25


def actions_visible_q(access: PersonAccess) -> Q:
    """One person's actions the user may see: the support rule, or owned by their agency."""
    support = by_section(access, Section.SUPPORT)
    if support is EVERYTHING:
        return EVERYTHING
    return support | Q(owner_agency_id__in=list(access.agency_ids))


# --- One person's plan -----------------------------------------------------------------------


@dataclass
class GoalView:
    goal: Goal
    actions: list[PlanAction] = field(default_factory=list)


@dataclass
class PlanRead:
    person: Person
    access: PersonAccess
    name: str  # empty when the user may not see who the person is
    goals: list[GoalView]
    other_actions: list[PlanAction]  # under no goal, or under one the user may not see
    hidden: bool  # some goals or actions exist that the user may not see
    contact: RecordContact
    can_add: bool  # their role covers support: they may add goals and actions
    changeable: set[Any] = field(default_factory=set)  # ids of actions and goals they may change

    @property
    def is_empty(self) -> bool:
        return not self.goals and not self.other_actions


def read_plan(
    user: "User",
    person_id: UUID,
    *,
    memberships: Sequence[Membership],
    route: str,
    channel: str = Channel.PAGE,
) -> PlanRead:
    """The person's support plan as `user` may see it. 404 (or PersonMoved) as `find_person`.

    Goals the policy lets them see, each with its visible actions, open goals first; actions
    the user sees under no visible goal apart. Records support and identity access events.
    """
    person, access = find_person(user, person_id, memberships)
    goal_q = by_section(access, Section.SUPPORT)
    action_q = actions_visible_q(access)
    goal_counts = Goal.objects.filter(person=person).aggregate(hidden=Count("pk", filter=~goal_q))
    action_counts = PlanAction.objects.filter(person=person).aggregate(
        hidden=Count("pk", filter=~action_q)
    )
    goals = list(
        Goal.objects.filter(person=person)
        .filter(goal_q)
        .select_related("recorded_by_agency")
        .order_by("-recorded_at", "pk")
    )
    goals.sort(key=lambda g: g.status != PlanStatus.OPEN)  # open goals first
    actions = list(
        PlanAction.objects.filter(person=person)
        .filter(action_q)
        .select_related("owner_agency", "owner", "recorded_by_agency")
        .order_by("due_on", "recorded_at", "pk")
    )
    views = {g.pk: GoalView(goal=g) for g in goals}
    other: list[PlanAction] = []
    for action in actions:
        (views[action.goal_id].actions if action.goal_id in views else other).append(action)
    name = person.display_name if shows_name(access, person) else ""
    changeable = {
        row.pk
        for row in [*goals, *actions]
        if row.status == PlanStatus.OPEN
        and _changer_agency(
            user,
            access,
            memberships,
            person,
            recorded_by_agency_id=row.recorded_by_agency_id,
            owner_agency_id=getattr(row, "owner_agency_id", None),
        )
        is not None
    }
    agency = acting_agency(memberships, person)
    sections = ([Section.SUPPORT] if goals or actions else []) + (
        [Section.IDENTITY] if name else []
    )
    record_shown(user, [(person, s, agency) for s in sections], channel=channel, route=route)
    return PlanRead(
        person=person,
        access=access,
        name=name,
        goals=list(views.values()),
        other_actions=other,
        hidden=bool(goal_counts["hidden"] or action_counts["hidden"]),
        contact=record_contact(person),
        can_add=bool(access.own_agencies_for(Section.SUPPORT)),
        changeable=changeable,
    )


# --- Changing one action or goal -------------------------------------------------------------


@dataclass
class PlanWrite:
    """An action or goal the user may change, and the agency they act for in doing so."""

    person: Person
    access: PersonAccess
    agency: Agency
    name: str


def _coordinator_agencies(memberships: Sequence[Membership], person: Person) -> list[Any]:
    return [
        m.agency_id
        for m in memberships
        if m.role == Role.COORDINATOR and m.agency.partnership_id == person.partnership_id
    ]


def _changer_agency(
    user: "User",
    access: PersonAccess,
    memberships: Sequence[Membership],
    person: Person,
    *,
    recorded_by_agency_id: Any,
    owner_agency_id: Any = None,
) -> Any:
    """Who may close or change a goal or action they can see: the owner agency's front-line
    staff (actions), the agency that recorded it, the partnership's coordinators, and the
    person's lead worker. Returns the agency they act for, or None."""
    if owner_agency_id is not None and owner_agency_id in access.agency_ids:
        return owner_agency_id
    support = access.own_agencies_for(Section.SUPPORT)
    if recorded_by_agency_id in support:
        return recorded_by_agency_id
    coordinating = _coordinator_agencies(memberships, person)
    if coordinating:
        return coordinating[0]
    if person.lead_worker_id == user.pk and support:
        return support[0]
    return None


def _writer(
    user: "User",
    memberships: Sequence[Membership],
    *,
    recorded_by_agency_id: Any,
    owner_agency_id: Any,
    person: Person,
    access: PersonAccess,
) -> PlanWrite:
    chosen = _changer_agency(
        user,
        access,
        memberships,
        person,
        recorded_by_agency_id=recorded_by_agency_id,
        owner_agency_id=owner_agency_id,
    )
    if chosen is None:
        raise PermissionDenied
    agency = next(m.agency for m in memberships if m.agency_id == chosen)
    name = person.display_name if shows_name(access, person) else ""
    return PlanWrite(person=person, access=access, agency=agency, name=name)


def get_action_for_change(
    user: "User", person_id: UUID, action_id: UUID, memberships: Sequence[Membership]
) -> tuple[PlanAction, PlanWrite]:
    """An action of the person that the user may see and change (see `_changer_agency`).
    404 when it does not exist or they may not see it; 403 when they see it but may not
    change it. Records a support access event (and identity when the name is shown)."""
    person, access = find_person(user, person_id, memberships)
    action = (
        PlanAction.objects.filter(person=person, pk=action_id)
        .filter(actions_visible_q(access))
        .select_related("owner_agency", "owner", "recorded_by_agency", "goal", "person")
        .first()
    )
    if action is None:
        raise Http404
    write = _writer(
        user,
        memberships,
        recorded_by_agency_id=action.recorded_by_agency_id,
        owner_agency_id=action.owner_agency_id,
        person=person,
        access=access,
    )
    # The goal is shown beside the action only when the policy lets the user see it.
    if action.goal is not None and not access.can_see(
        Section.SUPPORT, action.goal.recorded_by_agency_id
    ):
        action.goal = None
    sections = [Section.SUPPORT] + ([Section.IDENTITY] if write.name else [])
    record_shown(
        user,
        [(person, s, write.agency) for s in sections],
        channel=Channel.PAGE,
        route="cases:update_action",
    )
    return action, write


def get_goal_for_change(
    user: "User", person_id: UUID, goal_id: UUID, memberships: Sequence[Membership]
) -> tuple[Goal, PlanWrite]:
    """An open goal of the person that the user may see and close. 404 / 403 as above."""
    person, access = find_person(user, person_id, memberships)
    goal = (
        Goal.objects.filter(person=person, pk=goal_id, status=PlanStatus.OPEN)
        .filter(by_section(access, Section.SUPPORT))
        .select_related("recorded_by_agency", "person")
        .first()
    )
    if goal is None:
        raise Http404
    write = _writer(
        user,
        memberships,
        recorded_by_agency_id=goal.recorded_by_agency_id,
        owner_agency_id=None,
        person=person,
        access=access,
    )
    sections = [Section.SUPPORT] + ([Section.IDENTITY] if write.name else [])
    record_shown(
        user,
        [(person, s, write.agency) for s in sections],
        channel=Channel.PAGE,
        route="cases:close_goal",
    )
    return goal, write


def open_goals_visible(person: Person, access: PersonAccess) -> list[Goal]:
    """The person's open goals the user may see, for choosing which one an action serves."""
    return list(
        Goal.objects.filter(person=person, status=PlanStatus.OPEN)
        .filter(by_section(access, Section.SUPPORT))
        .order_by("recorded_at", "pk")
    )


# --- Lists across people: my actions, my agency's, overdue -----------------------------------


def frontline_agency_ids(memberships: Sequence[Membership]) -> list[Any]:
    return sorted({m.agency_id for m in memberships if m.role in FRONTLINE_ROLES}, key=str)


def support_visible_q(user: "User", memberships: Sequence[Membership]) -> Q:
    """A filter on PlanAction (or Goal) rows for those in the support section `user` may see
    under the policy, for many people at once."""
    return section_visible_q(
        user, memberships, Section.SUPPORT, partnership="person__partnership_id"
    )


def _listable(queryset: QuerySet[PlanAction]) -> QuerySet[PlanAction]:
    """Only people who may appear in a list: not restricted, merged or anonymised."""
    return queryset.filter(
        person__restricted_at__isnull=True,
        person__merged_into__isnull=True,
        person__anonymised_at__isnull=True,
    )


def _for_list(
    queryset: QuerySet[PlanAction], user: "User", memberships: Sequence[Membership]
) -> QuerySet[PlanAction]:
    """The rows of a list, with what a row shows in one query: `name_visible` says whether
    the user may see the person's name."""
    names = Person.objects.filter(identity_visible_q(user, memberships), pk=OuterRef("person_id"))
    return (
        _listable(queryset)
        .select_related("person__recorded_by_agency", "owner_agency", "owner")
        .annotate(name_visible=Exists(names))
        .order_by("due_on", "recorded_at", "pk")
    )


def my_actions(user: "User", memberships: Sequence[Membership]) -> QuerySet[PlanAction]:
    """Open actions the user owns, for an agency they still work for, soonest due first."""
    return _for_list(
        PlanAction.objects.open().filter(
            owner=user, owner_agency_id__in=frontline_agency_ids(memberships)
        ),
        user,
        memberships,
    )


def agency_actions(
    user: "User", memberships: Sequence[Membership], *, unassigned_only: bool = False
) -> QuerySet[PlanAction]:
    """Open actions owned by any of the user's agencies (all of them are theirs to see)."""
    queryset = PlanAction.objects.open().filter(
        owner_agency_id__in=frontline_agency_ids(memberships)
    )
    if unassigned_only:
        queryset = queryset.filter(owner__isnull=True)
    return _for_list(queryset, user, memberships)


@dataclass
class OverdueList:
    actions: QuerySet[PlanAction]
    hidden: int  # overdue actions in a partnership they coordinate that they may not see
    is_coordinator: bool


def overdue_actions(
    user: "User", memberships: Sequence[Membership], today: date | None = None
) -> OverdueList:
    """Overdue open actions: those owned by the user's agencies and, for coordinators, every
    one in their partnerships that the policy lets them see. Those they may not see are
    counted, so a coordinator knows to ask the owner agencies in the meeting."""
    today = today or timezone.localdate()
    mine = Q(owner_agency_id__in=frontline_agency_ids(memberships))
    coordinated = sorted(
        {m.agency.partnership_id for m in memberships if m.role == Role.COORDINATOR}, key=str
    )
    overdue = PlanAction.objects.overdue(today)
    hidden = 0
    if coordinated:
        in_partnerships = Q(person__partnership_id__in=coordinated)
        visible = mine | (in_partnerships & support_visible_q(user, memberships))
        hidden = _listable(overdue.filter(in_partnerships).exclude(visible)).count()
    else:
        visible = mine
    return OverdueList(
        actions=_for_list(overdue.filter(visible), user, memberships),
        hidden=hidden,
        is_coordinator=bool(coordinated),
    )


def record_actions_listed(
    user: "User",
    actions: Iterable[PlanAction],
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> None:
    """Record that a list showed these actions (support) and, where shown, the person's name
    (identity): one event per person and section, written in one insert."""
    shown: dict[tuple[Any, str], tuple[Person, str, Agency | None]] = {}
    for action in actions:
        person = action.person
        agency = acting_agency(memberships, person, prefer=action.owner_agency_id)
        shown.setdefault((person.pk, Section.SUPPORT), (person, Section.SUPPORT, agency))
        if getattr(action, "name_visible", False):
            shown.setdefault((person.pk, Section.IDENTITY), (person, Section.IDENTITY, agency))
    record_shown(user, list(shown.values()), channel=channel, route=route)


def record_shown(
    user: "User", rows: Sequence[tuple[Person, str, Agency | None]], *, channel: str, route: str
) -> None:
    """Access events, as `waypost.audit.access.record_access` writes them, in one insert
    (a page of a list would otherwise cost one insert per person)."""
    if not rows:
        return
    now = timezone.now()
    AccessEvent.objects.bulk_create(
        [
            AccessEvent(
                occurred_at=now,
                user_id=user.pk,
                agency=agency,
                person_id=person.pk,
                subject_type="person",
                subject_id=str(person.pk),
                section=section,
                channel=channel,
                route=route[:200],
            )
            for person, section, agency in rows
        ]
    )
