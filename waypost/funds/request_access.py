"""Reads of requests for money for a person: the doors, and who they open for.

A grant request is part of the support section of the person's record (Section.SUPPORT), so
the access policy (waypost.sharing.policy) decides which staff see it: their own agency's
requests, and other agencies' when the agency signed the agreement and the person's sharing
permission covers support (or a break-glass is in use).

**Deciding needs the request, not the person.** A fund's budget holders, and the partnership's
fund managers, see the requests made on that fund whatever the sharing rules: what it is for,
how much, why, who asked, for which agency, and the decisions. They see the person's NAME only
when the policy lets them see identity; otherwise the page says "someone supported by
<agency>". Ledgers stay free of names whatever happens here.

Every read records access events (waypost.audit.access): support for the requests shown,
identity for a name shown. 404 for a request or person the user may not know of.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from waypost.accounts.models import Agency, Membership
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import Channel, Section
from waypost.funds import roles
from waypost.funds.models import (
    OPEN_STATUSES,
    Approval,
    Fund,
    GrantRequest,
    Purpose,
    RequestStatus,
)
from waypost.people.access import RecordContact, find_person, record_contact
from waypost.people.models import Person
from waypost.people.section_rows import acting_agency, by_section, shows_name
from waypost.sharing.policy import PersonAccess, access_for, identity_visible_q

if TYPE_CHECKING:
    from waypost.accounts.models import User

PAGE_SIZE = 25


def _event(
    user: "User",
    person: Person,
    section: str,
    agency: Agency | None,
    *,
    route: str,
    channel: str = Channel.PAGE,
    subject: tuple[str, Any] | None = None,
) -> Any:
    subject_type, subject_id = subject or ("person", person.pk)
    return access_event(
        user,
        channel=channel,
        section=section,
        subject_type=subject_type,
        subject_id=subject_id,
        person_id=person.pk,
        agency=agency,
        route=route,
    )


# --- One person's requests -------------------------------------------------------------------


@dataclass
class PurposeTotal:
    purpose: str
    label: str
    paid_pence: int


@dataclass
class PersonMoney:
    person: Person
    access: PersonAccess
    name: str  # empty when the user may not see who the person is
    requests: list[GrantRequest]
    hidden: int  # requests in the record the sharing rules hide from the user
    paid: list[PurposeTotal]
    contact: RecordContact
    can_ask: bool  # they may add to the support section: they may ask for money

    @property
    def paid_total(self) -> int:
        return sum(t.paid_pence for t in self.paid)


def read_person_money(
    user: "User",
    person_id: UUID,
    *,
    memberships: Sequence[Membership],
    route: str,
    channel: str = Channel.PAGE,
) -> PersonMoney:
    """The person's requests for money that the policy lets `user` see, newest first, and
    what was paid for each purpose. 404 (or PersonMoved) as `find_person`. Records a support
    access event when requests are shown and an identity event when the name is shown."""
    person, access = find_person(user, person_id, memberships)
    visible = by_section(access, Section.SUPPORT)
    counts = GrantRequest.objects.filter(person=person).aggregate(
        hidden=Count("pk", filter=~visible)
    )
    requests = list(
        GrantRequest.objects.filter(person=person)
        .filter(visible)
        .select_related("fund", "recorded_by_agency", "requested_by")
        .order_by("-requested_at", "pk")
    )
    paid: dict[str, int] = {}
    for r in requests:
        if r.status == RequestStatus.PAID:
            paid[r.purpose] = paid.get(r.purpose, 0) + r.amount_pence
    name = person.display_name if shows_name(access, person) else ""
    agency = acting_agency(memberships, person)
    sections = ([Section.SUPPORT] if requests else []) + ([Section.IDENTITY] if name else [])
    record_accesses(_event(user, person, s, agency, route=route, channel=channel) for s in sections)
    requester_partnerships = {
        m.agency.partnership_id for m in memberships if m.role in roles.REQUESTER_ROLES
    }
    return PersonMoney(
        person=person,
        access=access,
        name=name,
        requests=requests,
        hidden=counts["hidden"],
        paid=[PurposeTotal(p, str(Purpose(p).label), paid[p]) for p in Purpose.values if p in paid],
        contact=record_contact(person),
        can_ask=bool(access.own_agencies_for(Section.SUPPORT))
        and person.partnership_id in requester_partnerships,
    )


# --- One request -----------------------------------------------------------------------------


@dataclass
class RequestRead:
    request: GrantRequest
    person: Person
    name: str  # empty when the user may not see who the person is
    approvals: list[Approval]
    sees_record: bool  # the policy lets them see the request as part of the person's record
    is_holder: bool  # a budget holder of the request's fund
    can_withdraw: bool
    approved_by_me: bool
    asked_by_me: bool
    agency: Agency | None = None

    @property
    def approvals_needed(self) -> int:
        return 2 if self.request.needs_two_approvals else 1

    @property
    def is_waiting(self) -> bool:
        return self.request.status == RequestStatus.REQUESTED

    @property
    def can_approve(self) -> bool:
        return (
            self.is_holder and self.is_waiting and not self.asked_by_me and not self.approved_by_me
        )

    @property
    def can_refuse(self) -> bool:
        return self.is_holder and self.is_waiting

    @property
    def can_pay(self) -> bool:
        return self.is_holder and self.request.status == RequestStatus.APPROVED


def get_request_for_user(
    user: "User",
    request_id: UUID,
    *,
    memberships: Sequence[Membership],
    route: str,
    channel: str = Channel.PAGE,
) -> RequestRead:
    """One request, for its page. Open to staff who may see the person's support section for
    the agency that recorded the request (per the policy), and to budget holders of its fund
    and fund managers of its partnership (see the module docstring). 404 for anyone else and
    for a request that does not exist. Records a support access event for the request and an
    identity event when the person's name is shown."""
    request = (
        GrantRequest.objects.filter(pk=request_id)
        .select_related(
            "fund", "person__recorded_by_agency", "recorded_by_agency", "requested_by", "refused_by"
        )
        .first()
    )
    if request is None:
        raise Http404
    person = request.person
    fund = request.fund
    in_record = person.anonymised_at is None and person.merged_into_id is None
    access = access_for(user, person, memberships) if in_record else PersonAccess(person.pk)
    sees_record = access.knows_exists and access.can_see(
        Section.SUPPORT, request.recorded_by_agency_id
    )
    is_holder = roles.is_budget_holder(user, memberships, fund)
    if not (sees_record or is_holder or roles.is_fund_manager(memberships, fund)):
        raise Http404
    name = person.display_name if access.knows_exists and shows_name(access, person) else ""
    approvals = list(request.approvals.select_related("approved_by"))
    writer = request.recorded_by_agency_id in access.own_agencies_for(Section.SUPPORT)
    read = RequestRead(
        request=request,
        person=person,
        name=name,
        approvals=approvals,
        sees_record=sees_record,
        is_holder=is_holder,
        can_withdraw=request.status in OPEN_STATUSES
        and (request.requested_by_id == user.pk or writer or is_holder),
        approved_by_me=any(a.approved_by_id == user.pk for a in approvals),
        asked_by_me=request.requested_by_id == user.pk,
        agency=acting_agency(memberships, person, prefer=request.recorded_by_agency_id),
    )
    subject = ("grant_request", request.pk)
    sections = [Section.SUPPORT] + ([Section.IDENTITY] if name else [])
    record_accesses(
        _event(user, person, s, read.agency, route=route, channel=channel, subject=subject)
        for s in sections
    )
    return read


