"""The doors to reconnection offers and personal budgets (the support section of a person's
record), the follow-ups list, and the reconnection outcomes report.

**Who.** Staff whose role covers the support section (coordinators, caseworkers, outreach
workers: `SUPPORT_ROLES`) read offers and budgets the policy lets them see: their own
agency's, or another agency's with the person's sharing permission. Anything else is "not
found" (404), so nobody learns that an offer exists. Names follow the identity section.
Fund managers see the outcomes report: counts and money only, never a person.

**Logged.** Every offer and budget shown is an access event (section support, subjects
"reconnection_offer" and "personal_budget"; requests against a budget as "grant_request"), and
every name shown an identity event.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, User
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import Channel, Section
from waypost.funds.models import (
    FollowUp,
    GrantRequest,
    LedgerEntry,
    OfferStatus,
    PersonalBudget,
    ReconnectionOffer,
    RequestStatus,
)
from waypost.lib.money import pounds
from waypost.lib.quarters import Quarter
from waypost.lib.suppression import suppress
from waypost.people.access import find_person, record_listed
from waypost.people.models import Person
from waypost.people.section_rows import acting_agency, by_section, shows_name
from waypost.sharing.policy import ROLE_SECTIONS, PersonAccess, section_visible_q

SECTION = Section.SUPPORT
SUPPORT_ROLES = tuple(role for role, sections in ROLE_SECTIONS.items() if SECTION in sections)


def _write_agency(
    memberships: Sequence[Membership], access: PersonAccess, prefer: Any = None
) -> Agency | None:
    """The agency a write to this person's support section would carry, or None."""
    own = access.own_agencies_for(SECTION)
    if not own:
        return None
    by_id = {m.agency_id: m.agency for m in memberships}
    chosen = prefer if prefer in own else next(a for a in by_id if a in own)
    return by_id[chosen]


def record_shown(
    user: User,
    rows: Iterable[Any],
    *,
    subject_type: str,
    agency: Agency | None,
    route: str,
    channel: str = Channel.PAGE,
) -> None:
    """One support-section event per offer, budget or request shown (one INSERT)."""
    record_accesses(
        access_event(
            user,
            channel=channel,
            section=SECTION,
            subject_type=subject_type,
            subject_id=row.pk,
            person_id=row.person_id,
            agency=agency,
            route=route,
        )
        for row in rows
    )


def _name_event(
    user: User, person: Person, access: PersonAccess, memberships: Sequence[Membership], route: str
) -> bool:
    if not shows_name(access, person):
        return False
    record_listed(user, [person], channel=Channel.PAGE, route=route, memberships=memberships)
    return True


# --- One offer, one budget -----------------------------------------------------------------------
@dataclass
class Read:
    """An offer or budget the user may see, the person, what the user may see of them, the
    agency they act for, and the agency a write would carry (None: they may not write)."""

    record: Any
    person: Person
    access: PersonAccess
    agency: Agency | None
    write_agency: Agency | None
    shows_name: bool

    @property
    def may_write(self) -> bool:
        return self.write_agency is not None


def _read(
    user: User,
    record: Any,
    memberships: Sequence[Membership],
    *,
    subject_type: str,
    write: bool,
    route: str,
) -> Read:
    if record is None:
        raise Http404
    person, access = find_person(user, record.person_id, memberships)
    if not access.can_see(SECTION, record.recorded_by_agency_id):
        raise Http404
    write_agency = _write_agency(memberships, access, record.recorded_by_agency_id)
    if write and write_agency is None:
        raise PermissionDenied
    agency = acting_agency(memberships, person, record.recorded_by_agency_id)
    record_shown(user, [record], subject_type=subject_type, agency=agency, route=route)
    return Read(
        record=record,
        person=person,
        access=access,
        agency=agency,
        write_agency=write_agency,
        shows_name=_name_event(user, person, access, memberships, route),
    )


def get_offer_for_user(
    user: User, offer_id: UUID, memberships: Sequence[Membership], *, write: bool = False,
    route: str = "",
) -> Read:  # fmt: skip
    """The offer, when the policy lets the user see it (404 otherwise; 403 with `write` when
    their role does not let them add to the support section). The read is recorded."""
    offer = (
        ReconnectionOffer.objects.filter(pk=offer_id)
        .select_related("fund", "offered_by", "recorded_by_agency")
        .first()
    )
    return _read(
        user, offer, memberships, subject_type="reconnection_offer", write=write, route=route
    )


