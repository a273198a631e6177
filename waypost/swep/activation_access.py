"""Who may see and run SWEP, and the reads behind its pages.

Activations, forecasts and settings are not personal data, but they are the partnership's
working business: any member of staff with an active membership in the partnership sees them
(another partnership's activation is "Page not found", as is one that does not exist). Only
some roles act:

- coordinators enter forecasts, propose activations and keep the outreach rota;
- coordinators and partnership admins change the settings (the triggers, the feed, the help
  shown to the public);
- an authorised role (SWEP_ACTIVATORS: a coordinator, a partnership admin or a commissioner
  of the partnership) activates a proposal or decides not to, starts SWEP by hand, and ends it.

The actions (activation_actions.py) check the role again against the database.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404

from waypost.accounts.models import Membership, Partnership, Role, User
from waypost.swep.models import (
    Activation,
    ActivationStatus,
    CascadeMessage,
    Forecast,
    SwepSettings,
)
from waypost.swep.triggers import Reason, celsius, covers, crossed, discretionary

SWEP_ACTIVATORS = frozenset({Role.COORDINATOR, Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER})
COORDINATORS = frozenset({Role.COORDINATOR})
SETTINGS_ROLES = frozenset({Role.COORDINATOR, Role.PARTNERSHIP_ADMIN})
OPEN_STATUSES = (ActivationStatus.PROPOSED, ActivationStatus.ACTIVE)
# How far ahead the SWEP page shows forecasts.
AHEAD_DAYS = 14


# --- Who may do what ---------------------------------------------------------------------------


def partnerships_for(
    memberships: Sequence[Membership], roles: Iterable[str] | None = None
) -> list[Partnership]:
    """The partnerships where the user holds one of `roles` (any role when None), by name."""
    wanted = set(roles) if roles is not None else None
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if wanted is None or m.role in wanted:
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return sorted(found.values(), key=lambda p: p.name)


def choose_partnership(
    memberships: Sequence[Membership], slug: str | None, roles: Iterable[str] | None = None
) -> tuple[Partnership, list[Partnership]]:
    """The partnership asked for by slug (the first when none is), and all the user's
    partnerships where they hold `roles`. 403 when there are none; 404 for a slug that is not
    one of them (another partnership, or none at all)."""
    partnerships = partnerships_for(memberships, roles)
    if not partnerships:
        raise PermissionDenied
    if not slug:
        return partnerships[0], partnerships
    for partnership in partnerships:
        if partnership.slug == slug:
            return partnership, partnerships
    raise Http404


def roles_in(memberships: Sequence[Membership], partnership_id: Any) -> set[str]:
    return {m.role for m in memberships if m.agency.partnership_id == partnership_id}


def holds_role(user: User, partnership_id: Any, roles: Iterable[str]) -> bool:
    """Whether `user` holds one of `roles` in the partnership now (one query)."""
    return (
        Membership.objects.active()
        .filter(user=user, role__in=list(roles), agency__partnership_id=partnership_id)
        .exists()
    )


def is_staff_of(user: User, partnership_id: Any) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, agency__partnership_id=partnership_id)
        .exists()
    )


@dataclass
class ActivationAccess:
    activation: Activation
    roles: set[str]

    @property
    def may_decide(self) -> bool:
        return bool(self.roles & SWEP_ACTIVATORS)


def get_activation_for_user(
    memberships: Sequence[Membership], activation_id: UUID, *, act: bool = False
) -> ActivationAccess:
    """The activation, when the user works in its partnership; 404 when it does not exist or
    belongs to another partnership. With `act`, 403 unless they hold an activator role there."""
    activation = (
        Activation.objects.select_related("partnership", "proposed_by", "activated_by", "ended_by")
        .filter(pk=activation_id)
        .first()
    )
    if activation is None:
        raise Http404
    roles = roles_in(memberships, activation.partnership_id)
    if not roles:
        raise Http404
    access = ActivationAccess(activation=activation, roles=roles)
    if act and not access.may_decide:
        raise PermissionDenied
    return access


# --- Settings ----------------------------------------------------------------------------------


def settings_for(partnership: Partnership) -> SwepSettings:
    """The partnership's settings, or the defaults (unsaved) when it has never saved any."""
    found = SwepSettings.objects.filter(partnership=partnership).first()
    return found or SwepSettings(partnership=partnership)