# --- The approvals queue ---------------------------------------------------------------------


def held_funds(user: "User", memberships: Sequence[Membership]) -> QuerySet[Fund]:
    """Funds the user holds the budget of, in partnerships they are still a member of."""
    return Fund.objects.filter(
        budget_holders=user, partnership_id__in=roles.member_partnership_ids(memberships)
    )


def held_fund_ids(user: "User", memberships: Sequence[Membership]) -> list[Any]:
    return list(held_funds(user, memberships).values_list("pk", flat=True))


def approvals_queue(user: "User", memberships: Sequence[Membership]) -> QuerySet[GrantRequest]:
    """Requests waiting for a decision on funds the user holds the budget of, oldest first.

    Each row carries what its line shows, in the same query: `name_visible` (the policy lets
    the user see who the person is), `approved_by_me`, and `approval_count`."""
    names = Person.objects.filter(
        identity_visible_q(user, memberships),
        pk=OuterRef("person_id"),
        restricted_at__isnull=True,
        merged_into__isnull=True,
        anonymised_at__isnull=True,
    )
    mine = Approval.objects.filter(request_id=OuterRef("pk"), approved_by=user)
    return (
        GrantRequest.objects.filter(
            status=RequestStatus.REQUESTED,
            fund_id__in=held_funds(user, memberships).values("pk"),
        )
        .select_related("fund", "person", "recorded_by_agency", "requested_by")
        .annotate(
            name_visible=Exists(names),
            approved_by_me=Exists(mine),
            approval_count=Count("approvals"),
        )
        .order_by("requested_at", "pk")
    )


def record_queue_shown(
    user: "User",
    requests: Iterable[GrantRequest],
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> None:
    """Record that the queue showed these requests (support, one event per request) and,
    where shown, the person's name (identity, once per person): one insert."""
    events = []
    named: set[Any] = set()
    for r in requests:
        agency = acting_agency(memberships, r.person, prefer=r.recorded_by_agency_id)
        subject = ("grant_request", r.pk)
        events.append(
            _event(
                user,
                r.person,
                Section.SUPPORT,
                agency,
                route=route,
                channel=channel,
                subject=subject,
            )
        )
        if getattr(r, "name_visible", False) and r.person_id not in named:
            named.add(r.person_id)
            events.append(
                _event(user, r.person, Section.IDENTITY, agency, route=route, channel=channel)
            )
    if events:
        record_accesses(events)


def approvals_waiting(user: "User", memberships: Sequence[Membership]) -> int:
    """How many requests wait in the user's queue (for a count beside a link)."""
    return GrantRequest.objects.filter(
        status=RequestStatus.REQUESTED, fund_id__in=held_funds(user, memberships).values("pk")
    ).count()