def get_budget_for_user(
    user: User, budget_id: UUID, memberships: Sequence[Membership], *, route: str = ""
) -> Read:
    """The personal budget, when the policy lets the user see it (404 otherwise)."""
    budget = (
        PersonalBudget.objects.filter(pk=budget_id)
        .select_related("fund", "agreed_by", "recorded_by_agency")
        .first()
    )
    return _read(
        user, budget, memberships, subject_type="personal_budget", write=False, route=route
    )


@dataclass(frozen=True)
class BudgetPosition:
    amount: int
    spent: int
    committed: int

    @property
    def left(self) -> int:
        return self.amount - self.spent - self.committed


def budget_positions(budgets: Sequence[PersonalBudget]) -> dict[Any, BudgetPosition]:
    """Spent (paid requests) and committed (approved, not paid) per budget, in one query."""
    sums: dict[tuple[Any, str], int] = {}
    rows = (
        GrantRequest.objects.filter(
            personal_budget__in=[b.pk for b in budgets],
            status__in=[RequestStatus.APPROVED, RequestStatus.PAID],
        )
        .values("personal_budget_id", "status")
        .annotate(total=Sum("amount_pence"))
    )
    for row in rows:
        sums[(row["personal_budget_id"], row["status"])] = row["total"] or 0
    return {
        b.pk: BudgetPosition(
            amount=b.amount_pence,
            spent=sums.get((b.pk, RequestStatus.PAID), 0),
            committed=sums.get((b.pk, RequestStatus.APPROVED), 0),
        )
        for b in budgets
    }


def visible_requests(read: Read, **filters: Any) -> list[GrantRequest]:
    """Requests against the offer or budget that the policy lets the user see (requests are
    the support section too, and may have been made by another agency)."""
    return list(
        read.access.filter_records(GrantRequest.objects.filter(**filters), SECTION)
        .select_related("fund")
        .order_by("-requested_at")
    )


# --- The person's money page ---------------------------------------------------------------------
def person_money_extra(
    user: User,
    person: Person,
    access: PersonAccess,
    memberships: Sequence[Membership],
    *,
    route: str = "funds:person_money",
) -> dict[str, Any]:
    """The reconnection and personal budget part of the person's money page (the context
    variable `extra` of templates/funds/person_money_extra.html). Empty when the user's
    role does not cover the support section. Records what it shows."""
    if not access.can_see_any(SECTION):
        return {"visible": False}
    offers = list(
        ReconnectionOffer.objects.filter(by_section(access, SECTION), person=person)
        .select_related("fund")
        .order_by("-offered_on", "-pk")
    )
    budgets = list(
        PersonalBudget.objects.filter(by_section(access, SECTION), person=person)
        .select_related("fund")
        .order_by("-agreed_on", "-pk")
    )
    positions = budget_positions(budgets)
    agency = acting_agency(memberships, person)
    record_shown(user, offers, subject_type="reconnection_offer", agency=agency, route=route)
    record_shown(user, budgets, subject_type="personal_budget", agency=agency, route=route)
    return {
        "visible": True,
        "person": person,
        "offers": offers,
        "budgets": [
            (b, pounds(positions[b.pk].amount), pounds(positions[b.pk].left)) for b in budgets
        ],
        "may_write": bool(access.own_agencies_for(SECTION)),
        "is_partial": access.is_partial(SECTION),
    }


# --- Follow-ups due ------------------------------------------------------------------------------
def follow_up_agencies(memberships: Sequence[Membership]) -> list[Agency]:
    """The user's agencies whose offers they follow up (their role covers support)."""
    found = {m.agency_id: m.agency for m in memberships if m.role in SUPPORT_ROLES}
    return sorted(found.values(), key=lambda a: a.name)


def follow_ups_due(user: User, memberships: Sequence[Membership]) -> QuerySet[ReconnectionOffer]:
    """Offers made by the user's agencies where the person travelled and no follow-up is
    recorded, soonest due first; each with `shows_name` (the policy's identity filter, in
    the same query). Records of restricted, merged or anonymised people are left out."""
    able = [m for m in memberships if m.role in SUPPORT_ROLES]
    identity_q = section_visible_q(user, able, Section.IDENTITY, person="pk")
    named = Person.objects.filter(identity_q, pk=OuterRef("person_id"))
    return (
        ReconnectionOffer.objects.filter(
            recorded_by_agency_id__in=[m.agency_id for m in able],
            status=OfferStatus.TRAVELLED,
            follow_up="",
            person__merged_into__isnull=True,
            person__anonymised_at__isnull=True,
            person__restricted_at__isnull=True,
        )
        .annotate(shows_name=Exists(named))
        .select_related("person", "offered_by", "recorded_by_agency")
        .order_by("follow_up_due_on", "pk")
    )


