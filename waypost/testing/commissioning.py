"""Helpers for tests about commissioned services: a contract, its KPIs, a quarter's return."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from waypost.accounts.models import Agency
from waypost.commissioning.models import (
    Contract,
    Kpi,
    KpiValue,
    QuarterlyReturn,
    ReturnStatus,
    Source,
    Unit,
)
from waypost.lib.quarters import Quarter


def make_contract(provider: Agency, **fields: Any) -> Contract:
    """A contract with `provider` in its partnership, from 1 April 2024 to 31 March 2028."""
    fields.setdefault("name", f"{provider.name} service")
    fields.setdefault("starts_on", date(2024, 4, 1))
    fields.setdefault("ends_on", date(2028, 3, 31))
    fields.setdefault("value_pence", 25_000_000)
    return Contract.objects.create(partnership=provider.partnership, provider=provider, **fields)


def make_kpi(contract: Contract, **fields: Any) -> Kpi:
    """An entered count KPI, higher is better, target 50, amber within 10%."""
    fields.setdefault("name", "People helped")
    fields.setdefault("definition", "People the service helped in the quarter")
    fields.setdefault("unit", Unit.COUNT)
    fields.setdefault("target", Decimal("50"))
    fields.setdefault("tolerance_percent", Decimal("10"))
    if fields.get("computation"):
        fields.setdefault("source", Source.COMPUTED)
    return Kpi.objects.create(contract=contract, **fields)


def make_return(
    contract: Contract,
    quarter: Quarter,
    figures: dict[Kpi, tuple[int | None, int | None] | int | None],
    *,
    status: str = ReturnStatus.ACCEPTED,
    comments: dict[Kpi, str] | None = None,
) -> QuarterlyReturn:
    """A return with these figures (a count, or (count, out_of)), accepted unless told."""
    found = QuarterlyReturn.objects.create(
        contract=contract,
        year=quarter.year,
        quarter=quarter.number,
        status=status,
        submitted_at=timezone.now() if status != ReturnStatus.DRAFT else None,
    )
    for kpi, figure in figures.items():
        count, out_of = figure if isinstance(figure, tuple) else (figure, None)
        KpiValue.objects.create(
            quarterly_return=found,
            kpi=kpi,
            count=count,
            out_of=out_of,
            comment=(comments or {}).get(kpi, ""),
            is_computed=kpi.is_computed,
        )
    return found
