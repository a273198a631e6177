"""The funds demo makes the same funds, ledgers, requests and reconnections each time, and
running it again adds nothing; no fund goes below zero and the giving scheme is public."""

from waypost.accounts.models import Role
from waypost.funds import ledger
from waypost.funds.demo import seed_funds_demo
from waypost.funds.models import (
    BudgetLine,
    EntryKind,
    Fund,
    FundKind,
    GrantRequest,
    LedgerEntry,
    ReconnectionOffer,
    RequestStatus,
)
from waypost.testing.people import make_person
from waypost.testing.personas import make_user


def _snapshot():
    return (
        sorted(Fund.objects.values_list("name", flat=True)),
        sorted(LedgerEntry.objects.values_list("fund__name", "external_ref", "amount_pence")),
        sorted(GrantRequest.objects.values_list("reason", "status")),
        ReconnectionOffer.objects.count(),
        BudgetLine.objects.count(),
    )


def test_the_demo_seeds_funds_once_and_the_same_each_time(
    world, coordinator_user, commissioner_user, caseworker_user
):
    for n in range(8):
        make_person(world.council, given_name=f"Demo{n}")
    made = seed_funds_demo(world.coventry)
    kinds = sorted(f.kind for f in made)
    assert kinds == sorted(
        [FundKind.GIVING, FundKind.RECONNECTION, FundKind.PERSONAL_BUDGETS, FundKind.GRANT]
    )
    giving = Fund.objects.get(kind=FundKind.GIVING)
    assert giving.is_public
    assert set(giving.budget_holders.all()) == {coordinator_user, commissioner_user}
    sources = set(
        LedgerEntry.objects.filter(fund=giving, kind=EntryKind.INCOME).values_list(
            "source", flat=True
        )
    )
    assert sources == {"card_reader", "online", "cash", "event"}
    assert LedgerEntry.objects.filter(fund=giving, kind=EntryKind.FEE).exists()
    grant = Fund.objects.get(kind=FundKind.GRANT)
    assert grant.budget_lines.count() == 4
    assert sum(grant.budget_lines.values_list("allocation_pence", flat=True)) <= grant.award_pence
    assert LedgerEntry.objects.filter(fund=grant, kind=EntryKind.SPEND).exists()
    statuses = set(GrantRequest.objects.filter(fund=giving).values_list("status", flat=True))
    assert statuses == {RequestStatus.PAID, RequestStatus.REQUESTED, RequestStatus.REFUSED}
    offers = list(ReconnectionOffer.objects.order_by("travelled_on"))
    assert [o.follow_up for o in offers] == ["held", ""]
    assert offers[1].follow_up_due_on is not None
    for fund in Fund.objects.all():
        assert ledger.balance(fund) >= 0 and ledger.available(fund) >= 0
    before = _snapshot()

    assert seed_funds_demo(world.coventry) == []
    assert _snapshot() == before


def test_birmingham_gets_change_into_action(world, birmingham_admin_user):
    for role in (Role.COORDINATOR, Role.COMMISSIONER):
        make_user(f"{role}@birmingham.test", agency=world.brum_council, role=role)
    made = seed_funds_demo(world.birmingham)
    names = {f.name for f in made}
    assert "Change into Action" in names
    assert any(n.startswith("Rough Sleeping Initiative") for n in names)
    fund = Fund.objects.get(name="Change into Action")
    assert fund.is_public and fund.budget_holders.count() == 2
    assert set(
        LedgerEntry.objects.filter(fund=fund, kind=EntryKind.INCOME).values_list(
            "source", flat=True
        )
    ) == {"card_reader", "online"}