def record_follow_ups_shown(
    user: User, offers: Sequence[ReconnectionOffer], memberships: Sequence[Membership], route: str
) -> None:
    record_listed(
        user,
        [o.person for o in offers if getattr(o, "shows_name", False)],
        channel=Channel.PAGE,
        route=route,
        memberships=memberships,
    )
    mine = {m.agency_id: m.agency for m in memberships}
    record_accesses(
        access_event(
            user,
            channel=Channel.PAGE,
            section=SECTION,
            subject_type="reconnection_offer",
            subject_id=o.pk,
            person_id=o.person_id,
            agency=mine.get(o.recorded_by_agency_id),
            route=route,
        )
        for o in offers
    )


# --- The outcomes report (aggregates only) -------------------------------------------------------
REPORT_COLUMNS = (
    ("offered", "Offers made"),
    ("accepted", "Accepted"),
    ("travelled", "Travelled"),
    ("followed_up", "Followed up"),
    ("held", "Held at 4 weeks"),
    ("not_held", "Did not hold"),
    ("not_known", "Not known"),
)


@dataclass
class ReportRow:
    quarter: Quarter
    cells: list[Any]  # waypost.lib.suppression.Cell, in REPORT_COLUMNS order
    spend_pence: int

    @property
    def label(self) -> str:
        months = ("April to June", "July to September", "October to December", "January to March")
        return f"Q{self.quarter.number} ({months[self.quarter.number - 1]})"


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def reconnection_report(partnership_ids: Iterable[Any], year: int) -> list[ReportRow]:
    """Per quarter of the financial year starting April `year`: of the offers made in the
    quarter, how many were accepted (or went on to travel), travelled, followed up, and held,
    did not hold or are not known at the follow-up; and the money paid for reconnections in
    the quarter (payments less corrections, from the ledger).

    Disclosure control: every count from 1 to 4 is hidden. "Followed up" is the sum of the
    three follow-up outcomes, so those four are suppressed together as a row with its total
    (waypost.lib.suppression), and no other totals are shown.
    """
    ids = list(partnership_ids)
    quarters = [Quarter(year, n) for n in (1, 2, 3, 4)]
    starts, ends = quarters[0].starts_on, quarters[-1].ends_on
    counts = {q: dict.fromkeys([key for key, _ in REPORT_COLUMNS], 0) for q in quarters}
    offers = ReconnectionOffer.objects.filter(
        recorded_by_agency__partnership_id__in=ids, offered_on__range=(starts, ends)
    ).values_list("offered_on", "status", "follow_up")
    for offered_on, status, follow_up in offers:
        row = counts[Quarter.containing(offered_on)]
        row["offered"] += 1
        if status in (OfferStatus.ACCEPTED, OfferStatus.TRAVELLED):
            row["accepted"] += 1
        if status == OfferStatus.TRAVELLED:
            row["travelled"] += 1
        if follow_up:
            row["followed_up"] += 1
            row[{FollowUp.HELD: "held", FollowUp.NOT_HELD: "not_held"}.get(
                follow_up, "not_known")] += 1  # fmt: skip
    spend = {q: 0 for q in quarters}
    entries = LedgerEntry.objects.filter(
        fund__partnership_id__in=ids,
        grant_request__reconnection__isnull=False,
        occurred_on__range=(starts, ends),
    ).values_list("occurred_on", "amount_pence")
    for occurred_on, amount in entries:
        spend[Quarter.containing(occurred_on)] -= amount
    simple = suppress(
        [[counts[q][k] for k in ("offered", "accepted", "travelled")] for q in quarters],
        row_totals=False,
        col_totals=False,
    )
    follow = suppress(
        [[counts[q][k] for k in ("held", "not_held", "not_known")] for q in quarters],
        row_totals=True,
        col_totals=False,
    )
    rows = []
    for i, q in enumerate(quarters):
        assert follow.row_totals is not None
        cells = [*simple.body[i], follow.row_totals[i], *follow.body[i]]
        rows.append(ReportRow(quarter=q, cells=cells, spend_pence=spend[q]))
    return rows


def current_financial_year() -> int:
    return financial_year_of(timezone.localdate())