def settings_to_edit(partnership: Partnership) -> SwepSettings:
    """The partnership's settings, created with the defaults the first time."""
    found, _ = SwepSettings.objects.get_or_create(partnership=partnership)
    return found


def settings_for_many(partnership_ids: Iterable[Any]) -> dict[Any, SwepSettings]:
    ids = list(partnership_ids)
    found = {s.partnership_id: s for s in SwepSettings.objects.filter(partnership_id__in=ids)}
    return {pid: found.get(pid) or SwepSettings(partnership_id=pid) for pid in ids}


# --- Forecasts and cover -----------------------------------------------------------------------


@dataclass
class ForecastRow:
    forecast: Forecast
    reasons: list[Reason]
    discretion: list[str]
    covered_by: Activation | None = None

    @property
    def min_text(self) -> str:
        value = self.forecast.min_temp_c
        return celsius(value) if value is not None else "Not given"

    @property
    def feels_like_text(self) -> str:
        value = self.forecast.feels_like_min_c
        return celsius(value) if value is not None else "Not given"

    @property
    def needs_decision(self) -> bool:
        """Crosses a trigger with no proposed or active activation covering the night."""
        return bool(self.reasons) and self.covered_by is None


def open_activations(partnership_ids: Iterable[Any]) -> list[Activation]:
    """Proposed and active activations of these partnerships (they cover their nights)."""
    return list(
        Activation.objects.filter(
            partnership_id__in=list(partnership_ids), status__in=OPEN_STATUSES
        ).order_by("starts_at")
    )


def covering(
    activations: Iterable[Activation], partnership_id: Any, night: date
) -> Activation | None:
    for activation in activations:
        if activation.partnership_id == partnership_id and covers(
            activation.starts_at, activation.expected_end_at, night
        ):
            return activation
    return None


def forecast_rows(
    partnership: Partnership,
    swep_settings: SwepSettings,
    *,
    today: date,
    days: int = AHEAD_DAYS,
    activations: list[Activation] | None = None,
) -> list[ForecastRow]:
    """The forecasts from tonight on (two queries: forecasts, and open activations unless
    given), each with the triggers it crosses, what is at the coordinator's discretion, and
    the activation covering it."""
    forecasts = Forecast.objects.filter(
        partnership=partnership, night__gte=today, night__lt=today + timedelta(days=days)
    ).order_by("night")
    if activations is None:
        activations = open_activations([partnership.pk])
    return [
        ForecastRow(
            forecast=forecast,
            reasons=crossed(swep_settings, forecast),
            discretion=discretionary(forecast, swep_settings),
            covered_by=covering(activations, partnership.pk, forecast.night),
        )
        for forecast in forecasts
    ]


def coordinators_of(partnership_ids: Iterable[Any]) -> dict[Any, list[User]]:
    """The active rough sleeper coordinators of each partnership (one query)."""
    found: dict[Any, dict[Any, User]] = defaultdict(dict)
    for m in (
        Membership.objects.active()
        .filter(role=Role.COORDINATOR, agency__partnership_id__in=list(partnership_ids))
        .select_related("user", "agency")
        .order_by("user__full_name", "user__email")
    ):
        found[m.agency.partnership_id].setdefault(m.user_id, m.user)
    return {pid: list(users.values()) for pid, users in found.items()}


# --- The cascade's delivery --------------------------------------------------------------------


@dataclass
class DeliveryCount:
    event: str
    channel: str
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return self.by_status.get("sent", 0)

    @property
    def waiting(self) -> int:
        return self.by_status.get("pending", 0) + self.by_status.get("sending", 0)

    @property
    def failed(self) -> int:
        return self.by_status.get("failed", 0)


def delivery_counts(activation: Activation) -> list[DeliveryCount]:
    """How many cascade messages each event and channel has, by outbox status (one query)."""
    counts: dict[tuple[str, str], DeliveryCount] = {}
    rows = (
        CascadeMessage.objects.filter(activation=activation)
        .values("event", "channel", "outbox__status")
        .annotate(n=Count("id"))
        .order_by("event", "channel")
    )
    for row in rows:
        key = (row["event"], row["channel"])
        count = counts.setdefault(key, DeliveryCount(event=row["event"], channel=row["channel"]))
        count.total += row["n"]
        status = row["outbox__status"] or "pending"
        count.by_status[status] = count.by_status.get(status, 0) + row["n"]
    order = {"started": 0, "ended": 1}
    return sorted(counts.values(), key=lambda c: (order.get(c.event, 2), c.channel))
