"""Demo money for a partnership (issue 9): an alternative giving scheme with two years of card
reader, online, cash and event income and the providers' fees; a reconnection fund; a personal
budgets fund; a Rough Sleeping Initiative grant for this financial year with four budget lines
and monthly spend; a few requests for demo people (paid, waiting, refused); and two
reconnections, one followed up and one whose follow-up is due.

Coventry's scheme follows plan P3.9; Birmingham's is "Change into Action", with contactless card
readers in the city centre (plan UP3). Deterministic (a generator seeded by the partnership's
slug; dates counted from today) and idempotent: every entry carries a demo reference, every
request and offer is looked up first, so running it again adds nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role, User
from waypost.funds import fund_actions, ledger
from waypost.funds.models import (
    FOLLOW_UP_DAYS,
    BudgetLine,
    Connection,
    EntryKind,
    FollowUp,
    Fund,
    FundKind,
    GrantRequest,
    IncomeSource,
    LedgerEntry,
    OfferStatus,
    Purpose,
    ReconnectionOffer,
    RequestStatus,
)
from waypost.funds.request_actions import approve_request, pay_request, refuse_request
from waypost.people.models import Person


@dataclass(frozen=True)
class DemoFund:
    name: str
    kind: str
    description: str
    is_public: bool = False
    sources: tuple[str, ...] = ()  # a giving scheme's income, month by month
    opening_pence: int = 0  # money put in at the start, for the other funds


@dataclass(frozen=True)
class DemoLine:
    name: str
    allocation_pence: int
    purpose: str


RSI_AWARD = {"coventry": 48_000_000, "birmingham": 126_000_000}
RSI_LINES = (
    ("Outreach workers and navigators", 42, Purpose.STAFF),
    ("Emergency and assessment beds", 31, Purpose.ACCOMMODATION),
    ("Personal budgets and reconnection", 10, Purpose.OTHER),
    ("Specialist mental health and substance use support", 17, Purpose.STAFF),
)  # percentage of the award each line gets


def demo_funds(partnership: Partnership) -> list[DemoFund]:
    if partnership.slug == "birmingham":
        return [
            DemoFund(
                "Change into Action",
                FundKind.GIVING,
                "Birmingham's alternative giving scheme: contactless card readers in the city "
                "centre and online donations, spent on what gets people off the street (UP3).",
                is_public=True,
                sources=(IncomeSource.CARD_READER, IncomeSource.ONLINE),
            )
        ]
    return [
        DemoFund(
            f"{partnership.name} Alternative Giving Scheme",
            FundKind.GIVING,
            "Donations from the public instead of giving on the street, reported each year to "
            "the Homelessness Forum (plan P3.9).",
            is_public=True,
            sources=(
                IncomeSource.CARD_READER,
                IncomeSource.ONLINE,
                IncomeSource.CASH,
                IncomeSource.EVENT,
            ),
        ),
        DemoFund(
            "Reconnection fund",
            FundKind.RECONNECTION,
            "Travel and first-week costs to help people return to where they have support (CP5).",
            opening_pence=800_000,
        ),
        DemoFund(
            "Personal budgets",
            FundKind.PERSONAL_BUDGETS,
            "Money each person decides how to spend with their worker (CP5).",
            opening_pence=600_000,
        ),
    ]


def _financial_year(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _month_starts(first: date, last: date) -> list[date]:
    months, day = [], date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def _member(partnership: Partnership, role: str) -> User | None:
    found = (
        Membership.objects.active()
        .filter(agency__partnership=partnership, role=role)
        .select_related("user")
        .order_by("started_at", "pk")
        .first()
    )
    return found.user if found else None


def _holding_agency(partnership: Partnership) -> Agency:
    agencies = Agency.objects.filter(partnership=partnership, is_active=True)
    return (
        agencies.filter(type=AgencyType.HOUSING_OPTIONS).order_by("name").first()
        or agencies.order_by("name").first()
    )  # type: ignore[return-value]


def _entry(fund: Fund, ref: str, kind: str, pence: int, on: date, **fields: Any) -> None:
    """Write the entry unless its demo reference is in the ledger already."""
    if pence == 0 or LedgerEntry.objects.filter(fund=fund, kind=kind, external_ref=ref).exists():
        return
    ledger.append(
        fund, kind=kind, amount_pence=pence, occurred_on=on, by=None, external_ref=ref, **fields
    )


def _fund(
    partnership: Partnership, spec: DemoFund, agency: Agency, holders: list[User]
) -> tuple[Fund, bool]:
    fund, made = Fund.objects.get_or_create(
        partnership=partnership,
        name=spec.name,
        defaults={
            "kind": spec.kind,
            "holding_agency": agency,
            "description": spec.description,
            "is_public": spec.is_public,
        },
    )
    if made:
        fund.budget_holders.set(holders)
    return fund, made


def _giving_income(
    fund: Fund, spec: DemoFund, rng: random.Random, first: date, today: date
) -> None:
    for month in _month_starts(first, today):
        settled = min(month + timedelta(days=27), today)
        tag = f"{month:%Y-%m}"
        for source in spec.sources:
            if source == IncomeSource.CARD_READER:
                gross = rng.randrange(40_000, 140_000)
                _entry(fund, f"demo-card-{tag}", EntryKind.INCOME, gross, settled, source=source,
                       description="Card reader settlement")  # fmt: skip
                _entry(fund, f"demo-card-fee-{tag}", EntryKind.FEE, -(gross * 169 // 10_000),
                       settled, description="Card reader fees (1.69%)")  # fmt: skip
            elif source == IncomeSource.ONLINE:
                gross = rng.randrange(15_000, 60_000)
                _entry(fund, f"demo-online-{tag}", EntryKind.INCOME, gross, settled, source=source,
                       description="Online donations payout")  # fmt: skip
                _entry(fund, f"demo-online-fee-{tag}", EntryKind.FEE,
                       -(gross * 140 // 10_000 + 20), settled,
                       description="Payment provider fees")  # fmt: skip
            elif source == IncomeSource.CASH and month.month % 3 == 0:
                _entry(fund, f"demo-cash-{tag}", EntryKind.INCOME, rng.randrange(8_000, 30_000),
                       settled, source=source, description="Collection tins")  # fmt: skip
            elif source == IncomeSource.EVENT and month.month in (6, 12):
                _entry(fund, f"demo-event-{tag}", EntryKind.INCOME,
                       rng.randrange(150_000, 400_000), settled, source=source,
                       description="Sleep-out" if month.month == 12 else "Fun run")  # fmt: skip


def _grant(
    partnership: Partnership,
    agency: Agency,
    holders: list[User],
    today: date,
    rng: random.Random,
    by: User | None,
) -> tuple[Fund, bool]:
    year = _financial_year(today)
    label = f"{year}/{(year + 1) % 100:02d}"
    award = RSI_AWARD.get(partnership.slug, 48_000_000)
    fund, made = Fund.objects.get_or_create(
        partnership=partnership,
        name=f"Rough Sleeping Initiative {label}",
        defaults={
            "kind": FundKind.GRANT,
            "holding_agency": agency,
            "description": "Government grant for outreach, beds and support (plans CP4, P2.8).",
            "funder": "Ministry of Housing, Communities and Local Government",
            "starts_on": date(year, 4, 1),
            "ends_on": date(year + 1, 3, 31),
            "award_pence": award,
        },
    )
    if made:
        fund.budget_holders.set(holders)
    lines = []
    for position, (name, percent, purpose) in enumerate(RSI_LINES, start=1):
        line, _ = BudgetLine.objects.get_or_create(
            fund=fund,
            name=name,
            defaults={"allocation_pence": award * percent // 100, "position": position},
        )
        lines.append((line, purpose))
    for quarter in range(4):  # paid quarterly in advance
        start = date(year + (quarter == 3), (4 + 3 * quarter - 1) % 12 + 1, 1)
        if start <= today:
            _entry(fund, f"demo-rsi-{year}-q{quarter + 1}", EntryKind.INCOME, award // 4, start,
                   source=IncomeSource.GRANT, description="Grant instalment")  # fmt: skip
    for month in _month_starts(date(year, 4, 1), today):
        spent_on = month + timedelta(days=24)
        if spent_on > today:
            continue
        for line, purpose in lines:
            ref = f"demo-spend-{line.position}-{month:%Y-%m}"
            pence = line.allocation_pence * rng.randrange(80, 110) // 1_200
            if LedgerEntry.objects.filter(
                fund=fund, kind=EntryKind.SPEND, external_ref=ref
            ).exists():
                continue
            try:
                fund_actions.record_grant_spend(
                    line, amount_pence=pence, occurred_on=spent_on, purpose=purpose,
                    description=f"{line.name}, {month:%B %Y}", external_ref=ref, by=by,
                )  # fmt: skip
            except ledger.NotEnoughMoney:
                continue
    return fund, made


REQUESTS = (
    # (purpose, pence, what happens, reason)
    (Purpose.ID_DOCUMENTS, 8_250, RequestStatus.PAID, "Birth certificate to open a bank account"),
    (Purpose.CLOTHES, 6_000, RequestStatus.PAID, "Work boots and a coat for a new job"),
    (Purpose.TRAINING, 18_500, RequestStatus.PAID, "CSCS card course and test"),
    (Purpose.FURNITURE, 22_000, RequestStatus.REQUESTED, "Bed and cooker for a new tenancy"),
    (Purpose.OTHER, 12_000, RequestStatus.REFUSED, "Mobile phone contract"),
)


def _requests(
    fund: Fund, people: list[Person], caseworker: User, holder: User, refuser: User, today: date
) -> None:
    for n, (purpose, pence, outcome, reason) in enumerate(REQUESTS):
        person = people[n % len(people)]
        if GrantRequest.objects.filter(fund=fund, person=person, reason=reason).exists():
            continue
        request = GrantRequest.objects.create(
            fund=fund, person=person, recorded_by_agency=person.recorded_by_agency,
            requested_by=caseworker, purpose=purpose, amount_pence=pence, reason=reason,
            pay_to="The supplier" if purpose != Purpose.ID_DOCUMENTS else "General Register Office",
        )  # fmt: skip
        try:
            if outcome == RequestStatus.PAID:
                approve_request(request.pk, by=holder)
                pay_request(request.pk, by=holder, paid_on=today - timedelta(days=10 + n))
            elif outcome == RequestStatus.REFUSED:
                refuse_request(
                    request.pk,
                    by=refuser,
                    reason="Not something the scheme pays for: the caseworker will look at a "
                    "social tariff instead.",
                )
        except ledger.NotEnoughMoney:
            pass


HISTORY = (
    # What the giving scheme paid for in the two years before: (purpose, pence, reason).
    (Purpose.ID_DOCUMENTS, 4_100, "Provisional driving licence as photo ID"),
    (Purpose.ID_DOCUMENTS, 8_250, "Birth certificate for a benefit claim"),
    (Purpose.DEPOSIT, 45_000, "Deposit for a private rented room"),
    (Purpose.FURNITURE, 18_000, "Bed and bedding for a first tenancy"),
    (Purpose.CLOTHES, 5_500, "Clothes for a job interview"),
    (Purpose.TRAVEL, 2_400, "Bus pass for the first month at a new job"),
    (Purpose.TRAINING, 12_000, "Food hygiene certificate course"),
)


def _history(
    fund: Fund,
    people: list[Person],
    caseworker: User,
    holders: tuple[User, User],
    first: date,
    today: date,
    rng: random.Random,
) -> None:
    """Paid grants spread over the years before today, so the reports have a past. Made once:
    the history is there when the fund has payments older than 60 days."""
    old = LedgerEntry.objects.filter(
        fund=fund, kind=EntryKind.PAYMENT, occurred_on__lt=today - timedelta(days=60)
    )
    if old.exists():
        return
    # From two months in (the scheme has some money by then) to two months ago.
    days = (today - first).days - 60
    for n in range(36):
        purpose, pence, reason = HISTORY[n % len(HISTORY)]
        paid_on = first + timedelta(days=rng.randrange(60, days))
        person = people[rng.randrange(len(people))]
        asked = timezone.make_aware(datetime.combine(paid_on - timedelta(days=3), time(10)))
        request = GrantRequest.objects.create(
            fund=fund, person=person, recorded_by_agency=person.recorded_by_agency,
            requested_by=caseworker, purpose=purpose, amount_pence=pence, reason=reason,
            pay_to="The supplier",
            requested_at=asked,
        )  # fmt: skip
        try:
            for holder in holders:  # above the fund's limit, both approve
                if approve_request(request.pk, by=holder).status == RequestStatus.APPROVED:
                    break
            pay_request(request.pk, by=holders[0], paid_on=paid_on)
        except ledger.NotEnoughMoney:
            GrantRequest.objects.filter(pk=request.pk).delete()
            return


def _reconnections(
    fund: Fund, people: list[Person], caseworker: User, holder: User, today: date
) -> None:
    plans = (
        (people[-1], "Belfast", Connection.FAMILY, 35, True),
        (people[-2], "Leeds", Connection.LOCAL_AUTHORITY, 29, False),
    )
    for person, destination, connection, days_ago, followed in plans:
        if ReconnectionOffer.objects.filter(person=person, destination=destination).exists():
            continue
        travelled = today - timedelta(days=days_ago)
        offer = ReconnectionOffer.objects.create(
            person=person, recorded_by_agency=person.recorded_by_agency, offered_by=caseworker,
            fund=fund, destination=destination, connection=connection,
            details="Sister is expecting them; a bed is arranged for the first week.",
            offered_on=travelled - timedelta(days=6), status=OfferStatus.TRAVELLED,
            travelled_on=travelled, follow_up_due_on=travelled + timedelta(days=FOLLOW_UP_DAYS),
            followed_up_on=travelled + timedelta(days=FOLLOW_UP_DAYS) if followed else None,
            follow_up=FollowUp.HELD if followed else "",
            follow_up_notes="Spoke to them by phone: settled and registered with a GP."
            if followed else "",
        )  # fmt: skip
        request = GrantRequest.objects.create(
            fund=fund, person=person, recorded_by_agency=person.recorded_by_agency,
            requested_by=caseworker, purpose=Purpose.RECONNECTION, amount_pence=9_800,
            reason=f"Coach ticket and first week's food, {destination}", pay_to="National Express",
            reconnection=offer,
        )  # fmt: skip
        try:
            approve_request(request.pk, by=holder)
            pay_request(request.pk, by=holder, paid_on=travelled - timedelta(days=1))
        except ledger.NotEnoughMoney:
            pass


@transaction.atomic
def seed_funds_demo(partnership: Partnership) -> list[Fund]:
    """Make the partnership's demo funds, ledgers and requests; return the funds made now."""
    rng = random.Random(f"funds-{partnership.slug}")
    today = timezone.localdate()
    agency = _holding_agency(partnership)
    coordinator = _member(partnership, Role.COORDINATOR)
    commissioner = _member(partnership, Role.COMMISSIONER)
    caseworker = _member(partnership, Role.CASEWORKER)
    holders = [u for u in (coordinator, commissioner) if u is not None]
    first = date(_financial_year(today) - 2, 4, 1)  # two complete years, then this one
    made: list[Fund] = []
    funds: dict[str, Fund] = {}
    for spec in demo_funds(partnership):
        fund, new = _fund(partnership, spec, agency, holders)
        funds[spec.kind] = fund
        if new:
            made.append(fund)
        if spec.kind == FundKind.GIVING:
            _giving_income(fund, spec, rng, first, today)
        else:
            _entry(fund, "demo-opening", EntryKind.INCOME, spec.opening_pence, first,
                   source=IncomeSource.OTHER, description="Council contribution")  # fmt: skip
    grant, new = _grant(partnership, agency, holders, today, rng, coordinator)
    if new:
        made.append(grant)
    people = list(
        Person.objects.filter(partnership=partnership).order_by("family_name", "given_name", "pk")[
            :8
        ]
    )
    if coordinator and commissioner and caseworker and len(people) >= 2:
        _history(
            funds[FundKind.GIVING],
            people,
            caseworker,
            (coordinator, commissioner),
            first,
            today,
            rng,
        )
        _requests(funds[FundKind.GIVING], people, caseworker, coordinator, commissioner, today)
        if FundKind.RECONNECTION in funds:
            _reconnections(funds[FundKind.RECONNECTION], people, caseworker, coordinator, today)
    return made
