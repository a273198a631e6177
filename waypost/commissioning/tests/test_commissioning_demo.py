"""The demo makes three contracts with KPIs and four quarters of returns (three accepted, the
latest waiting for review), the same each time, and running it again adds nothing."""

from waypost.accounts.models import Agency, AgencyType
from waypost.commissioning.demo import CONTRACTS, seed_commissioning_demo
from waypost.commissioning.models import Contract, KpiValue, QuarterlyReturn, ReturnStatus


def test_the_demo_seeds_contracts_kpis_and_returns_once(world, coordinator_user):
    Agency.objects.create(
        partnership=world.coventry, name="Coventry Housing First", type=AgencyType.CHARITY
    )
    made = seed_commissioning_demo(world.coventry)
    assert sorted(c.name for c in made) == sorted(spec.name for spec in CONTRACTS)
    assert all(c.manager == coordinator_user for c in made)
    for contract in made:
        spec = next(s for s in CONTRACTS if s.name == contract.name)
        assert contract.kpis.count() == len(spec.kpis)
        statuses = list(
            contract.returns.order_by("year", "quarter").values_list("status", flat=True)
        )
        assert statuses == [ReturnStatus.ACCEPTED] * 3 + [ReturnStatus.SUBMITTED]
    assert KpiValue.objects.filter(is_computed=False, count__isnull=True).count() == 0
    before = list(
        KpiValue.objects.order_by(
            "kpi__name", "quarterly_return__year", "quarterly_return__quarter"
        ).values_list("count", "out_of")
    )

    assert seed_commissioning_demo(world.coventry) == []
    assert Contract.objects.count() == 3 and QuarterlyReturn.objects.count() == 12
    after = list(
        KpiValue.objects.order_by(
            "kpi__name", "quarterly_return__year", "quarterly_return__quarter"
        ).values_list("count", "out_of")
    )
    assert before == after
