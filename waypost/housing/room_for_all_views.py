"""Room for all: tonight's and the coming weekend's beds against the people expected to need
one, as a table and a chart. Figures only, never a person, so no access-log event per person.

Who may see it: coordinators, caseworkers, outreach workers, commissioners and partnership
admins of the partnership. A partnership they do not work in answers 404. A commissioner (with
no other role there) sees counts of people from 1 to 4 as "fewer than 5", and then not the
balance either, since places free less the balance would give the count back.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString

from waypost.accounts.models import Membership, Partnership, Role
from waypost.accounts.roles import holds_role_in, role_required
from waypost.housing.models import EMERGENCY_KINDS, AccommodationKind
from waypost.housing.room_for_all import NightFigure, nights_ahead
from waypost.lib import charts
from waypost.lib.disclosure import NOT_SHOWN, Disclosure
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


def balance_text(figure: NightFigure, show: Disclosure | None = None) -> str:
    if show is not None and show.hides(figure.demand):
        return NOT_SHOWN
    if figure.shortfall:
        return f"{figure.shortfall:,} short"
    if figure.surplus:
        return f"{figure.surplus:,} spare"
    return "Just enough"


@dataclass(frozen=True)
class NightText:
    """One night's figures as a viewer may see them."""

    figure: NightFigure
    label: str
    without_accommodation: str
    expected_new: str
    demand: str
    demand_people: str  # "3 people", "1 person", "fewer than 5 people"
    balance: str


def night_text(figure: NightFigure, show: Disclosure) -> NightText:
    # The projection is made from the count of new people: hidden when that count is.
    expected = NOT_SHOWN if show.hides(figure.new_people) else f"{figure.expected_new:,}"
    return NightText(
        figure=figure,
        label=night_label(figure),
        without_accommodation=show.count(figure.without_accommodation),
        expected_new=expected,
        demand=show.count(figure.demand),
        demand_people=f"{show.count(figure.demand)} "
        + ("person" if figure.demand == 1 and not show.hides(figure.demand) else "people"),
        balance=balance_text(figure, show),
    )


def room_chart(figures: Sequence[NightFigure], show: Disclosure) -> SafeString:
    """Places free against people expected, night by night (the table has the figures)."""
    bars = []
    for figure in figures:
        label = short_label(figure)
        bars.append(charts.Bar(f"{label}: places", figure.capacity, f"{figure.capacity:,}"))
        hidden = show.hides(figure.demand)
        bars.append(
            charts.Bar(
                f"{label}: people",
                None if hidden else figure.demand,
                show.count(figure.demand),
                is_hatched=True,
            )
        )
    return charts.horizontal_bar_chart(
        bars,
        chart_id="room-chart",
        title="Places free and people expected to need one, by night",
        description=(
            "Horizontal bar chart. For each night, two bars: the places free that night (solid "
            "blue) and the people expected to need a place (grey stripes). "
            + " ".join(
                f"{short_label(f)}: {f.capacity} places, {show.count(f.demand)} people, "
                f"{balance_text(f, show)}."
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


def sees_exact_counts(memberships: Sequence[Membership], partnership: Partnership) -> bool:
    """Everyone who may see the page but a commissioner (holding no other role there)."""
    return holds_role_in(memberships, partnership.pk, set(ROOM_ROLES) - {Role.COMMISSIONER})


@role_required(*ROOM_ROLES)
def room_for_all(request: HttpRequest) -> HttpResponse:
    partnership, partnerships = _partnership(request)
    show = Disclosure(suppress=not sees_exact_counts(request.memberships, partnership))  # type: ignore[attr-defined]
    today = timezone.localdate()
    figures = nights_ahead(partnership.pk, today)
    first = figures[0]
    texts = [night_text(f, show) for f in figures]
    context: dict[str, Any] = {
        "partnership": partnership,
        "partnerships": partnerships,
        "figures": texts,
        "tonight": texts[0],
        "chart": room_chart(figures, show),
        "kinds": [
            AccommodationKind(k).label for k in AccommodationKind.values if k in EMERGENCY_KINDS
        ],
        "rate_text": f"{show.count(first.new_people)} in the last {first.window_days} days",
        "suppressed": show.used,
    }
    return render(request, "housing/room_for_all.html", context)
