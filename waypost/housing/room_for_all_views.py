"""Room for all: tonight's and the coming weekend's beds against the people expected to need
one, as a table and a chart. Figures only, never a person, so no access-log event per person.

Who may see it: coordinators, caseworkers, outreach workers, commissioners and partnership
admins of the partnership. A partnership they do not work in answers 404.
"""

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString

from waypost.accounts.models import Membership, Partnership, Role
from waypost.accounts.roles import role_required
from waypost.housing.models import EMERGENCY_KINDS, AccommodationKind
from waypost.housing.room_for_all import NightFigure, nights_ahead
from waypost.lib import charts
from waypost.outreach.list_access import partnerships_for

ROOM_ROLES = (
    Role.COORDINATOR,
    Role.CASEWORKER,
    Role.OUTREACH_WORKER,
    Role.COMMISSIONER,
    Role.PARTNERSHIP_ADMIN,
)


def night_label(figure: NightFigure) -> str:
    day = f"{figure.night:%A %-d %B}"
    return f"Tonight, {day}" if figure.is_tonight else day


def short_label(figure: NightFigure) -> str:
    return "Tonight" if figure.is_tonight else f"{figure.night:%a %-d %b}"


def balance_text(figure: NightFigure) -> str:
    if figure.shortfall:
        return f"{figure.shortfall:,} short"
    if figure.surplus:
        return f"{figure.surplus:,} spare"
    return "Just enough"


def room_chart(figures: Sequence[NightFigure]) -> SafeString:
    """Places free against people expected, night by night (the table has the figures)."""
    bars = []
    for figure in figures:
        label = short_label(figure)
        bars.append(charts.Bar(f"{label}: places", figure.capacity, f"{figure.capacity:,}"))
        bars.append(
            charts.Bar(f"{label}: people", figure.demand, f"{figure.demand:,}", is_hatched=True)
        )
    return charts.horizontal_bar_chart(
        bars,
        chart_id="room-chart",
        title="Places free and people expected to need one, by night",
        description=(
            "Horizontal bar chart. For each night, two bars: the places free that night (solid "
            "blue) and the people expected to need a place (grey stripes). "
            + " ".join(
                f"{short_label(f)}: {f.capacity} places, {f.demand} people, {balance_text(f)}."
                for f in figures
            )
            + " The table beside the chart has the figures."
        ),
        legend=("Places free", "People expected"),
    )


def _partnership(request: HttpRequest) -> tuple[Partnership, list[Partnership]]:
    memberships: list[Membership] = list(request.memberships)  # type: ignore[attr-defined]
    mine = partnerships_for(memberships, ROOM_ROLES)
    wanted = request.GET.get("partnership", "")
    if not wanted:
        return mine[0], mine
    chosen = next((p for p in mine if p.slug == wanted), None)
    if chosen is None:
        raise Http404
    return chosen, mine


@role_required(*ROOM_ROLES)
def room_for_all(request: HttpRequest) -> HttpResponse:
    partnership, partnerships = _partnership(request)
    today = timezone.localdate()
    figures = nights_ahead(partnership.pk, today)
    first = figures[0]
    context: dict[str, Any] = {
        "partnership": partnership,
        "partnerships": partnerships,
        "figures": [
            {"figure": f, "label": night_label(f), "balance": balance_text(f)} for f in figures
        ],
        "tonight": first,
        "chart": room_chart(figures),
        "kinds": [
            AccommodationKind(k).label for k in AccommodationKind.values if k in EMERGENCY_KINDS
        ],
        "rate_text": f"{first.new_people:,} in the last {first.window_days} days",
    }
    return render(request, "housing/room_for_all.html", context)
