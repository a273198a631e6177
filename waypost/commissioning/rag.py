"""A KPI's value and its RAG status: green meets the target, amber is within the tolerance of
it, red is further away, grey has no figure. The one place these are decided."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import TextChoices

from waypost.commissioning.models import Kpi


class Rag(TextChoices):
    GREEN = "green", "Green: meets the target"
    AMBER = "amber", "Amber: close to the target"
    RED = "red", "Red: misses the target"
    GREY = "grey", "Grey: no figure"

    @property
    def word(self) -> str:
        return self.value.title()


HUNDRED = Decimal(100)


def kpi_value(count: int | None, out_of: int | None, *, is_percent: bool) -> Decimal | None:
    """The figure compared with the target: the count, or count / out_of as a percentage
    (None when there is nothing to divide by)."""
    if count is None:
        return None
    if not is_percent:
        return Decimal(count)
    if not out_of:
        return None
    return (Decimal(count) * HUNDRED / Decimal(out_of)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def rag_status(
    value: Decimal | None, target: Decimal, *, higher_is_better: bool, tolerance_percent: Decimal
) -> Rag:
    """Green when the value meets the target (equal counts as meeting it), amber when it misses
    by no more than `tolerance_percent` of the target, red otherwise; grey with no value."""
    if value is None:
        return Rag.GREY
    margin = target * tolerance_percent / HUNDRED
    if higher_is_better:
        if value >= target:
            return Rag.GREEN
        return Rag.AMBER if value >= target - margin else Rag.RED
    if value <= target:
        return Rag.GREEN
    return Rag.AMBER if value <= target + margin else Rag.RED


@dataclass(frozen=True)
class Figure:
    """A KPI's figure as recorded: what the RAG and the pages read."""

    count: int | None
    out_of: int | None
    value: Decimal | None
    rag: Rag


def figure_for(kpi: Kpi, count: int | None, out_of: int | None) -> Figure:
    value = kpi_value(count, out_of, is_percent=kpi.is_percent)
    rag = rag_status(
        value,
        kpi.target,
        higher_is_better=kpi.direction == "higher",
        tolerance_percent=kpi.tolerance_percent,
    )
    return Figure(count, out_of, value, rag)
